package io.fnm.core;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttackReportTest
{
    private static final ZoneId UTC = ZoneOffset.UTC;
    // 2024-01-02 03:04:05.678 UTC
    private static final long TIMESTAMP = 1_704_164_645_678L;

    @Test
    void shouldDescribeAttackInFastNetMonWordingAndOrder()
    {
        final String expected = """
            IP: 192.0.2.10
            Attack type: udp_flood
            Initial attack power: 30000 packets per second
            Peak attack power: 45000 packets per second
            Attack direction: incoming
            Attack protocol: udp
            Total incoming traffic: 360 mbps
            Total outgoing traffic: 0 mbps
            Total incoming pps: 30000 packets per second
            Total outgoing pps: 12 packets per second
            Total incoming flows: 7 flows per second
            Total outgoing flows: 1 flows per second
            Incoming ip fragmented traffic: 1 mbps
            Outgoing ip fragmented traffic: 0 mbps
            Incoming ip fragmented pps: 100 packets per second
            Outgoing ip fragmented pps: 0 packets per second
            Incoming dropped traffic: 0 mbps
            Outgoing dropped traffic: 0 mbps
            Incoming dropped pps: 3 packets per second
            Outgoing dropped pps: 0 packets per second
            Incoming tcp traffic: 0 mbps
            Outgoing tcp traffic: 0 mbps
            Incoming tcp pps: 0 packets per second
            Outgoing tcp pps: 12 packets per second
            Incoming syn tcp traffic: 0 mbps
            Outgoing syn tcp traffic: 0 mbps
            Incoming syn tcp pps: 0 packets per second
            Outgoing syn tcp pps: 0 packets per second
            Incoming udp traffic: 359 mbps
            Outgoing udp traffic: 0 mbps
            Incoming udp pps: 29900 packets per second
            Outgoing udp pps: 0 packets per second
            Incoming icmp traffic: 0 mbps
            Outgoing icmp traffic: 0 mbps
            Incoming icmp pps: 0 packets per second
            Outgoing icmp pps: 0 packets per second
            """;

        assertThat(AttackReport.describe(udpFlood("192.0.2.10"))).isEqualTo(expected);
    }

    @Test
    void shouldPrintRealIpv6AddressWhereFastNetMonPrintsZeros()
    {
        assertThat(AttackReport.describe(udpFlood("2001:db8::10"))).startsWith("IP: 2001:db8::10\nAttack type: ");
    }

    @Test
    void shouldAppendTrafficDumpAndFlowDumpAfterDescription()
    {
        final Attack attack = udpFlood("192.0.2.10");
        final TrafficRecord udp = new TrafficRecord().ipv4(IpAddresses.parseIpv4("198.51.100.7"),
            IpAddresses.parseIpv4("192.0.2.10")).ports(53, 4444).protocol(TrafficRecord.PROTOCOL_UDP)
            .packets(1).bytes(1500).ttl(57).samplingRatio(1024).timestampMillis(TIMESTAMP);

        final String text = AttackReport.withDump(attack, List.of(udp), "", UTC);

        assertThat(text).isEqualTo(AttackReport.describe(attack) + "\n\n\nAttack traffic dump\n\n" +
            "2024-01-02 03:04:05.678000 198.51.100.7:53 > 192.0.2.10:4444 protocol: udp frag: 0  packets: 1 " +
            "size: 1500 bytes ttl: 57 sample ratio: 1024  \n" +
            "\n\nFlow dump\n\n");
    }

    @Test
    void shouldPrintTcpFlagsOnlyForTcp()
    {
        final TrafficRecord syn = new TrafficRecord().ipv4(IpAddresses.parseIpv4("198.51.100.7"),
            IpAddresses.parseIpv4("192.0.2.10")).ports(40000, 80).protocol(TrafficRecord.PROTOCOL_TCP)
            .tcpFlags(TrafficRecord.TCP_SYN | TrafficRecord.TCP_ACK).packets(2).bytes(120).ttl(64).samplingRatio(1)
            .timestampMillis(TIMESTAMP);

        final String line = AttackReport.appendPacketLine(new StringBuilder(), syn, UTC).toString();

        assertThat(line).isEqualTo("2024-01-02 03:04:05.678000 198.51.100.7:40000 > 192.0.2.10:80 protocol: tcp " +
            "flags: syn,ack frag: 0  packets: 2 size: 120 bytes ttl: 64 sample ratio: 1  \n");
    }

    @Test
    void shouldPrintDashWhenTcpHasNoFlags()
    {
        final TrafficRecord tcp = new TrafficRecord().ipv4(1, 2).protocol(TrafficRecord.PROTOCOL_TCP)
            .fragmented(true).timestampMillis(TIMESTAMP);

        assertThat(AttackReport.appendPacketLine(new StringBuilder(), tcp, UTC).toString())
            .contains(" protocol: tcp flags: - frag: 1  packets: ");
    }

    @Test
    void shouldPrintIpv6PacketWithIanaName()
    {
        final long[] src = IpAddresses.parseIpv6("2001:db8::1");
        final long[] dst = IpAddresses.parseIpv6("2001:db8::10");
        final TrafficRecord icmp6 = new TrafficRecord().ipv6(src[0], src[1], dst[0], dst[1])
            .protocol(TrafficRecord.PROTOCOL_ICMPV6).packets(1).bytes(64).ttl(255).samplingRatio(1)
            .timestampMillis(TIMESTAMP);

        assertThat(AttackReport.appendPacketLine(new StringBuilder(), icmp6, UTC).toString())
            .isEqualTo("2024-01-02 03:04:05.678000 2001:db8::1:0 > 2001:db8::10:0 protocol: ipv6_icmp frag: 0  " +
                "packets: 1 size: 64 bytes ttl: 255 sample ratio: 1  \n");
    }

    @Test
    void shouldNameProtocolByNumberWhenNotInTable()
    {
        assertThat(AttackReport.protocolName(47)).isEqualTo("gre");
        assertThat(AttackReport.protocolName(253)).isEqualTo("253");
    }

    @Test
    void shouldUseManualFlowDumpTextForManualBan()
    {
        final Attack manual = Attack.builder().address(IpAddresses.parseLiteral("192.0.2.10")).manual(true).build();

        assertThat(AttackReport.withDump(manual, List.of())).endsWith("\n\nFlow dump\n\nmanually triggered attack")
            .contains("Attack direction: other\n");
    }

    private static Attack udpFlood(final String ip)
    {
        final HostRates rates = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 30_000)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 45_000_000)
            .packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 12)
            .packetsPerSecond(Direction.OUTGOING, TrafficClass.TCP, 12)
            .bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 720)
            .flowsPerSecond(Direction.INCOMING, 7)
            .flowsPerSecond(Direction.OUTGOING, 1)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.FRAGMENTED, 100)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.FRAGMENTED, 150_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.DROPPED, 3)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, 29_900)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.UDP, 44_999_999)
            .build();
        return Attack.builder().address(IpAddresses.parseLiteral(ip)).direction(Direction.INCOMING)
            .protocol(AttackProtocol.UDP).type(AttackType.UDP_FLOOD).threshold(ThresholdKind.PPS)
            .initialPowerPps(30_000).peakPowerPps(45_000).rates(rates).detectedAtMillis(TIMESTAMP).build();
    }
}
