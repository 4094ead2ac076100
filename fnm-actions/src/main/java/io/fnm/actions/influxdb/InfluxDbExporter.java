package io.fnm.actions.influxdb;

import io.fnm.actions.internal.FastNetMonSystemCounters;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes each snapshot to InfluxDB 1.x: one {@code POST /write?db=<database>&precision=ns} per push carrying
 * FastNetMon's measurements ({@code total_traffic}, {@code networks_traffic}, {@code hosts_traffic},
 * {@code system_counters}, {@code hosts_ipv6_traffic}, {@code networks_ipv6_traffic}, {@code total_traffic_ipv6}) in
 * line protocol with integer fields (see {@link InfluxLines}). The database is created ({@code CREATE DATABASE},
 * which does nothing when it exists) before the first write and again when a write says it is missing. With
 * {@code influxdb_auth = on} the user and password go in an HTTP Basic header (FastNetMon puts them in the URL).
 * <p>
 * {@link HttpClient} (built at the first push) with a connect timeout and a per-request timeout ({@link #TIMEOUT}); its
 * executor is a thread of ours, shut down on {@link #close()} (on Java 17 the client's own selector thread ends when
 * the client is garbage-collected; {@code HttpClient.close()} comes with Java 21). The host name is resolved at each
 * connection.
 */
public final class InfluxDbExporter implements MetricsExporter
{
    /** Connect and request timeout. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Writes attempted (FastNetMon's {@code influxdb_writes_total}). */
    public static final CounterDescriptor WRITES = CounterDescriptor.counter(
        FastNetMonSystemCounters.INFLUXDB_WRITES, "writes", "HTTP writes to InfluxDB attempted");
    /** Writes failed (FastNetMon's {@code influxdb_writes_failed}). */
    public static final CounterDescriptor WRITES_FAILED = CounterDescriptor.counter(
        FastNetMonSystemCounters.INFLUXDB_WRITES_FAILED, "writes", "HTTP writes to InfluxDB that failed");
    /** Lines written. */
    public static final CounterDescriptor LINES = CounterDescriptor.counter(
        "fnm_influxdb_lines_total", "lines", "Line protocol lines InfluxDB accepted");

    private final URI writeUri;
    private final URI queryUri;
    private final String authorization;
    private final long pushPeriodMillis;
    private final int topHosts;
    private final ExecutorService executor;
    private HttpClient client;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    private final String database;
    private boolean databaseReady;

    /**
     * @param host             InfluxDB's host (address or name).
     * @param port             its HTTP port.
     * @param database         the database, created when missing.
     * @param user             user for Basic authentication, or null for none.
     * @param password         its password (ignored without a user).
     * @param pushPeriodMillis the shortest time between two pushes.
     * @param topHosts         hosts per list (in/out by packets, bytes, flows) written as hosts_traffic.
     */
    public InfluxDbExporter(final String host, final int port, final String database, final String user,
        final String password, final long pushPeriodMillis, final int topHosts)
    {
        this.database = Objects.requireNonNull(database, "database");
        final String base = "http://" + (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
        this.writeUri = URI.create(base + "/write?db=" + encode(database) + "&precision=ns");
        this.queryUri = URI.create(base + "/query?q=" + encode("CREATE DATABASE \"" +
            database.replace("\\", "\\\\").replace("\"", "\\\"") + '"'));
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
            .encodeToString((user + ':' + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.pushPeriodMillis = pushPeriodMillis;
        this.topHosts = topHosts;
        this.executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "fnm-influxdb-http");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name()
    {
        return "influxdb";
    }

    @Override
    public long pushPeriodMillis()
    {
        return pushPeriodMillis;
    }

    @Override
    public int topHosts()
    {
        return topHosts;
    }

    @Override
    public void export(final TrafficSnapshot snapshot) throws IOException, InterruptedException
    {
        final StringBuilder body = new StringBuilder(16_384);
        final int count = InfluxLines.write(snapshot, topHosts, body);
        writes.incrementAndGet();
        try
        {
            if (!databaseReady)
            {
                createDatabase();
            }
            HttpResponse<String> response = post(writeUri, body.toString());
            if (response.statusCode() == 404 && response.body().contains("database not found"))
            {
                createDatabase();
                response = post(writeUri, body.toString());
            }
            check(response, "write to");
            lines.addAndGet(count);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            failed.incrementAndGet();
            throw ex;
        }
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(WRITES, writes.get());
        visitor.counter(WRITES_FAILED, failed.get());
        visitor.counter(LINES, lines.get());
    }

    @Override
    public void close()
    {
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

    private void createDatabase() throws IOException, InterruptedException
    {
        check(post(queryUri, ""), "create database " + database + " in");
        databaseReady = true;
    }

    private HttpResponse<String> post(final URI uri, final String body) throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        if (client == null)
        {
            // built at the first push, on the exporter's thread: a configuration check starts no HTTP machinery
            client = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(executor)
                .version(HttpClient.Version.HTTP_1_1).build();
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void check(final HttpResponse<String> response, final String what) throws IOException
    {
        if (response.statusCode() / 100 != 2)
        {
            final String text = response.body() == null ? "" : response.body().strip();
            throw new IOException("InfluxDB refused to " + what + ' ' + writeUri.getHost() + ':' +
                writeUri.getPort() + ": HTTP " + response.statusCode() + ' ' +
                (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return "influxdb " + writeUri.getHost() + ':' + writeUri.getPort() + " database " + database;
    }
}
