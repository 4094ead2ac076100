package io.fnm.core.internal;

import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.TrafficClass;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rates and moving averages: every tick, the per-second rate of each host's counts of the interval folded into its
 * exponential moving average (FastNetMon's formula, see {@link #nextAverage}); hosts without traffic decay and, at
 * zero, move to the idle table until host_idle_timeout; the same averages over the totals and the networks. When a
 * host finds the table full, {@link HostEviction} decides (an idle host is evicted first, then the quietest for a
 * host whose traffic crosses a threshold).
 * <p>
 * Tick-owned: every method runs under the engine lock.
 */
public final class RateAverages
{
    /** Where {@link HostTable#ema} finds each count in a {@link HostCounts} row. */
    static final int[] COUNTS_ORDER = EmaStep.order(HostCounts.rowOrder());
    /** Hosts whose table entries the tick touches ahead of updating them (memory-level parallelism). */
    private static final int TOUCH_BATCH = 32;

    final AtomicLong recordsUntracked = new AtomicLong();

    private final HostTable[] hosts;
    private final HostTable[] idle;
    private final long[] totalAverages = new long[2 * Layout.TOTAL_STRIDE];
    private final long[] totalCounts = new long[2 * Layout.TOTAL_STRIDE];
    private final HostEviction eviction;
    private long[] networkAverages;
    private EngineView view;
    /** Hosts of the table being updated that had traffic this tick, one bit each. */
    private long[] touched = new long[16];
    private int touchSink;
    private long flowsIn;
    private long flowsOut;
    /** Changes at every update and reload: see {@link #generation()}. */
    private long generation;

    /**
     * @param view     the configuration at start.
     * @param maxHosts max_tracked_hosts: averages and idle hosts together, per version.
     */
    RateAverages(final EngineView view, final int maxHosts)
    {
        this.view = view;
        this.eviction = new HostEviction(maxHosts);
        this.hosts = new HostTable[] {new HostTable(false, maxHosts), new HostTable(true, maxHosts)};
        this.idle = new HostTable[] {new HostTable(false, maxHosts, 1), new HostTable(true, maxHosts, 1)};
        this.networkAverages = new long[view.config().networks().size() * Layout.NETWORK_STRIDE];
    }

    /**
     * @param prev    previous average.
     * @param count   count in the interval.
     * @param period  seconds.
     * @param average average_calculation_time, seconds.
     * @return the next average, FastNetMon's formula.
     */
    public static long nextAverage(final long prev, final long count, final double period, final double average)
    {
        final double e = average <= 0 ? 0 : Math.exp(-period / average);
        final long instant = (long)(count / period);
        return (long)(instant + e * (prev - instant));
    }

    /**
     * The same average over 64-bit values (totals and networks); counts may be null for an idle interval.
     */
    static void emaLong(final long[] avg, final int base, final long[] counts, final int cbase, final int length,
        final double period, final double e)
    {
        for (int k = 0; k < length; k++)
        {
            final long prev = avg[base + k];
            final long instant = counts == null ? 0 : (long)(counts[cbase + k] / period);
            final double value = instant + e * (prev - instant);
            avg[base + k] = value <= 0 ? 0 : (long)value;
        }
    }

    /**
     * @param table host averages.
     * @param d     the host.
     * @return the host's averages as a snapshot.
     */
    static HostRates hostRates(final HostTable table, final int d)
    {
        final HostRates.Builder b = HostRates.builder();
        for (int dir = 0; dir < 2; dir++)
        {
            final Direction direction = Direction.of(dir);
            for (int c = 0; c < Layout.CLASSES; c++)
            {
                b.packetsPerSecond(direction, TrafficClass.of(c), table.average(d, Layout.packets(dir, c)));
                b.bytesPerSecond(direction, TrafficClass.of(c), table.average(d, Layout.bytes(dir, c)));
            }
            b.flowsPerSecond(direction, table.average(d, Layout.FLOWS_IN + dir));
        }
        return b.build();
    }

    /**
     * @return host averages by version (0 IPv4, 1 IPv6).
     */
    HostTable[] hosts()
    {
        return hosts;
    }

    /**
     * @return the full-table policy and its counters.
     */
    HostEviction eviction()
    {
        return eviction;
    }

    /**
     * @return idle hosts (averages decayed to zero) by version.
     */
    HostTable[] idle()
    {
        return idle;
    }

    /**
     * @return averages of the totals, IPv4 then IPv6, {@link Layout#TOTAL_STRIDE} each.
     */
    long[] totalAverages()
    {
        return totalAverages;
    }

    /**
     * @return cumulative totals, laid out as {@link #totalAverages()}.
     */
    long[] totalCounts()
    {
        return totalCounts;
    }

    /**
     * @return averages per networks_list prefix of {@link #view()}, {@link Layout#NETWORK_STRIDE} each.
     */
    long[] networkAverages()
    {
        return networkAverages;
    }

    /**
     * @return the configuration the averages were last computed with.
     */
    EngineView view()
    {
        return view;
    }

    /**
     * Take over a reloaded configuration: the averages of networks still listed move to their new index.
     *
     * @param v the new configuration.
     */
    void applyReload(final EngineView v)
    {
        generation++;
        final long[] remapped = new long[v.networks().prefixes().size() * Layout.NETWORK_STRIDE];
        for (int i = 0; i < view.networks().prefixes().size(); i++)
        {
            final int to = v.networkIndex(view.networks().prefix(i));
            if (to >= 0)
            {
                System.arraycopy(networkAverages, i * Layout.NETWORK_STRIDE, remapped, to * Layout.NETWORK_STRIDE,
                    Layout.NETWORK_STRIDE);
            }
        }
        networkAverages = remapped;
        view = v;
    }

    /**
     * Fold one interval's counts into the averages and collect the hosts whose thresholds fired.
     *
     * @param v            the configuration in force.
     * @param taken        every partition's counts of the interval.
     * @param tickTotals   the interval's totals; the flow entries are set here from the hosts' flows.
     * @param tickNetworks the interval's counts per network.
     * @param period       the interval, seconds.
     * @param nowSecond    seconds since the engine started.
     * @param candidates   receives the hosts whose thresholds fired.
     */
    void update(final EngineView v, final PartitionCounts[] taken, final long[] tickTotals, final long[] tickNetworks,
        final double period, final int nowSecond, final List<long[]> candidates)
    {
        final double average = v.config().averageCalculationTimeSeconds();
        final double e = average <= 0 ? 0 : Math.exp(-period / average);
        final int idleSeconds = v.config().hostIdleTimeoutSeconds();
        for (int version = 0; version < 2; version++)
        {
            final boolean checks = v.hasHostgroups() || v.banEnabled(-1, version == 1);
            averageActive(v, version, taken, tickTotals, period, e, checks, candidates);
            expireIdle(idle[version], nowSecond, idleSeconds);
            decayInactive(v, version, e, nowSecond, checks, candidates);
            eviction.admitQueued(v, version, hosts[version], idle[version], period, e, checks, candidates);
            clearTouched(hosts[version].size());
        }
        eviction.endTick(nowSecond);
        long untracked = 0;
        for (final PartitionCounts counts : taken)
        {
            untracked += counts.untrackedRecords;
        }
        recordsUntracked.addAndGet(untracked);
        for (int k = 0; k < totalCounts.length; k++)
        {
            totalCounts[k] += tickTotals[k];
        }
        emaLong(totalAverages, 0, tickTotals, 0, totalAverages.length, period, e);
        emaLong(networkAverages, 0, tickNetworks, 0, networkAverages.length, period, e);
        generation++;
    }

    /**
     * Set a host's averages (a hand-over's seed): the host is found, moved back from the idle table or added (when the
     * table is full, an idle host is evicted if there is one).
     *
     * @param ipv6     the version.
     * @param high     high 64 bits of the address.
     * @param low      low 64 bits.
     * @param values   its averages, a {@link Layout} host row of unsigned 32-bit values.
     * @return false when the table is full.
     */
    boolean seed(final boolean ipv6, final long high, final long low, final long[] values)
    {
        final int version = ipv6 ? 1 : 0;
        final int d = activate(hosts[version], idle[version], high, low);
        if (d < 0)
        {
            return false;
        }
        // the moving average with a zero weight for the past is the count itself: the row becomes the values
        hosts[version].ema(d, values, 0, 1.0, 0.0);
        generation++;
        return true;
    }

    /**
     * @return a number that changes whenever the averages may have changed (each update and reload); read under the
     *         engine lock, for the queries' per-tick caches.
     */
    long generation()
    {
        return generation;
    }

    /**
     * The hosts with traffic this tick: their averages, their flows into the totals, their threshold checks.
     */
    private void averageActive(final EngineView v, final int version, final PartitionCounts[] taken,
        final long[] tickTotals, final double period, final double e, final boolean checks,
        final List<long[]> candidates)
    {
        flowsIn = 0;
        flowsOut = 0;
        for (final PartitionCounts counts : taken)
        {
            averageCounts(v, version, counts.hosts(version == 1), true, period, e, checks, candidates);
            // the overflow tables are always emptied: their hosts were promoted by this interval's sketch
            averageCounts(v, version, counts.overflow(version == 1), false, period, e, checks, candidates);
        }
        final int flowBase = version * Layout.TOTAL_STRIDE + Layout.DIRECTIONS * Layout.PER_DIRECTION;
        tickTotals[flowBase + Layout.IN] = flowsIn;
        tickTotals[flowBase + Layout.OUT] = flowsOut;
    }

    /**
     * The hosts of one counts table: their averages, flows and threshold checks. Each row read is zeroed and keeps
     * the host's place in the averages table as its hint. A table that may keep its hosts ({@code keepable}) keeps
     * them for the next interval ({@link HostCounts#retainHosts()}) when every row with traffic was zeroed (none was
     * left for {@link HostEviction}) and at least four in five hosts had traffic: a host with traffic interval after
     * interval is then neither entered in the counts again nor looked up in the averages' index (ticks over 1 M hosts:
     * 176 ms looking each up, 94-102 ms). When most hosts did not follow the previous one in the averages table, the
     * kept hosts are sorted by their hints ({@link HostCounts#sortByHint()}), so the next ticks read the averages in
     * order.
     */
    private void averageCounts(final EngineView v, final int version, final HostCounts hc, final boolean keepable,
        final double period, final double e, final boolean checks, final List<long[]> candidates)
    {
        final HostTable table = hosts[version];
        final HostTable idleTable = idle[version];
        final long[] rows = hc.rows();
        final int[] order = COUNTS_ORDER;
        final int n = hc.size();
        int active = 0;
        int jumps = 0;
        int previous = -2;
        boolean allZeroed = true;
        for (int i = 0; i < n; i++)
        {
            if ((i & (TOUCH_BATCH - 1)) == 0)
            {
                touchSink += touch(table, hc, i, Math.min(n, i + TOUCH_BATCH));
            }
            if (!hc.active(i))
            {
                continue;
            }
            active++;
            final int cbase = hc.countsBase(i);
            flowsIn += rows[cbase + HostCounts.at(Layout.FLOWS_IN)];
            flowsOut += rows[cbase + HostCounts.at(Layout.FLOWS_OUT)];
            final long high = hc.keyHigh(i);
            final long low = hc.keyLow(i);
            int d = hc.hint(i);
            if (d < 0 || d >= table.size() || !table.matches(d, high, low))
            {
                d = activate(table, idleTable, high, low);
                if (d < 0)
                {
                    allZeroed = false;
                    eviction.refused(v, version, hc, i, period);
                    continue;
                }
                hc.hint(i, d);
            }
            jumps += d == previous + 1 ? 0 : 1;
            previous = d;
            table.emaAndZero(d, rows, cbase, order, period, e);
            setTouched(d);
            if (checks)
            {
                ThresholdCheck.check(v, version, table, d, candidates);
            }
        }
        if (keepable && allZeroed && n - active <= active / 4 && hc.retainHosts() && jumps > n / 2)
        {
            hc.sortByHint();
        }
    }

    /**
     * Start fetching the averages rows of counts rows {@code from} to {@code to}: at the hint when there is one, else
     * through the index. A row right after the previous one is left to the hardware prefetcher (hosts that come in
     * the order they were first seen read the averages in sequence).
     *
     * @return a value of no meaning, for {@link #touchSink}.
     */
    private static int touch(final HostTable table, final HostCounts hc, final int from, final int to)
    {
        int touched = 0;
        int previous = from == 0 ? -2 : hc.hint(from - 1);
        for (int j = from; j < to; j++)
        {
            final int hint = hc.hint(j);
            if (hint < 0)
            {
                touched += table.touch(hc.keyHigh(j), hc.keyLow(j));
            }
            else if (hint != previous + 1)
            {
                touched += table.touchRow(hint);
            }
            previous = hint;
        }
        return touched;
    }

    private static void expireIdle(final HostTable idleTable, final int nowSecond, final int idleSeconds)
    {
        for (int d = idleTable.size() - 1; d >= 0; d--)
        {
            if (nowSecond - idleTable.row(d)[idleTable.base(d)] >= idleSeconds)
            {
                idleTable.remove(d);
            }
        }
    }

    /**
     * Hosts without traffic this tick: decay, retire to the idle table at zero, check the rest.
     */
    private void decayInactive(final EngineView v, final int version, final double e, final int nowSecond,
        final boolean checks, final List<long[]> candidates)
    {
        final HostTable table = hosts[version];
        final HostTable idleTable = idle[version];
        for (int d = table.size() - 1; d >= 0; d--)
        {
            if ((d & 63) == 63 && d >>> 6 < touched.length && touched[d >>> 6] == -1L)
            {
                d -= 63;
                continue;
            }
            if (isTouched(d))
            {
                continue;
            }
            if (!table.decay(d, e))
            {
                final long high = table.keyHigh(d);
                final long low = table.keyLow(d);
                table.remove(d);
                final int at = idleTable.findOrInsert(high, low);
                if (at >= 0)
                {
                    idleTable.row(at)[idleTable.base(at)] = nowSecond;
                }
                continue;
            }
            if (checks)
            {
                ThresholdCheck.check(v, version, table, d, candidates);
            }
        }
    }

    /**
     * The averages row of a host with traffic this tick: found, moved back from the idle table, or new (averages and
     * idle hosts together stay within max_tracked_hosts: when full, an idle host is evicted, if there is one).
     */
    private int activate(final HostTable table, final HostTable idleTable, final long high, final long low)
    {
        final int d = table.find(high, low);
        if (d >= 0)
        {
            return d;
        }
        final int wasIdle = idleTable.size() == 0 ? -1 : idleTable.find(high, low);
        if (wasIdle >= 0)
        {
            idleTable.remove(wasIdle);
        }
        else if (eviction.full(table, idleTable) && !eviction.evictIdle(idleTable))
        {
            return -1;
        }
        return table.findOrInsert(high, low);
    }

    private void setTouched(final int d)
    {
        final int word = d >>> 6;
        if (word >= touched.length)
        {
            touched = Arrays.copyOf(touched, Math.max(word + 1, touched.length * 2));
        }
        touched[word] |= 1L << d;
    }

    private boolean isTouched(final int d)
    {
        final int word = d >>> 6;
        return word < touched.length && (touched[word] & (1L << d)) != 0;
    }

    private void clearTouched(final int hosts)
    {
        Arrays.fill(touched, 0, Math.min(touched.length, (hosts >>> 6) + 1), 0L);
    }
}
