package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.engine;
import static org.assertj.core.api.Assertions.assertThat;

class ReloadTest
{
    private final ManualClock clock = EngineFixture.clock();

    @Test
    void shouldReportWhatItAppliedWhenBanTimeChanges()
    {
        try (DetectionEngine engine = engine(config().banTimeSeconds(1800).build(), clock))
        {
            final ReloadReport report = engine.reload(config().banTimeSeconds(600).build());

            assertThat(report.applied()).containsExactly("ban_time: 1800 -> 600");
            assertThat(report.restartNeeded()).isFalse();
            assertThat(engine.config().banTimeSeconds()).isEqualTo(600);
        }
    }

    @Test
    void shouldReportMaxTrackedHostsAsNeedingARestartAndKeepTheRunningValue()
    {
        try (DetectionEngine engine = engine(config().maxTrackedHosts(4096).build(), clock))
        {
            final ReloadReport report = engine.reload(config().maxTrackedHosts(100).build());

            assertThat(report.needsRestart()).containsExactly("max_tracked_hosts: 4096 -> 100 (4096 stays in force)");
            assertThat(report.applied()).isEmpty();
            assertThat(engine.config().maxTrackedHosts()).isEqualTo(4096);
        }
    }

    @Test
    void shouldReportAChangedSourceKeyAsNeedingARestart()
    {
        try (DetectionEngine engine = engine(config().settings(ConfigView.of(Map.of("netflow_port", "2055",
            "ban_time", "10"))).build(), clock))
        {
            final ReloadReport report = engine.reload(config().settings(ConfigView.of(Map.of("netflow_port", "2056",
                "ban_time", "20"))).build());

            assertThat(report.needsRestart()).singleElement().asString().startsWith("netflow_port: '2055' -> '2056'");
            assertThat(engine.config().settings().get("netflow_port")).isEqualTo("2055");
        }
    }

    @Test
    void shouldReportNothingWhenNothingChanged()
    {
        final EngineConfig config = config().build();
        try (DetectionEngine engine = engine(config, clock))
        {
            assertThat(engine.reload(config).toString()).isEqualTo("applied nothing");
        }
    }
}
