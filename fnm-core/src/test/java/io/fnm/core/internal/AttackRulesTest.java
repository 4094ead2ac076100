package io.fnm.core.internal;

import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.ThresholdKind;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class AttackRulesTest
{
    private static HostRates incoming(final long total, final long tcp, final long udp, final long icmp,
        final long syn, final long fragmented)
    {
        return HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, total)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TCP, tcp)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, udp)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.ICMP, icmp)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TCP_SYN, syn)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.FRAGMENTED, fragmented)
            .build();
    }

    private static HostRates both(final long inPps, final long inBytes, final long outPps, final long outBytes)
    {
        return HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, inPps)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, inBytes)
            .packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, outPps)
            .bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, outBytes)
            .build();
    }

    private static long[] thresholds(final ThresholdKind kind, final long value, final ThresholdKind other,
        final long otherValue)
    {
        final long[] values = new long[ThresholdKind.count()];
        Arrays.fill(values, EngineView.OFF);
        values[kind.ordinal()] = value;
        if (other != null)
        {
            values[other.ordinal()] = otherValue;
        }
        return values;
    }

    @Test
    void shouldTakeTheDirectionWhoseThresholdFiredWhenTheOtherCarriesMoreBytes()
    {
        final long[] pps1000 = thresholds(ThresholdKind.PPS, 1000, null, 0);
        assertThat(AttackRules.directionOf(both(1058, 48_668, 97, 137_061), ThresholdKind.PPS, pps1000))
            .isEqualTo(Direction.INCOMING);
    }

    @Test
    void shouldTakeOutgoingWhenOnlyItsThresholdFired()
    {
        final long[] pps100 = thresholds(ThresholdKind.PPS, 100, null, 0);
        assertThat(AttackRules.directionOf(both(50, 1_000_000, 200, 100), ThresholdKind.PPS, pps100))
            .isEqualTo(Direction.OUTGOING);
    }

    @Test
    void shouldTakeTheLargerAverageWhenTheSameKindFiredBothWays()
    {
        final long[] pps100 = thresholds(ThresholdKind.PPS, 100, null, 0);
        assertThat(AttackRules.directionOf(both(300, 1, 301, 1), ThresholdKind.PPS, pps100))
            .isEqualTo(Direction.OUTGOING);
        assertThat(AttackRules.directionOf(both(301, 1, 300, 1), ThresholdKind.PPS, pps100))
            .isEqualTo(Direction.INCOMING);
    }

    @Test
    void shouldTakeIncomingOnATie()
    {
        final long[] pps100 = thresholds(ThresholdKind.PPS, 100, null, 0);
        assertThat(AttackRules.directionOf(both(300, 1, 300, 100), ThresholdKind.PPS, pps100))
            .isEqualTo(Direction.INCOMING);
    }

    @Test
    void shouldTakeTheDirectionOfTheEarlierKindWhenDifferentKindsFired()
    {
        // incoming fires pps, outgoing fires mbps; pps comes first
        final long[] ppsAndMbps = thresholds(ThresholdKind.MBPS, 1, ThresholdKind.PPS, 1000);
        assertThat(AttackRules.directionOf(both(1500, 100, 10, 10_000_000), ThresholdKind.PPS, ppsAndMbps))
            .isEqualTo(Direction.INCOMING);
        assertThat(AttackRules.firedDirections(both(1500, 100, 10, 10_000_000), ppsAndMbps))
            .containsExactlyInAnyOrder(Direction.INCOMING, Direction.OUTGOING);
    }

    @Test
    void shouldGiveTheThresholdsProtocolAndTypeForProtocolKinds()
    {
        final HostRates rates = incoming(1000, 100, 800, 100, 0, 0);
        assertThat(AttackRules.protocolOf(rates, Direction.INCOMING, ThresholdKind.ICMP_PPS))
            .isEqualTo(AttackProtocol.ICMP);
        assertThat(AttackRules.typeOf(rates, Direction.INCOMING, ThresholdKind.ICMP_PPS))
            .isEqualTo(AttackType.ICMP_FLOOD);
        assertThat(AttackRules.typeOf(rates, Direction.INCOMING, ThresholdKind.TCP_SYN_PPS))
            .isEqualTo(AttackType.SYN_FLOOD);
        assertThat(AttackRules.typeOf(rates, Direction.INCOMING, ThresholdKind.FRAGMENTED_PPS))
            .isEqualTo(AttackType.IP_FRAGMENTATION);
    }

    @Test
    void shouldCallSynFloodOnATcpThresholdOnlyWhenSynIsAboveNinetyPercentOfTcp()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 100, 900, 0, 91, 0), Direction.INCOMING, ThresholdKind.TCP_PPS))
            .isEqualTo(AttackType.SYN_FLOOD);
        assertThat(AttackRules.typeOf(incoming(1000, 100, 900, 0, 90, 0), Direction.INCOMING, ThresholdKind.TCP_PPS))
            .isEqualTo(AttackType.UNKNOWN);
    }

    @Test
    void shouldCallSynFloodWhenSynIsAboveNinetyPercent()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 1000, 0, 0, 901, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackType.SYN_FLOOD);
    }

    @Test
    void shouldNotCallFloodAtExactlyNinetyPercent()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 100, 900, 0, 0, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackType.UNKNOWN);
    }

    @Test
    void shouldPreferIcmpOverFragmentsAndFragmentsOverUdp()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 0, 0, 950, 0, 950), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackType.ICMP_FLOOD);
        assertThat(AttackRules.typeOf(incoming(1000, 0, 950, 0, 0, 950), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackType.IP_FRAGMENTATION);
        assertThat(AttackRules.typeOf(incoming(1000, 0, 950, 0, 0, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackType.UDP_FLOOD);
    }

    @Test
    void shouldBreakProtocolTiesTcpThenUdpThenIcmp()
    {
        assertThat(AttackRules.protocolOf(incoming(30, 10, 10, 10, 0, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackProtocol.TCP);
        assertThat(AttackRules.protocolOf(incoming(30, 5, 10, 10, 0, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackProtocol.UDP);
        assertThat(AttackRules.protocolOf(incoming(30, 5, 5, 10, 0, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackProtocol.ICMP);
    }

    @Test
    void shouldReportUnknownProtocolWhenNoTcpUdpOrIcmp()
    {
        assertThat(AttackRules.protocolOf(incoming(1000, 0, 0, 0, 0, 0), Direction.INCOMING, ThresholdKind.PPS))
            .isEqualTo(AttackProtocol.UNKNOWN);
    }

    @Test
    void shouldKeepAverageEqualToInstantWhenAverageTimeIsZero()
    {
        assertThat(RateAverages.nextAverage(12345, 30_000, 1.0, 0)).isEqualTo(30_000);
    }

    @Test
    void shouldUseRealElapsedPeriodNotConfiguredDelay()
    {
        assertThat(RateAverages.nextAverage(0, 19_000, 1.9, 0)).isEqualTo(10_000);
    }

    @Test
    void shouldFollowWorkedExampleSequence()
    {
        long average = 0;
        final long[] expected = {5438, 9890, 13535, 16519, 18962, 20962, 22600};
        for (final long value : expected)
        {
            average = RateAverages.nextAverage(average, 30_000, 1.0, 5);
            assertThat(average).isEqualTo(value);
        }
    }
}
