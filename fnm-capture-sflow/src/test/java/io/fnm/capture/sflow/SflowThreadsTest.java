package io.fnm.capture.sflow;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SflowThreadsTest
{
    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "65", "many"})
    void shouldRejectAThreadCountOutOfRangeNamingTheKey(final String value)
    {
        assertThatThrownBy(() -> SflowSettings.from(ConfigView.of(Map.of(SflowSettings.THREADS_KEY, value))))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(SflowSettings.THREADS_KEY);
    }

    @Test
    void shouldDefaultToOneThreadPerPortAndAcceptTheMaximum()
    {
        assertThat(SflowSettings.from(ConfigView.EMPTY).threads()).isEqualTo(1);
        assertThat(SflowSettings.from(ConfigView.of(Map.of(SflowSettings.THREADS_KEY, "64"))).threads()).isEqualTo(64);
    }
}
