package io.fnm.core;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.engine;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.second;
import static io.fnm.core.EngineFixture.v4;
import static io.fnm.core.EngineFixture.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectionEngineTest
{
    private static final int TCP = TrafficRecord.PROTOCOL_TCP;
    private static final int UDP = TrafficRecord.PROTOCOL_UDP;

    private final ManualClock clock = EngineFixture.clock();

    /** The average after one 1 s tick from zero with average_calculation_time = 1 (the fixture's). */
    private static long first(final long count)
    {
        return io.fnm.core.internal.RateAverages.nextAverage(0, count, 1.0, 1.0);
    }
    private final RecordingAction action = new RecordingAction();

    @Test
    void shouldFollowFastNetMonWorkedExampleWhenAverageTimeIsFive() throws Exception
    {
        final EngineConfig config = config().averageCalculationTimeSeconds(5)
            .globalThresholds(ppsThreshold(20_000).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("test");
            final TrafficRecord record = v4("192.0.2.1", "10.0.0.5", UDP, 30_000, 30_000 * 100L);
            final List<Long> averages = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                if (i == 5)
                {
                    assertThat(engine.banList()).isEmpty();
                }
                second(engine, clock, sink, record, 1);
                averages.add(engine.hostRates(address("10.0.0.5"))
                    .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL));
            }
            assertThat(averages).containsExactly(5438L, 9890L, 13535L, 16519L, 18962L, 20962L);
            assertThat(engine.banList()).hasSize(1);
            assertThat(action.next().kind()).isEqualTo("ban");
        }
    }

    @Test
    void shouldNotFireWhenAverageEqualsThreshold()
    {
        final long threshold = first(1000);
        final EngineConfig config = config().globalThresholds(ppsThreshold(threshold).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("test");
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 1000, 100_000));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.6", UDP, 1002, 100_000), 1);
            assertThat(first(1002)).isEqualTo(threshold + 1);
            assertThat(engine.banList()).extracting(b -> b.attack().ip()).containsExactly("10.0.0.6");
        }
    }

    @Test
    void shouldReportFirstThresholdInFastNetMonOrderWhenSeveralFire()
    {
        final Thresholds thresholds = Thresholds.builder().enableBan(true)
            .threshold(ThresholdKind.UDP_PPS, 10).threshold(ThresholdKind.MBPS, 1).threshold(ThresholdKind.FLOWS, 0)
            .build();
        try (DetectionEngine engine = engine(config().globalThresholds(thresholds).build(), clock, action))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 1_000_000), 1);
            assertThat(engine.banList()).singleElement()
                .satisfies(b -> assertThat(b.attack().threshold()).isEqualTo(ThresholdKind.MBPS));
        }
    }

    @Test
    void shouldFireOnOutgoingAverageToo()
    {
        try (DetectionEngine engine = engine(config().globalThresholds(ppsThreshold(100).build()).build(), clock))
        {
            second(engine, clock, engine.newSink("t"), v4("10.0.0.5", "192.0.2.1", UDP, 500, 50_000), 1);
            assertThat(engine.banList()).singleElement()
                .satisfies(b -> assertThat(b.attack().direction()).isEqualTo(Direction.OUTGOING));
        }
    }

    @Test
    void shouldTruncateMegabitsWhenComparingBandwidth()
    {
        // 1_977_700 bytes in 1 s average to 1_250_145 B/s = 10.0012 Mbit/s, truncated to 10
        final Thresholds thresholds = Thresholds.builder().enableBan(true).threshold(ThresholdKind.MBPS, 10).build();
        try (DetectionEngine engine = engine(config().globalThresholds(thresholds).build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 1, 1_977_700));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.6", UDP, 1, 2_200_000), 1);
            final HostRates rates = engine.hostRates(address("10.0.0.5"));
            assertThat(rates.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(1_977_700))
                .isGreaterThan(1_250_000);
            assertThat(rates.megabitsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(10);
            assertThat(engine.banList()).extracting(b -> b.attack().ip()).containsExactly("10.0.0.6");
        }
    }

    @Test
    void shouldClassifyDirectionsByLongestPrefixMatchOfBothAddresses()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.1.2.3", UDP, 100, 100));
            sink.accept(v4("10.1.2.3", "192.0.2.1", UDP, 200, 100));
            sink.accept(v4("10.1.2.3", "10.2.0.1", UDP, 400, 100));
            sink.accept(v4("192.0.2.1", "198.51.100.1", UDP, 800, 100));
            second(engine, clock, sink, v4("192.0.2.1", "192.0.2.2", UDP, 0, 0), 0);
            final HostRates totals = engine.totals(4);
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(100));
            assertThat(totals.packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)).isEqualTo(first(200));
            assertThat(totals.packetsPerSecond(Direction.INTERNAL, TrafficClass.TOTAL)).isEqualTo(first(400));
            assertThat(totals.packetsPerSecond(Direction.OTHER, TrafficClass.TOTAL)).isEqualTo(first(800));
            final HostRates host = engine.hostRates(address("10.1.2.3"));
            assertThat(host.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(100));
            assertThat(host.packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)).isEqualTo(first(200));
            assertThat(engine.hostRates(address("10.2.0.1"))).isNull();
            assertThat(engine.networkLoad().get(IpPrefix.parse("10.1.0.0/16"))
                .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(100));
            assertThat(engine.networkLoad().get(IpPrefix.parse("10.0.0.0/8"))
                .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isZero();
        }
    }

    @Test
    void shouldDropIncomingBeforeCountingWhenProcessIncomingIsOff()
    {
        try (DetectionEngine engine = engine(config().processIncomingTraffic(false).build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 10, 1000));
            second(engine, clock, sink, v4("10.0.0.6", "192.0.2.1", UDP, 300, 300), 1);
            assertThat(engine.hostRates(address("10.0.0.5"))).isNull();
            assertThat(engine.totals(4).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isZero();
            assertThat(engine.totals(4).packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL))
                .isEqualTo(first(300));
        }
    }

    @Test
    void shouldDropOutgoingBeforeCountingWhenProcessOutgoingIsOff()
    {
        try (DetectionEngine engine = engine(config().processOutgoingTraffic(false).build(), clock))
        {
            second(engine, clock, engine.newSink("t"), v4("10.0.0.6", "192.0.2.1", UDP, 3, 300), 1);
            assertThat(engine.hostRates(address("10.0.0.6"))).isNull();
            assertThat(engine.totals(4).packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)).isZero();
        }
    }

    @Test
    void shouldMultiplyCountsButNotFlowsBySamplingRatio()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            for (int port = 0; port < 100; port++)
            {
                sink.accept(v4("192.0.2.1", "10.0.0.5", TCP, 2, 100).samplingRatio(1000).ports(port, 80));
                sink.accept(v4("192.0.2.1", "10.0.0.5", TCP, 2, 100).samplingRatio(1000).ports(port, 80));
            }
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", TCP, 0, 0), 0);
            final HostRates host = engine.hostRates(address("10.0.0.5"));
            assertThat(host.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(400_000));
            assertThat(host.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(20_000_000));
            assertThat(host.flowsPerSecond(Direction.INCOMING)).isEqualTo(first(100));
        }
    }

    @Test
    void shouldCountEveryProtocolClassInTotals()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.5", TCP, 100, 10).tcpFlags(TrafficRecord.TCP_SYN));
            sink.accept(v4("192.0.2.1", "10.0.0.5", TCP, 200, 10).tcpFlags(TrafficRecord.TCP_ACK));
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 400, 10).fragmented(true));
            sink.accept(v4("192.0.2.1", "10.0.0.5", TrafficRecord.PROTOCOL_ICMP, 800, 10)
                .forwardingStatus(TrafficRecord.FORWARDING_DROPPED));
            sink.accept(v4("192.0.2.1", "10.0.0.5", 47, 1600, 10));
            second(engine, clock, sink, v4("192.0.2.1", "192.0.2.2", UDP, 0, 0), 0);
            final HostRates totals = engine.totals(4);
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(3100));
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.TCP)).isEqualTo(first(300));
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.TCP_SYN)).isEqualTo(first(100));
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.UDP)).isEqualTo(first(400));
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.FRAGMENTED)).isEqualTo(first(400));
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.ICMP)).isEqualTo(first(800));
            assertThat(totals.packetsPerSecond(Direction.INCOMING, TrafficClass.DROPPED)).isEqualTo(first(800));
            assertThat(totals.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(50));
        }
    }

    @Test
    void shouldTrackIpv6HostsFlowsAndIcmpv6LikeIpv4()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v6("2001:db9::1", "2001:db8::5", TrafficRecord.PROTOCOL_ICMPV6, 300, 300).ports(0, 0));
            for (int port = 0; port < 99; port++)
            {
                sink.accept(v6("2001:db9::1", "2001:db8::5", UDP, 1, 100).ports(port, 53));
                sink.accept(v6("2001:db9::1", "2001:db8::5", UDP, 1, 100).ports(port, 53));
            }
            second(engine, clock, sink, v6("2001:db9::2", "2001:db8::5", UDP, 0, 0), 0);
            final HostRates host = engine.hostRates(address("2001:db8::5"));
            assertThat(host.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(498));
            assertThat(host.packetsPerSecond(Direction.INCOMING, TrafficClass.ICMP)).isEqualTo(first(300));
            assertThat(host.flowsPerSecond(Direction.INCOMING)).isEqualTo(first(100));
            assertThat(engine.totals(6).flowsPerSecond(Direction.INCOMING)).isEqualTo(first(100));
            assertThat(engine.totals(4).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isZero();
        }
    }

    @Test
    void shouldBanIpv6HostWhenEnableBanIpv6IsOn() throws Exception
    {
        final Thresholds thresholds = Thresholds.builder().enableBanIpv6(true).threshold(ThresholdKind.FLOWS, 1)
            .build();
        try (DetectionEngine engine = engine(config().globalThresholds(thresholds).build(), clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            for (int port = 1; port <= 4; port++)
            {
                sink.accept(v6("2001:db9::1", "2001:db8::5", UDP, 1, 100).ports(port, 53));
            }
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 1, 100), 0);
            final Attack attack = action.next().attack();
            assertThat(attack.ip()).isEqualTo("2001:db8::5");
            assertThat(attack.ipVersion()).isEqualTo(6);
            assertThat(attack.threshold()).isEqualTo(ThresholdKind.FLOWS);
            assertThat(attack.customerNetwork()).isEqualTo(IpPrefix.parse("2001:db8::/32"));
        }
    }

    @Test
    void shouldNotBanIpv6HostWhenOnlyEnableBanIsOn()
    {
        final Thresholds thresholds = Thresholds.builder().enableBan(true).threshold(ThresholdKind.PPS, 1).build();
        try (DetectionEngine engine = engine(config().globalThresholds(thresholds).build(), clock))
        {
            second(engine, clock, engine.newSink("t"), v6("2001:db9::1", "2001:db8::5", UDP, 10, 100), 1);
            assertThat(engine.banList()).isEmpty();
        }
    }

    @Test
    void shouldApplyMostSpecificHostgroupAndInheritGlobalKeys()
    {
        final Hostgroup wide = Hostgroup.of("wide", List.of(IpPrefix.parse("10.0.0.0/8")),
            new Thresholds.Overrides().threshold(ThresholdKind.PPS, 1_000_000));
        final Hostgroup narrow = Hostgroup.of("narrow", List.of(IpPrefix.parse("10.5.0.0/16"),
            IpPrefix.parse("2001:db8:5::/48")), new Thresholds.Overrides().threshold(ThresholdKind.UDP_PPS, 50));
        final Thresholds global = ppsThreshold(100).build();
        final EngineConfig config = config().globalThresholds(global).hostgroup(wide).hostgroup(narrow).build();
        try (DetectionEngine engine = engine(config, clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.6.0.1", TCP, 500, 100));
            sink.accept(v4("192.0.2.1", "10.5.0.1", TCP, 500, 100));
            sink.accept(v4("192.0.2.1", "10.5.0.2", UDP, 100, 100));
            sink.accept(v6("2001:db9::1", "2001:db8:5::2", UDP, 100, 100));
            second(engine, clock, sink, v6("2001:db9::1", "2001:db8:6::2", UDP, 100, 100), 1);
            assertThat(engine.banList()).extracting(b -> b.attack().ip() + " " + b.attack().hostgroup() + " " +
                b.attack().threshold())
                .containsExactlyInAnyOrder("10.5.0.1 narrow PPS", "10.5.0.2 narrow UDP_PPS",
                    "2001:db8:5::2 narrow UDP_PPS");
        }
    }

    @Test
    void shouldCountButNotBanWhitelistedHost()
    {
        final EngineConfig config = config().whitelist(IpPrefix.parse("10.0.0.0/24"))
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            assertThat(engine.banList()).isEmpty();
            assertThat(engine.hostRates(address("10.0.0.5")).packetsPerSecond(Direction.INCOMING,
                TrafficClass.TOTAL)).isEqualTo(first(100));
        }
    }

    @Test
    void shouldBanAtDetectionWithoutWaitingForDetailRecords() throws Exception
    {
        final EngineConfig config = config().banDetailsRecordsCount(50).banDetailsMaxWaitSeconds(20)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            final RecordingAction.Event ban = action.next();
            assertThat(ban.kind()).isEqualTo("ban");
            assertThat(ban.attack().uuid().getMostSignificantBits()).isNotZero();
            assertThat(action.nextOrNull(50)).isNull();
        }
    }

    @Test
    void shouldDeliverDetailsWhenRecordsCollected() throws Exception
    {
        final EngineConfig config = config().banDetailsRecordsCount(3).banDetailsMaxWaitSeconds(20)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            assertThat(action.next().kind()).isEqualTo("ban");
            sink.accept(v4("192.0.2.9", "10.0.0.6", UDP, 1, 100));
            for (int i = 0; i < 5; i++)
            {
                sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 100, 100).ports(i, 53));
            }
            sink.flush();
            engine.tick();
            final RecordingAction.Event details = action.next();
            assertThat(details.kind()).isEqualTo("details");
            assertThat(details.records()).extracting(TrafficRecord::srcPort).containsExactly(0, 1, 2);
        }
    }

    @Test
    void shouldDeliverWhatWasCollectedAfterBoundedWait() throws Exception
    {
        final EngineConfig config = config().banDetailsRecordsCount(10).banDetailsMaxWaitSeconds(5)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            assertThat(action.next().kind()).isEqualTo("ban");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 2);
            assertThat(action.nextOrNull(50)).isNull();
            clock.advanceSeconds(4);
            engine.tick();
            final RecordingAction.Event details = action.next();
            assertThat(details.kind()).isEqualTo("details");
            assertThat(details.records()).hasSize(2);
        }
    }

    @Test
    void shouldDeliverEmptyDetailsAtOnceWhenRecordsCountIsZero() throws Exception
    {
        try (DetectionEngine engine = engine(config().globalThresholds(ppsThreshold(10).build()).build(), clock,
            action))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            assertThat(action.next().kind()).isEqualTo("ban");
            final RecordingAction.Event details = action.next();
            assertThat(details.kind()).isEqualTo("details");
            assertThat(details.records()).isEmpty();
        }
    }

    @Test
    void shouldUnbanOnlyAfterBanTimeHasPassed() throws Exception
    {
        final EngineConfig config = config().banTimeSeconds(10).unbanOnlyIfAttackFinished(false)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            clock.advanceSeconds(10);
            engine.tick();
            assertThat(engine.banList()).hasSize(1);
            clock.advance(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            engine.tick();
            assertThat(engine.banList()).isEmpty();
            assertThat(List.of(action.next().kind(), action.next().kind(), action.next().kind()))
                .containsExactly("ban", "details", "unban");
        }
    }

    @Test
    void shouldNeverUnbanWhenBanTimeIsZero()
    {
        final EngineConfig config = config().banTimeSeconds(0).globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock))
        {
            second(engine, clock, engine.newSink("t"), v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            clock.advanceSeconds(1_000_000);
            engine.tick();
            assertThat(engine.banList()).singleElement()
                .satisfies(b -> assertThat(b.unbanAtMillis()).isEqualTo(Long.MAX_VALUE));
        }
    }

    @Test
    void shouldKeepBanWhileAttackGoesOnWhenUnbanOnlyIfAttackFinished()
    {
        final EngineConfig config = config().banTimeSeconds(2).unbanOnlyIfAttackFinished(true)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock))
        {
            final TrafficSink sink = engine.newSink("t");
            final TrafficRecord flood = v6("2001:db9::1", "2001:db8::5", UDP, 100, 100);
            for (int i = 0; i < 5; i++)
            {
                second(engine, clock, sink, flood, 1);
            }
            assertThat(engine.banList()).hasSize(1);
            int ticks = 0;
            while (!engine.banList().isEmpty() && ticks++ < 20)
            {
                assertThat(engine.hostRates(address("2001:db8::5")).packetsPerSecond(Direction.INCOMING,
                    TrafficClass.TOTAL)).isGreaterThan(10);
                second(engine, clock, sink, flood, 0);
            }
            assertThat(engine.banList()).isEmpty();
            assertThat(engine.hostRates(address("2001:db8::5")).packetsPerSecond(Direction.INCOMING,
                TrafficClass.TOTAL)).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void shouldBanAndUnbanByHand() throws Exception
    {
        try (DetectionEngine engine = engine(config().build(), clock, action))
        {
            assertThat(engine.ban(address("192.0.2.1"))).isFalse();
            assertThat(engine.ban(address("2001:db8::9"))).isTrue();
            assertThat(engine.ban(address("2001:db8::9"))).isFalse();
            clock.advanceSeconds(100_000);
            engine.tick();
            assertThat(engine.banList()).singleElement().satisfies(b ->
            {
                assertThat(b.manual()).isTrue();
                assertThat(b.attack().threshold()).isNull();
                assertThat(b.attack().direction()).isEqualTo(Direction.OTHER);
            });
            assertThat(engine.unban(address("2001:db8::9"))).isTrue();
            assertThat(engine.unban(address("2001:db8::9"))).isFalse();
            assertThat(engine.banList()).isEmpty();
            assertThat(List.of(action.next().kind(), action.next().kind())).containsExactly("ban", "unban");
        }
    }

    @Test
    void shouldTrackPeakPowerWhileAttackLasts() throws Exception
    {
        final EngineConfig config = config().banTimeSeconds(3).unbanOnlyIfAttackFinished(false)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            final List<Long> seen = new ArrayList<>();
            for (final int pps : new int[] {100, 700, 300})
            {
                second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, pps, 100), 1);
                seen.add(engine.hostRates(address("10.0.0.5")).packetsPerSecond(Direction.INCOMING,
                    TrafficClass.TOTAL));
            }
            final long peak = java.util.Collections.max(seen);
            assertThat(peak).isGreaterThan(seen.get(0)).isGreaterThan(seen.get(2));
            assertThat(engine.banList().get(0).attack().peakPowerPps()).isEqualTo(peak);
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 0, 100), 1);
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 0, 100), 1);
            action.next();
            action.next();
            final Attack unbanned = action.next().attack();
            assertThat(unbanned.initialPowerPps()).isEqualTo(seen.get(0));
            assertThat(unbanned.peakPowerPps()).isEqualTo(peak);
        }
    }

    @Test
    void shouldKeepCountersAndBansWhenReloaded()
    {
        final EngineConfig config = config().globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 100, 100), 1);
            sink.accept(v4("192.0.2.1", "10.0.0.7", UDP, 500, 100));
            engine.reload(config.toBuilder().network("192.0.2.0/24")
                .globalThresholds(ppsThreshold(1_000_000).build()).build());
            second(engine, clock, sink, v4("10.0.0.5", "192.0.2.1", UDP, 100, 100), 1);
            assertThat(engine.banList()).hasSize(1);
            assertThat(engine.hostRates(address("10.0.0.7")).packetsPerSecond(Direction.INCOMING,
                TrafficClass.TOTAL)).isEqualTo(first(500));
            assertThat(engine.totals(4).packetsPerSecond(Direction.INTERNAL, TrafficClass.TOTAL))
                .isEqualTo(first(100));
            assertThat(engine.config().networks()).contains(IpPrefix.parse("192.0.2.0/24"));
        }
    }

    @Test
    void shouldCountEachVersionsLocalRecordsInItsOwnTotalsOnce()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.1.2.3", UDP, 100, 100));
            sink.accept(v4("192.0.2.1", "10.2.0.1", UDP, 200, 100));
            sink.accept(v6("2001:db9::1", "2001:db8::5", UDP, 400, 100));
            second(engine, clock, sink, v6("2001:db8::5", "2001:db9::1", UDP, 800, 100), 1);
            assertThat(engine.totals(4).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(300));
            assertThat(engine.totals(4).packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)).isZero();
            assertThat(engine.totals(6).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(400));
            assertThat(engine.totals(6).packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)).isEqualTo(first(800));
        }
    }

    @Test
    void shouldKeepRecordsInTheTotalsWhenAReloadDropsTheirNetworkWithinTheInterval()
    {
        final EngineConfig config = config().build();
        try (DetectionEngine engine = engine(config, clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.1.2.3", UDP, 500, 100));
            sink.flush();
            engine.reload(config.toBuilder().networks(List.of(IpPrefix.parse("10.0.0.0/8"),
                IpPrefix.parse("2001:db8::/32"))).build());
            second(engine, clock, sink, v4("192.0.2.1", "10.2.0.1", UDP, 100, 100), 1);
            assertThat(engine.networkLoad()).doesNotContainKey(IpPrefix.parse("10.1.0.0/16"));
            assertThat(engine.totals(4).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(first(600));
        }
    }

    @Test
    void shouldListHostsWithEqualRatesInAddressOrderIpv4First()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v6("2001:db9::1", "2001:db8::7", UDP, 10, 100));
            for (final String host : List.of("10.0.0.9", "10.0.0.200", "10.0.0.3", "10.1.0.1"))
            {
                sink.accept(v4("192.0.2.1", host, UDP, 10, 100));
            }
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.50", UDP, 20, 100), 1);

            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 10)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.50", "10.0.0.3", "10.0.0.9", "10.0.0.200", "10.1.0.1", "2001:db8::7");
        }
    }

    @Test
    void shouldKeepTheLowestAddressesAmongEqualRatesWhenMoreTieThanAsked()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            for (int host = 255; host > 0; host--)
            {
                sink.accept(v4("192.0.2.1", "10.0.3." + host, UDP, 10, 100));
            }
            second(engine, clock, sink, v4("192.0.2.1", "10.0.3.1", UDP, 0, 0), 0);

            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 3)).extracting(HostTraffic::ip)
                .containsExactly("10.0.3.1", "10.0.3.2", "10.0.3.3");
        }
    }

    @Test
    void shouldKeepTheRunningNetworksAndRefuseTheReloadWhenTheNewConfigurationHasNone()
    {
        final EngineConfig config = config().globalThresholds(ppsThreshold(10_000).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final EngineConfig empty = EngineConfig.builder().globalThresholds(ppsThreshold(10_000).build()).build();

            assertThatThrownBy(() -> engine.reload(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lists no network");
            assertThat(engine.config().networks()).isEqualTo(config.networks());
            final TrafficSink sink = engine.newSink("t");
            for (int i = 0; i < 3; i++)
            {
                second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 50_000, 5_000_000), 1);
            }
            assertThat(engine.banList()).extracting(b -> b.attack().ip()).containsExactly("10.0.0.5");
        }
    }

    @Test
    void shouldForgetIdleHostWhenAveragesReachZero()
    {
        try (DetectionEngine engine = engine(config().hostIdleTimeoutSeconds(3).build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            final TrafficRecord record = v4("192.0.2.1", "10.0.0.5", UDP, 100, 100);
            second(engine, clock, sink, record, 1);
            int ticks = 0;
            while (engine.hostRates(address("10.0.0.5")) != null && ticks++ < 30)
            {
                second(engine, clock, sink, record, 0);
            }
            assertThat(ticks).isBetween(3, 30);
            assertThat(engine.hostRates(address("10.0.0.5"))).isNull();
        }
    }

    @Test
    void shouldKeepIdleHostUntilIdleTimeout()
    {
        try (DetectionEngine engine = engine(config().hostIdleTimeoutSeconds(1000).build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            final TrafficRecord record = v4("192.0.2.1", "10.0.0.5", UDP, 100, 100);
            second(engine, clock, sink, record, 1);
            for (int i = 0; i < 30; i++)
            {
                second(engine, clock, sink, record, 0);
            }
            assertThat(engine.hostRates(address("10.0.0.5")).packetsPerSecond(Direction.INCOMING,
                TrafficClass.TOTAL)).isZero();
        }
    }

    @Test
    void shouldNotTrackMoreHostsThanTheBound()
    {
        try (DetectionEngine engine = engine(config().maxTrackedHosts(10).build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            for (int i = 1; i <= 30; i++)
            {
                sink.accept(v4("192.0.2.1", "10.0.0." + i, UDP, 100, 100));
            }
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.1", UDP, 0, 0), 0);
            final long[] tracked = new long[1];
            engine.counters((descriptor, label1, label2, value) ->
            {
                if (descriptor.name().equals("fnm_hosts_tracked") && "4".equals(label1))
                {
                    tracked[0] = value;
                }
            });
            assertThat(tracked[0]).isEqualTo(10);
            assertThat(engine.totals(4).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL))
                .isEqualTo(first(3000));
        }
    }

    @Test
    void shouldListTopHostsLargestFirst()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.1", UDP, 10, 100));
            sink.accept(v4("192.0.2.1", "10.0.0.2", UDP, 30, 100));
            sink.accept(v6("2001:db9::1", "2001:db8::3", UDP, 20, 100));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.4", UDP, 5, 100), 1);
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 3)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.2", "2001:db8::3", "10.0.0.1");
        }
    }

    @Test
    void shouldListTheTopHostsOfTheLatestTickWhenAskedAgainAfterANewTick()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.1", UDP, 10, 100), 1);
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 1)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.1");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.2", UDP, 1_000, 100), 1);
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 1)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.2");
        }
    }

    @Test
    void shouldListMoreTopHostsWhenALargerNIsAskedWithinTheSameTick()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.1", UDP, 10, 100));
            sink.accept(v4("192.0.2.1", "10.0.0.2", UDP, 30, 100));
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.3", UDP, 20, 100), 1);
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 1)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.2");
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 3)).extracting(HostTraffic::ip)
                .containsExactly("10.0.0.2", "10.0.0.3", "10.0.0.1");
        }
    }

    @Test
    void shouldShowAHostBannedBetweenTwoTicksAsBannedInTheTopHosts()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.1", UDP, 10, 100), 1);
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 1)).extracting(HostTraffic::banned)
                .containsExactly(false);
            engine.ban(address("10.0.0.1"));
            assertThat(engine.topHosts(Direction.INCOMING, TopBy.PACKETS, 1)).extracting(HostTraffic::banned)
                .containsExactly(true);
        }
    }

    @Test
    void shouldReportEachActionsOwnCountersWithTheEngines()
    {
        final CounterDescriptor routes = CounterDescriptor.gauge("test_routes_announced", "routes", "routes",
            "action");
        final AttackAction action = new AttackAction()
        {
            @Override
            public void onBan(final Attack attack)
            {
            }

            @Override
            public void counters(final CounterVisitor visitor)
            {
                visitor.counter(routes, "test", 7);
            }
        };
        try (DetectionEngine engine = engine(config().build(), clock, action))
        {
            final List<String> lines = new ArrayList<>();
            engine.counters((descriptor, label1, label2, value) ->
                lines.add(descriptor.series(label1, label2) + " " + value));
            assertThat(lines).contains("test_routes_announced{action=\"test\"} 7");
        }
    }

    @Test
    void shouldCountRecordsPerSourceName()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final TrafficSink a = engine.newSink("netflow");
            final TrafficSink b = engine.newSink("netflow");
            a.accept(v4("192.0.2.1", "10.0.0.1", UDP, 10, 100));
            b.accept(v4("192.0.2.1", "10.0.0.1", UDP, 10, 100));
            b.accept(new TrafficRecord());
            final List<String> lines = new ArrayList<>();
            engine.counters((descriptor, label1, label2, value) ->
                lines.add(descriptor.series(label1, label2) + " " + value));
            assertThat(lines).contains("fnm_records_processed_total{source=\"netflow\"} 3",
                "fnm_records_unknown_ip_version_total 1");
        }
    }
}
