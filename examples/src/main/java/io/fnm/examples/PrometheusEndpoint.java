package io.fnm.examples;

import io.fnm.actions.prometheus.PrometheusMetrics;
import io.fnm.actions.prometheus.PrometheusText;
import io.fnm.capture.CounterVisitor;
import io.fnm.config.ConfigView;
import io.fnm.examples.http.RunnerHttpServer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.function.Consumer;

/**
 * {@code GET /metrics}: the library's {@link PrometheusMetrics} (the latest tick's snapshot rendered as Prometheus
 * text, or the live counters before the first tick) with {@link PrometheusText#CONTENT_TYPE}; anything but GET and
 * HEAD is 405. Served by the {@link RunnerHttpServer} on {@code prometheus_host:prometheus_port} (FastNetMon's keys,
 * default 127.0.0.1:9209) when {@code prometheus = on}; {@code prometheus_top_hosts} (ours, default 20) bounds the
 * per-host series.
 */
final class PrometheusEndpoint extends Handler.Abstract.NonBlocking
{
    /** The switch. */
    static final String ENABLED_KEY = "prometheus";
    /** Where to listen. */
    static final String HOST_KEY = "prometheus_host";
    /** Its port. */
    static final String PORT_KEY = "prometheus_port";
    /** Hosts per list with per-host series (ours). */
    static final String TOP_HOSTS_KEY = "prometheus_top_hosts";

    private final PrometheusMetrics metrics;
    private final Consumer<CounterVisitor> liveCounters;

    /**
     * @param metrics      the exporter registered with the engine.
     * @param liveCounters what to render before the first tick (the engine's counters).
     */
    PrometheusEndpoint(final PrometheusMetrics metrics, final Consumer<CounterVisitor> liveCounters)
    {
        this.metrics = metrics;
        this.liveCounters = liveCounters;
    }

    /**
     * @param settings the configuration.
     * @return the exporter to register when {@code prometheus = on}, else null.
     */
    static PrometheusMetrics metricsIfEnabled(final ConfigView settings)
    {
        if (!settings.bool(ENABLED_KEY, false))
        {
            return null;
        }
        return new PrometheusMetrics(settings.intValue(TOP_HOSTS_KEY, 20, 0, 10_000));
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback)
    {
        final String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method))
        {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        final String body = metrics.scrape(liveCounters);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
        if (HttpMethod.HEAD.is(method))
        {
            callback.succeeded();
            return true;
        }
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
