package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.engine;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.second;
import static io.fnm.core.EngineFixture.v4;
import static io.fnm.core.EngineFixture.v6;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack's description as the engine builds it: the direction, power, type and protocol of the threshold that
 * fired (not FastNetMon's bytes rule), and the amplification type its sampled records show.
 */
class AttackDescriptionTest
{
    private static final int TCP = TrafficRecord.PROTOCOL_TCP;
    private static final int UDP = TrafficRecord.PROTOCOL_UDP;
    /** Packets in one second whose first one-second average (average_calculation_time 1) is 1 058. */
    private static final int SYN_PACKETS = 1674;
    /** Packets in one second whose first average is 97. */
    private static final int REPLY_PACKETS = 154;

    private final ManualClock clock = EngineFixture.clock();
    private final RecordingAction action = new RecordingAction();

    @Test
    void shouldReportIncomingSynFloodWhenOnlyTheIncomingThresholdFiredAndRepliesCarryMoreBytes() throws Exception
    {
        // issue 11: FastNetMon's rule (pps differ by < 1 000, so more bytes wins) calls this an outgoing 97 pps attack
        try (DetectionEngine engine = engine(config().globalThresholds(ppsThreshold(1000).build()).build(), clock,
            action))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.5", TCP, SYN_PACKETS, SYN_PACKETS * 46L).ports(40000, 80)
                .tcpFlags(TrafficRecord.TCP_SYN));
            second(engine, clock, sink, v4("10.0.0.5", "192.0.2.1", TCP, REPLY_PACKETS, REPLY_PACKETS * 1413L)
                .ports(80, 40000).tcpFlags(0x10), 1);
            final HostRates rates = engine.hostRates(EngineFixture.address("10.0.0.5"));
            assertThat(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(1058);
            assertThat(rates.packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)).isEqualTo(97);
            assertThat(rates.bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL))
                .isGreaterThan(rates.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL));

            final Attack attack = action.next().attack();

            assertThat(attack.direction()).isEqualTo(Direction.INCOMING);
            assertThat(attack.type()).isEqualTo(AttackType.SYN_FLOOD);
            assertThat(attack.protocol()).isEqualTo(AttackProtocol.TCP);
            assertThat(attack.initialPowerPps()).isEqualTo(1058);
            assertThat(attack.firedDirections()).containsExactly(Direction.INCOMING);
        }
    }

    @Test
    void shouldTakeTheLargerDirectionAndReportBothWhenTheSameThresholdFiredBothWays() throws Exception
    {
        try (DetectionEngine engine = engine(config().globalThresholds(ppsThreshold(100).build()).build(), clock,
            action))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 1000, 100_000));
            second(engine, clock, sink, v4("10.0.0.5", "192.0.2.1", UDP, 500, 1_000_000), 1);

            final Attack attack = action.next().attack();

            assertThat(attack.direction()).isEqualTo(Direction.INCOMING);
            assertThat(attack.firedDirections()).containsExactlyInAnyOrder(Direction.INCOMING, Direction.OUTGOING);
        }
    }

    @Test
    void shouldTakeTheDirectionWhoseThresholdComesFirstWhenDifferentThresholdsFired() throws Exception
    {
        final Thresholds thresholds = Thresholds.builder().enableBan(true).threshold(ThresholdKind.MBPS, 5)
            .threshold(ThresholdKind.UDP_PPS, 100).build();
        try (DetectionEngine engine = engine(config().globalThresholds(thresholds).build(), clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            // incoming: 632 udp pps of small packets (udp_pps fires); outgoing: 12 Mbit/s of tcp (mbps fires first)
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 1000, 100_000));
            second(engine, clock, sink, v4("10.0.0.5", "192.0.2.1", TCP, 2000, 3_000_000), 1);

            final Attack attack = action.next().attack();

            assertThat(attack.threshold()).isEqualTo(ThresholdKind.MBPS);
            assertThat(attack.direction()).isEqualTo(Direction.OUTGOING);
            assertThat(attack.protocol()).isEqualTo(AttackProtocol.TCP);
            assertThat(attack.firedDirections()).containsExactlyInAnyOrder(Direction.INCOMING, Direction.OUTGOING);
        }
    }

    @Test
    void shouldReportThePacketsDirectionWhenPacketRatesDifferByAThousand() throws Exception
    {
        try (DetectionEngine engine = engine(config().globalThresholds(ppsThreshold(100).build()).build(), clock,
            action))
        {
            final TrafficSink sink = engine.newSink("t");
            sink.accept(v4("192.0.2.1", "10.0.0.5", TCP, 10_000, 100_000).tcpFlags(TrafficRecord.TCP_SYN));
            second(engine, clock, sink, v4("10.0.0.5", "192.0.2.1", UDP, 500, 10_000_000), 1);
            final Attack attack = action.next().attack();
            assertThat(attack.direction()).isEqualTo(Direction.INCOMING);
            assertThat(attack.protocol()).isEqualTo(AttackProtocol.TCP);
            assertThat(attack.type()).isEqualTo(AttackType.SYN_FLOOD);
            assertThat(attack.hostgroup()).isEqualTo("global");
            assertThat(attack.customerNetwork()).isEqualTo(IpPrefix.parse("10.0.0.0/8"));
        }
    }

    @Test
    void shouldRefineDetailsAndUnbanToDnsAmplificationWhileTheBanKeepsItsType() throws Exception
    {
        final EngineConfig config = config().banDetailsRecordsCount(4).banDetailsMaxWaitSeconds(20).banTimeSeconds(5)
            .unbanOnlyIfAttackFinished(false)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v4("192.0.2.1", "10.0.0.5", UDP, 100, 100 * 1400L).ports(53, 3333), 1);
            final Attack ban = action.next().attack();
            sink.accept(v4("192.0.2.1", "10.0.0.5", UDP, 1, 1400).ports(53, 1024).samplingRatio(1000));
            sink.accept(v4("192.0.2.2", "10.0.0.5", UDP, 1, 1400).ports(53, 1025).samplingRatio(1000));
            sink.accept(v4("192.0.2.3", "10.0.0.5", UDP, 1, 1400).ports(123, 1026).samplingRatio(1000));
            sink.accept(v4("10.0.0.5", "192.0.2.3", UDP, 900, 900 * 60L).ports(1026, 123));
            sink.flush();
            engine.tick();
            final Attack details = action.next().attack();
            clock.advanceSeconds(6);
            engine.tick();
            final Attack unban = action.next().attack();

            assertThat(ban.type()).isEqualTo(AttackType.UDP_FLOOD);
            assertThat(details.type()).isEqualTo(AttackType.DNS_AMPLIFICATION);
            assertThat(details.protocol()).isEqualTo(AttackProtocol.UDP);
            assertThat(details.uuid()).isEqualTo(ban.uuid());
            assertThat(unban.type()).isEqualTo(AttackType.DNS_AMPLIFICATION);
            assertThat(engine.banList()).isEmpty();
        }
    }

    @Test
    void shouldKeepTheTypeWhenNoReflectorPortDominatesTheSample() throws Exception
    {
        final EngineConfig config = config().banDetailsRecordsCount(4).banDetailsMaxWaitSeconds(20)
            .globalThresholds(ppsThreshold(10).build()).build();
        try (DetectionEngine engine = engine(config, clock, action))
        {
            final TrafficSink sink = engine.newSink("t");
            second(engine, clock, sink, v6("2001:db9::9", "2001:db8::5", UDP, 100, 100 * 1400L).ports(53, 3333), 1);
            assertThat(action.next().attack().type()).isEqualTo(AttackType.UDP_FLOOD);
            for (final int port : List.of(53, 53, 123, 1900))
            {
                sink.accept(v6("2001:db9::9", "2001:db8::5", UDP, 1, 1400).ports(port, 4000));
            }
            sink.flush();
            engine.tick();

            assertThat(action.next().attack().type()).isEqualTo(AttackType.UDP_FLOOD);
        }
    }
}
