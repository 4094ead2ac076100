package io.fnm.examples;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirectoryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCreateTheDirectoryAndKeepBansInItWhenSetInTheFile()
    {
        final Path state = dir.resolve("var/lib/fnm");

        assertThat(StateDirectory.banStore(ConfigView.of(Map.of("state_directory", state.toString()))).file())
            .isEqualTo(state.resolve("bans"));
        assertThat(state).isDirectory();
    }

    @Test
    void shouldKeepBansInMemoryWhenTheValueIsEmpty()
    {
        assertThat(StateDirectory.banStore(ConfigView.of(Map.of("state_directory", "")))).isNull();
    }

    @Test
    void shouldFailNamingTheKeyWhenTheDirectoryIsAFile() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> StateDirectory.banStore(ConfigView.of(Map.of("state_directory", file.toString()))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("state_directory")
            .hasMessageContaining(file.toString());
    }
}
