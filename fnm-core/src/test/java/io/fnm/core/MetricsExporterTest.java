package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.v4;
import static io.fnm.core.EngineFixture.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsExporterTest
{
    private final ManualClock clock = EngineFixture.clock();

    @Test
    @Timeout(30)
    void shouldListHostsWithEqualRatesInAddressOrderInTheSnapshot() throws Exception
    {
        final Recorder recorder = new Recorder(0, 3);
        try (DetectionEngine engine = engine(config().build(), recorder))
        {
            final TrafficSink sink = engine.newSink("test");
            for (final String host : List.of("10.0.0.9", "10.0.0.200", "10.0.0.3", "10.1.0.1"))
            {
                push(sink, v4("192.0.2.1", host, TrafficRecord.PROTOCOL_UDP, 1, 100), 10);
            }
            sink.flush();
            clock.advanceSeconds(1);
            engine.tick();

            assertThat(recorder.next().topHosts(Direction.INCOMING, TopBy.PACKETS)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.3", "10.0.0.9", "10.0.0.200");
        }
    }

    @Test
    @Timeout(30)
    void shouldGiveTheExporterTheTicksTotalsNetworksTopHostsAndCounters() throws Exception
    {
        final Recorder recorder = new Recorder(0, 2);
        try (DetectionEngine engine = engine(config().build(), recorder))
        {
            final TrafficSink sink = engine.newSink("test");
            push(sink, v4("192.0.2.1", "10.0.0.1", TrafficRecord.PROTOCOL_UDP, 1, 100), 300);
            push(sink, v4("192.0.2.1", "10.0.0.2", TrafficRecord.PROTOCOL_TCP, 1, 100), 200);
            push(sink, v4("192.0.2.1", "10.0.0.3", TrafficRecord.PROTOCOL_TCP, 1, 1500), 100);
            push(sink, v6("2001:db9::1", "2001:db8::5", TrafficRecord.PROTOCOL_UDP, 1, 100), 50);
            sink.flush();
            clock.advanceSeconds(1);
            engine.tick();

            final TrafficSnapshot snapshot = recorder.next();

            assertThat(snapshot.tick()).isEqualTo(1);
            assertThat(snapshot.epochMillis()).isEqualTo(clock.epochMillis());
            assertThat(snapshot.totals(4)).isEqualTo(engine.totals(4));
            assertThat(snapshot.totals(6)).isEqualTo(engine.totals(6));
            assertThat(snapshot.totals(6).packetsPerSecond(Direction.INCOMING, TrafficClass.UDP)).isPositive();
            assertThat(snapshot.networks()).isEqualTo(engine.networkLoad());
            assertThat(snapshot.topHosts(Direction.INCOMING, TopBy.PACKETS)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(snapshot.topHosts(Direction.INCOMING, TopBy.PACKETS).get(0).rates())
                .isEqualTo(engine.hostRates(EngineFixture.address("10.0.0.1")));
            assertThat(snapshot.topHosts(Direction.INCOMING, TopBy.BYTES)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.3", "10.0.0.1");
            assertThat(snapshot.hosts(2)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
            assertThat(snapshot.topHosts(Direction.OUTGOING, TopBy.PACKETS)).isEmpty();
            assertThat(snapshot.counterSum("fnm_ticks_total")).isEqualTo(1);
            assertThat(snapshot.counterSum("fnm_records_processed_total")).isEqualTo(650);
        }
    }

    @Test
    @Timeout(30)
    void shouldGiveASnapshotOnlyOncePerPushPeriod() throws Exception
    {
        final Recorder recorder = new Recorder(5_000, 20);
        try (DetectionEngine engine = engine(config().build(), recorder))
        {
            final List<Long> ticks = new ArrayList<>();
            tick(engine);
            ticks.add(recorder.next().tick());
            for (int i = 2; i <= 11; i++)
            {
                tick(engine);
                if (i == 6 || i == 11)
                {
                    ticks.add(recorder.next().tick());
                }
            }

            assertThat(ticks).containsExactly(1L, 6L, 11L);
            awaitCounter(engine, "fnm_metrics_exports_total", 3);
        }
    }

    @Test
    @Timeout(30)
    void shouldBanOnTimeAndDropSnapshotsWhenAnExporterHangs() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final MetricsExporter hung = snapshot ->
        {
            entered.countDown();
            release.await();
        };
        final RecordingAction action = new RecordingAction();
        final EngineConfig config = config().globalThresholds(ppsThreshold(1000).build()).build();
        try (DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).action(action).metricsExporter(hung).build())
        {
            final TrafficSink sink = engine.newSink("test");
            tick(engine);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            final long started = System.nanoTime();
            for (int i = 0; i < 5; i++)
            {
                tick(engine);
            }
            push(sink, v4("192.0.2.1", "10.0.0.9", TrafficRecord.PROTOCOL_UDP, 1, 100), 5000);
            sink.flush();
            tick(engine);
            final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(engine.banList()).extracting(entry -> entry.attack().ip()).containsExactly("10.0.0.9");
            assertThat(elapsedMillis).isLessThan(2_000);
            assertThat(counter(engine, "fnm_metrics_snapshots_dropped_total")).isEqualTo(5);
            assertThat(counter(engine, "fnm_metrics_exports_total")).isZero();
            release.countDown();
        }
    }

    @Test
    @Timeout(30)
    void shouldCountFailuresAndKeepExportingWhenAnExporterThrows() throws Exception
    {
        final LinkedBlockingQueue<Long> calls = new LinkedBlockingQueue<>();
        final MetricsExporter failing = snapshot ->
        {
            calls.add(snapshot.tick());
            throw new IllegalStateException("server down");
        };
        try (DetectionEngine engine = engine(config().build(), failing))
        {
            for (int i = 1; i <= 3; i++)
            {
                tick(engine);
                assertThat(calls.poll(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
            awaitCounter(engine, "fnm_metrics_export_failures_total", 3);

            assertThat(counter(engine, "fnm_metrics_exports_total")).isZero();
        }
    }

    @Test
    @Timeout(30)
    void shouldStopTheExporterThreadsAndCloseTheExportersWhenTheEngineCloses() throws Exception
    {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final MetricsExporter blocking = new MetricsExporter()
        {
            @Override
            public void export(final TrafficSnapshot snapshot) throws InterruptedException
            {
                entered.countDown();
                new CountDownLatch(1).await();
            }

            @Override
            public String name()
            {
                return "blocking";
            }

            @Override
            public void close()
            {
                closed.countDown();
            }
        };
        final DetectionEngine engine = engine(config().build(), blocking);
        tick(engine);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        final long started = System.nanoTime();

        engine.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3_000);
        assertThat(closed.getCount()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("fnm-metrics-"));
    }

    @Test
    @Timeout(30)
    void shouldReportTheTickDurationAfterATick()
    {
        try (DetectionEngine engine = engine(config().build()))
        {
            final TrafficSink sink = engine.newSink("test");
            for (int i = 0; i < 5_000; i++)
            {
                sink.accept(v4("192.0.2.1", "10.1." + (i >> 8) + "." + (i & 255), TrafficRecord.PROTOCOL_UDP, 1, 64));
            }
            sink.flush();
            assertThat(counter(engine, "fnm_tick_duration_microseconds_total")).isZero();

            tick(engine);
            final long last = counter(engine, "fnm_tick_duration_microseconds");
            final long total = counter(engine, "fnm_tick_duration_microseconds_total");

            assertThat(last).isPositive();
            assertThat(total).isEqualTo(last);
            tick(engine);
            assertThat(counter(engine, "fnm_tick_duration_microseconds_total"))
                .isCloseTo(total + counter(engine, "fnm_tick_duration_microseconds"), within(1L));
        }
    }

    private DetectionEngine engine(final EngineConfig config, final MetricsExporter... exporters)
    {
        final DetectionEngine.Builder b = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false);
        for (final MetricsExporter exporter : exporters)
        {
            b.metricsExporter(exporter);
        }
        final DetectionEngine engine = b.build();
        engine.start();
        return engine;
    }

    private void tick(final DetectionEngine engine)
    {
        clock.advanceSeconds(1);
        engine.tick();
    }

    private static void push(final TrafficSink sink, final TrafficRecord record, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            sink.accept(record);
        }
    }

    static long counter(final DetectionEngine engine, final String name)
    {
        final long[] sum = new long[1];
        engine.counters((descriptor, label1, label2, value) ->
        {
            if (descriptor.name().equals(name))
            {
                sum[0] += value;
            }
        });
        return sum[0];
    }

    private static void awaitCounter(final DetectionEngine engine, final String name, final long expected)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter(engine, name) < expected && System.nanoTime() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(5); // waiting for the exporter's thread, not for a tick
        }
        assertThat(counter(engine, name)).isEqualTo(expected);
    }

    /** Keeps every snapshot given, for the test thread to take. */
    private static final class Recorder implements MetricsExporter
    {
        private final LinkedBlockingQueue<TrafficSnapshot> snapshots = new LinkedBlockingQueue<>();
        private final long periodMillis;
        private final int top;

        Recorder(final long periodMillis, final int top)
        {
            this.periodMillis = periodMillis;
            this.top = top;
        }

        @Override
        public void export(final TrafficSnapshot snapshot)
        {
            snapshots.add(snapshot);
        }

        @Override
        public long pushPeriodMillis()
        {
            return periodMillis;
        }

        @Override
        public int topHosts()
        {
            return top;
        }

        TrafficSnapshot next() throws InterruptedException
        {
            final TrafficSnapshot snapshot = snapshots.poll(10, TimeUnit.SECONDS);
            assertThat(snapshot).as("a snapshot within 10 s").isNotNull();
            return snapshot;
        }
    }
}
