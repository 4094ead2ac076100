package io.fnm.actions.bgp;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the FlowSpec rule an operator would write for an attack, or none when the attack has no shape a rule can
 * capture (then the blackhole is used).
 * <p>
 * At ban ({@link #atBan}) only the attack's description is known: an amplification type ({@code dns_amplification},
 * {@code ntp_amplification}..., {@link AttackType#isAmplification()}) gives
 * {@code protocol udp source-port =<port>}; a SYN flood gives {@code protocol tcp tcp-flags syn/!ack}; IP
 * fragmentation gives {@code fragment is-fragment}; anything else none.
 * <p>
 * With the sampled records ({@link #fromRecords}) the rule is refined. Of the records about the host in the attack's
 * direction, weighted by packets times sampling ratio: when more than half are fragments, the fragment rule; when
 * more than half are UDP and one source port carries more than half of them, {@code protocol udp source-port =<port>}
 * (the amplification ports 53, 123, 1900, 161, 19, 11211, 389, 3702... and any other that dominates); when more than
 * half are TCP SYN without ACK, the SYN rule, with {@code destination-port =<port>} when one port carries more than
 * half of them. The host is the rule's destination for an incoming attack and its source for an outgoing one.
 */
public final class FlowSpecPlanner
{
    private FlowSpecPlanner()
    {
    }

    /**
     * @param attack the attack, at ban.
     * @return the rule its type calls for, or null for none.
     */
    public static FlowSpecRule atBan(final Attack attack)
    {
        final FlowSpecRule host = FlowSpecRule.forHost(attack.address(), attack.direction() == Direction.OUTGOING);
        final AttackType type = attack.type();
        if (type.isAmplification())
        {
            return host.withProtocol(TrafficRecord.PROTOCOL_UDP).withSourcePort(type.amplificationSourcePort());
        }
        if (type == AttackType.SYN_FLOOD)
        {
            return host.withProtocol(TrafficRecord.PROTOCOL_TCP).withSynWithoutAck();
        }
        if (type == AttackType.IP_FRAGMENTATION)
        {
            return host.withFragment();
        }
        return null;
    }

    /**
     * @param attack  the attack.
     * @param records its sampled records.
     * @return the rule the records call for, or null when they show no shape (or there are none).
     */
    public static FlowSpecRule fromRecords(final Attack attack, final List<TrafficRecord> records)
    {
        final boolean outgoing = attack.direction() == Direction.OUTGOING;
        final byte[] address = attack.address().getAddress();
        final Map<Integer, long[]> udpSourcePorts = new HashMap<>();
        final Map<Integer, long[]> synDestinationPorts = new HashMap<>();
        long total = 0;
        long fragments = 0;
        long udp = 0;
        long syn = 0;
        for (final TrafficRecord record : records)
        {
            if (!matches(record, address, outgoing))
            {
                continue;
            }
            final long weight = Math.max(1, record.packets()) * Math.max(1, record.samplingRatio());
            total += weight;
            if (record.fragmented())
            {
                fragments += weight;
            }
            else if (record.protocol() == TrafficRecord.PROTOCOL_UDP)
            {
                udp += weight;
                udpSourcePorts.computeIfAbsent(record.srcPort(), p -> new long[1])[0] += weight;
            }
            else if (record.protocol() == TrafficRecord.PROTOCOL_TCP &&
                (record.tcpFlags() & (TrafficRecord.TCP_SYN | TrafficRecord.TCP_ACK)) == TrafficRecord.TCP_SYN)
            {
                syn += weight;
                synDestinationPorts.computeIfAbsent(record.dstPort(), p -> new long[1])[0] += weight;
            }
        }
        final FlowSpecRule host = FlowSpecRule.forHost(attack.address(), outgoing);
        if (2 * fragments > total)
        {
            return host.withFragment();
        }
        if (2 * udp > total)
        {
            final int port = dominant(udpSourcePorts, udp);
            return port < 0 ? null : host.withProtocol(TrafficRecord.PROTOCOL_UDP).withSourcePort(port);
        }
        if (2 * syn > total)
        {
            final FlowSpecRule rule = host.withProtocol(TrafficRecord.PROTOCOL_TCP).withSynWithoutAck();
            final int port = dominant(synDestinationPorts, syn);
            return port < 0 ? rule : rule.withDestinationPort(port);
        }
        return null;
    }

    private static int dominant(final Map<Integer, long[]> weights, final long total)
    {
        for (final Map.Entry<Integer, long[]> entry : weights.entrySet())
        {
            if (2 * entry.getValue()[0] > total)
            {
                return entry.getKey();
            }
        }
        return -1;
    }

    private static boolean matches(final TrafficRecord record, final byte[] address, final boolean outgoing)
    {
        if (address.length == 4)
        {
            if (record.ipVersion() != TrafficRecord.IPV4)
            {
                return false;
            }
            final int host = ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) |
                ((address[2] & 0xFF) << 8) | (address[3] & 0xFF);
            return (outgoing ? record.srcIpv4() : record.dstIpv4()) == host;
        }
        if (record.ipVersion() != TrafficRecord.IPV6)
        {
            return false;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++)
        {
            high = (high << 8) | (address[i] & 0xFFL);
            low = (low << 8) | (address[8 + i] & 0xFFL);
        }
        return outgoing ? record.srcIpv6High() == high && record.srcIpv6Low() == low :
            record.dstIpv6High() == high && record.dstIpv6Low() == low;
    }
}
