package io.fnm.actions.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AttackJsonTest
{
    private static final Instant EVENT = Instant.parse("2023-11-14T22:13:25Z");
    private static final UUID ID = UUID.fromString("6f1c2a4e-8d53-4f5e-9a36-2c1de0d1b7a1");

    @Test
    void shouldWriteFastNetMonFieldsWithSortedKeysWhenBanIsSerialized()
    {
        final JsonNode json = AttackJson.read(AttackJson.json(ipv4(), AttackEvent.BAN, List.of(), EVENT));

        assertThat(fieldNames(json)).containsExactly("action", "alert_scope", "attack_details", "event_time", "ip");
        final JsonNode details = json.get("attack_details");
        assertThat(fieldNames(details)).isSorted().contains("attack_uuid", "host_group", "protocol_version",
            "total_incoming_traffic", "total_incoming_traffic_bits", "total_outgoing_traffic",
            "total_outgoing_traffic_bits", "total_incoming_pps", "total_outgoing_pps", "total_incoming_flows",
            "total_outgoing_flows", "incoming_dropped_traffic", "outgoing_dropped_pps",
            "incoming_ip_fragmented_traffic_bits", "outgoing_ip_fragmented_pps", "incoming_tcp_traffic",
            "incoming_syn_tcp_pps", "outgoing_udp_traffic_bits", "incoming_icmp_pps");
        assertThat(json.get("alert_scope").asText()).isEqualTo("host");
        assertThat(details.get("total_incoming_traffic").asLong()).isEqualTo(120_000L * 1200);
        assertThat(details.get("total_incoming_traffic_bits").asLong()).isEqualTo(120_000L * 1200 * 8);
        assertThat(details.get("incoming_udp_pps").asLong()).isEqualTo(119_000);
        assertThat(details.get("total_incoming_flows").asLong()).isEqualTo(5000);
        assertThat(json.has("packet_dump_detailed")).isFalse();
    }

    @Test
    void shouldAddTypeDirectionProtocolPowerThresholdAndTimesWhenAttackIsDetected()
    {
        final JsonNode details = AttackJson.tree(ipv4(), AttackEvent.BAN, List.of(), EVENT).get("attack_details");

        assertThat(details.get("attack_uuid").asText()).isEqualTo(ID.toString());
        assertThat(details.get("attack_type").asText()).isEqualTo("udp_flood");
        assertThat(details.get("attack_direction").asText()).isEqualTo("incoming");
        assertThat(details.get("attack_protocol").asText()).isEqualTo("udp");
        assertThat(details.get("initial_attack_power").asLong()).isEqualTo(120_000);
        assertThat(details.get("peak_attack_power").asLong()).isEqualTo(150_000);
        assertThat(details.get("threshold").asText()).isEqualTo("pps");
        assertThat(details.get("threshold_key").asText()).isEqualTo("threshold_pps");
        assertThat(details.get("host_group").asText()).isEqualTo("customers");
        assertThat(details.get("customer_network").asText()).isEqualTo("203.0.113.0/24");
        assertThat(details.get("detected_at").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(details.get("unban_at").asText()).isEqualTo("2023-11-14T22:43:20Z");
        assertThat(details.has("unbanned_at")).isFalse();
    }

    @Test
    void shouldLeaveNeverTimesAndThresholdAbsentWhenBanIsManual()
    {
        final Attack manual = Attack.builder().address(IpAddresses.parseLiteral("2001:db8::9")).manual(true)
            .detectedAtMillis(1_700_000_000_000L).build();

        final JsonNode json = AttackJson.tree(manual, AttackEvent.BAN, List.of(), EVENT);

        assertThat(json.get("ip").asText()).isEqualTo("2001:db8::9");
        assertThat(json.at("/attack_details/protocol_version").asText()).isEqualTo("IPv6");
        assertThat(json.at("/attack_details/manual").asBoolean()).isTrue();
        assertThat(json.get("attack_details").has("unban_at")).isFalse();
        assertThat(json.get("attack_details").has("threshold")).isFalse();
    }

    @Test
    void shouldStampUnbannedAtWhenBanEnds()
    {
        final JsonNode json = AttackJson.tree(ipv4(), AttackEvent.UNBAN, List.of(), EVENT);

        assertThat(json.get("action").asText()).isEqualTo("unban");
        assertThat(json.at("/attack_details/unbanned_at").asText()).isEqualTo("2023-11-14T22:13:25Z");
    }

    @Test
    void shouldTakeBanTimesFromBanEntryWhenEntryIsSerialized()
    {
        final JsonNode never = AttackJson.tree(new BanEntry(ipv4(), 1_700_000_001_000L, Long.MAX_VALUE));
        final JsonNode timed = AttackJson.tree(new BanEntry(ipv4(), 1_700_000_001_000L, 1_700_000_061_000L));

        assertThat(never.at("/attack_details/banned_at").asText()).isEqualTo("2023-11-14T22:13:21Z");
        assertThat(never.get("attack_details").has("unban_at")).isFalse();
        assertThat(timed.at("/attack_details/unban_at").asText()).isEqualTo("2023-11-14T22:14:21Z");
    }

    @Test
    void shouldDescribeEachRecordWithFastNetMonPacketFieldsWhenDetailsCarryRecords()
    {
        final TrafficRecord tcp = new TrafficRecord()
            .ipv4(IpAddresses.parseIpv4("198.51.100.1"), IpAddresses.parseIpv4("203.0.113.7"))
            .protocol(TrafficRecord.PROTOCOL_TCP).ports(4444, 80)
            .tcpFlags(TrafficRecord.TCP_SYN | TrafficRecord.TCP_ACK)
            .packets(2).bytes(120).samplingRatio(100).ttl(57).ipLength(60).timestampMillis(1_700_000_000_123L)
            .agentIpv4(IpAddresses.parseIpv4("192.0.2.1")).interfaces(3, 7)
            .forwardingStatus(TrafficRecord.FORWARDING_DROPPED);
        final TrafficRecord icmp = new TrafficRecord()
            .ipv4(IpAddresses.parseIpv4("198.51.100.2"), IpAddresses.parseIpv4("203.0.113.7"))
            .protocol(TrafficRecord.PROTOCOL_ICMP).packets(1).bytes(84);

        final JsonNode dump = AttackJson.tree(ipv4(), AttackEvent.DETAILS, List.of(tcp, icmp), EVENT)
            .get("packet_dump_detailed");

        assertThat(dump).hasSize(2);
        final JsonNode first = dump.get(0);
        assertThat(first.get("timestamp").asLong()).isEqualTo(1_700_000_000L);
        assertThat(first.get("captured_at").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(first.get("source_ip").asText()).isEqualTo("198.51.100.1");
        assertThat(first.get("destination_port").asInt()).isEqualTo(80);
        assertThat(first.get("tcp_flags").asText()).isEqualTo("syn,ack");
        assertThat(first.get("protocol").asText()).isEqualTo("tcp");
        assertThat(first.get("forwarding_status").asText()).isEqualTo("dropped");
        assertThat(first.get("agent_address").asText()).isEqualTo("192.0.2.1");
        assertThat(first.get("sample_ratio").asLong()).isEqualTo(100);
        assertThat(first.get("input_interface").asLong()).isEqualTo(3);
        assertThat(dump.get(1).has("source_port")).isFalse();
        assertThat(dump.get(1).has("tcp_flags")).isFalse();
        assertThat(dump.get(1).get("protocol").asText()).isEqualTo("icmp");
    }

    private static List<String> fieldNames(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Attack ipv4()
    {
        final HostRates rates = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 120_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, 119_000)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 120_000L * 1200)
            .flowsPerSecond(Direction.INCOMING, 5000)
            .build();
        return Attack.builder().uuid(ID).address(IpAddresses.parseLiteral("203.0.113.7"))
            .direction(Direction.INCOMING).protocol(AttackProtocol.UDP).type(AttackType.UDP_FLOOD)
            .threshold(ThresholdKind.PPS).hostgroup("customers").customerNetwork(IpPrefix.parse("203.0.113.0/24"))
            .initialPowerPps(120_000).peakPowerPps(150_000).rates(rates)
            .detectedAtMillis(1_700_000_000_000L).banTimeSeconds(1800).build();
    }
}
