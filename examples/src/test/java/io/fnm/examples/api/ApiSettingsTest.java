package io.fnm.examples.api;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiSettingsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBeOffByDefault()
    {
        assertThat(ApiSettings.read(ConfigView.EMPTY)).isNull();
    }

    @Test
    void shouldListenOnLoopbackAtTheDefaultPortWhenOn()
    {
        assertThat(ApiSettings.read(ConfigView.of(Map.of("api", "on"))))
            .isEqualTo(new ApiSettings("127.0.0.1", 9210, null));
    }

    @Test
    void shouldTurnOnWithFastNetMonsEnableApi()
    {
        assertThat(ApiSettings.read(ConfigView.of(Map.of("enable_api", "on")))).isNotNull();
    }

    @Test
    void shouldRefuseANonLoopbackAddressWithoutATokenFile()
    {
        assertThatThrownBy(() -> ApiSettings.read(ConfigView.of(Map.of("api", "on", "api_host", "0.0.0.0"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("api_token_file");
    }

    @Test
    void shouldAcceptANonLoopbackAddressWithATokenFile() throws Exception
    {
        final Path token = Files.writeString(dir.resolve("token"), "abc123\n");

        final ApiSettings settings = ApiSettings.read(ConfigView.of(Map.of("api", "on", "api_host", "0.0.0.0",
            "api_port", "8080", "api_token_file", token.toString())));

        assertThat(settings).isEqualTo(new ApiSettings("0.0.0.0", 8080, "abc123"));
    }

    @Test
    void shouldRefuseAnEmptyOrMissingTokenFile() throws Exception
    {
        final Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> ApiSettings.read(ConfigView.of(Map.of("api", "on", "api_token_file",
            empty.toString())))).isInstanceOf(ConfigException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> ApiSettings.read(ConfigView.of(Map.of("api", "on", "api_token_file",
            dir.resolve("missing").toString())))).isInstanceOf(ConfigException.class)
            .hasMessageContaining("cannot read");
    }
}
