package io.fnm.actions.exabgp;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.Attack;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.fnm.actions.exabgp.ExaBgpFixture.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead ExaBGP (a pipe nobody reads) delays neither the ban decision nor another action.
 */
class ExaBgpActionInEngineTest
{
    private static final long BOUND_MILLIS = 3_000;

    @TempDir
    Path dir;

    @Test
    void shouldBanAndRunOtherActionsWithoutWaitingForAPipeNobodyReads() throws Exception
    {
        final ExaBgpAction exabgp = new ExaBgpAction(new ExaBgpSettings(ExaBgpFixture.mkfifo(dir.resolve("cmd")),
            Duration.ofMillis(BOUND_MILLIS), ipv4(true, false, false), ExaBgpSettings.Family.OFF));
        final BlockingQueue<Attack> otherAction = new LinkedBlockingQueue<>();
        final ManualClock clock = new ManualClock(1_700_000_000_000L);
        final EngineConfig config = EngineConfig.builder().network("10.0.0.0/8").averageCalculationTimeSeconds(1)
            .banDetailsRecordsCount(0).globalThresholds(Thresholds.builder().enableBan(true)
                .threshold(ThresholdKind.PPS, 100).build()).build();
        try (DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).action(exabgp).action(otherAction::add).build())
        {
            engine.start();
            final TrafficSink sink = engine.newSink("test");
            sink.accept(new TrafficRecord().ipv4(IpAddresses.parseIpv4("192.0.2.1"), IpAddresses.parseIpv4("10.0.0.5"))
                .protocol(TrafficRecord.PROTOCOL_UDP).ports(53, 4000).packets(1000).bytes(1_000_000));
            sink.flush();
            clock.advanceSeconds(1);

            final long start = System.nanoTime();
            engine.tick();
            final long tickMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            final Attack delivered = otherAction.poll(BOUND_MILLIS / 2, TimeUnit.MILLISECONDS);

            assertThat(engine.banList()).hasSize(1);
            assertThat(tickMillis).isLessThan(BOUND_MILLIS / 2);
            assertThat(delivered).isNotNull();
            assertThat(delivered.ip()).isEqualTo("10.0.0.5");
        }
    }
}
