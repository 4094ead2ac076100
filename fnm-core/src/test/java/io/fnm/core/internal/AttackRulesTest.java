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

    @Test
    void shouldCallSynFloodWhenSynIsAboveNinetyPercent()
    {
        assertThat(EngineCore.typeOf(incoming(1000, 1000, 0, 0, 901, 0), Direction.INCOMING))
            .isEqualTo(AttackType.SYN_FLOOD);
    }

    @Test
    void shouldNotCallFloodAtExactlyNinetyPercent()
    {
        assertThat(EngineCore.typeOf(incoming(1000, 100, 900, 0, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackType.UNKNOWN);
    }

    @Test
    void shouldPreferIcmpOverFragmentsAndFragmentsOverUdp()
    {
        assertThat(EngineCore.typeOf(incoming(1000, 0, 0, 950, 0, 950), Direction.INCOMING))
            .isEqualTo(AttackType.ICMP_FLOOD);
        assertThat(EngineCore.typeOf(incoming(1000, 0, 950, 0, 0, 950), Direction.INCOMING))
            .isEqualTo(AttackType.IP_FRAGMENTATION);
        assertThat(EngineCore.typeOf(incoming(1000, 0, 950, 0, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackType.UDP_FLOOD);
    }

    @Test
    void shouldBreakProtocolTiesTcpThenUdpThenIcmp()
    {
        assertThat(EngineCore.protocolOf(incoming(30, 10, 10, 10, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.TCP);
        assertThat(EngineCore.protocolOf(incoming(30, 5, 10, 10, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.UDP);
        assertThat(EngineCore.protocolOf(incoming(30, 5, 5, 10, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.ICMP);
    }

    @Test
    void shouldReportUnknownProtocolWhenNoTcpUdpOrIcmp()
    {
        assertThat(EngineCore.protocolOf(incoming(1000, 0, 0, 0, 0, 0), Direction.INCOMING))
            .isEqualTo(AttackProtocol.UNKNOWN);
    }

    @Test
    void shouldKeepAverageEqualToInstantWhenAverageTimeIsZero()
    {
        assertThat(EngineCore.nextAverage(12345, 30_000, 1.0, 0)).isEqualTo(30_000);
    }

    @Test
    void shouldUseRealElapsedPeriodNotConfiguredDelay()
    {
        assertThat(EngineCore.nextAverage(0, 19_000, 1.9, 0)).isEqualTo(10_000);
    }

    @Test
    void shouldFollowWorkedExampleSequence()
    {
        long average = 0;
        final long[] expected = {5438, 9890, 13535, 16519, 18962, 20962, 22600};
        for (final long value : expected)
        {
            average = EngineCore.nextAverage(average, 30_000, 1.0, 5);
            assertThat(average).isEqualTo(value);
        }
    }
}
