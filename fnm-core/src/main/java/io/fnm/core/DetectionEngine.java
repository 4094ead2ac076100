package io.fnm.core;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.spi.ServiceDiscovery;
import io.fnm.capture.spi.TrafficFilter;
import io.fnm.config.ConfigView;
import io.fnm.core.internal.ActionRunner;
import io.fnm.core.internal.EngineCore;
import io.fnm.core.internal.EngineCounters;
import io.fnm.core.spi.AttackActionProvider;
import io.fnm.core.spi.MetricsExporterProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
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
    private boolean startedOnce;
    private boolean closed;

    private DetectionEngine(final Builder b, final List<AttackAction> actions, final List<TrafficFilter> filters,
        final List<CaptureSource> sources, final List<MetricsExporter> exporters, final List<String> discoveryProblems)
    {
        this.clock = b.clock;
        this.tickThread = b.tickThread;
        this.core = new EngineCore(b.config, b.clock, actions, filters,
            b.partitions == 0 ? EngineCore.defaultPartitions() : b.partitions, exporters, this::counters);
        this.sources = sources;
        this.ownedActions = List.copyOf(actions.subList(b.actions.size(), actions.size()));
        this.problems.addAll(discoveryProblems);
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
     * Start the capture sources and the tick thread. A source that fails to start is reported in
     * {@link #problems()} and logged; the others run.
     */
    public synchronized void start()
    {
        if (startedOnce || closed)
        {
            return;
        }
        startedOnce = true;
        if (tickThread)
        {
            core.startTickThread();
        }
        for (final CaptureSource source : sources)
        {
            try
            {
                source.start(new Context(source));
                started.add(source);
            }
            catch (final Exception | LinkageError ex)
            {
                problem("capture source " + safeName(source) + " failed to start: " + ex, ex);
                closeQuietly(source);
            }
        }
    }

    /**
     * Stop the sources, the tick thread and the action threads, and join them; then close the actions the engine
     * created from providers that are {@link AutoCloseable} (their connections and threads). Actions handed to
     * {@link Builder#action} stay the caller's to close. Idempotent.
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
        core.tick();
    }

    /**
     * @return the ban list, in ban order.
     */
    public List<BanEntry> banList()
    {
        return core.banList();
    }

    /**
     * Ban a host by hand: the whitelist is not consulted, the ban never expires, the actions run.
     *
     * @param address a host inside networks_list.
     * @return true when banned, false when outside networks_list or already banned.
     */
    public boolean ban(final InetAddress address)
    {
        return core.ban(address);
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
     * @param direction INCOMING or OUTGOING.
     * @param by        the average to sort by.
     * @param n         how many.
     * @return up to n hosts, largest first.
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
     * Swap networks, whitelist, thresholds and hostgroups at runtime; counters and bans stay. The capture threads
     * see the new configuration at their next record, the tick at its next run. Other settings (delays, table
     * bounds, action timeout) keep the values the engine was built with. A configuration without networks is refused
     * while the running one has some (an emptied networks file would silently turn detection off): the error is
     * logged naming the configuration's source, and the running configuration stays.
     *
     * @param config the new configuration.
     * @throws IllegalArgumentException when {@code config} has no networks and the running configuration has.
     */
    public void reload(final EngineConfig config)
    {
        core.reload(Objects.requireNonNull(config, "config"));
    }

    /**
     * @return the configuration in force.
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

    private void problem(final String message, final Throwable cause)
    {
        problems.add(message);
        LOG.warn(message, cause);
    }

    private static String safeName(final CaptureSource source)
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

    private static void closeQuietly(final CaptureSource source)
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
            final String key = safeName(source) + '|' + error.getClass().getName() + '|' + error.getMessage();
            if (loggedCaptureErrors.size() < 1000 && loggedCaptureErrors.add(key))
            {
                LOG.error("capture source {}: unexpected error (logged once; see fnm_capture_errors_total)",
                    safeName(source), error);
            }
        }
    }

    /**
     * Builds a {@link DetectionEngine}.
     */
    public static final class Builder
    {
        private final EngineConfig config;
        private final List<AttackAction> actions = new ArrayList<>();
        private final List<CaptureSource> sources = new ArrayList<>();
        private final List<TrafficFilter> filters = new ArrayList<>();
        private final List<MetricsExporter> exporters = new ArrayList<>();
        private Clock clock = Clock.SYSTEM;
        private boolean discoverProviders = true;
        private boolean tickThread = true;
        private int partitions;
        private ClassLoader classLoader;

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
         * @param action an action to run on ban, details and unban (repeatable).
         * @return this builder.
         */
        public Builder action(final AttackAction action)
        {
            actions.add(Objects.requireNonNull(action, "action"));
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
         */
        public DetectionEngine build()
        {
            final List<String> found = new ArrayList<>();
            final List<AttackAction> allActions = new ArrayList<>(actions);
            final List<CaptureSource> allSources = new ArrayList<>(sources);
            final List<TrafficFilter> allFilters = new ArrayList<>(filters);
            final List<MetricsExporter> allExporters = new ArrayList<>(exporters);
            if (discoverProviders)
            {
                discover(found, allActions, allSources, allFilters);
                discoverExporters(found, allExporters);
            }
            return new DetectionEngine(this, allActions, allFilters, allSources, allExporters, found);
        }

        private ClassLoader loader()
        {
            return classLoader != null ? classLoader :
                Thread.currentThread().getContextClassLoader() != null ?
                Thread.currentThread().getContextClassLoader() : DetectionEngine.class.getClassLoader();
        }

        private void discoverExporters(final List<String> found, final List<MetricsExporter> allExporters)
        {
            final ConfigView settings = config.settings();
            for (final MetricsExporterProvider provider : ServiceDiscovery.load(MetricsExporterProvider.class,
                loader(), (what, ex) -> report(found, "broken " + what + ": " + ex, ex)))
            {
                try
                {
                    if (provider.isEnabled(settings))
                    {
                        allExporters.add(provider.create(settings));
                    }
                }
                catch (final RuntimeException | LinkageError ex)
                {
                    report(found, "metrics exporter provider " + provider.getClass().getName() + " failed: " + ex,
                        ex);
                }
            }
        }

        private void discover(final List<String> found, final List<AttackAction> allActions,
            final List<CaptureSource> allSources, final List<TrafficFilter> allFilters)
        {
            final ClassLoader loader = loader();
            final ConfigView settings = config.settings();
            for (final CaptureSourceProvider provider : ServiceDiscovery.load(CaptureSourceProvider.class, loader,
                (what, ex) -> report(found, "broken " + what + ": " + ex, ex)))
            {
                try
                {
                    if (!provider.isEnabled(settings))
                    {
                        continue;
                    }
                    if (!provider.isAvailable())
                    {
                        report(found, "capture source " + provider.name() + " is enabled but unavailable: " +
                            provider.unavailabilityCause(), provider.unavailabilityCause());
                        continue;
                    }
                    allSources.add(provider.create(settings));
                }
                catch (final RuntimeException | LinkageError ex)
                {
                    report(found, "capture source provider " + provider.getClass().getName() + " failed: " + ex, ex);
                }
            }
            for (final AttackActionProvider provider : ServiceDiscovery.load(AttackActionProvider.class, loader,
                (what, ex) -> report(found, "broken " + what + ": " + ex, ex)))
            {
                try
                {
                    if (provider.isEnabled(settings))
                    {
                        allActions.add(provider.create(settings));
                    }
                }
                catch (final RuntimeException | LinkageError ex)
                {
                    report(found, "action provider " + provider.getClass().getName() + " failed: " + ex, ex);
                }
            }
            allFilters.addAll(ServiceDiscovery.load(TrafficFilter.class, loader,
                (what, ex) -> report(found, "broken " + what + ": " + ex, ex)));
        }

        private static void report(final List<String> found, final String message, final Throwable cause)
        {
            found.add(message);
            LOG.warn(message, cause);
        }
    }
}
