package io.fnm.core.internal;

import io.fnm.core.HostRates;
import io.fnm.core.ThresholdKind;

import java.util.List;

/**
 * Threshold evaluation: which threshold kind, if any, a host's averages exceed, in FastNetMon's order and with its
 * strict {@code >}, reading the host's row in place (narrow or wide) without building a {@link HostRates}.
 */
final class ThresholdCheck
{
    private static final int KINDS = ThresholdKind.values().length;
    private static final int[] KIND_OFFSET = new int[KINDS];
    private static final boolean[] KIND_MBPS = new boolean[KINDS];
    /** Per kind, the incoming and outgoing values in a {@link Layout} host row, and where a narrow record has them. */
    private static final int[] KIND_IN = new int[KINDS];
    private static final int[] KIND_OUT = new int[KINDS];
    private static final int[] KIND_IN_NARROW = new int[KINDS];
    private static final int[] KIND_OUT_NARROW = new int[KINDS];

    static
    {
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            final int k = kind.ordinal();
            switch (kind)
            {
                case PPS -> KIND_OFFSET[k] = Layout.TOTAL * 2;
                case MBPS -> KIND_OFFSET[k] = Layout.TOTAL * 2 + 1;
                case FLOWS -> KIND_OFFSET[k] = -1;
                case TCP_PPS -> KIND_OFFSET[k] = Layout.TCP * 2;
                case UDP_PPS -> KIND_OFFSET[k] = Layout.UDP * 2;
                case ICMP_PPS -> KIND_OFFSET[k] = Layout.ICMP * 2;
                case TCP_MBPS -> KIND_OFFSET[k] = Layout.TCP * 2 + 1;
                case UDP_MBPS -> KIND_OFFSET[k] = Layout.UDP * 2 + 1;
                case ICMP_MBPS -> KIND_OFFSET[k] = Layout.ICMP * 2 + 1;
                case TCP_SYN_PPS -> KIND_OFFSET[k] = Layout.SYN * 2;
                case FRAGMENTED_PPS -> KIND_OFFSET[k] = Layout.FRAG * 2;
                default -> throw new IllegalStateException("unmapped threshold kind " + kind);
            }
            KIND_MBPS[k] = kind.isBandwidth();
            final int offset = KIND_OFFSET[k];
            KIND_IN[k] = offset < 0 ? Layout.FLOWS_IN : offset;
            KIND_OUT[k] = offset < 0 ? Layout.FLOWS_OUT : Layout.PER_DIRECTION + offset;
            KIND_IN_NARROW[k] = HostTable.narrowIndex(KIND_IN[k]);
            KIND_OUT_NARROW[k] = HostTable.narrowIndex(KIND_OUT[k]);
        }
    }

    private ThresholdCheck()
    {
    }

    /**
     * Add the host to the candidates when its hostgroup bans and one of its thresholds fired.
     *
     * @param v          the configuration in force.
     * @param version    0 for IPv4, 1 for IPv6.
     * @param table      host averages of that version.
     * @param d          the host.
     * @param candidates receives {version, key high, key low, kind ordinal, group}.
     */
    static void check(final EngineView v, final int version, final HostTable table, final int d,
        final List<long[]> candidates)
    {
        final boolean v6 = version == 1;
        final int group = v.groupOf(table.keyHigh(d), table.keyLow(d), v6);
        if (!v.banEnabled(group, v6))
        {
            return;
        }
        final int kind = firedKind(table, d, v.thresholdValues(group));
        if (kind >= 0)
        {
            candidates.add(new long[] {version, table.keyHigh(d), table.keyLow(d), kind, group});
        }
    }

    /**
     * @param table  host averages.
     * @param d      the host.
     * @param values threshold values by kind, {@link EngineView#OFF} when disabled.
     * @return the first kind (FastNetMon's order) whose incoming or outgoing average is strictly above, or -1.
     */
    static int firedKind(final HostTable table, final int d, final long[] values)
    {
        if (table.isWide(d))
        {
            return firedKindWide(table, d, values);
        }
        // the byte averages (of the mbps kinds) are in the record, the packet and flow averages in the packet row
        final int[] row = table.row(d);
        final int at = table.base(d);
        final char[] pk = table.packetRow(d);
        final int pat = table.packetBase(d);
        for (int k = 0; k < KINDS; k++)
        {
            final long threshold = values[k];
            if (threshold == EngineView.OFF)
            {
                continue;
            }
            final long in;
            final long out;
            if (KIND_MBPS[k])
            {
                in = HostRates.toMegabits(row[at + KIND_IN_NARROW[k]] & 0xFFFFFFFFL);
                out = HostRates.toMegabits(row[at + KIND_OUT_NARROW[k]] & 0xFFFFFFFFL);
            }
            else
            {
                in = pk[pat + KIND_IN_NARROW[k]];
                out = pk[pat + KIND_OUT_NARROW[k]];
            }
            if (in > threshold || out > threshold)
            {
                return k;
            }
        }
        return -1;
    }

    /**
     * The same test on one interval's counts instead of averages: whether the host's rates in the interval alone
     * (count / period, truncated) exceed a threshold, i.e. whether it is hot enough to deserve a row in a full host
     * table.
     *
     * @param rows   counts rows ({@link HostCounts} rows, in its row order).
     * @param cbase  where the host's row starts.
     * @param period the interval, seconds.
     * @param values threshold values by kind, {@link EngineView#OFF} when disabled.
     * @return the first kind whose incoming or outgoing rate in the interval is strictly above, or -1.
     */
    static int firedKindInInterval(final long[] rows, final int cbase, final double period, final long[] values)
    {
        for (int k = 0; k < KINDS; k++)
        {
            final long threshold = values[k];
            if (threshold == EngineView.OFF)
            {
                continue;
            }
            long in = (long)(rows[cbase + HostCounts.at(KIND_IN[k])] / period);
            long out = (long)(rows[cbase + HostCounts.at(KIND_OUT[k])] / period);
            if (KIND_MBPS[k])
            {
                in = HostRates.toMegabits(in);
                out = HostRates.toMegabits(out);
            }
            if (in > threshold || out > threshold)
            {
                return k;
            }
        }
        return -1;
    }

    private static int firedKindWide(final HostTable table, final int d, final long[] values)
    {
        for (int k = 0; k < KINDS; k++)
        {
            final long threshold = values[k];
            if (threshold == EngineView.OFF)
            {
                continue;
            }
            long in = table.average(d, KIND_IN[k]);
            long out = table.average(d, KIND_OUT[k]);
            if (KIND_MBPS[k])
            {
                in = HostRates.toMegabits(in);
                out = HostRates.toMegabits(out);
            }
            if (in > threshold || out > threshold)
            {
                return k;
            }
        }
        return -1;
    }
}
