package io.fnm.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tick does when a host with traffic finds the host table full ({@code max_tracked_hosts} active and idle
 * hosts of its IP version): the eviction policy, so that a spray of new (spoofed) hosts cannot hide a real victim.
 * <ol>
 * <li><b>An idle host goes first.</b> While the idle table (hosts whose averages all decayed to zero, kept until
 * {@code host_idle_timeout_seconds}) is not empty, a new host takes the row of an idle one (the last of the idle
 * table: constant cost). An idle host holds no average, so nothing a threshold could read is lost.</li>
 * <li><b>Then the quietest, for a hot host only.</b> With no idle host left, a new host whose rate in this interval
 * alone (count / period) exceeds a threshold of its hostgroup (one that bans) is queued, up to
 * {@value #MAX_ADMITTED_PER_TICK} per tick and IP version, hottest first. After the pass over the hosts, one scan of
 * the table finds as many of the quietest hosts (lowest incoming plus outgoing packet averages) and each queued host
 * displaces one that is quieter than itself (rate against average, packets per second). The scan costs the table's
 * size once per tick, only in ticks that have a hot host without a row.</li>
 * <li><b>Otherwise</b> the host is not tracked this tick ({@code fnm_hosts_untracked_total}); its traffic is still in
 * the totals and the networks.</li>
 * </ol>
 * Before the tick, a host the counting partitions had no row for is counted in their sketch and given an overflow
 * row once it is hot ({@link PartitionCounts}), so it reaches this policy with its exact count of the interval.
 * <p>
 * Each tick in which a host found the table full is counted ({@code fnm_host_table_full_total}) and logged at most
 * once every {@value #LOG_INTERVAL_SECONDS} s; evictions are counted by reason ({@code fnm_hosts_evicted_total}).
 * <p>
 * Tick-owned: every method runs under the engine lock; nothing allocates.
 */
final class HostEviction
{
    /** Hot hosts per tick and IP version that may displace a quiet host. */
    static final int MAX_ADMITTED_PER_TICK = 64;
    /** Least seconds between two warnings that the table is full. */
    static final int LOG_INTERVAL_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(HostEviction.class);
    private static final int PACKETS_IN = Layout.packets(Layout.IN, Layout.TOTAL);
    private static final int PACKETS_OUT = Layout.packets(Layout.OUT, Layout.TOTAL);

    final AtomicLong hostsUntracked = new AtomicLong();
    final AtomicLong evictedIdle = new AtomicLong();
    final AtomicLong evictedQuietest = new AtomicLong();
    final AtomicLong fullTicks = new AtomicLong();

    private final int maxHosts;
    private final HostCounts[] queuedTable = new HostCounts[MAX_ADMITTED_PER_TICK];
    private final int[] queuedHost = new int[MAX_ADMITTED_PER_TICK];
    private final long[] queuedRate = new long[MAX_ADMITTED_PER_TICK];
    private int queued;
    /** The quietest hosts, a max-heap on their packet averages while scanning. */
    private final long[] quietRate = new long[MAX_ADMITTED_PER_TICK];
    private final long[] quietHigh = new long[MAX_ADMITTED_PER_TICK];
    private final long[] quietLow = new long[MAX_ADMITTED_PER_TICK];
    private int quiet;
    private boolean fullThisTick;
    private long lastLogSecond = Long.MIN_VALUE;
    private long untrackedAtLog;
    private long evictedAtLog;

    /**
     * @param maxHosts max_tracked_hosts: active and idle hosts together, per IP version.
     */
    HostEviction(final int maxHosts)
    {
        this.maxHosts = maxHosts;
    }

    /**
     * @param table     host averages of one version.
     * @param idleTable idle hosts of that version.
     * @return true when a new host would find no free row.
     */
    boolean full(final HostTable table, final HostTable idleTable)
    {
        return table.size() + idleTable.size() >= maxHosts;
    }

    /**
     * Free a row for a new host by evicting an idle one, when there is one.
     *
     * @param idleTable idle hosts of the new host's version.
     * @return true when a row was freed.
     */
    boolean evictIdle(final HostTable idleTable)
    {
        fullThisTick = true;
        if (idleTable.size() == 0)
        {
            return false;
        }
        idleTable.remove(idleTable.size() - 1);
        evictedIdle.incrementAndGet();
        return true;
    }

    /**
     * A host with traffic found the table full and no idle host to evict: queue it when it is hot (and there is room
     * in the queue), count it as untracked otherwise.
     *
     * @param v       the configuration in force.
     * @param version 0 for IPv4, 1 for IPv6.
     * @param hc      the counts table holding the host's row.
     * @param host    the host in {@code hc}.
     * @param period  the interval, seconds.
     */
    void refused(final EngineView v, final int version, final HostCounts hc, final int host, final double period)
    {
        fullThisTick = true;
        final long high = hc.keyHigh(host);
        final long low = hc.keyLow(host);
        final int group = v.groupOf(high, low, version == 1);
        final int cbase = hc.countsBase(host);
        if (queued == MAX_ADMITTED_PER_TICK || !v.banEnabled(group, version == 1) ||
            ThresholdCheck.firedKindInInterval(hc.rows(), cbase, period, v.thresholdValues(group)) < 0)
        {
            hostsUntracked.incrementAndGet();
            return;
        }
        final long[] rows = hc.rows();
        final long rate = (long)((rows[cbase + HostCounts.at(PACKETS_IN)] + rows[cbase + HostCounts.at(PACKETS_OUT)]) /
            period);
        int at = queued++;
        // keep the queue sorted, hottest first (insertion: at most 64)
        while (at > 0 && queuedRate[at - 1] < rate)
        {
            queuedTable[at] = queuedTable[at - 1];
            queuedHost[at] = queuedHost[at - 1];
            queuedRate[at] = queuedRate[at - 1];
            at--;
        }
        queuedTable[at] = hc;
        queuedHost[at] = host;
        queuedRate[at] = rate;
    }

    /**
     * Give the queued hot hosts a row, each displacing an idle host or else a host quieter than itself, then fold
     * their counts into their new averages and check their thresholds. Call after every host of the version was
     * averaged and decayed.
     *
     * @param v          the configuration in force.
     * @param version    0 for IPv4, 1 for IPv6.
     * @param table      host averages of that version.
     * @param idleTable  idle hosts of that version.
     * @param period     the interval, seconds.
     * @param e          the decay factor of the averages.
     * @param checks     whether thresholds are checked.
     * @param candidates receives the hosts whose thresholds fired.
     */
    void admitQueued(final EngineView v, final int version, final HostTable table, final HostTable idleTable,
        final double period, final double e, final boolean checks, final List<long[]> candidates)
    {
        if (queued == 0)
        {
            return;
        }
        findQuietest(table, queued);
        int nextQuiet = 0;
        for (int q = 0; q < queued; q++)
        {
            final HostCounts hc = queuedTable[q];
            final int host = queuedHost[q];
            queuedTable[q] = null;
            if (full(table, idleTable) && !evictIdle(idleTable))
            {
                if (nextQuiet == quiet || quietRate[nextQuiet] >= queuedRate[q])
                {
                    hostsUntracked.incrementAndGet();
                    continue;
                }
                table.remove(table.find(quietHigh[nextQuiet], quietLow[nextQuiet]));
                nextQuiet++;
                evictedQuietest.incrementAndGet();
            }
            final int d = table.findOrInsert(hc.keyHigh(host), hc.keyLow(host));
            table.ema(d, hc.rows(), hc.countsBase(host), RateAverages.COUNTS_ORDER, period, e);
            if (checks)
            {
                ThresholdCheck.check(v, version, table, d, candidates);
            }
        }
        queued = 0;
    }

    /**
     * End of a tick: count it when the table was full, and warn (at most once every {@value #LOG_INTERVAL_SECONDS} s).
     *
     * @param nowSecond seconds since the engine started.
     */
    void endTick(final int nowSecond)
    {
        if (!fullThisTick)
        {
            return;
        }
        fullThisTick = false;
        fullTicks.incrementAndGet();
        if (lastLogSecond != Long.MIN_VALUE && nowSecond - lastLogSecond < LOG_INTERVAL_SECONDS)
        {
            return;
        }
        final long untracked = hostsUntracked.get();
        final long evicted = evictedIdle.get() + evictedQuietest.get();
        LOG.warn("Host table full (max_tracked_hosts={} per IP version): {} hosts evicted (idle first, then the " +
            "quietest for a host above a threshold) and {} hosts left untracked since the last warning " +
            "(fnm_host_table_full_total, fnm_hosts_evicted_total, fnm_hosts_untracked_total)", maxHosts,
            evicted - evictedAtLog, untracked - untrackedAtLog);
        lastLogSecond = nowSecond;
        untrackedAtLog = untracked;
        evictedAtLog = evicted;
    }

    /**
     * One scan of the table: the {@code wanted} hosts with the lowest incoming plus outgoing packet averages, sorted
     * quietest first into {@link #quietRate}, {@link #quietHigh}, {@link #quietLow}.
     */
    private void findQuietest(final HostTable table, final int wanted)
    {
        quiet = 0;
        final int n = table.size();
        for (int d = 0; d < n; d++)
        {
            final long rate = table.average(d, PACKETS_IN) + table.average(d, PACKETS_OUT);
            if (quiet < wanted)
            {
                quietRate[quiet] = rate;
                quietHigh[quiet] = table.keyHigh(d);
                quietLow[quiet] = table.keyLow(d);
                siftUp(quiet++);
            }
            else if (rate < quietRate[0])
            {
                quietRate[0] = rate;
                quietHigh[0] = table.keyHigh(d);
                quietLow[0] = table.keyLow(d);
                siftDown(0, quiet);
            }
        }
        // heap sort in place: the largest goes last, leaving the quietest first
        for (int end = quiet - 1; end > 0; end--)
        {
            swap(0, end);
            siftDown(0, end);
        }
    }

    private void siftUp(final int from)
    {
        int child = from;
        while (child > 0)
        {
            final int parent = (child - 1) >>> 1;
            if (quietRate[parent] >= quietRate[child])
            {
                return;
            }
            swap(parent, child);
            child = parent;
        }
    }

    private void siftDown(final int from, final int size)
    {
        int parent = from;
        while (true)
        {
            final int left = 2 * parent + 1;
            if (left >= size)
            {
                return;
            }
            final int right = left + 1;
            final int larger = right < size && quietRate[right] > quietRate[left] ? right : left;
            if (quietRate[parent] >= quietRate[larger])
            {
                return;
            }
            swap(parent, larger);
            parent = larger;
        }
    }

    private void swap(final int a, final int b)
    {
        final long rate = quietRate[a];
        quietRate[a] = quietRate[b];
        quietRate[b] = rate;
        final long high = quietHigh[a];
        quietHigh[a] = quietHigh[b];
        quietHigh[b] = high;
        final long low = quietLow[a];
        quietLow[a] = quietLow[b];
        quietLow[b] = low;
    }
}
