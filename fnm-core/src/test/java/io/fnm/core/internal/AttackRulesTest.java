package io.fnm.core.internal;

import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.Test;

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

    @Test
    void shouldTakeDirectionWithMorePacketsWhenPacketsDifferByAThousandOrMore()
    {
        assertThat(AttackRules.directionOf(both(2000, 1, 1000, 1_000_000))).isEqualTo(Direction.INCOMING);
    }

    @Test
    void shouldTakeDirectionWithMoreBytesWhenPacketsDifferByLessThanAThousand()
    {
        assertThat(AttackRules.directionOf(both(1999, 100, 1000, 200))).isEqualTo(Direction.OUTGOING);
    }

    @Test
    void shouldTakeIncomingWhenPacketsAreCloseAndMoreBytesComeIn()
    {
        assertThat(AttackRules.directionOf(both(500, 201, 900, 200))).isEqualTo(Direction.INCOMING);
    }

    @Test
    void shouldTakeOutgoingWhenPacketsAndBytesAreEqual()
    {
        assertThat(AttackRules.directionOf(both(700, 300, 700, 300))).isEqualTo(Direction.OUTGOING);
    }


    @Test
    void shouldCallSynFloodWhenSynIsAboveNinetyPercent()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 1000, 0, 0, 901, 0), Direction.INCOMING))
            .isEqualTo(AttackType.SYN_FLOOD);
    }

    @Test
    void shouldNotCallFloodAtExactlyNinetyPercent()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 100, 900, 0, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackType.UNKNOWN);
    }

    @Test
    void shouldPreferIcmpOverFragmentsAndFragmentsOverUdp()
    {
        assertThat(AttackRules.typeOf(incoming(1000, 0, 0, 950, 0, 950), Direction.INCOMING))
            .isEqualTo(AttackType.ICMP_FLOOD);
        assertThat(AttackRules.typeOf(incoming(1000, 0, 950, 0, 0, 950), Direction.INCOMING))
            .isEqualTo(AttackType.IP_FRAGMENTATION);
        assertThat(AttackRules.typeOf(incoming(1000, 0, 950, 0, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackType.UDP_FLOOD);
    }

    @Test
    void shouldBreakProtocolTiesTcpThenUdpThenIcmp()
    {
        assertThat(AttackRules.protocolOf(incoming(30, 10, 10, 10, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.TCP);
        assertThat(AttackRules.protocolOf(incoming(30, 5, 10, 10, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.UDP);
        assertThat(AttackRules.protocolOf(incoming(30, 5, 5, 10, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.ICMP);
    }

    @Test
    void shouldReportUnknownProtocolWhenNoTcpUdpOrIcmp()
    {
        assertThat(AttackRules.protocolOf(incoming(1000, 0, 0, 0, 0, 0), Direction.INCOMING))
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
