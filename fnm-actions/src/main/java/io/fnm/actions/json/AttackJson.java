package io.fnm.actions.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.ThresholdKind;
import io.fnm.core.TrafficClass;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The one JSON shape of an attack that the details folder ({@code .json}), Redis ({@code _information}), MongoDB
 * (collection {@code attacks}) and the webhook carry: FastNetMon's attack JSON (reference §5.4) with its key names,
 * units and sorted keys, corrected and extended:
 * <pre>{@code
 * {"action":"ban","alert_scope":"host","event_time":"2026-12-02T15:39:09Z","ip":"2001:db8::7",
 *  "attack_details":{
 *    "attack_uuid":"0b6f...","host_group":"global","protocol_version":"IPv6",         <- FastNetMon's (uuid real)
 *    "total_incoming_traffic":..., "total_incoming_traffic_bits":..., "total_incoming_pps":...,
 *    "total_incoming_flows":..., "incoming_udp_traffic":..., ... (every FastNetMon rate field, bytes/s and bits/s)
 *    "attack_type":"udp_flood","attack_direction":"incoming","attack_protocol":"udp",  <- ours from here on
 *    "initial_attack_power":120000,"peak_attack_power":150000,"threshold":"pps","threshold_key":"threshold_pps",
 *    "customer_network":"2001:db8::/32","ban_time_seconds":1800,"manual":false,
 *    "detected_at":"...","banned_at":"...","unban_at":"...","unbanned_at":"..."},
 *  "packet_dump_detailed":[{...}, ...]}
 * }</pre>
 * <ul>
 *   <li>{@code ip} is the real address for IPv6 too (FastNetMon writes {@code 0.0.0.0}); {@code attack_uuid} is the
 *   attack's random UUID (FastNetMon's is always nil).</li>
 *   <li>Times are ISO-8601 instants in UTC ({@link Instant#toString()}); a time that does not exist is absent:
 *   {@code unban_at} for a ban that never ends by itself (manual, or {@code ban_time = 0}), {@code threshold} and
 *   {@code threshold_key} for a manual ban, {@code unbanned_at} before the unban, {@code banned_at} when not built
 *   from a {@link BanEntry}.</li>
 *   <li>{@code packet_dump_detailed}, one object per sampled record, is present only when there are records, as in
 *   FastNetMon. An item carries FastNetMon's fields ({@code timestamp} stays its integer epoch seconds) plus
 *   {@code captured_at} (ISO-8601, nanoseconds when the record carries its frame), {@code protocol_number},
 *   {@code agent_address} also for IPv6 agents; {@code source_country}/{@code destination_country} are left out
 *   (fnm has no GeoIP).</li>
 * </ul>
 * Built with Jackson's tree model; thread-safe.
 */
public final class AttackJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TCP_FLAG_NAMES = {"fin", "syn", "rst", "psh", "ack", "urg"};
    private static final String[] FORWARDING = {"unknown", "forwarded", "dropped", "consumed"};

    private AttackJson()
    {
    }

    /**
     * @param attack    the attack.
     * @param event     ban, details or unban.
     * @param records   the sampled records (empty for ban and unban).
     * @param eventTime when the event happened (also {@code unbanned_at} for an unban).
     * @return the JSON tree, keys sorted.
     */
    public static ObjectNode tree(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant eventTime)
    {
        final ObjectNode root = sorted();
        root.put("action", event.text());
        root.put("alert_scope", "host");
        root.put("ip", attack.ip());
        root.put("event_time", eventTime.toString());
        final ObjectNode details = details(attack);
        if (event == AttackEvent.UNBAN)
        {
            details.put("unbanned_at", eventTime.toString());
        }
        root.set("attack_details", details);
        if (!records.isEmpty())
        {
            final ArrayNode dump = root.putArray("packet_dump_detailed");
            for (final TrafficRecord record : records)
            {
                dump.add(packet(record));
            }
        }
        return root;
    }

    /**
     * @param entry a ban-list entry.
     * @return its attack as a ban event, with {@code banned_at} and {@code unban_at} from the entry.
     */
    public static ObjectNode tree(final BanEntry entry)
    {
        final Instant bannedAt = Instant.ofEpochMilli(entry.bannedAtMillis());
        final ObjectNode root = tree(entry.attack(), AttackEvent.BAN, List.of(), bannedAt);
        final ObjectNode details = (ObjectNode)root.get("attack_details");
        details.put("banned_at", bannedAt.toString());
        details.remove("unban_at");
        if (entry.unbanAtMillis() != Long.MAX_VALUE)
        {
            details.put("unban_at", Instant.ofEpochMilli(entry.unbanAtMillis()).toString());
        }
        return root;
    }

    /**
     * @param attack    the attack.
     * @param event     ban, details or unban.
     * @param records   the sampled records.
     * @param eventTime when the event happened.
     * @return the compact JSON text of {@link #tree(Attack, AttackEvent, List, Instant)}.
     */
    public static String json(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant eventTime)
    {
        return write(tree(attack, event, records, eventTime));
    }

    /**
     * @param node a tree.
     * @return its compact JSON text.
     */
    public static String write(final JsonNode node)
    {
        try
        {
            return MAPPER.writeValueAsString(node);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param text JSON text.
     * @return the tree.
     * @throws UncheckedIOException when the text is not JSON.
     */
    public static JsonNode read(final String text)
    {
        try
        {
            return MAPPER.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return an empty object whose keys are kept sorted (FastNetMon's JSON is sorted).
     */
    public static ObjectNode sorted()
    {
        return new ObjectNode(NODES, new TreeMap<>());
    }

    /**
     * @param record a sampled record.
     * @return its {@code packet_dump_detailed} item.
     */
    public static ObjectNode packet(final TrafficRecord record)
    {
        final ObjectNode item = sorted();
        final long millis = record.timestampMillis();
        item.put("timestamp", Math.floorDiv(millis, 1000L));
        final long nanos = record.packet().isPresent() ? record.packet().timestampNanos() : 0;
        if (nanos > 0)
        {
            item.put("captured_at", Instant.ofEpochSecond(0, nanos).toString());
        }
        else if (millis > 0)
        {
            item.put("captured_at", Instant.ofEpochMilli(millis).toString());
        }
        item.put("ip_version", record.ipVersion() == TrafficRecord.IPV6 ? "ipv6" : "ipv4");
        item.put("source_ip", IpAddresses.appendSource(new StringBuilder(40), record).toString());
        item.put("destination_ip", IpAddresses.appendDestination(new StringBuilder(40), record).toString());
        item.put("source_asn", record.srcAsn());
        item.put("destination_asn", record.dstAsn());
        item.put("input_interface", record.inputInterface());
        item.put("output_interface", record.outputInterface());
        putAgent(item, record);
        final int protocol = record.protocol();
        if (protocol == TrafficRecord.PROTOCOL_TCP || protocol == TrafficRecord.PROTOCOL_UDP)
        {
            item.put("source_port", record.srcPort());
            item.put("destination_port", record.dstPort());
        }
        if (protocol == TrafficRecord.PROTOCOL_TCP)
        {
            item.put("tcp_flags", tcpFlags(record.tcpFlags()));
        }
        final int status = record.forwardingStatus();
        item.put("forwarding_status", status >= 0 && status < FORWARDING.length ? FORWARDING[status] : "unknown");
        item.put("fragmentation", record.fragmented());
        item.put("packets", record.packets());
        item.put("length", record.bytes());
        item.put("ip_length", record.ipLength());
        item.put("ttl", record.ttl());
        item.put("sample_ratio", record.samplingRatio());
        item.put("protocol", protocolName(record));
        item.put("protocol_number", protocol);
        return item;
    }

    /**
     * @param flags TCP flag bits.
     * @return FastNetMon's text: {@code syn,ack}; {@code -} for none.
     */
    public static String tcpFlags(final int flags)
    {
        final StringBuilder sb = new StringBuilder(24);
        for (int bit = 0; bit < TCP_FLAG_NAMES.length; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                if (sb.length() > 0)
                {
                    sb.append(',');
                }
                sb.append(TCP_FLAG_NAMES[bit]);
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static ObjectNode details(final Attack attack)
    {
        final ObjectNode details = sorted();
        details.put("attack_uuid", attack.uuid().toString());
        details.put("host_group", attack.hostgroup());
        details.put("protocol_version", attack.ipVersion() == 6 ? "IPv6" : "IPv4");
        putRates(details, attack.rates() == null ? HostRates.ZERO : attack.rates());
        details.put("attack_type", attack.type().text());
        details.put("attack_direction", attack.direction().text());
        details.put("attack_protocol", attack.protocol().text());
        details.put("initial_attack_power", attack.initialPowerPps());
        details.put("peak_attack_power", attack.peakPowerPps());
        final ThresholdKind threshold = attack.threshold();
        if (threshold != null)
        {
            details.put("threshold", threshold.name().toLowerCase(Locale.ROOT));
            details.put("threshold_key", threshold.thresholdKey());
        }
        if (attack.customerNetwork() != null)
        {
            details.put("customer_network", attack.customerNetwork().toString());
        }
        details.put("ban_time_seconds", attack.banTimeSeconds());
        details.put("manual", attack.manual());
        details.put("detected_at", Instant.ofEpochMilli(attack.detectedAtMillis()).toString());
        if (!attack.manual() && attack.banTimeSeconds() > 0)
        {
            details.put("unban_at",
                Instant.ofEpochMilli(attack.detectedAtMillis()).plusSeconds(attack.banTimeSeconds()).toString());
        }
        return details;
    }

    private static void putRates(final ObjectNode details, final HostRates rates)
    {
        putTraffic(details, "total_incoming", rates, Direction.INCOMING, TrafficClass.TOTAL);
        putTraffic(details, "total_outgoing", rates, Direction.OUTGOING, TrafficClass.TOTAL);
        details.put("total_incoming_flows", rates.flowsPerSecond(Direction.INCOMING));
        details.put("total_outgoing_flows", rates.flowsPerSecond(Direction.OUTGOING));
        putClass(details, "dropped", rates, TrafficClass.DROPPED);
        putClass(details, "ip_fragmented", rates, TrafficClass.FRAGMENTED);
        putClass(details, "tcp", rates, TrafficClass.TCP);
        putClass(details, "syn_tcp", rates, TrafficClass.TCP_SYN);
        putClass(details, "udp", rates, TrafficClass.UDP);
        putClass(details, "icmp", rates, TrafficClass.ICMP);
    }

    private static void putClass(final ObjectNode details, final String name, final HostRates rates,
        final TrafficClass trafficClass)
    {
        putTraffic(details, "incoming_" + name, rates, Direction.INCOMING, trafficClass);
        putTraffic(details, "outgoing_" + name, rates, Direction.OUTGOING, trafficClass);
    }

    private static void putTraffic(final ObjectNode details, final String prefix, final HostRates rates,
        final Direction direction, final TrafficClass trafficClass)
    {
        details.put(prefix + "_traffic", rates.bytesPerSecond(direction, trafficClass));
        details.put(prefix + "_traffic_bits", rates.bitsPerSecond(direction, trafficClass));
        details.put(prefix + "_pps", rates.packetsPerSecond(direction, trafficClass));
    }

    private static void putAgent(final ObjectNode item, final TrafficRecord record)
    {
        if (record.agentIpVersion() == TrafficRecord.IPV4)
        {
            item.put("agent_address", IpAddresses.ipv4ToString(record.agentIpv4()));
        }
        else if (record.agentIpVersion() == TrafficRecord.IPV6)
        {
            item.put("agent_address", IpAddresses.ipv6ToString(record.agentIpv6High(), record.agentIpv6Low()));
        }
    }

    private static String protocolName(final TrafficRecord record)
    {
        if (record.protocol() == TrafficRecord.PROTOCOL_TCP)
        {
            return "tcp";
        }
        if (record.protocol() == TrafficRecord.PROTOCOL_UDP)
        {
            return "udp";
        }
        return record.isIcmp() ? "icmp" : "unknown";
    }
}
