package io.fnm.examples;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoApiOptionTest
{
    @Test
    void shouldServeNoDashboardWhenDemoHasNoOption()
    {
        assertThat(DemoCommand.apiPort(List.of())).isEqualTo(-1);
    }

    @Test
    void shouldUseTheApiPortDefaultWhenApiHasNoPort()
    {
        assertThat(DemoCommand.apiPort(List.of("--api"))).isEqualTo(9210);
        assertThat(DemoCommand.apiPort(List.of("--api=18080"))).isEqualTo(18080);
    }

    @Test
    void shouldRefuseBadPortsAndUnknownOptions()
    {
        assertThatThrownBy(() -> DemoCommand.apiPort(List.of("--api=x"))).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> DemoCommand.apiPort(List.of("--api=70000"))).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> DemoCommand.apiPort(List.of("--verbose"))).hasMessageContaining("unknown option");
    }
}
