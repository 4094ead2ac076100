package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.engine;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.second;
import static io.fnm.core.EngineFixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

class EngineThreadsTest
{
    private final ManualClock clock = EngineFixture.clock();

    @Test
    @Timeout(60)
    void shouldCountExactlyWhenSeveralThreadsIngestWhileTicksRun() throws Exception
    {
        final int threads = 4;
        final int perThread = 1_000_000;
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final CyclicBarrier start = new CyclicBarrier(threads + 1);
            final List<Thread> writers = new ArrayList<>();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++)
            {
                final TrafficSink sink = engine.newSink("writer");
                final int id = t;
                final Thread writer = new Thread(() ->
                {
                    try
                    {
                        final TrafficRecord record = v4("192.0.2.1", "10.0.0." + (id + 1),
                            TrafficRecord.PROTOCOL_UDP, 1, 10);
                        start.await();
                        for (int i = 0; i < perThread; i++)
                        {
                            record.ports(i & 0xFFFF, 53).packets(1 + (i & 3));
                            sink.accept(record);
                            if ((i & 8191) == 0)
                            {
                                sink.flush();
                            }
                        }
                        sink.flush();
                    }
                    catch (final Throwable ex)
                    {
                        failure.set(ex);
                    }
                }, "writer-" + t);
                writer.start();
                writers.add(writer);
            }
            start.await();
            int ticks = 0;
            while (writers.stream().anyMatch(Thread::isAlive))
            {
                clock.advance(10, TimeUnit.MILLISECONDS);
                engine.tick();
                ticks++;
            }
            for (final Thread w : writers)
            {
                w.join();
            }
            clock.advanceSeconds(1);
            engine.tick();
            assertThat(failure.get()).isNull();
            assertThat(ticks).isPositive();
            final long[] counted = new long[2];
            engine.counters((descriptor, label1, label2, value) ->
            {
                if (descriptor.name().equals("fnm_traffic_packets_total") && "incoming".equals(label1) &&
                    "4".equals(label2))
                {
                    counted[0] = value;
                }
                if (descriptor.name().equals("fnm_records_processed_total"))
                {
                    counted[1] = value;
                }
            });
            final long expectedPackets = (long)threads * (perThread / 4) * (1 + 2 + 3 + 4);
            assertThat(counted[0]).isEqualTo(expectedPackets);
            assertThat(counted[1]).isEqualTo((long)threads * perThread);
        }
    }

    @Test
    void shouldNotDelayOtherActionsOrDetectionWhenOneActionHangs() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final RecordingAction healthy = new RecordingAction();
        final AttackAction hanging = new AttackAction()
        {
            @Override
            public void onBan(final Attack attack) throws Exception
            {
                release.await();
            }

            @Override
            public String name()
            {
                return "hanging";
            }
        };
        final AttackAction failing = attack ->
        {
            throw new IllegalStateException("boom");
        };
        final EngineConfig cfg = config().actionTimeoutSeconds(1).globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(cfg, clock, hanging, failing, healthy))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.6", TrafficRecord.PROTOCOL_UDP, 100, 100));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", TrafficRecord.PROTOCOL_UDP, 100, 100), 1);
            assertThat(engine.banList()).hasSize(2);
            assertThat(List.of(healthy.next().kind(), healthy.next().kind(), healthy.next().kind(),
                healthy.next().kind())).containsOnly("ban", "details");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long timeouts = 0;
            long failures = 0;
            while (System.nanoTime() < deadline && (timeouts == 0 || failures < 2))
            {
                final long[] values = new long[2];
                engine.counters((descriptor, label1, label2, value) ->
                {
                    if (descriptor.name().equals("fnm_action_timeouts_total") && "hanging".equals(label1))
                    {
                        values[0] = value;
                    }
                    if (descriptor.name().equals("fnm_action_failures_total") && "lambda".equals(label1))
                    {
                        values[1] = value;
                    }
                });
                timeouts = values[0];
                failures = values[1];
                Thread.onSpinWait();
            }
            assertThat(timeouts).isGreaterThanOrEqualTo(1);
            assertThat(failures).isEqualTo(2);
            release.countDown();
        }
    }

    @Test
    void shouldLeaveNoThreadAliveAfterClose() throws Exception
    {
        final DetectionEngine engine = DetectionEngine.builder(config().build()).clock(clock)
            .action(new RecordingAction()).discoverProviders(false).build();
        engine.start();
        engine.ban(EngineFixture.address("10.0.0.1"));
        engine.close();
        engine.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("fnm-") && t.isAlive());
    }

    @Test
    void shouldRunActionOffTheCallingThreadWithItsName() throws Exception
    {
        final AtomicReference<String> threadName = new AtomicReference<>();
        final CountDownLatch called = new CountDownLatch(1);
        try (DetectionEngine engine = engine(config().build(), clock, attack ->
        {
            threadName.set(Thread.currentThread().getName());
            called.countDown();
        }))
        {
            engine.ban(EngineFixture.address("10.0.0.1"));
            assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(threadName.get()).startsWith("fnm-action-");
        }
    }
}
