package io.fnm.core.internal;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: the heap a ban holds, measured (10 000 detected bans, used heap after full collections before and after
 * they are made). The figures go to the README; the bounds here catch a regression by a factor of about two.
 */
class BanMemoryTest
{
    private static final int BANS = 10_000;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @Test
    void shouldHoldUnderTwoKilobytesPerBanWithoutAttackDetailsRecords()
    {
        final long perBan = bytesPerBan(0);
        System.out.println("heap per ban, no attack-details records: " + perBan + " B");
        assertThat(perBan).isLessThan(2_048);
    }

    @Test
    void shouldHoldUnderTenKilobytesPerBanWithTwentyAttackDetailsRecordsOpen()
    {
        final long perBan = bytesPerBan(20);
        System.out.println("heap per ban, 20 attack-details records open: " + perBan + " B");
        assertThat(perBan).isLessThan(10_240);
    }

    private long bytesPerBan(final int detailsRecords)
    {
        final EngineConfig quiet = config(Long.MAX_VALUE / 2, detailsRecords);
        final EngineCore engine = new EngineCore(quiet, clock, List.of(), List.of(), 1);
        try
        {
            final CaptureSink sink = engine.newSink("memory");
            final TrafficRecord record = new TrafficRecord().protocol(TrafficRecord.PROTOCOL_UDP).ports(53, 53)
                .packets(1_000).bytes(64_000).samplingRatio(1);
            feed(engine, sink, record);
            final long before = usedHeapAfterGc();
            engine.reload(config(10, detailsRecords));
            feed(engine, sink, record);
            assertThat(engine.banList()).hasSize(BANS);
            final long after = usedHeapAfterGc();
            assertThat(engine.banList()).hasSize(BANS);
            return (after - before) / BANS;
        }
        finally
        {
            engine.close();
        }
    }

    private void feed(final EngineCore engine, final CaptureSink sink, final TrafficRecord record)
    {
        for (int i = 0; i < BANS; i++)
        {
            sink.accept(record.ipv4(0xC6336401, 0x0A000000 + i));
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();
    }

    private static EngineConfig config(final long ppsThreshold, final int detailsRecords)
    {
        return EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/8"))).averageCalculationTimeSeconds(1)
            .globalThresholds(Thresholds.builder().enableBan(true).threshold(ThresholdKind.PPS, ppsThreshold).build())
            .banDetailsRecordsCount(detailsRecords).banDetailsMaxWaitSeconds(86_400).maxBannedHosts(BANS)
            .banDetailsMaxOpen(BANS).maxTrackedHosts(2 * BANS).build();
    }

    private static long usedHeapAfterGc()
    {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            used = Math.min(used, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        }
        return used;
    }
}
