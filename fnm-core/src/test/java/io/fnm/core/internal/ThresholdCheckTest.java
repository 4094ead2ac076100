package io.fnm.core.internal;

import io.fnm.core.ThresholdKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdCheckTest
{
    private final HostTable table = new HostTable(false, 16);
    private final int host = table.findOrInsert(0, 1);
    private final long[] values = new long[ThresholdKind.values().length];

    private void average(final int dir, final int trafficClass, final long packets, final long bytes)
    {
        final long[] counts = new long[Layout.HOST_STRIDE];
        counts[Layout.packets(dir, Layout.TOTAL)] = packets;
        counts[Layout.bytes(dir, Layout.TOTAL)] = bytes;
        counts[Layout.packets(dir, trafficClass)] = packets;
        counts[Layout.bytes(dir, trafficClass)] = bytes;
        table.ema(host, counts, 0, 1.0, 0.0);
    }

    private void threshold(final ThresholdKind kind, final long value)
    {
        values[kind.ordinal()] = value;
    }

    @Test
    void shouldReportTheFirstKindInFastNetMonOrderWhenSeveralFire()
    {
        Arrays.fill(values, EngineView.OFF);
        average(Layout.IN, Layout.UDP, 5000, 100_000);
        threshold(ThresholdKind.UDP_PPS, 10);
        threshold(ThresholdKind.PPS, 10);
        assertThat(ThresholdCheck.firedKind(table, host, values)).isEqualTo(ThresholdKind.PPS.ordinal());
    }

    @Test
    void shouldCompareBandwidthThresholdsInMegabitsPerSecond()
    {
        Arrays.fill(values, EngineView.OFF);
        average(Layout.OUT, Layout.TCP, 100, 1_250_000);
        threshold(ThresholdKind.TCP_MBPS, 9);
        assertThat(ThresholdCheck.firedKind(table, host, values)).isEqualTo(ThresholdKind.TCP_MBPS.ordinal());
        threshold(ThresholdKind.TCP_MBPS, 10);
        assertThat(ThresholdCheck.firedKind(table, host, values)).isEqualTo(-1);
    }

    @Test
    void shouldFireNothingWhenEveryKindIsOff()
    {
        Arrays.fill(values, EngineView.OFF);
        average(Layout.IN, Layout.ICMP, 3_000_000, 3_000_000_000L);
        assertThat(ThresholdCheck.firedKind(table, host, values)).isEqualTo(-1);
    }
}
