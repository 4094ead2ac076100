package io.fnm.actions.prometheus;

import io.fnm.capture.CounterVisitor;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;

import java.util.function.Consumer;

/**
 * What {@code /metrics} serves, for any HTTP server: register it as an exporter
 * ({@link io.fnm.core.DetectionEngine.Builder#metricsExporter}), and answer a scrape with {@link #scrape()} and
 * {@link PrometheusText#CONTENT_TYPE}. It keeps the latest tick's snapshot (given every tick), so a scrape renders
 * text from memory: it takes no engine lock and costs the same however often it comes.
 * <pre>{@code
 * PrometheusMetrics prometheus = new PrometheusMetrics(20);
 * DetectionEngine engine = DetectionEngine.builder(config).metricsExporter(prometheus).build();
 * // in your handler of GET /metrics:
 * response.setContentType(PrometheusText.CONTENT_TYPE);
 * response.write(prometheus.scrape(engine::counters));
 * }</pre>
 * Before the first tick a scrape renders the counters read live from the source given to
 * {@link #scrape(Consumer)}, so {@code /metrics} is never empty.
 */
public final class PrometheusMetrics implements MetricsExporter
{
    private final int topHosts;
    private volatile TrafficSnapshot latest;

    /**
     * @param topHosts hosts per list (in/out by packets, bytes, flows) with per-host series; 0 for none.
     */
    public PrometheusMetrics(final int topHosts)
    {
        if (topHosts < 0 || topHosts > TrafficSnapshot.MAX_TOP_HOSTS)
        {
            throw new IllegalArgumentException("topHosts must be in 0.." + TrafficSnapshot.MAX_TOP_HOSTS + ": " +
                topHosts);
        }
        this.topHosts = topHosts;
    }

    @Override
    public void export(final TrafficSnapshot snapshot)
    {
        latest = snapshot;
    }

    @Override
    public String name()
    {
        return "prometheus";
    }

    @Override
    public int topHosts()
    {
        return Math.max(1, topHosts);
    }

    /**
     * @return the latest snapshot, or null before the first.
     */
    public TrafficSnapshot latest()
    {
        return latest;
    }

    /**
     * @return the exposition of the latest snapshot, in {@link PrometheusText#CONTENT_TYPE}; empty before the first.
     */
    public String scrape()
    {
        return scrape(null);
    }

    /**
     * @param beforeFirstTick counters rendered live while there is no snapshot yet (e.g. {@code engine::counters}),
     *                        or null.
     * @return the exposition of the latest snapshot, in {@link PrometheusText#CONTENT_TYPE}.
     */
    public String scrape(final Consumer<CounterVisitor> beforeFirstTick)
    {
        final TrafficSnapshot snapshot = latest;
        final StringBuilder text = new StringBuilder(16_384);
        if (snapshot != null)
        {
            PrometheusText.render(snapshot, topHosts, text);
        }
        else if (beforeFirstTick != null)
        {
            PrometheusText.renderCounters(beforeFirstTick, text);
        }
        return text.toString();
    }
}
