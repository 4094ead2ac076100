package io.fnm.examples.api;

import io.fnm.actions.api.AttackHistory;
import io.fnm.actions.api.OperatorApi;
import io.fnm.actions.kafka.KafkaClusterView;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import io.fnm.examples.http.RunnerHttpServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real engine on a {@link ManualClock} (no tick thread) with the operator API served by the runner's server on a
 * free loopback port; closes both.
 */
final class ApiFixture implements AutoCloseable
{
    static final String TOKEN = "s3cret-token";
    static final int THRESHOLD_PPS = 10_000;

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final AttackHistory history = new AttackHistory(3, 5, clock);
    final DetectionEngine engine;
    final RunnerHttpServer server;
    final TrafficSink sink;
    final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ApiFixture(final String token, final OperatorApi.Reloader reloader) throws Exception
    {
        this(token, reloader, null);
    }

    ApiFixture(final String token, final OperatorApi.Reloader reloader, final KafkaClusterView cluster)
        throws Exception
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("2001:db8::/32")))
            .averageCalculationTimeSeconds(1).banDetailsRecordsCount(2)
            .globalThresholds(Thresholds.builder().enableBan(true).enableBanIpv6(true)
                .threshold(ThresholdKind.PPS, THRESHOLD_PPS).build())
            .settings(ConfigView.of(Map.of("influxdb_password", "hunter2",
                "webhook_url", "https://ops:pw@hooks.example/x", "api_port", "9210")))
            .build();
        engine = DetectionEngine.builder(config).clock(clock).tickThread(false).discoverProviders(false)
            .action(history).build();
        engine.start();
        sink = engine.newSink("test");
        server = OperatorView.server(new ApiSettings("127.0.0.1", 0, token),
            new OperatorApi(engine, history, token, reloader), cluster).start();
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    ApiFixture() throws Exception
    {
        this(TOKEN, null);
    }

    /** One second of traffic: {@code pps} packets of {@code bytes} bytes from 192.0.2.1 to {@code dst}, then a tick. */
    void second(final String dst, final int protocol, final long pps, final long bytesPerPacket)
    {
        sink.accept(record("192.0.2.1", dst, protocol, pps, pps * bytesPerPacket));
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();
    }

    static TrafficRecord record(final String src, final String dst, final int protocol, final long packets,
        final long bytes)
    {
        final TrafficRecord r = new TrafficRecord();
        if (dst.contains(":"))
        {
            final long[] s = IpAddresses.parseIpv6(src.contains(":") ? src : "2001:db9::1");
            final long[] d = IpAddresses.parseIpv6(dst);
            r.ipv6(s[0], s[1], d[0], d[1]);
        }
        else
        {
            r.ipv4(IpAddresses.parseIpv4(src), IpAddresses.parseIpv4(dst));
        }
        return r.protocol(protocol).packets(packets).bytes(bytes).ports(1000, 80);
    }

    HttpResponse<String> get(final String path) throws Exception
    {
        return send("GET", path, null, null);
    }

    HttpResponse<String> send(final String method, final String path, final String body, final String token)
        throws Exception
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Wait for the action threads (not a tick) to deliver to the history. */
    void awaitHistory(final int size) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (history.size() < size && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
    }

    @Override
    public void close()
    {
        server.close();
        engine.close();
    }
}
