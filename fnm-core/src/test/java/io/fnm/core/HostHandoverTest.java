package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, "a partition that moves to another engine is picked up without losing bans, and the moving averages of
 * the moved hosts are rebuilt": the engine side of the hand-over.
 */
class HostHandoverTest
{
    private static final String VICTIM = "10.0.0.7";
    /** FastNetMon's worked example: 30 000 pps from zero, average_calculation_time 5, threshold 20 000. */
    private static final long RAMP_PPS = 30_000;
    private static final long THRESHOLD_PPS = 20_000;

    private final ManualClock clock = EngineFixture.clock();

    private static EngineConfig rampConfig()
    {
        return config().averageCalculationTimeSeconds(5).globalThresholds(ppsThreshold(THRESHOLD_PPS).build())
            .build();
    }

    private static BanEntry udpFlood(final long bannedAtMillis, final long unbanAtMillis)
    {
        final Attack attack = Attack.builder().uuid(UUID.fromString("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"))
            .address(address(VICTIM)).direction(Direction.INCOMING).protocol(AttackProtocol.UDP)
            .type(AttackType.UDP_FLOOD).threshold(ThresholdKind.PPS).initialPowerPps(50_000).peakPowerPps(80_000)
            .detectedAtMillis(bannedAtMillis).banTimeSeconds(60).build();
        return new BanEntry(attack, bannedAtMillis, unbanAtMillis);
    }

    /** One second without traffic, then a tick. */
    private void quietSecond(final DetectionEngine engine)
    {
        clock.advanceSeconds(1);
        engine.tick();
    }

    private static long averagePps(final DetectionEngine engine)
    {
        return engine.hostRates(address(VICTIM)).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL);
    }

    /** What a checkpoint reads: the hosts' averages and the time of the tick they are from. */
    private static final class Checkpoint implements HostHandover.HostVisitor
    {
        final Map<String, long[]> hosts = new HashMap<>();
        long tickMillis;

        @Override
        public void begin(final long millis)
        {
            tickMillis = millis;
        }

        @Override
        public void host(final byte[] address, final long[] averages)
        {
            try
            {
                hosts.put(InetAddress.getByAddress(address).getHostAddress(), averages.clone());
            }
            catch (final UnknownHostException ex)
            {
                throw new AssertionError(ex);
            }
        }
    }

    @Test
    void shouldKeepTypeDirectionAndUuidOfARestoredBanAndNotListItAsManual()
    {
        try (DetectionEngine heir = EngineFixture.engine(rampConfig(), clock))
        {
            final BanEntry ban = udpFlood(clock.epochMillis() - 10_000, clock.epochMillis() + 50_000);

            assertThat(heir.handover().restoreBans(List.of(ban))).isEqualTo(1);

            assertThat(heir.banList()).singleElement().satisfies(entry ->
            {
                assertThat(entry.manual()).isFalse();
                assertThat(entry.attack().type()).isEqualTo(AttackType.UDP_FLOOD);
                assertThat(entry.attack().direction()).isEqualTo(Direction.INCOMING);
                assertThat(entry.attack().protocol()).isEqualTo(AttackProtocol.UDP);
                assertThat(entry.attack().uuid()).isEqualTo(ban.attack().uuid());
                assertThat(entry.attack().peakPowerPps()).isEqualTo(80_000);
                assertThat(entry.bannedAtMillis()).isEqualTo(ban.bannedAtMillis());
                assertThat(entry.unbanAtMillis()).isEqualTo(ban.unbanAtMillis());
            });
        }
    }

    @Test
    void shouldUnbanARestoredBanAtTheFirstTickPastItsUnbanTime()
    {
        try (DetectionEngine heir = EngineFixture.engine(rampConfig(), clock))
        {
            heir.handover().restoreBans(List.of(udpFlood(clock.epochMillis() - 10_000,
                clock.epochMillis() + 5_000)));

            for (int s = 0; s < 4; s++)
            {
                quietSecond(heir);
            }
            assertThat(heir.banList()).hasSize(1);
            quietSecond(heir);
            assertThat(heir.banList()).isEmpty();
        }
    }

    @Test
    void shouldCallOnRestoreOfTheActionsThenOnUnbanWhenTheRestoredBanEnds() throws InterruptedException
    {
        final BanRestoreTest.Calls calls = new BanRestoreTest.Calls();
        try (DetectionEngine heir = EngineFixture.engine(rampConfig(), clock, calls))
        {
            final long unbanAt = clock.epochMillis() + 1_000;
            heir.handover().restoreBans(List.of(udpFlood(clock.epochMillis() - 10_000, unbanAt)));
            assertThat(calls.next()).isEqualTo("restore " + VICTIM + " until " + unbanAt);

            quietSecond(heir);

            assertThat(calls.next()).isEqualTo("unban " + VICTIM);
        }
    }

    @Test
    void shouldEndAtOnceARestoredBanWhoseUnbanTimeHasPassed() throws InterruptedException
    {
        final BanRestoreTest.Calls calls = new BanRestoreTest.Calls();
        try (DetectionEngine heir = EngineFixture.engine(rampConfig(), clock, calls))
        {
            assertThat(heir.handover().restoreBans(List.of(udpFlood(clock.epochMillis() - 70_000,
                clock.epochMillis() - 10_000)))).isZero();

            assertThat(heir.banList()).isEmpty();
            assertThat(calls.next()).isEqualTo("unban " + VICTIM);
        }
    }

    @Test
    void shouldDetectASeededHostOnASlowRampAtTheSameTickAsOneEngineWithTheWholeHistory()
    {
        try (DetectionEngine single = EngineFixture.engine(rampConfig(), clock);
            DetectionEngine first = EngineFixture.engine(rampConfig(), clock);
            DetectionEngine heir = EngineFixture.engine(rampConfig(), clock);
            DetectionEngine fresh = EngineFixture.engine(rampConfig(), clock))
        {
            final List<Long> rampAverages = new ArrayList<>();
            for (int s = 1; s <= 3; s++)
            {
                ramp(List.of(single, first), List.of(heir, fresh));
                rampAverages.add(averagePps(first));
            }
            assertThat(rampAverages).containsExactly(5438L, 9890L, 13535L);
            final Checkpoint saved = new Checkpoint();
            assertThat(first.handover().forEachHost(saved)).isEqualTo(1);
            assertThat(saved.hosts).containsOnlyKeys(VICTIM);
            assertThat(saved.tickMillis).isEqualTo(clock.epochMillis());
            assertThat(heir.handover().seed(address(VICTIM).getAddress(), saved.hosts.get(VICTIM),
                saved.tickMillis)).isTrue();

            final Map<DetectionEngine, Integer> bannedAt = new HashMap<>();
            for (int s = 4; s <= 12; s++)
            {
                ramp(List.of(single, heir, fresh), List.of());
                if (s == 4)
                {
                    assertThat(averagePps(heir)).isEqualTo(averagePps(single)).isEqualTo(16519L);
                }
                for (final DetectionEngine engine : List.of(single, heir, fresh))
                {
                    if (!engine.banList().isEmpty())
                    {
                        bannedAt.putIfAbsent(engine, s);
                    }
                }
            }

            // the worked example: 20962 > 20000 at the 6th second of the ramp; the fresh engine's ramp began at 4
            assertThat(bannedAt.get(single)).isEqualTo(6);
            assertThat(bannedAt.get(heir)).isEqualTo(6);
            assertThat(bannedAt.get(fresh)).isEqualTo(9);
            assertThat(heir.handover().seedsApplied()).isEqualTo(1);
        }
    }

    /** One second: the ramp's traffic into {@code traffic}, a quiet second for {@code quiet}, all ticked. */
    private void ramp(final List<DetectionEngine> traffic, final List<DetectionEngine> quiet)
    {
        for (final DetectionEngine engine : traffic)
        {
            final TrafficSink sink = engine.newSink("ramp");
            sink.accept(v4("192.0.2.1", VICTIM, TrafficRecord.PROTOCOL_UDP, RAMP_PPS, RAMP_PPS * 100));
            sink.flush();
            sink.close();
        }
        clock.advanceSeconds(1);
        traffic.forEach(DetectionEngine::tick);
        quiet.forEach(DetectionEngine::tick);
    }

    @Test
    void shouldDecayASeedForTheTimeSinceItsCheckpoint()
    {
        try (DetectionEngine heir = EngineFixture.engine(rampConfig(), clock))
        {
            final long[] averages = new long[HostHandover.VALUES];
            averages[HostHandover.packetsIndex(Direction.INCOMING, TrafficClass.TOTAL)] = 13_535;
            heir.handover().seed(address(VICTIM).getAddress(), averages, clock.epochMillis() - 5_000);

            quietSecond(heir);

            // 5 s before the interval, then the interval itself without traffic: 13535 × e^-1, then × e^-0.2
            assertThat(averagePps(heir)).isEqualTo((long)(Math.exp(-0.2) * (long)(Math.exp(-1) * 13_535)));
        }
    }

    @Test
    void shouldShowASeededHostInTheTopHostsAtTheNextTick()
    {
        try (DetectionEngine heir = EngineFixture.engine(rampConfig(), clock))
        {
            quietSecond(heir);
            assertThat(heir.topHosts(Direction.INCOMING, TopBy.PACKETS, 10)).isEmpty();
            final long[] averages = new long[HostHandover.VALUES];
            averages[HostHandover.packetsIndex(Direction.INCOMING, TrafficClass.TOTAL)] = 13_535;
            heir.handover().seed(address(VICTIM).getAddress(), averages, clock.epochMillis());

            heir.tick();

            assertThat(heir.topHosts(Direction.INCOMING, TopBy.PACKETS, 10)).singleElement()
                .satisfies(host -> assertThat(host.ip()).isEqualTo(VICTIM));
        }
    }

    @Test
    void shouldDropAndCountSeedsBeyondTwiceMaxTrackedHosts()
    {
        try (DetectionEngine heir = EngineFixture.engine(config().maxTrackedHosts(8).build(), clock))
        {
            final long[] averages = new long[HostHandover.VALUES];
            averages[0] = 100;
            int queued = 0;
            for (int h = 1; h <= 20; h++)
            {
                queued += heir.handover().seed(new byte[] {10, 0, 1, (byte)h}, averages, clock.epochMillis()) ? 1 : 0;
            }

            assertThat(queued).isEqualTo(16);
            assertThat(heir.handover().seedsDropped()).isEqualTo(4);
        }
    }

    @Test
    void shouldDropAndCountSeedsThatFindTheHostTableFull()
    {
        try (DetectionEngine heir = EngineFixture.engine(config().maxTrackedHosts(8).build(), clock))
        {
            final long[] averages = new long[HostHandover.VALUES];
            averages[0] = 100;
            for (int h = 1; h <= 12; h++)
            {
                heir.handover().seed(new byte[] {10, 0, 1, (byte)h}, averages, clock.epochMillis());
            }

            heir.tick();

            assertThat(heir.handover().seedsApplied()).isEqualTo(8);
            assertThat(heir.handover().seedsDropped()).isEqualTo(4);
            final Map<String, Long> counters = new HashMap<>();
            heir.counters(new io.fnm.capture.CounterVisitor()
            {
                @Override
                public void counter(final io.fnm.capture.CounterDescriptor descriptor, final String label1,
                    final String label2, final long value)
                {
                    if (descriptor.name().equals("fnm_handover_seeds_total"))
                    {
                        counters.put(label1, value);
                    }
                }
            });
            assertThat(counters).containsEntry("applied", 8L).containsEntry("dropped", 4L);
        }
    }
}
