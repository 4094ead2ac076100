package io.fnm.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code /metrics} in Prometheus text format on {@code prometheus_host:prometheus_port} (FastNetMon's keys, default
 * 127.0.0.1:9209), enabled by {@code prometheus = on}. Serves every counter of the engine and of its capture sources
 * (e.g. {@code fnm_records_processed_total{source="..."}}, traffic totals per direction, bans), each metric name with
 * its {@code # HELP} and {@code # TYPE} from its {@link CounterDescriptor}.
 */
final class PrometheusEndpoint implements AutoCloseable
{
    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(final HttpServer server, final ExecutorService executor)
    {
        this.server = server;
        this.executor = executor;
    }

    static PrometheusEndpoint startIfEnabled(final ConfigView settings, final DetectionEngine engine)
        throws IOException
    {
        if (!settings.bool("prometheus", false))
        {
            return null;
        }
        final String host = settings.string("prometheus_host", "127.0.0.1");
        final int port = settings.intValue("prometheus_port", 9209, 0, 65535);
        return start(new InetSocketAddress(host, port), engine);
    }

    static PrometheusEndpoint start(final InetSocketAddress address, final DetectionEngine engine) throws IOException
    {
        final HttpServer server = HttpServer.create(address, 16);
        final ExecutorService executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "fnm-prometheus");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serve(exchange, engine));
        server.start();
        return new PrometheusEndpoint(server, executor);
    }

    InetSocketAddress address()
    {
        return server.getAddress();
    }

    static String render(final DetectionEngine engine)
    {
        final StringBuilder text = new StringBuilder(8192);
        render(engine::counters, text);
        return text.toString();
    }

    /**
     * Render every series a source of counters visits, in Prometheus text format 0.0.4: per metric name,
     * {@code # HELP} and {@code # TYPE} once (from the first descriptor seen under that name), then every series of
     * that name, whatever order they were visited in.
     *
     * @param counters visits the series (e.g. {@code engine::counters}).
     * @param text     where the exposition is appended.
     */
    static void render(final Consumer<CounterVisitor> counters, final StringBuilder text)
    {
        final Map<String, StringBuilder> families = new LinkedHashMap<>();
        counters.accept((descriptor, label1, label2, value) ->
        {
            final StringBuilder family = families.computeIfAbsent(descriptor.name(), name -> header(descriptor));
            descriptor.appendSeries(family, label1, label2).append(' ').append(value).append('\n');
        });
        families.values().forEach(text::append);
    }

    private static StringBuilder header(final CounterDescriptor descriptor)
    {
        final StringBuilder sb = new StringBuilder(256).append("# HELP ").append(descriptor.name()).append(' ');
        final String help = descriptor.help();
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            if (c == '\\')
            {
                sb.append("\\\\");
            }
            else if (c == '\n')
            {
                sb.append("\\n");
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append("\n# TYPE ").append(descriptor.name()).append(' ')
            .append(descriptor.type() == CounterDescriptor.Type.COUNTER ? "counter" : "gauge").append('\n');
    }

    private static void serve(final HttpExchange exchange, final DetectionEngine engine) throws IOException
    {
        try (exchange)
        {
            if (!"GET".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] body = render(engine).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
        try
        {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
