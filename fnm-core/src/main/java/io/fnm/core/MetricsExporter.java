package io.fnm.core;

import io.fnm.capture.CounterVisitor;

/**
 * Sends each tick's traffic figures somewhere (Graphite, InfluxDB, a Prometheus scrape, your own store). Register one
 * in code ({@link DetectionEngine.Builder#metricsExporter(MetricsExporter)}, a lambda will do) or through
 * {@link io.fnm.core.spi.MetricsExporterProvider}.
 * <p>
 * After a tick, when {@link #pushPeriodMillis()} has passed since the snapshot it was last given, the engine hands the
 * exporter a {@link TrafficSnapshot}: the totals, the per-network load, the top hosts and the engine's counters of
 * that tick, immutable. Each exporter runs on a thread of its own ({@code fnm-metrics-<name>}), never on the tick or
 * a capture thread, one call at a time. When the exporter is still busy with an earlier snapshot, the newer one
 * replaces the one waiting (counted in {@code fnm_metrics_snapshots_dropped_total}): a slow or dead server never
 * delays the tick or detection, and no queue grows. A call that throws is counted in
 * {@code fnm_metrics_export_failures_total} and logged once per kind of failure. {@link #close()} is called when the
 * engine closes, and the thread is joined.
 */
@FunctionalInterface
public interface MetricsExporter extends AutoCloseable
{
    /** Default of {@link #topHosts()}. */
    int DEFAULT_TOP_HOSTS = 20;

    /**
     * Export one snapshot. May block on I/O (with timeouts of its own): only this exporter waits.
     *
     * @param snapshot the tick's figures.
     * @throws Exception anything; it is counted and logged (once per kind).
     */
    void export(TrafficSnapshot snapshot) throws Exception;

    /**
     * @return a name for logs, the thread and the {@code exporter} label of counters; the class's simple name by
     * default.
     */
    default String name()
    {
        final String simple = getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$Lambda") || simple.contains("$Lambda") ? "lambda" : simple;
    }

    /**
     * @return the shortest time between two snapshots given to this exporter, in milliseconds of the engine's clock;
     * 0 (default) for every tick. A snapshot is given at the first tick at least this long after the previous one.
     */
    default long pushPeriodMillis()
    {
        return 0;
    }

    /**
     * @return how many hosts the snapshot lists per direction and per measure
     * ({@link TrafficSnapshot#topHosts(Direction, TopBy)}); the engine builds snapshots with the largest value any
     * exporter asks for (at most {@value TrafficSnapshot#MAX_TOP_HOSTS}).
     */
    default int topHosts()
    {
        return DEFAULT_TOP_HOSTS;
    }

    /**
     * Report this exporter's own counters (writes, failures, reconnects...), each series once per call; the engine
     * calls it from {@link DetectionEngine#counters}. Must be cheap and must not block.
     *
     * @param visitor receives each counter.
     */
    default void counters(final CounterVisitor visitor)
    {
    }

    /**
     * Release connections and threads of the exporter's own. Called once, when the engine closes, possibly while
     * {@link #export} is blocked on another thread (closing a socket is how such a call is ended).
     */
    @Override
    default void close()
    {
    }
}
