package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.engine;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.second;
import static io.fnm.core.EngineFixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, "drowning mitigation": a storm of bans, or a hung call, must not hold back the ban of a real victim.
 */
class BanStormTest
{
    /** Storm bans: 1 200 in CI; the long form runs with {@code -Dfnm.storm.hosts=100000} (README). */
    private static final int STORM = Integer.getInteger("fnm.storm.hosts", 1_200);
    private static final String VICTIM = "10.200.0.1";

    private final ManualClock clock = EngineFixture.clock();

    /**
     * An action whose calls about storm hosts each take up to 50 ms until the victim's ban has arrived (then they
     * are instant): a victim queued behind the storm would wait minutes.
     */
    private static final class SlowAction implements AttackAction
    {
        final CountDownLatch victimBanned = new CountDownLatch(1);
        private final String name;
        private final int concurrency;
        private final long millisPerStormCall;

        SlowAction(final String name, final int concurrency, final long millisPerStormCall)
        {
            this.name = name;
            this.concurrency = concurrency;
            this.millisPerStormCall = millisPerStormCall;
        }

        @Override
        public void onBan(final Attack attack) throws InterruptedException
        {
            if (attack.ip().equals(VICTIM))
            {
                victimBanned.countDown();
            }
            else
            {
                victimBanned.await(millisPerStormCall, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
            throws InterruptedException
        {
            victimBanned.await(millisPerStormCall, TimeUnit.MILLISECONDS);
        }

        @Override
        public int maxConcurrentCalls()
        {
            return concurrency;
        }

        @Override
        public String name()
        {
            return name;
        }
    }

    @Test
    void shouldBanTheVictimInEveryActionWithinOneSecondWhenAStormOfSmallerBansIsInFlight() throws Exception
    {
        final SlowAction serial = new SlowAction("serial", 1, 50);
        final SlowAction pooled = new SlowAction("pooled", 4, 50);
        final SlowAction fast = new SlowAction("fast", 1, 0);
        final EngineConfig cfg = config().globalThresholds(ppsThreshold(10).build()).maxBannedHosts(STORM + 1).build();
        try (DetectionEngine engine = engine(cfg, clock, serial, pooled, fast))
        {
            final TrafficSink sink = engine.newSink("storm");
            for (int i = 0; i < STORM; i++)
            {
                sink.accept(v4("192.0.2.1", "10." + (2 + (i >> 16)) + "." + ((i >> 8) & 255) + "." + (i & 255),
                    TrafficRecord.PROTOCOL_UDP, 100, 6_400));
            }
            sink.flush();
            clock.advanceSeconds(1);
            engine.tick();
            assertThat(engine.banList()).hasSize(STORM);
            second(engine, clock, sink, v4("192.0.2.1", VICTIM, TrafficRecord.PROTOCOL_UDP, 60_000, 3_840_000), 1);
            final long detectedNanos = System.nanoTime();
            assertThat(engine.banList()).hasSize(STORM + 1);
            for (final SlowAction action : List.of(serial, pooled, fast))
            {
                final long leftNanos = detectedNanos + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
                assertThat(action.victimBanned.await(leftNanos, TimeUnit.NANOSECONDS))
                    .as("%s got the victim's ban within 1 s of detection", action.name()).isTrue();
            }
        }
    }

    /** An action whose ban of one host hangs until released; it records the other bans. */
    private static final class HangingAction implements AttackAction
    {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch hanging = new CountDownLatch(1);
        final CountDownLatch nextVictimBanned = new CountDownLatch(1);
        private final int concurrency;
        private final String hangingHost;

        HangingAction(final int concurrency, final String hangingHost)
        {
            this.concurrency = concurrency;
            this.hangingHost = hangingHost;
        }

        @Override
        public void onBan(final Attack attack) throws InterruptedException
        {
            if (attack.ip().equals(hangingHost))
            {
                hanging.countDown();
                release.await();
            }
            else
            {
                nextVictimBanned.countDown();
            }
        }

        @Override
        public int maxConcurrentCalls()
        {
            return concurrency;
        }
    }

    @Test
    void shouldBanTheNextVictimInTheSameActionWhenACallForAnotherVictimHangs() throws Exception
    {
        final HangingAction pooled = new HangingAction(4, "10.0.0.5");
        try (DetectionEngine engine = engine(config().actionTimeoutSeconds(30).build(), clock, pooled))
        {
            engine.ban(address("10.0.0.5"));
            engine.ban(address("10.0.0.6"));
            assertThat(pooled.nextVictimBanned.await(1, TimeUnit.SECONDS)).isTrue();
            pooled.release.countDown();
        }
    }

    @Test
    void shouldBanTheNextVictimInAnotherActionWhenACallForAnotherVictimHangs() throws Exception
    {
        final HangingAction serial = new HangingAction(1, "10.0.0.5");
        final HangingAction other = new HangingAction(1, "none");
        try (DetectionEngine engine = engine(config().actionTimeoutSeconds(30).build(), clock, serial, other))
        {
            engine.ban(address("10.0.0.5"));
            engine.ban(address("10.0.0.6"));
            assertThat(other.nextVictimBanned.await(1, TimeUnit.SECONDS)).isTrue();
            serial.release.countDown();
            other.release.countDown();
        }
    }

    @Test
    void shouldCloseWithinTwoSecondsAndLeaveNoThreadWhenAnActionHangs() throws Exception
    {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch never = new CountDownLatch(1);
        final DetectionEngine engine = DetectionEngine.builder(config().actionTimeoutSeconds(30).build()).clock(clock)
            .action(attack ->
            {
                started.countDown();
                never.await();
            })
            .discoverProviders(false).build();
        engine.start();
        engine.ban(address("10.0.0.1"));
        engine.ban(address("10.0.0.2"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        final long start = System.nanoTime();
        engine.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("fnm-") && t.isAlive());
    }

    @Test
    void shouldDeliverTheCallsAlreadyMadeWhenClosedRightAfterThem() throws Exception
    {
        final RecordingAction recording = new RecordingAction();
        final DetectionEngine engine = engine(config().build(), clock, recording);
        engine.ban(address("10.0.0.5"));
        engine.ban(address("10.0.0.6"));
        engine.unban(address("10.0.0.5"));
        engine.close();
        assertThat(List.of(recording.next().kind(), recording.next().kind(), recording.next().kind()))
            .containsExactlyInAnyOrder("ban", "ban", "unban");
    }

    @Test
    void shouldCountTheCallsNotMadeByActionAndCallWhenStoppedWithCallsWaiting() throws Exception
    {
        final HangingAction serial = new HangingAction(1, "10.0.0.5");
        final DetectionEngine engine = engine(config().actionTimeoutSeconds(30).build(), clock, serial);
        engine.ban(address("10.0.0.5"));
        assertThat(serial.hanging.await(10, TimeUnit.SECONDS)).isTrue();
        engine.ban(address("10.0.0.6"));
        engine.ban(address("10.0.0.7"));
        engine.close();
        final long[] dropped = new long[1];
        engine.counters((descriptor, action, call, value) ->
        {
            if (descriptor.name().equals("fnm_action_calls_dropped_total") && "ban".equals(call))
            {
                dropped[0] += value;
            }
        });
        assertThat(dropped[0]).isEqualTo(2);
    }

    @Test
    void shouldNotBanMoreThanMaxBannedHostsAndCountTheDetectionsSkipped()
    {
        final EngineConfig cfg = config().globalThresholds(ppsThreshold(10).build()).maxBannedHosts(2).build();
        try (DetectionEngine engine = engine(cfg, clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.1", TrafficRecord.PROTOCOL_UDP, 100, 100));
            sink.accept(v4("192.0.2.1", "10.0.0.2", TrafficRecord.PROTOCOL_UDP, 100, 100));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.3", TrafficRecord.PROTOCOL_UDP, 100, 100), 1);
            assertThat(engine.banList()).hasSize(2);
            assertThat(counter(engine, "fnm_bans_skipped_total")).isEqualTo(1);
        }
    }

    @Test
    void shouldDeliverAttackDetailsAtOnceWithoutRecordsWhenBanDetailsMaxOpenIsReached() throws Exception
    {
        final RecordingAction recording = new RecordingAction();
        final EngineConfig cfg = config().globalThresholds(ppsThreshold(10).build()).banDetailsRecordsCount(5)
            .banDetailsMaxOpen(1).build();
        try (DetectionEngine engine = engine(cfg, clock, recording))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.1", TrafficRecord.PROTOCOL_UDP, 100, 100));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.2", TrafficRecord.PROTOCOL_UDP, 100, 100), 1);
            assertThat(engine.banList()).hasSize(2);
            final List<String> kinds = List.of(recording.next().kind(), recording.next().kind(),
                recording.next().kind());
            assertThat(kinds).containsExactlyInAnyOrder("ban", "ban", "details");
            assertThat(recording.nextOrNull(200)).isNull();
            assertThat(counter(engine, "fnm_ban_details_skipped_total")).isEqualTo(1);
        }
    }

    private static long counter(final DetectionEngine engine, final String name)
    {
        final long[] value = new long[1];
        engine.counters((descriptor, label1, label2, v) ->
        {
            if (descriptor.name().equals(name))
            {
                value[0] += v;
            }
        });
        return value[0];
    }
}
