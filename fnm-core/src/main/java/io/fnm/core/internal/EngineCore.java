package io.fnm.core.internal;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.spi.TrafficFilter;
import io.fnm.core.AttackAction;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.EngineConfig;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The detection engine's machinery behind {@link io.fnm.core.DetectionEngine}: partitions, the tick (rates,
 * moving averages, thresholds), the attack lifecycle and the action runners.
 * <p>
 * <b>Time.</b> The period of a tick is the real elapsed time on the injected clock since the previous tick, as a
 * double (FastNetMon divides by the configured delay whenever {@code int(elapsed) == int(delay)}; 1.9 s of counts
 * over a 1 s delay would read 90% too high). Unbans are checked on every tick (FastNetMon: every 60 s).
 * <p>
 * <b>Threads.</b> Every tick-owned structure (host tables, averages, bans, investigations) is guarded by one lock
 * that the tick holds while it runs and that snapshots, manual bans and unbans take; capture threads never take it.
 */
public final class EngineCore implements AutoCloseable
{
    private static final Investigation[] NO_INVESTIGATIONS = new Investigation[0];
    /** Most counting partitions. */
    public static final int MAX_PARTITIONS = 64;
    volatile EngineView view;
    volatile Investigation[] investigations = NO_INVESTIGATIONS;
    volatile boolean tickRequested;
    final TrafficFilter[] filters;

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final PartitionCollector collector;
    private final List<CaptureSink> sinks;
    private final RateAverages averages;
    private final HostTable[] hosts;
    private final HostTable[] idle;
    private final long[] totalAverages;
    private final long[] totalCounts;
    private final Map<String, long[]> retiredCounters;
    private final List<ActionRunner> runners = new ArrayList<>();
    private final BanLifecycle banLifecycle;
    private final TickDriver driver;
    private final ScheduledThreadPoolExecutor watchdog;
    private final int maxHosts;

    /**
     * @param config  the configuration.
     * @param clock   the clock.
     * @param actions the actions.
     * @param filters the filters applied before counting.
     */
    public EngineCore(final EngineConfig config, final Clock clock, final List<AttackAction> actions,
        final List<TrafficFilter> filters)
    {
        this(config, clock, actions, filters, defaultPartitions());
    }

    /**
     * @param config     the configuration.
     * @param clock      the clock.
     * @param actions    the actions.
     * @param filters    the filters applied before counting.
     * @param partitions counting partitions, a power of two (see {@link #defaultPartitions()}).
     */
    public EngineCore(final EngineConfig config, final Clock clock, final List<AttackAction> actions,
        final List<TrafficFilter> filters, final int partitions)
    {
        if (partitions < 1 || partitions > MAX_PARTITIONS || Integer.bitCount(partitions) != 1)
        {
            throw new IllegalArgumentException("partitions must be a power of two in 1.." + MAX_PARTITIONS + ": " +
                partitions);
        }
        this.clock = clock;
        this.view = new EngineView(config);
        this.filters = filters.toArray(new TrafficFilter[0]);
        this.maxHosts = config.maxTrackedHosts();
        this.averages = new RateAverages(view, maxHosts);
        this.hosts = averages.hosts();
        this.idle = averages.idle();
        this.totalAverages = averages.totalAverages();
        this.totalCounts = averages.totalCounts();
        this.collector = new PartitionCollector(this, view, maxHosts, partitions, averages.networkAverages().length);
        this.sinks = collector.sinks();
        this.retiredCounters = collector.retiredCounters();
        this.watchdog = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "fnm-action-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        final long timeoutMillis = TimeUnit.SECONDS.toMillis(config.actionTimeoutSeconds());
        for (final AttackAction action : actions)
        {
            runners.add(new ActionRunner(action, timeoutMillis, watchdog));
        }
        this.banLifecycle = new BanLifecycle(clock, hosts, runners, open -> investigations = open);
        this.driver = new TickDriver(clock, lock,
            () -> TimeUnit.SECONDS.toNanos(view.config().speedCalculationDelaySeconds()), this::tick);
    }

    /**
     * @return the default number of counting partitions: the largest power of two not above the available
     * processors, at most 16 (one partition per core that can count; more only spreads the same work thinner).
     */
    public static int defaultPartitions()
    {
        return Math.min(16, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors())));
    }

    /**
     * @return counting partitions.
     */
    public int partitions()
    {
        return collector.partitions();
    }

    /**
     * @param name the sink's name (its source and thread).
     * @return a new single-threaded sink.
     */
    public CaptureSink newSink(final String name)
    {
        return collector.newSink(name);
    }

    void register(final CaptureSink sink)
    {
        collector.register(sink);
    }

    /**
     * @return sinks currently registered.
     */
    public int sinks()
    {
        return sinks.size();
    }

    /**
     * @return the configuration in force.
     */
    public EngineConfig config()
    {
        return view.config();
    }

    /**
     * Swap networks, whitelist, thresholds and hostgroups; counters and bans stay.
     *
     * @param config the new configuration.
     */
    public void reload(final EngineConfig config)
    {
        view = new EngineView(config);
    }

    /**
     * Start the tick thread.
     */
    public void startTickThread()
    {
        driver.start();
    }

    @Override
    public void close()
    {
        if (!driver.stop())
        {
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (final ActionRunner runner : runners)
        {
            runner.close(deadline);
        }
        watchdog.shutdownNow();
        try
        {
            watchdog.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One speed calculation and lifecycle pass now, on the caller's thread.
     */
    public void tick()
    {
        lock.lock();
        try
        {
            final EngineView v = view;
            if (v != averages.view())
            {
                averages.applyReload(v);
            }
            final long now = clock.nanoTime();
            final long nowMillis = clock.epochMillis();
            final long elapsed = driver.startInterval(now);
            final List<long[]> candidates = new ArrayList<>();
            if (elapsed > 0)
            {
                collector.collect(v, averages.networkAverages().length);
                averages.update(v, collector.taken(), collector.tickTotals(), collector.tickNetworks(),
                    elapsed / 1e9, driver.secondsSinceStart(now), candidates);
                collector.recycle();
                driver.ticks.incrementAndGet();
            }
            banLifecycle.advance(v, nowMillis, candidates);
        }
        finally
        {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- API

    /**
     * @param address a host of networks_list.
     * @return true when banned now, false when outside networks_list or already banned.
     */
    public boolean ban(final InetAddress address)
    {
        final HostKey key = HostKey.of(address);
        lock.lock();
        try
        {
            return banLifecycle.ban(key, view);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param address a banned host.
     * @return true when it was banned and is now unbanned.
     */
    public boolean unban(final InetAddress address)
    {
        final HostKey key = HostKey.of(address);
        lock.lock();
        try
        {
            return banLifecycle.unban(key);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return the ban list, in ban order.
     */
    public List<BanEntry> banList()
    {
        lock.lock();
        try
        {
            final Map<HostKey, Ban> bans = banLifecycle.bans();
            final List<BanEntry> list = new ArrayList<>(bans.size());
            for (final Ban ban : bans.values())
            {
                list.add(ban.entry());
            }
            return Collections.unmodifiableList(list);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param address a host.
     * @return its averages, or null when it is not tracked.
     */
    public HostRates hostRates(final InetAddress address)
    {
        final HostKey key = HostKey.of(address);
        lock.lock();
        try
        {
            final HostTable table = hosts[key.ipv6() ? 1 : 0];
            final int d = table.find(key.high(), key.low());
            if (d >= 0)
            {
                return RateAverages.hostRates(table, d);
            }
            return idle[key.ipv6() ? 1 : 0].find(key.high(), key.low()) >= 0 ? HostRates.ZERO : null;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @param by        what to sort by.
     * @param n         how many.
     * @return the top n hosts of both IP versions, largest first.
     */
    public List<HostTraffic> topHosts(final Direction direction, final TopBy by, final int n)
    {
        if (n <= 0 || (direction != Direction.INCOMING && direction != Direction.OUTGOING))
        {
            return List.of();
        }
        final int dir = direction == Direction.INCOMING ? Layout.IN : Layout.OUT;
        final int offset = switch (by)
        {
            case PACKETS -> Layout.packets(dir, Layout.TOTAL);
            case BYTES -> Layout.bytes(dir, Layout.TOTAL);
            case FLOWS -> Layout.FLOWS_IN + dir;
        };
        lock.lock();
        try
        {
            final PriorityQueue<long[]> top = new PriorityQueue<>(Comparator.comparingLong(a -> a[0]));
            for (int version = 0; version < 2; version++)
            {
                final HostTable table = hosts[version];
                for (int d = 0; d < table.size(); d++)
                {
                    final long value = table.average(d, offset);
                    if (value == 0)
                    {
                        continue;
                    }
                    if (top.size() < n)
                    {
                        top.add(new long[] {value, version, d});
                    }
                    else if (top.peek()[0] < value)
                    {
                        top.poll();
                        top.add(new long[] {value, version, d});
                    }
                }
            }
            final List<HostTraffic> result = new ArrayList<>(top.size());
            while (!top.isEmpty())
            {
                final long[] entry = top.poll();
                final HostTable table = hosts[(int)entry[1]];
                final int d = (int)entry[2];
                final HostKey key = new HostKey(table.ipv6(), table.keyHigh(d), table.keyLow(d));
                result.add(new HostTraffic(key.address(), key.text(), RateAverages.hostRates(table, d),
                    banLifecycle.bans().containsKey(key)));
            }
            Collections.reverse(result);
            return Collections.unmodifiableList(result);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the totals of that version, all four directions.
     */
    public HostRates totals(final int ipVersion)
    {
        if (ipVersion != 4 && ipVersion != 6)
        {
            throw new IllegalArgumentException("ipVersion must be 4 or 6: " + ipVersion);
        }
        lock.lock();
        try
        {
            final int base = ipVersion == 6 ? Layout.TOTAL_STRIDE : 0;
            final HostRates.Builder b = HostRates.builder();
            for (int dir = 0; dir < Layout.DIRECTIONS; dir++)
            {
                final Direction direction = Direction.of(dir);
                for (int c = 0; c < Layout.CLASSES; c++)
                {
                    b.packetsPerSecond(direction, TrafficClass.of(c), totalAverages[base + Layout.packets(dir, c)]);
                    b.bytesPerSecond(direction, TrafficClass.of(c), totalAverages[base + Layout.bytes(dir, c)]);
                }
                b.flowsPerSecond(direction, totalAverages[base + Layout.DIRECTIONS * Layout.PER_DIRECTION + dir]);
            }
            return b.build();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return averages per networks_list prefix (as of the last tick's configuration).
     */
    public Map<IpPrefix, HostRates> networkLoad()
    {
        lock.lock();
        try
        {
            final Map<IpPrefix, HostRates> result = new LinkedHashMap<>();
            final List<IpPrefix> prefixes = averages.view().networks().prefixes();
            final long[] networkAverages = averages.networkAverages();
            for (int i = 0; i < prefixes.size(); i++)
            {
                if (result.containsKey(prefixes.get(i)))
                {
                    continue;
                }
                final HostRates.Builder b = HostRates.builder();
                final int base = i * Layout.NETWORK_STRIDE;
                for (int dir = 0; dir < 2; dir++)
                {
                    final Direction direction = Direction.of(dir);
                    for (int c = 0; c < Layout.CLASSES; c++)
                    {
                        final TrafficClass trafficClass = TrafficClass.of(c);
                        b.packetsPerSecond(direction, trafficClass, networkAverages[base + Layout.packets(dir, c)]);
                        b.bytesPerSecond(direction, trafficClass, networkAverages[base + Layout.bytes(dir, c)]);
                    }
                }
                result.put(prefixes.get(i), b.build());
            }
            return Collections.unmodifiableMap(result);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param ipVersion 4 or 6.
     * @return hosts tracked.
     */
    public int hostsTracked(final int ipVersion)
    {
        lock.lock();
        try
        {
            final int version = ipVersion == 6 ? 1 : 0;
            return hosts[version].size() + idle[version].size();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param ipVersion 4 or 6.
     * @return bytes held by that version's host table.
     */
    public long hostTableBytes(final int ipVersion)
    {
        lock.lock();
        try
        {
            final int version = ipVersion == 6 ? 1 : 0;
            return hosts[version].memoryBytes() + idle[version].memoryBytes();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param visitor receives the engine's counters.
     */
    public void counters(final CounterVisitor visitor)
    {
        final Map<String, long[]> perSource = new HashMap<>();
        long filtered = 0;
        long filterErrors = 0;
        long unknown = 0;
        lock.lock();
        try
        {
            for (final Map.Entry<String, long[]> e : retiredCounters.entrySet())
            {
                perSource.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
                filtered += e.getValue()[1];
                filterErrors += e.getValue()[2];
                unknown += e.getValue()[3];
            }
            for (final CaptureSink sink : sinks)
            {
                perSource.computeIfAbsent(sink.name(), k -> new long[1])[0] += sink.processed() -
                    sink.baseProcessed;
                filtered += sink.filtered() - sink.baseFiltered;
                filterErrors += sink.filterErrors() - sink.baseFilterErrors;
                unknown += sink.unknownVersion() - sink.baseUnknownVersion;
            }
        }
        finally
        {
            lock.unlock();
        }
        for (final Map.Entry<String, long[]> e : perSource.entrySet())
        {
            visitor.counter("fnm_records_processed_total", "source=\"" + escape(e.getKey()) + "\"", e.getValue()[0]);
        }
        visitor.counter("fnm_records_filtered_total", "", filtered);
        visitor.counter("fnm_filter_errors_total", "", filterErrors);
        visitor.counter("fnm_records_unknown_ip_version_total", "", unknown);
        final long[] totals = new long[totalAverages.length];
        final long[] cumulative = new long[totalCounts.length];
        final int tracked4;
        final int tracked6;
        final int banned;
        lock.lock();
        try
        {
            System.arraycopy(totalAverages, 0, totals, 0, totals.length);
            System.arraycopy(totalCounts, 0, cumulative, 0, cumulative.length);
            tracked4 = hosts[0].size() + idle[0].size();
            tracked6 = hosts[1].size() + idle[1].size();
            banned = banLifecycle.bans().size();
        }
        finally
        {
            lock.unlock();
        }
        for (int version = 0; version < 2; version++)
        {
            for (int dir = 0; dir < Layout.DIRECTIONS; dir++)
            {
                final String labels = "direction=\"" + Direction.of(dir).text() + "\",ip_version=\"" +
                    (version == 0 ? 4 : 6) + "\"";
                final int base = version * Layout.TOTAL_STRIDE;
                visitor.counter("fnm_traffic_packets_per_second", labels,
                    totals[base + Layout.packets(dir, Layout.TOTAL)]);
                final long bytes = totals[base + Layout.bytes(dir, Layout.TOTAL)];
                visitor.counter("fnm_traffic_bits_per_second", labels,
                    bytes > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : bytes * 8);
                visitor.counter("fnm_traffic_packets_total", labels,
                    cumulative[base + Layout.packets(dir, Layout.TOTAL)]);
                visitor.counter("fnm_traffic_bytes_total", labels, cumulative[base + Layout.bytes(dir, Layout.TOTAL)]);
            }
        }
        visitor.counter("fnm_bans_total", "", banLifecycle.bansTotal.get());
        visitor.counter("fnm_unbans_total", "", banLifecycle.unbansTotal.get());
        visitor.counter("fnm_banned_hosts", "", banned);
        visitor.counter("fnm_whitelist_suppressed_bans_total", "", banLifecycle.whitelistSuppressed.get());
        for (final ActionRunner runner : runners)
        {
            final String labels = "action=\"" + escape(runner.name()) + "\"";
            visitor.counter("fnm_action_failures_total", labels, runner.failures());
            visitor.counter("fnm_action_timeouts_total", labels, runner.timeouts());
        }
        visitor.counter("fnm_hosts_tracked", "ip_version=\"4\"", tracked4);
        visitor.counter("fnm_hosts_tracked", "ip_version=\"6\"", tracked6);
        visitor.counter("fnm_hosts_untracked_total", "", averages.hostsUntracked.get());
        visitor.counter("fnm_ticks_total", "", driver.ticks.get());
        visitor.counter("fnm_tick_shards_skipped_total", "", collector.sinksSkipped.get());
        visitor.counter("fnm_tick_errors_total", "", driver.tickErrors.get());
    }

    private static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /**
     * @return the action runners (for counters in tests).
     */
    public List<ActionRunner> runners()
    {
        return Collections.unmodifiableList(runners);
    }
}
