package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.second;
import static io.fnm.core.EngineFixture.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonitorModeTest
{
    private static final int UDP = TrafficRecord.PROTOCOL_UDP;

    private final ManualClock clock = EngineFixture.clock();
    private final BlockingQueue<Attack> detected = new ArrayBlockingQueue<>(16);
    /** PPS above 10, with enable_ban off. */
    private final EngineConfig thresholdsWithoutBan = config()
        .globalThresholds(Thresholds.builder().threshold(ThresholdKind.PPS, 10).build()).build();

    private DetectionEngine engine(final EngineConfig config, final boolean monitor)
    {
        final DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).monitorOnly(monitor).onDetected(detected::add).build();
        engine.start();
        return engine;
    }

    @Test
    void shouldReportDetectionWhenMonitoringWithBanOff() throws Exception
    {
        try (DetectionEngine engine = engine(thresholdsWithoutBan, true))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);

            final Attack attack = detected.poll(5, TimeUnit.SECONDS);
            assertThat(attack).isNotNull();
            assertThat(attack.ip()).isEqualTo("10.0.0.5");
            assertThat(attack.threshold()).isEqualTo(ThresholdKind.PPS);
        }
    }

    @Test
    void shouldReportAnAttackOnceWhileItLasts() throws Exception
    {
        try (DetectionEngine engine = engine(thresholdsWithoutBan, true))
        {
            for (int s = 0; s < 5; s++)
            {
                second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            }

            assertThat(detected.poll(5, TimeUnit.SECONDS)).isNotNull();
            engine.close();
            assertThat(detected).isEmpty();
        }
    }

    @Test
    void shouldDetectNothingWhenBanIsOffOutsideMonitorMode()
    {
        try (DetectionEngine engine = engine(thresholdsWithoutBan, false))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            engine.close();

            assertThat(detected).isEmpty();
            assertThat(engine.banList()).isEmpty();
        }
    }

    @Test
    void shouldTellDetectionListenersInBanModeToo() throws Exception
    {
        final EngineConfig config = config().globalThresholds(EngineFixture.ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, false))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);

            assertThat(detected.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(engine.banList()).hasSize(1);
        }
    }

    @Test
    void shouldNotTellDetectionListenersOfManualBans()
    {
        try (DetectionEngine engine = engine(thresholdsWithoutBan, false))
        {
            engine.ban(EngineFixture.address("10.0.0.7"));
            engine.close();

            assertThat(detected).isEmpty();
        }
    }

    @Test
    void shouldRefuseActionsInMonitorMode()
    {
        final DetectionEngine.Builder b = DetectionEngine.builder(thresholdsWithoutBan).discoverProviders(false)
            .monitorOnly(true).action(attack -> { });

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("onDetected");
    }

    @Test
    void shouldSayAtStartWhatRunsAndThatThresholdsWithoutBanDetectNothing()
    {
        final String line = EngineSummary.describe(thresholdsWithoutBan, List.of(new ComponentHealth(
            ComponentHealth.Kind.CAPTURE_SOURCE, "netflow", ComponentState.RUNNING, null)), false);

        assertThat(line).contains("ban mode", "capture sources [netflow RUNNING]", "ban IPv4 off",
            "{threshold_pps > 10}", "nothing will be detected");
    }

    @Test
    void shouldSayMonitorModeAtStart()
    {
        final String line = EngineSummary.describe(thresholdsWithoutBan, List.of(), true);

        assertThat(line).contains("monitor mode").doesNotContain("nothing will be detected");
    }
}
