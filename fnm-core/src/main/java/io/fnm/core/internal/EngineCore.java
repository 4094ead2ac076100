package io.fnm.core.internal;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.spi.TrafficFilter;
import io.fnm.core.AttackAction;
import io.fnm.core.BanEntry;
import io.fnm.core.BanResult;
import io.fnm.core.BanStore;
import io.fnm.core.Direction;
import io.fnm.core.EngineConfig;
import io.fnm.core.HostHandover;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The detection engine's machinery behind {@link io.fnm.core.DetectionEngine}: a facade that wires the parts, each
 * doing one job, and runs the tick over them.
 * <ul>
 * <li>{@link PartitionCollector}: the capture sinks and, each tick, the partitions' counts of the interval;</li>
 * <li>{@link RateAverages}: per-second rates and FastNetMon's moving averages per host, totals and networks, with
 *     {@link ThresholdCheck} evaluating the thresholds of every host it updates;</li>
 * <li>{@link BanLifecycle}: detect (described by {@link AttackRules}), ban ({@link Ban}), investigate, unban;</li>
 * <li>{@link TickDriver}: the tick thread and the intervals; {@link EngineQueries} and {@link EngineCounters}: what
 *     the API and the metrics read.</li>
 * </ul>
 * <b>Time.</b> The period of a tick is the real elapsed time on the injected clock since the previous tick, as a
 * double (FastNetMon divides by the configured delay whenever {@code int(elapsed) == int(delay)}; 1.9 s of counts
 * over a 1 s delay would read 90% too high). Unbans are checked on every tick (FastNetMon: every 60 s).
 * <p>
 * <b>Threads.</b> Every tick-owned structure (host tables, averages, totals, bans, investigations, the partitions'
 * taken counts, the tick intervals) is guarded by the one {@link ReentrantLock} held here: the tick holds it while it
 * runs, and queries, counters, manual bans and unbans take it, so each sees the state between two ticks. The parts
 * have no lock of their own for that state: they run under this one, taken here or (queries, counters, the tick
 * thread's due time) handed to them. Capture threads never take it: they read {@link #view}, {@link #filters},
 * {@link #investigations} and {@link #tickRequested} (volatile or final) and hand records to the partitions
 * lock-free; only creating a sink synchronizes, on the sink registry.
 */
public final class EngineCore implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);
    /** The overall deadline of {@link #close()}, milliseconds. */
    public static final long STOP_MILLIS = 2000;
    /** How long waiting action calls still run once {@link #close()} began, milliseconds. */
    public static final long DRAIN_MILLIS = 1000;
    /** Most counting partitions. */
    public static final int MAX_PARTITIONS = 64;
    volatile EngineView view;
    volatile InvestigationIndex investigations = InvestigationIndex.EMPTY;
    volatile boolean tickRequested;
    final TrafficFilter[] filters;

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ActionRunner> runners = new ArrayList<>();
    private final ScheduledThreadPoolExecutor watchdog;
    /** The watchdog's threads, joined on close: a terminated executor's worker can still be exiting. */
    private final List<Thread> watchdogThreads = new CopyOnWriteArrayList<>();
    private final RateAverages averages;
    private final PartitionCollector collector;
    private final BanLifecycle banLifecycle;
    private final EngineHandover handover;
    private final TickDriver driver;
    private final EngineQueries queries;
    private final EngineCounters counters;
    private volatile boolean monitor;
    private volatile Consumer<Throwable> fatalHandler = error ->
    {
    };
    private final MetricsDispatcher metrics;
    /** Saves the ban list when it changes; null without a ban store. */
    private volatile BanPersistence persistence;
    private long savedChanges;

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
        this(config, clock, actions, filters, partitions, List.of(), null);
    }

    /**
     * @param config          the configuration.
     * @param clock           the clock.
     * @param actions         the actions.
     * @param filters         the filters applied before counting.
     * @param partitions      counting partitions, a power of two (see {@link #defaultPartitions()}).
     * @param exporters       the metrics exporters, given a snapshot after the ticks they are due.
     * @param metricsCounters the counters a snapshot carries (null: this core's own, {@link #counters}).
     */
    public EngineCore(final EngineConfig config, final Clock clock, final List<AttackAction> actions,
        final List<TrafficFilter> filters, final int partitions, final List<MetricsExporter> exporters,
        final Consumer<CounterVisitor> metricsCounters)
    {
        checkPartitions(partitions);
        this.clock = clock;
        this.view = new EngineView(config);
        this.filters = filters.toArray(new TrafficFilter[0]);
        this.averages = new RateAverages(view, config.maxTrackedHosts());
        this.collector = new PartitionCollector(this, view, config.maxTrackedHosts(), partitions,
            averages.networkAverages().length);
        this.watchdog = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "fnm-action-watchdog");
            t.setDaemon(true);
            watchdogThreads.add(t);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        final long timeoutMillis = TimeUnit.SECONDS.toMillis(config.actionTimeoutSeconds());
        for (final AttackAction action : actions)
        {
            runners.add(new ActionRunner(action, timeoutMillis, watchdog, clock::nanoTime));
        }
        this.banLifecycle = new BanLifecycle(clock, averages.hosts(), runners, open -> investigations = open);
        this.handover = new EngineHandover(lock, clock, banLifecycle, averages, config.maxTrackedHosts(),
            this::persistIfChanged);
        this.driver = new TickDriver(clock, lock,
            () -> TimeUnit.SECONDS.toNanos(view.config().speedCalculationDelaySeconds()), this::guardedTick);
        this.queries = new EngineQueries(lock, averages, banLifecycle.bans());
        this.counters = new EngineCounters(lock, collector, averages, banLifecycle, driver, runners);
        this.metrics = new MetricsDispatcher(exporters, metricsCounters != null ? metricsCounters : this::counters);
    }

    /**
     * @param partitions a number of counting partitions.
     * @return the same number.
     * @throws IllegalArgumentException unless it is a power of two in 1..{@link #MAX_PARTITIONS}.
     */
    public static int checkPartitions(final int partitions)
    {
        if (partitions < 1 || partitions > MAX_PARTITIONS || Integer.bitCount(partitions) != 1)
        {
            throw new IllegalArgumentException("partitions must be a power of two in 1.." + MAX_PARTITIONS + ": " +
                partitions);
        }
        return partitions;
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
        return collector.sinks().size();
    }

    /**
     * @return the configuration in force.
     */
    public EngineConfig config()
    {
        return view.config();
    }

    /**
     * Swap networks, whitelist, thresholds and hostgroups; counters and bans stay. A configuration without networks
     * while the running one has some is refused (an emptied networks file would turn detection off): logged as an
     * error naming its source, and the running configuration is kept.
     *
     * @param config the new configuration.
     * @throws IllegalArgumentException when the new configuration has no networks and the running one has.
     */
    public void reload(final EngineConfig config)
    {
        final EngineConfig running = view.config();
        if (config.networks().isEmpty() && !running.networks().isEmpty())
        {
            final String source = config.source() == null ? "the new configuration" : config.source().toString();
            final String message = "reload refused: " + source + " lists no network (networks_list is empty), " +
                "which would turn detection off; keeping the " + running.networks().size() + " running networks";
            LOG.error("{}", message);
            throw new IllegalArgumentException(message);
        }
        view = new EngineView(config, monitor);
    }

    /**
     * Monitor mode: detect whatever enable_ban says (set before the first tick).
     *
     * @param on true for monitor mode.
     */
    public void monitorOnly(final boolean on)
    {
        monitor = on;
        view = new EngineView(view.config(), on);
    }

    /**
     * @param handler told of a {@link VirtualMachineError} thrown by a tick (then rethrown).
     */
    public void onFatal(final Consumer<Throwable> handler)
    {
        fatalHandler = handler;
    }

    /**
     * {@link #tick()}, telling the fatal handler of a {@link VirtualMachineError} before rethrowing it.
     */
    public void guardedTick()
    {
        try
        {
            tick();
        }
        catch (final VirtualMachineError error)
        {
            fatalHandler.accept(error);
            throw error;
        }
    }

    /**
     * Restore the bans saved before a restart and save the list whenever it changes from now on (call once, before
     * the first tick): see {@link BanLifecycle#restore}.
     *
     * @param store where the list is saved.
     * @param saved the list loaded from it (empty when it could not be read).
     * @return how many bans were restored (the others had ended and were unbanned).
     */
    public int restoreBans(final BanStore store, final List<BanEntry> saved)
    {
        lock.lock();
        try
        {
            persistence = new BanPersistence(store);
            savedChanges = banLifecycle.changes();
            final int restored = banLifecycle.restore(saved, clock.epochMillis());
            persistIfChanged();
            return restored;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Under the lock: hand the ban list to the store's thread when it changed since the last hand-over. */
    private void persistIfChanged()
    {
        if (persistence != null && banLifecycle.changes() != savedChanges)
        {
            savedChanges = banLifecycle.changes();
            persistence.offer(banLifecycle.entries());
        }
    }

    /**
     * Start the tick thread.
     */
    public void startTickThread()
    {
        driver.start();
    }

    /**
     * Stop within {@link #STOP_MILLIS} overall: the action runners accept no further call and the tick thread stops;
     * the calls already waiting still run for up to {@link #DRAIN_MILLIS} (a stop right after a decision delivers it,
     * as the replay command needs); then what still waits is dropped and counted, what runs is interrupted (a notify
     * script is killed with its descendants), and every thread is joined against the one deadline.
     */
    @Override
    public void close()
    {
        final long now = System.nanoTime();
        final long drainDeadline = now + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        final long deadline = now + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (final ActionRunner runner : runners)
        {
            runner.beginClose();
        }
        if (!driver.stop())
        {
            return;
        }
        metrics.close(deadline);
        if (persistence != null)
        {
            lock.lock();
            try
            {
                persistIfChanged();
            }
            finally
            {
                lock.unlock();
            }
            persistence.close(deadline);
        }
        for (final ActionRunner runner : runners)
        {
            runner.awaitDrained(drainDeadline);
        }
        for (final ActionRunner runner : runners)
        {
            runner.stopNow();
        }
        for (final ActionRunner runner : runners)
        {
            runner.awaitClose(deadline);
        }
        watchdog.shutdownNow();
        try
        {
            for (final Thread t : watchdogThreads)
            {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
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
            final long started = System.nanoTime();
            final EngineView v = view;
            if (v != averages.view())
            {
                averages.applyReload(v);
            }
            final long now = clock.nanoTime();
            final long nowMillis = clock.epochMillis();
            final long elapsed = driver.startInterval(now);
            final List<long[]> candidates = new ArrayList<>();
            handover.beforeUpdate(nowMillis, elapsed, v.config().averageCalculationTimeSeconds());
            if (elapsed > 0)
            {
                collector.collect(v, averages.networkAverages().length);
                try
                {
                    averages.update(v, collector.taken(), collector.tickTotals(), collector.tickNetworks(),
                        elapsed / 1e9, driver.secondsSinceStart(now), candidates);
                }
                finally
                {
                    // counts not fully read are forgotten, never carried into the next interval
                    collector.recycle();
                }
                driver.ticks.incrementAndGet();
            }
            banLifecycle.advance(v, nowMillis, candidates);
            persistIfChanged();
            if (elapsed > 0 && metrics.due(now))
            {
                metrics.dispatch(now, snapshot(nowMillis));
            }
            driver.tickDone(System.nanoTime() - started);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** The tick's traffic for the exporters, under the lock; they add the counters on their own threads. */
    private TrafficSnapshot snapshot(final long nowMillis)
    {
        final TrafficSnapshot.Builder b = TrafficSnapshot.builder().tick(driver.ticks.get()).epochMillis(nowMillis)
            .totals(4, queries.totals(4)).totals(6, queries.totals(6));
        queries.networkLoad().forEach(b::network);
        TopHostsScan.fill(b, averages.hosts(), banLifecycle.bans(), metrics.topHosts());
        return b.build();
    }

    // ---------------------------------------------------------------------------------------------- API

    /**
     * @param address        a host of networks_list.
     * @param durationMillis how long; 0 or less until a manual unban.
     * @param reason         why, or null.
     * @return what was done, and why nothing when nothing.
     */
    public BanResult ban(final InetAddress address, final long durationMillis, final String reason)
    {
        final HostKey key = HostKey.of(address);
        lock.lock();
        try
        {
            final BanResult result = banLifecycle.ban(key, view, durationMillis, reason);
            persistIfChanged();
            return result;
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
            final boolean unbanned = banLifecycle.unban(key);
            persistIfChanged();
            return unbanned;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return the hand-over of hosts to or from another engine.
     */
    public HostHandover handover()
    {
        return handover;
    }

    /**
     * @return the ban list, in ban order.
     */
    public List<BanEntry> banList()
    {
        return queries.banList();
    }

    /**
     * @param address a host.
     * @return its averages, or null when it is not tracked.
     */
    public HostRates hostRates(final InetAddress address)
    {
        return queries.hostRates(address);
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @param by        what to sort by.
     * @param n         how many.
     * @return the top n hosts of both IP versions, largest first.
     */
    public List<HostTraffic> topHosts(final Direction direction, final TopBy by, final int n)
    {
        return queries.topHosts(direction, by, n);
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the totals of that version, all four directions.
     */
    public HostRates totals(final int ipVersion)
    {
        return queries.totals(ipVersion);
    }

    /**
     * @return averages per networks_list prefix (as of the last tick's configuration).
     */
    public Map<IpPrefix, HostRates> networkLoad()
    {
        return queries.networkLoad();
    }

    /**
     * @param ipVersion 4 or 6.
     * @return hosts tracked.
     */
    public int hostsTracked(final int ipVersion)
    {
        return queries.hostsTracked(ipVersion);
    }

    /**
     * @param ipVersion 4 or 6.
     * @return bytes held by that version's host table.
     */
    public long hostTableBytes(final int ipVersion)
    {
        return queries.hostTableBytes(ipVersion);
    }

    /**
     * @param visitor receives the engine's counters.
     */
    public void counters(final CounterVisitor visitor)
    {
        counters.counters(visitor);
        metrics.counters(visitor);
        visitor.counter(EngineCounters.HANDOVER_SEEDS, "applied", handover.seedsApplied());
        visitor.counter(EngineCounters.HANDOVER_SEEDS, "dropped", handover.seedsDropped());
    }

    /**
     * @return the action runners (for counters in tests).
     */
    public List<ActionRunner> runners()
    {
        return Collections.unmodifiableList(runners);
    }
}
