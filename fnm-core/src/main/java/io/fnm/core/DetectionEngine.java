package io.fnm.core;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.TrafficFilter;
import io.fnm.config.ConfigView;
import io.fnm.core.internal.ActionRunner;
import io.fnm.core.internal.EngineCore;
import io.fnm.core.internal.EngineCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns traffic records into bans as FastNetMon decides them, without its known bugs.
 * <p>
 * Capture threads push records through their own {@link TrafficSink} ({@link #newSink(String)}); every
 * {@code speed_calculation_delay} the tick (a {@code fnm-tick} thread, or the caller of {@link #tick()}) merges the
 * threads' counts, computes per-second rates and FastNetMon's moving average, checks thresholds, bans, collects
 * attack details and unbans. Actions run on threads of their own ({@code fnm-action-*}) with timeouts, and metrics
 * exporters on theirs ({@code fnm-metrics-*}, given each tick's {@link TrafficSnapshot}). One injected
 * {@link Clock} drives everything; {@link #close()} stops and joins every thread the engine started.
 * <pre>{@code
 * try (DetectionEngine engine = DetectionEngine.builder(config).action(attack -> System.out.println(attack)).build())
 * {
 *     engine.start();
 *     TrafficSink sink = engine.newSink("my-feed");
 *     // sink.accept(record) for each record, sink.flush() when idle
 * }
 * }</pre>
 */
public final class DetectionEngine implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);

    private final EngineCore core;
    private final Clock clock;
    private final boolean tickThread;
    private final List<CaptureSource> sources;
    private final List<AttackAction> ownedActions;
    private final List<CaptureSource> started = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong captureErrors = new AtomicLong();
    private final Set<String> loggedCaptureErrors = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final EngineSupervisor supervisor;
    private final boolean tolerateFailures;
    private final boolean monitorOnly;
    private final BanStore banStore;
    /** Components that could not be created (tolerant mode), logged when the engine starts. */
    private final List<ComponentHealth> buildFailures;
    private boolean startedOnce;
    private boolean closed;

    private DetectionEngine(final Builder b, final Discovered found)
    {
        this.clock = b.clock;
        this.tickThread = b.tickThread;
        this.tolerateFailures = b.tolerateFailures;
        this.monitorOnly = b.monitorOnly;
        this.banStore = b.banStore;
        this.supervisor = found.supervisor;
        this.core = new EngineCore(b.config, b.clock, found.actions, found.filters,
            b.partitions == 0 ? EngineCore.defaultPartitions() : b.partitions, found.exporters, this::counters);
        core.monitorOnly(b.monitorOnly);
        core.onFatal(error -> supervisor.fatal(null, "the tick", error));
        this.sources = found.sources;
        this.ownedActions = List.copyOf(found.ownedActions);
        this.problems.addAll(found.problems);
        this.buildFailures = List.copyOf(found.failures);
    }

    /**
     * @param config the configuration.
     * @return a builder.
     */
    public static Builder builder(final EngineConfig config)
    {
        return new Builder(config);
    }

    /**
     * Start the capture sources and the tick thread, then log one INFO line saying what runs (sources, actions, ban
     * or monitor mode, thresholds).
     *
     * @throws EngineStartException when a source fails to start (a port taken, a host that does not resolve...):
     *                              the sources that started are stopped and the engine is closed. With
     *                              {@link Builder#tolerateFailures(boolean)} the failure is logged, kept in
     *                              {@link #health()} and {@link #problems()}, and the other sources run.
     */
    public void start()
    {
        final List<ComponentHealth> failures = new ArrayList<>();
        synchronized (this)
        {
            if (startedOnce || closed)
            {
                return;
            }
            startedOnce = true;
            for (final ComponentHealth failure : buildFailures)
            {
                LOG.warn("{}; running without it", failure);
            }
            restoreBans();
            if (tickThread)
            {
                core.startTickThread();
            }
            for (final CaptureSource source : sources)
            {
                startSource(source, failures);
            }
            if (failures.isEmpty() || tolerateFailures)
            {
                supervisor.running();
            }
        }
        if (!failures.isEmpty() && !tolerateFailures)
        {
            close();
            throw new EngineStartException(failures);
        }
        LOG.info("{}", EngineSummary.describe(core.config(), supervisor.components(), monitorOnly));
    }

    /** Before the first tick: the bans saved before a restart (a corrupt store is an error, not a crash). */
    private void restoreBans()
    {
        if (banStore == null)
        {
            return;
        }
        List<BanEntry> saved;
        try
        {
            saved = banStore.load();
        }
        catch (final IOException | RuntimeException ex)
        {
            final String message = "ban store: " + ex.getMessage() + "; starting with no bans restored (bans made " +
                "before the restart will not be withdrawn by fnm)";
            LOG.error("{}", message);
            problems.add(message);
            saved = List.of();
        }
        final int restored = core.restoreBans(banStore, saved);
        if (!saved.isEmpty())
        {
            LOG.info("ban store: {} bans restored, {} ended while stopped and unbanned", restored,
                saved.size() - restored);
        }
    }

    private void startSource(final CaptureSource source, final List<ComponentHealth> failures)
    {
        try
        {
            source.start(new Context(source));
            started.add(source);
            supervisor.set(source, ComponentState.RUNNING, null);
        }
        catch (final Exception | LinkageError ex)
        {
            supervisor.set(source, ComponentState.FAILED, ex);
            final ComponentHealth failed = supervisor.get(source);
            failures.add(failed);
            problems.add(failed.toString());
            if (tolerateFailures)
            {
                LOG.warn("{}; running without it", failed);
                LOG.debug("{}", failed, ex);
            }
            closeQuietly(source);
        }
    }

    /**
     * @return the engine's state and each capture source's and action's, a snapshot.
     */
    public EngineHealth health()
    {
        return supervisor.health();
    }

    /**
     * Stop the sources, the tick thread and the action threads, and join them; then close the actions the engine
     * created from providers that are {@link AutoCloseable} (their connections and threads). Actions handed to
     * {@link Builder#action} stay the caller's to close. Idempotent. The engine's part ends within 2 s overall
     * whatever the actions do: action calls already waiting still run for up to 1 s, then those left are dropped
     * (counted in {@code fnm_action_calls_dropped_total}) and running ones are interrupted.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        for (final CaptureSource source : started)
        {
            closeQuietly(source);
        }
        core.close();
        for (final AttackAction action : ownedActions)
        {
            if (action instanceof AutoCloseable)
            {
                try
                {
                    ((AutoCloseable)action).close();
                }
                catch (final Exception ex)
                {
                    LOG.warn("closing action {} failed", action, ex);
                }
            }
        }
        supervisor.closed();
    }

    /**
     * @param name a name for counters and diagnostics (the source and thread).
     * @return a sink for one thread; see {@link TrafficSink} for the flush rule.
     */
    public TrafficSink newSink(final String name)
    {
        return core.newSink(Objects.requireNonNull(name, "name"));
    }

    /**
     * One speed calculation, threshold check and lifecycle pass now, on the caller's thread (the period is the time
     * elapsed on the clock since the previous tick).
     */
    public void tick()
    {
        core.guardedTick();
    }

    /**
     * @return the ban list, in ban order.
     */
    public List<BanEntry> banList()
    {
        return core.banList();
    }

    /**
     * Ban a host by hand until {@link #unban(InetAddress)}: {@link #ban(InetAddress, Duration, String)} without a
     * duration or reason.
     *
     * @param address a host inside networks_list.
     * @return true when banned, false when outside networks_list, already banned or whitelisted.
     */
    public boolean ban(final InetAddress address)
    {
        return ban(address, null, null).banned();
    }

    /**
     * Ban a host by hand; the actions run ({@link Attack#manual()} true, {@link Attack#reason()} the reason). A
     * whitelisted host is not banned (take it out of {@code networks_whitelist} first).
     *
     * @param address  a host inside networks_list.
     * @param duration how long, lifted then whatever the traffic; null or zero until {@link #unban(InetAddress)}.
     * @param reason   why, for the log and the actions; may be null.
     * @return what was done, and why nothing when nothing (outside networks, already banned, whitelisted).
     */
    public BanResult ban(final InetAddress address, final Duration duration, final String reason)
    {
        Objects.requireNonNull(address, "address");
        if (duration != null && duration.isNegative())
        {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        return core.ban(address, duration == null ? 0 : duration.toMillis(), reason);
    }

    /**
     * Unban a host (detected or manual) and run the unban actions.
     *
     * @param address the host.
     * @return true when it was banned.
     */
    public boolean unban(final InetAddress address)
    {
        return core.unban(address);
    }

    /**
     * @return the hand-over of hosts between engines: bans and moving averages taken over from another engine (a
     * scale-out deployment whose partitions moved), as a restart restores bans.
     */
    public HostHandover handover()
    {
        return core.handover();
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @param by        the average to sort by.
     * @param n         how many.
     * @return up to n hosts with a non-zero average, largest first; equal averages in address order, IPv4 first (the
     * same list every time).
     */
    public List<HostTraffic> topHosts(final Direction direction, final TopBy by, final int n)
    {
        return core.topHosts(direction, by, n);
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the totals per direction (all four) and class, flows included.
     */
    public HostRates totals(final int ipVersion)
    {
        return core.totals(ipVersion);
    }

    /**
     * @return the averages per networks_list prefix (no flows).
     */
    public Map<IpPrefix, HostRates> networkLoad()
    {
        return core.networkLoad();
    }

    /**
     * @param address a host.
     * @return its averages, or null when it is not tracked.
     */
    public HostRates hostRates(final InetAddress address)
    {
        return core.hostRates(address);
    }

    /**
     * Swap networks, whitelist, thresholds, hostgroups and the timing settings at runtime; counters and bans stay.
     * The capture threads see the new configuration at their next record, the tick at its next run. What the engine
     * sized or created at build keeps its running value until a restart and is listed in the report:
     * {@code max_tracked_hosts}, {@code action_timeout_seconds}, and the keys of capture sources and actions
     * (the {@link EngineConfig#settings()} stay those the engine was built with). A configuration without networks
     * is refused while the running one has some (an emptied networks file would silently turn detection off): the
     * error is logged naming the configuration's source, and the running configuration stays.
     *
     * @param config the new configuration.
     * @return what was applied and what needs a restart.
     * @throws IllegalArgumentException when {@code config} has no networks and the running configuration has.
     */
    public ReloadReport reload(final EngineConfig config)
    {
        final ReloadPlan plan = new ReloadPlan(core.config(), Objects.requireNonNull(config, "config"));
        core.reload(plan.effective);
        return plan.report;
    }

    /**
     * @return the configuration in force: after a {@link #reload(EngineConfig)}, the new values that were applied
     * and the built ones of what needs a restart.
     */
    public EngineConfig config()
    {
        return core.config();
    }

    /**
     * Visit the engine's counters ({@code fnm_records_processed_total{source}}, traffic per second per direction and
     * IP version, bans, unbans, banned hosts, action failures and timeouts per action, filtered records, hosts
     * tracked and untracked, tick duration, metrics exports per exporter...), then every action's and every running
     * source's.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        core.counters(visitor);
        visitor.counter(EngineCounters.CAPTURE_ERRORS, captureErrors.get());
        for (final ActionRunner runner : core.runners())
        {
            try
            {
                runner.action().counters(visitor);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("counters of action {} failed", runner.name(), ex);
            }
        }
        for (final CaptureSource source : started)
        {
            try
            {
                source.counters(visitor);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("counters of {} failed", safeName(source), ex);
            }
        }
    }

    /**
     * @return provider discovery and source start problems (broken provider, enabled but unavailable...).
     */
    public List<String> problems()
    {
        return Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /**
     * @return the engine's clock.
     */
    public Clock clock()
    {
        return clock;
    }

    /**
     * @param source a capture source's name.
     * @return the logger its errors are logged under: {@code io.fnm.capture.<source>}.
     */
    public static String captureLoggerName(final String source)
    {
        return "io.fnm.capture." + source;
    }

    static String safeName(final CaptureSource source)
    {
        try
        {
            return source.name();
        }
        catch (final RuntimeException ex)
        {
            return source.getClass().getName();
        }
    }

    static void closeQuietly(final CaptureSource source)
    {
        try
        {
            source.close();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("closing capture source {} failed", safeName(source), ex);
        }
    }

    /** What a source gets. */
    private final class Context implements CaptureContext
    {
        private final CaptureSource source;

        Context(final CaptureSource source)
        {
            this.source = source;
        }

        @Override
        public TrafficSink newSink(final String threadName)
        {
            return core.newSink(safeName(source));
        }

        @Override
        public Clock clock()
        {
            return clock;
        }

        @Override
        public ConfigView config()
        {
            return core.config().settings();
        }

        @Override
        public ThreadFactory threadFactory()
        {
            return r ->
            {
                final String name = "fnm-capture-" + safeName(source) + "-" + threadNumber.incrementAndGet();
                final Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public void onError(final Throwable error)
        {
            captureErrors.incrementAndGet();
            if (error instanceof VirtualMachineError)
            {
                supervisor.fatal(source, "capture source " + safeName(source), error);
                return;
            }
            final String key = safeName(source) + '|' + error.getClass().getName() + '|' + error.getMessage();
            if (loggedCaptureErrors.size() < 1000 && loggedCaptureErrors.add(key))
            {
                LoggerFactory.getLogger(captureLoggerName(safeName(source))).error(
                    "capture source {}: unexpected error (logged once; see fnm_capture_errors_total)",
                    safeName(source), error);
            }
        }
    }

    /**
     * Builds a {@link DetectionEngine}.
     */
    public static final class Builder
    {
        final EngineConfig config;
        final List<AttackAction> actions = new ArrayList<>();
        final List<String> actionNames = new ArrayList<>();
        final List<CaptureSource> sources = new ArrayList<>();
        final List<TrafficFilter> filters = new ArrayList<>();
        final List<EngineListener> listeners = new ArrayList<>();
        final List<Consumer<Attack>> detectionListeners = new ArrayList<>();
        Clock clock = Clock.SYSTEM;
        boolean discoverProviders = true;
        boolean tickThread = true;
        boolean tolerateFailures;
        boolean monitorOnly;
        int partitions;
        ClassLoader classLoader;
        BanStore banStore;
        final List<MetricsExporter> exporters = new ArrayList<>();

        private Builder(final EngineConfig config)
        {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param value the clock (default {@link Clock#SYSTEM}).
         * @return this builder.
         */
        public Builder clock(final Clock value)
        {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * An action under its own name ({@link AttackAction#name()}; two actions of one name are told apart by a
         * suffix, {@code lambda}, {@code lambda-2}...). Prefer {@link #action(String, AttackAction)} for lambdas.
         *
         * @param action an action to run on ban, details and unban (repeatable).
         * @return this builder.
         */
        public Builder action(final AttackAction action)
        {
            actions.add(Objects.requireNonNull(action, "action"));
            actionNames.add(null);
            return this;
        }

        /**
         * An action under a name of your choice: its logs, its thread ({@code fnm-action-<name>}), the
         * {@code action} label of its counters and its entry in {@link DetectionEngine#health()}.
         *
         * @param name   a name unique among the engine's actions.
         * @param action an action to run on ban, details and unban (repeatable).
         * @return this builder.
         * @throws IllegalArgumentException when the name is empty or already taken.
         */
        public Builder action(final String name, final AttackAction action)
        {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || actionNames.contains(name))
            {
                throw new IllegalArgumentException("action name '" + name + "' is empty or already taken");
            }
            actions.add(Objects.requireNonNull(action, "action"));
            actionNames.add(name);
            return this;
        }

        /**
         * Told of every detected attack (not of manual bans), in both modes, on an action thread of its own
         * (named {@code on_detected}, with the actions' timeout). The way to see detections in
         * {@link #monitorOnly(boolean) monitor mode}.
         *
         * @param listener receives each attack once, when it is detected (repeatable).
         * @return this builder.
         */
        public Builder onDetected(final Consumer<Attack> listener)
        {
            detectionListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Monitor mode: detection without banning. Every host whose thresholds are switched on is checked whatever
         * {@code enable_ban}/{@code enable_ban_ipv6} say; an attack follows its usual life (listed in
         * {@link DetectionEngine#banList()} until {@code ban_time} ends it, so it is reported once) but only the
         * {@link #onDetected(Consumer)} listeners are told: no action runs, none is discovered, and adding one is
         * an error at {@link #build()}. Default off: thresholds only fire where {@code enable_ban} is on, as in
         * FastNetMon (the start line says when thresholds are set with ban off).
         *
         * @param on true for monitor mode.
         * @return this builder.
         */
        public Builder monitorOnly(final boolean on)
        {
            monitorOnly = on;
            return this;
        }

        /**
         * @param on false (default) to fail fast: {@link #build()} and {@link DetectionEngine#start()} throw
         *           {@link EngineStartException} when a source or action cannot be created or started; true to run
         *           with what started, the failures being in {@link DetectionEngine#health()} and
         *           {@link DetectionEngine#problems()} and logged as one WARN line each.
         * @return this builder.
         */
        public Builder tolerateFailures(final boolean on)
        {
            tolerateFailures = on;
            return this;
        }

        /**
         * @param listener told when the engine fails (repeatable).
         * @return this builder.
         */
        public Builder listener(final EngineListener listener)
        {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param exporter a metrics exporter given each tick's {@link TrafficSnapshot} on a thread of its own
         *                 (repeatable); closed with the engine.
         * @return this builder.
         */
        public Builder metricsExporter(final MetricsExporter exporter)
        {
            exporters.add(Objects.requireNonNull(exporter, "exporter"));
            return this;
        }

        /**
         * @param source a capture source started by {@link #start()} (repeatable).
         * @return this builder.
         */
        public Builder captureSource(final CaptureSource source)
        {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /**
         * @param filter a filter applied to every record before counting (repeatable).
         * @return this builder.
         */
        public Builder trafficFilter(final TrafficFilter filter)
        {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * @param on true (default) to add the ServiceLoader capture sources, actions, metrics exporters and filters
         *           the configuration enables.
         * @return this builder.
         */
        public Builder discoverProviders(final boolean on)
        {
            discoverProviders = on;
            return this;
        }

        /**
         * @param on true (default) for a {@code fnm-tick} thread; false when the caller drives {@link #tick()}.
         * @return this builder.
         */
        public Builder tickThread(final boolean on)
        {
            tickThread = on;
            return this;
        }

        /**
         * How many partitions count the hosts. Records of one host are always counted by one partition (chosen by a
         * hash of the host's address), so one partition per core that receives traffic lets them count in
         * parallel without sharing a host row. Default: the largest power of two not above the available
         * processors, at most 16.
         *
         * @param count a power of two, 1 to {@value io.fnm.core.internal.EngineCore#MAX_PARTITIONS}.
         * @return this builder.
         */
        public Builder partitions(final int count)
        {
            partitions = EngineCore.checkPartitions(count);
            return this;
        }

        /**
         * Keep the ban list across restarts: {@link DetectionEngine#start()} restores the bans saved (each action's
         * {@link AttackAction#onRestore} for a ban still running, {@link AttackAction#onUnban} for one that ended
         * while stopped), and the list is saved whenever it changes, off the tick ({@link BanStore}).
         *
         * @param store where the ban list is kept, e.g. a {@link FileBanStore}; null (default) keeps it in memory.
         * @return this builder.
         */
        public Builder banStore(final BanStore store)
        {
            banStore = store;
            return this;
        }

        /**
         * @param loader where providers are discovered (default: the thread's context class loader).
         * @return this builder.
         */
        public Builder classLoader(final ClassLoader loader)
        {
            classLoader = loader;
            return this;
        }

        /**
         * @return the engine, not started.
         * @throws EngineStartException when an enabled capture source or action cannot be created (a key of its
         *                              provider has a bad value, or it cannot run here), unless
         *                              {@link #tolerateFailures(boolean)} is on.
         * @throws IllegalStateException when actions are added in {@link #monitorOnly(boolean) monitor mode}.
         */
        public DetectionEngine build()
        {
            if (monitorOnly && !actions.isEmpty())
            {
                throw new IllegalStateException("monitor mode runs no action: use onDetected(listener) instead of " +
                    "action(...)");
            }
            final Discovered found = ProviderDiscovery.discover(this);
            if (!tolerateFailures && !found.failures.isEmpty())
            {
                for (final CaptureSource source : found.sources)
                {
                    closeQuietly(source);
                }
                throw new EngineStartException(found.failures);
            }
            return new DetectionEngine(this, found);
        }
    }
}
