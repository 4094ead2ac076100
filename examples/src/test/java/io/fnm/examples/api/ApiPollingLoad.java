package io.fnm.examples.api;

import io.fnm.actions.api.AttackHistory;
import io.fnm.actions.api.OperatorApi;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what 100 API clients polling {@code GET /api/v1/top} every second cost the capture path
 * ({@code benchmarks/api-polling.sh}): one capture thread feeds a real engine (tick thread on, 65 536 hosts of
 * 10.0.0.0/16) as fast as it can, in alternating rounds without and with the clients, and prints the records per
 * second of each round and the change of the medians.
 */
final class ApiPollingLoad
{
    private static final int HOSTS = 65_536;
    private static final int RING = 1 << 17;

    private ApiPollingLoad()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final long roundMillis = args.length > 2 ? Long.parseLong(args[2]) : 5_000;
        final EngineConfig config = EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .maxTrackedHosts(2 * HOSTS).globalThresholds(Thresholds.builder().enableBan(true)
                .threshold(ThresholdKind.PPS, 1_000_000_000L).build()).build();
        try (DetectionEngine engine = DetectionEngine.builder(config).discoverProviders(false).build())
        {
            engine.start();
            final OperatorApi api = new OperatorApi(engine, new AttackHistory(10, 0, Clock.SYSTEM), null, null);
            try (RunnerHttpServer server = OperatorView.server(new ApiSettings("127.0.0.1", 0, null), api).start())
            {
                run(engine.newSink("load"), "http://127.0.0.1:" + server.address().getPort(), clients, rounds,
                    roundMillis);
            }
        }
    }

    private static void run(final TrafficSink sink, final String base, final int clients, final int rounds,
        final long roundMillis) throws InterruptedException
    {
        final TrafficRecord[] records = records();
        final List<Double> without = new ArrayList<>();
        final List<Double> with = new ArrayList<>();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        feed(sink, records, roundMillis); // warm-up
        for (int round = 0; round < rounds; round++)
        {
            without.add(feed(sink, records, roundMillis));
            final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(4);
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int c = 0; c < clients; c++)
            {
                final HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/top?n=10&by=bytes"))
                    .timeout(Duration.ofSeconds(5)).build();
                pollers.scheduleAtFixedRate(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> (e == null && r.statusCode() == 200 ? answers : failures)
                        .incrementAndGet()), c * 1000L / clients, 1000, TimeUnit.MILLISECONDS);
            }
            with.add(feed(sink, records, roundMillis));
            pollers.shutdownNow();
            pollers.awaitTermination(5, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "round %d: without %.0f records/s, with %d clients %.0f records/s%n",
                round, without.get(round), clients, with.get(round));
        }
        final double a = median(without);
        final double b = median(with);
        System.out.printf(Locale.ROOT, "median without=%.0f with=%.0f change=%.2f%% answers=%d failures=%d%n", a, b,
            (b - a) * 100 / a, answers.get(), failures.get());
    }

    private static double feed(final TrafficSink sink, final TrafficRecord[] records, final long millis)
    {
        final long start = System.nanoTime();
        final long end = start + millis * 1_000_000L;
        long count = 0;
        int next = 0;
        while (System.nanoTime() < end)
        {
            for (int i = 0; i < 1024; i++)
            {
                sink.accept(records[next]);
                next = (next + 1) & (RING - 1);
            }
            count += 1024;
        }
        sink.flush();
        return count * 1e9 / (System.nanoTime() - start);
    }

    private static TrafficRecord[] records()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final TrafficRecord[] records = new TrafficRecord[RING];
        for (int i = 0; i < RING; i++)
        {
            records[i] = new TrafficRecord().ipv4(0xC0000000 | random.nextInt(1 << 24), 0x0A000000 + i % HOSTS)
                .protocol(random.nextBoolean() ? 6 : 17).packets(1).bytes(64 + random.nextInt(1437))
                .ports(random.nextInt(65536), 443);
        }
        return records;
    }

    private static double median(final List<Double> values)
    {
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
