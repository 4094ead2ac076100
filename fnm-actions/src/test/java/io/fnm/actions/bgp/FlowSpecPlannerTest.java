package io.fnm.actions.bgp;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowSpecPlannerTest
{
    private static final int VICTIM = 0xC000020A;

    private static Attack attack(final AttackType type, final Direction direction) throws Exception
    {
        return Attack.builder().address(InetAddress.getByName("192.0.2.10")).direction(direction).type(type)
            .protocol(AttackProtocol.UDP).build();
    }

    private static TrafficRecord udp(final int sourcePort, final int destinationPort)
    {
        return new TrafficRecord().ipv4(0x0A000001, VICTIM).protocol(TrafficRecord.PROTOCOL_UDP)
            .ports(sourcePort, destinationPort).packets(1).samplingRatio(1);
    }

    private static TrafficRecord syn(final int destinationPort)
    {
        return new TrafficRecord().ipv4(0x0A000001, VICTIM).protocol(TrafficRecord.PROTOCOL_TCP)
            .ports(40_000, destinationPort).tcpFlags(TrafficRecord.TCP_SYN).packets(1).samplingRatio(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {53, 123, 1900, 161, 19, 11211, 389, 3702, 5353})
    void shouldMatchSourcePortWhenOnePortDominatesUdpSample(final int port) throws Exception
    {
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 9; i++)
        {
            records.add(udp(port, 30_000 + i));
        }
        records.add(udp(4444, 80));

        final FlowSpecRule rule = FlowSpecPlanner.fromRecords(attack(AttackType.UDP_FLOOD, Direction.INCOMING),
            records);

        assertThat(rule.text()).isEqualTo("destination 192.0.2.10/32 protocol udp source-port =" + port);
    }

    @Test
    void shouldFindNoRuleWhenUdpSourcePortsAreSpread() throws Exception
    {
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            records.add(udp(1_000 + i, 80));
        }

        assertThat(FlowSpecPlanner.fromRecords(attack(AttackType.UDP_FLOOD, Direction.INCOMING), records)).isNull();
    }

    @Test
    void shouldWeighRecordsBySamplingRatioWhenFindingDominantPort() throws Exception
    {
        final List<TrafficRecord> records = new ArrayList<>(List.of(udp(123, 1).samplingRatio(1_000)));
        for (int i = 0; i < 5; i++)
        {
            records.add(udp(2_000 + i, 1));
        }

        assertThat(FlowSpecPlanner.fromRecords(attack(AttackType.UDP_FLOOD, Direction.INCOMING), records).sourcePort())
            .isEqualTo(123);
    }

    @Test
    void shouldMatchSynAndPortWhenOnePortDominatesSynSample() throws Exception
    {
        final List<TrafficRecord> records = List.of(syn(443), syn(443), syn(443), syn(80));

        final FlowSpecRule rule = FlowSpecPlanner.fromRecords(attack(AttackType.SYN_FLOOD, Direction.INCOMING),
            records);

        assertThat(rule.text()).isEqualTo("destination 192.0.2.10/32 protocol tcp destination-port =443 " +
            "tcp-flags syn/!ack");
    }

    @Test
    void shouldMatchSynWithoutPortWhenSynPortsAreSpread() throws Exception
    {
        final List<TrafficRecord> records = List.of(syn(1), syn(2), syn(3), syn(4));

        assertThat(FlowSpecPlanner.fromRecords(attack(AttackType.SYN_FLOOD, Direction.INCOMING), records).text())
            .isEqualTo("destination 192.0.2.10/32 protocol tcp tcp-flags syn/!ack");
    }

    @Test
    void shouldMatchFragmentsWhenFragmentsDominate() throws Exception
    {
        final List<TrafficRecord> records = List.of(udp(0, 0).fragmented(true), udp(0, 0).fragmented(true),
            udp(53, 1));

        assertThat(FlowSpecPlanner.fromRecords(attack(AttackType.UNKNOWN, Direction.INCOMING), records).text())
            .isEqualTo("destination 192.0.2.10/32 fragment is-fragment");
    }

    @Test
    void shouldIgnoreRecordsOfOtherHostsWhenPlanning() throws Exception
    {
        final List<TrafficRecord> records = List.of(udp(53, 1).ipv4(0x0A000001, 0xC000020B),
            udp(53, 1).ipv4(0x0A000001, 0xC000020B));

        assertThat(FlowSpecPlanner.fromRecords(attack(AttackType.UDP_FLOOD, Direction.INCOMING), records)).isNull();
    }

    @Test
    void shouldMatchHostAsSourceWhenAttackIsOutgoing() throws Exception
    {
        final List<TrafficRecord> records = List.of(udp(123, 5).ipv4(VICTIM, 0x0A000001));

        assertThat(FlowSpecPlanner.fromRecords(attack(AttackType.UDP_FLOOD, Direction.OUTGOING), records).text())
            .isEqualTo("source 192.0.2.10/32 protocol udp source-port =123");
    }

    @Test
    void shouldMatchSynWithoutAckAtBanWhenTypeIsSynFlood() throws Exception
    {
        assertThat(FlowSpecPlanner.atBan(attack(AttackType.SYN_FLOOD, Direction.INCOMING)).text())
            .isEqualTo("destination 192.0.2.10/32 protocol tcp tcp-flags syn/!ack");
    }

    @Test
    void shouldMatchFragmentsAtBanWhenTypeIsIpFragmentation() throws Exception
    {
        assertThat(FlowSpecPlanner.atBan(attack(AttackType.IP_FRAGMENTATION, Direction.INCOMING)).text())
            .isEqualTo("destination 192.0.2.10/32 fragment is-fragment");
    }

    @Test
    void shouldMatchSourcePortAtBanWhenTypeIsAmplification() throws Exception
    {
        assertThat(FlowSpecPlanner.atBan(attack(AttackType.NTP_AMPLIFICATION, Direction.INCOMING)).text())
            .isEqualTo("destination 192.0.2.10/32 protocol udp source-port =123");
    }

    @Test
    void shouldFindNoRuleAtBanWhenTypeIsUdpFlood() throws Exception
    {
        assertThat(FlowSpecPlanner.atBan(attack(AttackType.UDP_FLOOD, Direction.INCOMING))).isNull();
    }

    @Test
    void shouldUseIpv6PrefixWhenHostIsIpv6() throws Exception
    {
        final Attack attack = Attack.builder().address(InetAddress.getByName("2001:db8::7"))
            .direction(Direction.INCOMING).type(AttackType.SYN_FLOOD).build();

        assertThat(FlowSpecPlanner.atBan(attack).text())
            .isEqualTo("destination 2001:db8::7/128 protocol tcp tcp-flags syn/!ack");
    }
}
