package io.fnm.core;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * FastNetMon's attack description text: what its notify script reads on stdin and what its attack details file
 * holds (reference §5.3), built from an {@link Attack}.
 * <p>
 * {@link #describe(Attack)} is the {@code IP:} line and the description block (stdin of {@code ban});
 * {@link #withDump(Attack, List)} adds the "Attack traffic dump" of the sampled records and the "Flow dump" (stdin
 * of {@code attack_details}). Wording, order, units and spacing are FastNetMon's, with two corrections: an IPv6
 * attack prints its real address (FastNetMon prints {@code 0.0.0.0}), and the peak power is the peak tracked while
 * the attack lasts (FastNetMon repeats the initial power). Mbit/s values are decimal and truncated. Rates are the
 * averages captured at detection ({@link Attack#rates()}).
 * <p>
 * Not on a hot path: called once per ban, off the capture and tick threads.
 */
public final class AttackReport
{
    /** The flow-dump text FastNetMon uses for a ban made through its API. */
    public static final String MANUAL_FLOW_DUMP = "manually triggered attack";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String[] TCP_FLAG_NAMES = {"fin", "syn", "rst", "psh", "ack", "urg"};
    private static final String[] PROTOCOL_NAMES = new String[256];

    static
    {
        PROTOCOL_NAMES[0] = "hopopt";
        PROTOCOL_NAMES[1] = "icmp";
        PROTOCOL_NAMES[2] = "igmp";
        PROTOCOL_NAMES[4] = "ipv4";
        PROTOCOL_NAMES[6] = "tcp";
        PROTOCOL_NAMES[8] = "egp";
        PROTOCOL_NAMES[17] = "udp";
        PROTOCOL_NAMES[33] = "dccp";
        PROTOCOL_NAMES[41] = "ipv6";
        PROTOCOL_NAMES[43] = "ipv6_route";
        PROTOCOL_NAMES[44] = "ipv6_frag";
        PROTOCOL_NAMES[46] = "rsvp";
        PROTOCOL_NAMES[47] = "gre";
        PROTOCOL_NAMES[50] = "esp";
        PROTOCOL_NAMES[51] = "ah";
        PROTOCOL_NAMES[58] = "ipv6_icmp";
        PROTOCOL_NAMES[59] = "ipv6_nonxt";
        PROTOCOL_NAMES[60] = "ipv6_opts";
        PROTOCOL_NAMES[88] = "eigrp";
        PROTOCOL_NAMES[89] = "ospfigp";
        PROTOCOL_NAMES[94] = "ipip";
        PROTOCOL_NAMES[103] = "pim";
        PROTOCOL_NAMES[112] = "vrrp";
        PROTOCOL_NAMES[115] = "l2tp";
        PROTOCOL_NAMES[132] = "sctp";
        PROTOCOL_NAMES[136] = "udplite";
        PROTOCOL_NAMES[137] = "mpls_in_ip";
    }

    private AttackReport()
    {
    }

    /**
     * @param attack the attack.
     * @return {@code IP: <ip>\n} followed by the description block, one {@code \n}-terminated line per value.
     */
    public static String describe(final Attack attack)
    {
        return appendDescription(new StringBuilder(2048), attack).toString();
    }

    /**
     * @param attack  the attack.
     * @param records the sampled records of the attack.
     * @return the full text: description, attack traffic dump (local time zone) and an empty flow dump.
     */
    public static String withDump(final Attack attack, final List<TrafficRecord> records)
    {
        return withDump(attack, records, attack.manual() ? MANUAL_FLOW_DUMP : "", ZoneId.systemDefault());
    }

    /**
     * @param attack   the attack.
     * @param records  the sampled records of the attack.
     * @param flowDump the flow-dump section's text (FastNetMon's per-host flow table; empty when none).
     * @param zone     the time zone of the packet timestamps (FastNetMon prints local time).
     * @return description, {@code \n}, {@code \n\nAttack traffic dump\n\n}, one line per record,
     *         {@code \n\nFlow dump\n\n} and the flow dump.
     */
    public static String withDump(final Attack attack, final List<TrafficRecord> records, final String flowDump,
        final ZoneId zone)
    {
        final StringBuilder sb = appendDescription(new StringBuilder(2048 + 160 * records.size()), attack);
        sb.append('\n').append("\n\nAttack traffic dump\n\n");
        for (final TrafficRecord record : records)
        {
            appendPacketLine(sb, record, zone);
        }
        return sb.append("\n\nFlow dump\n\n").append(flowDump).toString();
    }

    /**
     * Append one "Attack traffic dump" line:
     * {@code <YYYY-MM-DD HH:MM:SS.uuuuuu> <src>:<sport> > <dst>:<dport> protocol: <name>[ flags: <flags|->] frag:
     * <0|1>  packets: <n> size: <bytes> bytes ttl: <ttl> sample ratio: <r>  \n} (flags for TCP only; note the
     * double spaces). A record without a timestamp gets the current time, as in FastNetMon.
     *
     * @param sb     where to append.
     * @param record the record.
     * @param zone   the time zone to print in.
     * @return sb.
     */
    public static StringBuilder appendPacketLine(final StringBuilder sb, final TrafficRecord record, final ZoneId zone)
    {
        final long millis = record.timestampMillis() > 0 ? record.timestampMillis() : System.currentTimeMillis();
        TIMESTAMP.formatTo(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), zone), sb);
        sb.append(' ');
        IpAddresses.appendSource(sb, record).append(':').append(record.srcPort()).append(" > ");
        IpAddresses.appendDestination(sb, record).append(':').append(record.dstPort());
        sb.append(" protocol: ").append(protocolName(record.protocol()));
        if (record.protocol() == TrafficRecord.PROTOCOL_TCP)
        {
            sb.append(" flags: ");
            appendTcpFlags(sb, record.tcpFlags());
        }
        sb.append(" frag: ").append(record.fragmented() ? 1 : 0);
        sb.append("  packets: ").append(record.packets());
        sb.append(" size: ").append(record.bytes()).append(" bytes");
        sb.append(" ttl: ").append(record.ttl());
        sb.append(" sample ratio: ").append(record.samplingRatio()).append("  \n");
        return sb;
    }

    /**
     * @param ipProtocol an IP protocol number.
     * @return its IANA keyword in lower case with '-' as '_' ({@code tcp}, {@code ipv6_icmp}...), or the decimal
     *         number when the protocol is not in the table.
     */
    public static String protocolName(final int ipProtocol)
    {
        final String name = ipProtocol >= 0 && ipProtocol < PROTOCOL_NAMES.length ? PROTOCOL_NAMES[ipProtocol] : null;
        return name == null ? Integer.toString(ipProtocol) : name;
    }

    private static void appendTcpFlags(final StringBuilder sb, final int flags)
    {
        boolean any = false;
        for (int bit = 0; bit < TCP_FLAG_NAMES.length; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                if (any)
                {
                    sb.append(',');
                }
                sb.append(TCP_FLAG_NAMES[bit]);
                any = true;
            }
        }
        if (!any)
        {
            sb.append('-');
        }
    }

    private static StringBuilder appendDescription(final StringBuilder sb, final Attack attack)
    {
        final HostRates rates = attack.rates() == null ? HostRates.ZERO : attack.rates();
        sb.append("IP: ").append(attack.ip()).append('\n');
        sb.append("Attack type: ").append(attack.type().text()).append('\n');
        sb.append("Initial attack power: ").append(attack.initialPowerPps()).append(" packets per second\n");
        sb.append("Peak attack power: ").append(attack.peakPowerPps()).append(" packets per second\n");
        sb.append("Attack direction: ").append(attack.direction().text()).append('\n');
        sb.append("Attack protocol: ").append(attack.protocol().text()).append('\n');
        appendMbps(sb, "Total incoming traffic: ", rates, Direction.INCOMING, TrafficClass.TOTAL);
        appendMbps(sb, "Total outgoing traffic: ", rates, Direction.OUTGOING, TrafficClass.TOTAL);
        appendPps(sb, "Total incoming pps: ", rates, Direction.INCOMING, TrafficClass.TOTAL);
        appendPps(sb, "Total outgoing pps: ", rates, Direction.OUTGOING, TrafficClass.TOTAL);
        sb.append("Total incoming flows: ").append(rates.flowsPerSecond(Direction.INCOMING))
            .append(" flows per second\n");
        sb.append("Total outgoing flows: ").append(rates.flowsPerSecond(Direction.OUTGOING))
            .append(" flows per second\n");
        appendClass(sb, rates, "ip fragmented", TrafficClass.FRAGMENTED);
        appendClass(sb, rates, "dropped", TrafficClass.DROPPED);
        appendClass(sb, rates, "tcp", TrafficClass.TCP);
        appendClass(sb, rates, "syn tcp", TrafficClass.TCP_SYN);
        appendClass(sb, rates, "udp", TrafficClass.UDP);
        appendClass(sb, rates, "icmp", TrafficClass.ICMP);
        return sb;
    }

    private static void appendClass(final StringBuilder sb, final HostRates rates, final String name,
        final TrafficClass trafficClass)
    {
        appendMbps(sb, "Incoming " + name + " traffic: ", rates, Direction.INCOMING, trafficClass);
        appendMbps(sb, "Outgoing " + name + " traffic: ", rates, Direction.OUTGOING, trafficClass);
        appendPps(sb, "Incoming " + name + " pps: ", rates, Direction.INCOMING, trafficClass);
        appendPps(sb, "Outgoing " + name + " pps: ", rates, Direction.OUTGOING, trafficClass);
    }

    private static void appendMbps(final StringBuilder sb, final String label, final HostRates rates,
        final Direction direction, final TrafficClass trafficClass)
    {
        sb.append(label).append(rates.megabitsPerSecond(direction, trafficClass)).append(" mbps\n");
    }

    private static void appendPps(final StringBuilder sb, final String label, final HostRates rates,
        final Direction direction, final TrafficClass trafficClass)
    {
        sb.append(label).append(rates.packetsPerSecond(direction, trafficClass)).append(" packets per second\n");
    }
}
