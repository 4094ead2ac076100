package io.fnm.examples;

import io.fnm.actions.prometheus.PrometheusMetrics;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.examples.http.RunnerHttpServer;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusEndpointTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    @Test
    void shouldServeEverySeriesOnceWithNetflowAndSflowRunning() throws Exception
    {
        final int netflowPortA = EndToEndFixture.freeUdpPort();
        final int netflowPortB = EndToEndFixture.freeUdpPort();
        final int sflowPort = EndToEndFixture.freeUdpPort();
        final EngineConfig config = EngineConfig.builder()
            .settings(ConfigView.of(Map.of(
                "netflow", "on", "netflow_host", "127.0.0.1", "netflow_port", netflowPortA + "," + netflowPortB,
                "sflow", "on", "sflow_host", "127.0.0.1", "sflow_port", Integer.toString(sflowPort))))
            .networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .build();
        final PrometheusMetrics metrics = PrometheusEndpoint.metricsIfEnabled(ConfigView.of(Map.of(
            "prometheus", "on")));
        try (DetectionEngine engine = DetectionEngine.builder(config).tickThread(false).metricsExporter(metrics)
            .build())
        {
            assertThat(engine.problems()).isEmpty();
            engine.start();
            assertThat(engine.problems()).isEmpty();
            // One exporter sending to both ports: two receive threads see it, its series must appear once.
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
            {
                for (int i = 0; i < 3; i++)
                {
                    send(socket, netflowV5(i, 2), netflowPortA);
                    send(socket, netflowV5(10 + i, 2), netflowPortB);
                    send(socket, sflowV5(i), sflowPort);
                }
            }
            awaitCounter(engine, "netflow_datagrams_total", 6);
            awaitCounter(engine, "sflow_decoder_datagrams_total", 3);
            engine.tick();
            awaitSnapshot(metrics);

            try (RunnerHttpServer server = new RunnerHttpServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), RunnerHttpServer.Limits.DEFAULT)
                .route("/metrics", new PrometheusEndpoint(metrics, engine::counters)).start())
            {
                final HttpResponse<String> response = get(server.address().getPort(), "/metrics", "GET");
                final String text = response.body();

                assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(get(server.address().getPort(), "/metrics", "POST").statusCode()).isEqualTo(405);
                assertEverySeriesAndHeaderOnce(text);
                assertThat(sum(text, "netflow_datagrams_total")).isEqualTo(6);
                assertThat(sum(text, "netflow_exporter_datagrams_total")).isEqualTo(6);
                assertThat(text).contains("netflow_exporter_datagrams_total{exporter=\"127.0.0.1\",version=\"5\"} 6\n")
                    .contains("# TYPE netflow_datagrams_total counter\n")
                    .contains("# TYPE netflow_templates_known gauge\n")
                    .contains("sflow_datagrams_total{agent=\"192.0.2.9\"} 3\n")
                    .contains("fnm_records_processed_total{source=")
                    .contains("fastnetmon_total_traffic_packets{traffic_direction=\"incoming\",protocol_version=")
                    .contains("fastnetmon_total_simple_packets_processed ")
                    .contains("# TYPE fnm_tick_duration_microseconds gauge\n")
                    .contains("fnm_metrics_exports_total{exporter=\"prometheus\"}");
            }
        }
    }

    @Test
    void shouldServeTheLiveCountersBeforeTheFirstTick() throws Exception
    {
        final EngineConfig config = EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/8"))).build();
        final PrometheusMetrics metrics = new PrometheusMetrics(20);
        try (DetectionEngine engine = DetectionEngine.builder(config).tickThread(false).discoverProviders(false)
            .metricsExporter(metrics).build();
            RunnerHttpServer server = new RunnerHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                RunnerHttpServer.Limits.DEFAULT).route("/metrics", new PrometheusEndpoint(metrics, engine::counters))
                .start())
        {
            assertThat(get(server.address().getPort(), "/metrics", "GET").body()).contains("fnm_ticks_total 0\n");
        }
    }

    private static HttpResponse<String> get(final int port, final String path, final String method)
        throws Exception
    {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitSnapshot(final PrometheusMetrics metrics) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (metrics.latest() == null && System.currentTimeMillis() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(10); // waiting for the exporter's thread, not for a tick
        }
        assertThat(metrics.latest()).as("a snapshot").isNotNull();
    }

    private static void assertEverySeriesAndHeaderOnce(final String text)
    {
        final Map<String, Integer> helps = new HashMap<>();
        final Map<String, Integer> types = new HashMap<>();
        final Set<String> series = new LinkedHashSet<>();
        final Map<String, Set<String>> labelNames = new HashMap<>();
        final List<String> duplicates = new ArrayList<>();
        String family = null;
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# HELP "))
            {
                helps.merge(line.split(" ")[2], 1, Integer::sum);
            }
            else if (line.startsWith("# TYPE "))
            {
                family = line.split(" ")[2];
                types.merge(family, 1, Integer::sum);
            }
            else
            {
                final String key = line.substring(0, line.lastIndexOf(' '));
                final String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                assertThat(name).as("series %s under the TYPE of its name", key).isEqualTo(family);
                if (!series.add(key))
                {
                    duplicates.add(key);
                }
                labelNames.computeIfAbsent(name, n -> new LinkedHashSet<>())
                    .add(key.replaceAll("=\"(?:[^\"\\\\]|\\\\.)*\"", ""));
            }
        }
        assertThat(duplicates).as("series reported twice").isEmpty();
        labelNames.forEach((name, shapes) -> assertThat(shapes).as("label names of %s", name).hasSize(1));
        assertThat(series).hasSizeGreaterThan(50);
        assertThat(helps.values()).containsOnly(1);
        assertThat(types.values()).containsOnly(1);
        assertThat(helps.keySet()).isEqualTo(types.keySet());
    }

    private static long sum(final String text, final String name)
    {
        long total = 0;
        for (final String line : text.split("\n"))
        {
            if (line.startsWith(name + " ") || line.startsWith(name + "{"))
            {
                total += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static void awaitCounter(final DetectionEngine engine, final String name, final long expected)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        final long[] value = new long[1];
        do
        {
            value[0] = 0;
            engine.counters((descriptor, label1, label2, v) ->
            {
                if (descriptor.name().equals(name))
                {
                    value[0] += v;
                }
            });
            if (value[0] >= expected)
            {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10); // waiting for the receive threads' I/O, not for a tick
        }
        while (System.currentTimeMillis() < deadline);
        assertThat(value[0]).as(name).isEqualTo(expected);
    }

    private static void send(final DatagramSocket socket, final byte[] datagram, final int port) throws Exception
    {
        socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
    }

    /** A NetFlow v5 datagram of UDP records from 192.0.2.1 to 10.0.0.1, one packet of 100 bytes each. */
    private static byte[] netflowV5(final int sequence, final int records)
    {
        final ByteBuffer b = ByteBuffer.allocate(24 + 48 * records);
        b.putShort((short)5).putShort((short)records).putInt(60_000).putInt(1_700_000_000).putInt(0)
            .putInt(sequence * records).put((byte)0).put((byte)0).putShort((short)0);
        for (int i = 0; i < records; i++)
        {
            b.putInt(0xC0000201).putInt(0x0A000001).putInt(0).putShort((short)1).putShort((short)2)
                .putInt(1).putInt(100).putInt(59_000).putInt(59_500).putShort((short)1000).putShort((short)53)
                .put((byte)0).put((byte)0).put((byte)17).put((byte)0).putShort((short)0).putShort((short)0)
                .put((byte)24).put((byte)8).putShort((short)0);
        }
        return b.array();
    }

    /** An sFlow v5 datagram from agent 192.0.2.9 carrying no sample. */
    private static byte[] sflowV5(final int sequence)
    {
        return ByteBuffer.allocate(28).putInt(5).putInt(1).putInt(0xC0000209).putInt(0).putInt(sequence)
            .putInt(1000).putInt(0).array();
    }
}
