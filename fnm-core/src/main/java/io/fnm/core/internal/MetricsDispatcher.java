package io.fnm.core.internal;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterTotals;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands tick snapshots to the {@link MetricsExporter}s, each on a thread of its own ({@code fnm-metrics-<name>},
 * started at the first snapshot) with a mailbox of one: the tick never waits, a newer snapshot replaces one the
 * exporter has not taken yet (counted), and nothing queues up behind a slow server. The counters a snapshot carries
 * are read on the exporter's thread, once per snapshot however many exporters share it.
 * <p>
 * {@link #due} and {@link #dispatch} run on the tick under the engine lock; {@link #close} stops and joins every
 * thread within a deadline.
 */
public final class MetricsDispatcher
{
    /** Label: the exporter's name. */
    public static final String EXPORTER = "exporter";
    /** Snapshots exported. */
    public static final CounterDescriptor EXPORTS = CounterDescriptor.counter(
        "fnm_metrics_exports_total", "snapshots", "Tick snapshots a metrics exporter handled without error",
        EXPORTER);
    /** Exports that threw. */
    public static final CounterDescriptor EXPORT_FAILURES = CounterDescriptor.counter(
        "fnm_metrics_export_failures_total", "snapshots", "Tick snapshots whose export threw, by exporter", EXPORTER);
    /** Snapshots replaced before the exporter took them. */
    public static final CounterDescriptor SNAPSHOTS_DROPPED = CounterDescriptor.counter(
        "fnm_metrics_snapshots_dropped_total", "snapshots",
        "Tick snapshots replaced by a newer one because the exporter was still busy (a slow or dead server)",
        EXPORTER);
    /** How long the last export took. */
    public static final CounterDescriptor EXPORT_DURATION = CounterDescriptor.gauge(
        "fnm_metrics_export_duration_microseconds", "microseconds", "How long the last export took, by exporter",
        EXPORTER);

    private static final Logger LOG = LoggerFactory.getLogger(MetricsDispatcher.class);
    private static final int MAX_LOGGED_FAILURES = 64;

    private final List<Worker> workers = new ArrayList<>();
    private final Consumer<CounterVisitor> countersSource;
    private final int topHosts;
    private TrafficSnapshot countedFrom;
    private TrafficSnapshot counted;
    private boolean started;
    private volatile boolean closed;

    /**
     * @param exporters      the exporters.
     * @param countersSource visits the counters a snapshot carries (the engine's, its sources', actions' and
     *                       exporters').
     */
    public MetricsDispatcher(final List<MetricsExporter> exporters, final Consumer<CounterVisitor> countersSource)
    {
        this.countersSource = countersSource;
        int most = 1;
        for (final MetricsExporter exporter : exporters)
        {
            final Worker worker = new Worker(exporter);
            workers.add(worker);
            most = Math.max(most, Math.min(TrafficSnapshot.MAX_TOP_HOSTS, Math.max(1, safeTopHosts(exporter))));
        }
        this.topHosts = most;
    }

    /**
     * @return hosts per list a snapshot must hold: the largest any exporter asks for.
     */
    int topHosts()
    {
        return topHosts;
    }

    /**
     * @param nowNanos the engine clock now.
     * @return true when some exporter is due a snapshot.
     */
    boolean due(final long nowNanos)
    {
        if (closed)
        {
            return false;
        }
        for (final Worker worker : workers)
        {
            if (worker.due(nowNanos))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Give the snapshot to every exporter that is due; never blocks.
     *
     * @param nowNanos the engine clock now.
     * @param traffic  the tick's traffic (counters are added on the exporters' threads).
     */
    void dispatch(final long nowNanos, final TrafficSnapshot traffic)
    {
        if (closed)
        {
            return;
        }
        if (!started)
        {
            started = true;
            workers.forEach(Worker::start);
        }
        for (final Worker worker : workers)
        {
            if (worker.due(nowNanos))
            {
                worker.give(nowNanos, traffic);
            }
        }
    }

    /**
     * @param visitor receives each exporter's counters and its own.
     */
    void counters(final CounterVisitor visitor)
    {
        final CounterTotals perExporter = new CounterTotals(); // two exporters may share a name (two lambdas)
        for (final Worker worker : workers)
        {
            perExporter.counter(EXPORTS, worker.name, worker.exports.get());
            perExporter.counter(EXPORT_FAILURES, worker.name, worker.failures.get());
            perExporter.counter(SNAPSHOTS_DROPPED, worker.name, worker.dropped.get());
            perExporter.counter(EXPORT_DURATION, worker.name, worker.lastDurationMicros);
        }
        perExporter.replay(visitor);
        for (final Worker worker : workers)
        {
            try
            {
                worker.exporter.counters(visitor);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("counters of metrics exporter {} failed", worker.name, ex);
            }
        }
    }

    /**
     * Stop the threads, close the exporters (which ends a call blocked on a socket) and join the threads.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which to give up joining.
     */
    void close(final long deadlineNanos)
    {
        closed = true;
        for (final Worker worker : workers)
        {
            worker.stop();
        }
        for (final Worker worker : workers)
        {
            worker.join(deadlineNanos);
        }
    }

    private synchronized TrafficSnapshot withCounters(final TrafficSnapshot traffic)
    {
        if (countedFrom != traffic)
        {
            counted = traffic.withCounters(countersSource);
            countedFrom = traffic;
        }
        return counted;
    }

    private static int safeTopHosts(final MetricsExporter exporter)
    {
        try
        {
            return exporter.topHosts();
        }
        catch (final RuntimeException ex)
        {
            return MetricsExporter.DEFAULT_TOP_HOSTS;
        }
    }

    private static String safeName(final MetricsExporter exporter)
    {
        try
        {
            final String name = exporter.name();
            return name == null || name.isEmpty() ? exporter.getClass().getName() : name;
        }
        catch (final RuntimeException ex)
        {
            return exporter.getClass().getName();
        }
    }

    /** One exporter's thread and mailbox. */
    private final class Worker implements Runnable
    {
        final MetricsExporter exporter;
        final String name;
        final AtomicLong exports = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        volatile long lastDurationMicros;

        private final long periodNanos;
        private final AtomicReference<TrafficSnapshot> mailbox = new AtomicReference<>();
        private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();
        private long lastGivenNanos;
        private boolean given;
        private boolean failing;
        private volatile Thread thread;
        private volatile boolean running = true;

        Worker(final MetricsExporter exporter)
        {
            this.exporter = exporter;
            this.name = safeName(exporter);
            long period;
            try
            {
                period = TimeUnit.MILLISECONDS.toNanos(Math.max(0, exporter.pushPeriodMillis()));
            }
            catch (final RuntimeException ex)
            {
                period = 0;
            }
            this.periodNanos = period;
        }

        boolean due(final long nowNanos)
        {
            return !given || nowNanos - lastGivenNanos >= periodNanos;
        }

        void give(final long nowNanos, final TrafficSnapshot traffic)
        {
            given = true;
            lastGivenNanos = nowNanos;
            if (mailbox.getAndSet(traffic) != null)
            {
                dropped.incrementAndGet();
            }
            LockSupport.unpark(thread);
        }

        void start()
        {
            thread = new Thread(this, "fnm-metrics-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run()
        {
            while (running)
            {
                final TrafficSnapshot traffic = mailbox.getAndSet(null);
                if (traffic == null)
                {
                    Thread.interrupted(); // an exporter's leftover interrupt must not turn park into a spin
                    LockSupport.park(this);
                    continue;
                }
                export(withCounters(traffic));
            }
        }

        private void export(final TrafficSnapshot snapshot)
        {
            final long started = System.nanoTime();
            try
            {
                exporter.export(snapshot);
                exports.incrementAndGet();
                if (failing)
                {
                    failing = false;
                    LOG.info("metrics exporter {} works again", name);
                }
            }
            catch (final Exception | LinkageError ex)
            {
                failures.incrementAndGet();
                failing = true;
                if (!running)
                {
                    return;
                }
                final String kind = ex.getClass().getName() + '|' + ex.getMessage();
                if (loggedFailures.size() < MAX_LOGGED_FAILURES && loggedFailures.add(kind))
                {
                    LOG.warn("metrics exporter {} failed: {} (each kind of failure logged once; see " +
                        "fnm_metrics_export_failures_total)", name, ex.toString(), ex);
                }
                else
                {
                    LOG.debug("metrics exporter {} failed", name, ex);
                }
            }
            finally
            {
                lastDurationMicros = (System.nanoTime() - started) / 1000;
            }
        }

        void stop()
        {
            running = false;
            try
            {
                exporter.close();
            }
            catch (final Exception | LinkageError ex)
            {
                LOG.warn("closing metrics exporter {} failed", name, ex);
            }
            if (thread != null)
            {
                thread.interrupt();
                LockSupport.unpark(thread);
            }
        }

        void join(final long deadlineNanos)
        {
            if (thread == null)
            {
                return;
            }
            try
            {
                final long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
                thread.join(millis);
                if (thread.isAlive())
                {
                    LOG.warn("metrics exporter {} did not stop in time; its daemon thread is left to end", name);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
