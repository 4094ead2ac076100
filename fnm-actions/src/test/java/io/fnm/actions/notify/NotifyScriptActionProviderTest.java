package io.fnm.actions.notify;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.capture.testkit.RecordingConfigView;
import io.fnm.core.spi.AttackActionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifyScriptActionProviderTest
{
    private final NotifyScriptActionProvider provider = new NotifyScriptActionProvider();

    @TempDir
    Path dir;

    @Test
    void shouldBeFoundByServiceLoader()
    {
        assertThat(ServiceLoader.load(AttackActionProvider.class).stream().map(ServiceLoader.Provider::type))
            .contains(NotifyScriptActionProvider.class);
        assertThat(provider.name()).isEqualTo("notify_script");
    }

    @Test
    void shouldBeEnabledOnlyWhenPathIsSetAndNotEmpty()
    {
        assertThat(provider.isEnabled(ConfigView.EMPTY)).isFalse();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("notify_script_path", " ")))).isFalse();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("notify_script_path", "/bin/true")))).isTrue();
    }

    @Test
    void shouldCreateActionForExecutableScript() throws IOException
    {
        final Path script = executable("notify.sh");

        assertThat(provider.create(ConfigView.of(Map.of("notify_script_path", script.toString()))))
            .isInstanceOf(NotifyScriptAction.class);
    }

    @Test
    void shouldReportMissingScriptNamingTheKey()
    {
        final ConfigView config = ConfigView.of(Map.of("notify_script_path", dir.resolve("nope.sh").toString()));

        assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("notify_script_path: ").hasMessageContaining("does not exist");
    }

    @Test
    void shouldReportScriptThatIsNotExecutable() throws IOException
    {
        final Path script = dir.resolve("plain.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));
        final ConfigView config = ConfigView.of(Map.of("notify_script_path", script.toString()));

        assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("not executable");
    }

    @Test
    void shouldRejectTimeoutOutOfRange() throws IOException
    {
        final ConfigView config = ConfigView.of(Map.of("notify_script_path", executable("n.sh").toString(),
            "notify_script_timeout_seconds", "0"));

        assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("notify_script_timeout_seconds: ");
    }

    @Test
    void shouldRejectPassDetailsThatIsNotABoolean() throws IOException
    {
        final ConfigView config = ConfigView.of(Map.of("notify_script_path", executable("n.sh").toString(),
            "notify_script_pass_details", "yes"));

        assertThatThrownBy(() -> provider.create(config)).hasMessageStartingWith("notify_script_pass_details: ");
    }

    @Test
    void shouldDeclareEveryKeyItReads() throws IOException
    {
        final RecordingConfigView config = new RecordingConfigView(
            ConfigView.of(Map.of("notify_script_path", executable("n.sh").toString())));

        provider.isEnabled(config);
        provider.create(config);

        assertThat(config.keysRead()).isNotEmpty();
        assertThat(provider.configKeys()).extracting(ConfigKey::name).containsAll(config.keysRead());
    }

    private Path executable(final String name) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\ncat > /dev/null\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
