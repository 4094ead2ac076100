package io.fnm.capture;

/**
 * One packet or one flow record, as a capture source hands it to the engine.
 * <p>
 * A record is a <b>reused, mutable flyweight</b>: a capture thread owns one instance, fills it for each packet or
 * flow record, calls {@link TrafficSink#accept(TrafficRecord)}, then {@link #reset()}s it for the next one. The sink
 * must not keep a reference after {@code accept} returns; whoever needs to keep a record copies it with
 * {@link #copyFrom(TrafficRecord)}.
 * <p>
 * Addresses are held as primitives: an IPv4 address is an {@code int} in network order (the first octet in the
 * most significant byte), an IPv6 address is two {@code long}s, high then low 64 bits, also in network order.
 * Counts ({@link #packets()}, {@link #bytes()}) are what the exporter or the wire reported, <b>before</b> sampling;
 * the engine multiplies them by {@link #samplingRatio()}.
 */
public final class TrafficRecord
{
    /** IP version of a record whose addresses were not set. */
    public static final int IP_VERSION_UNKNOWN = 0;
    /** IP version 4. */
    public static final int IPV4 = 4;
    /** IP version 6. */
    public static final int IPV6 = 6;

    /** IANA protocol number of ICMP. */
    public static final int PROTOCOL_ICMP = 1;
    /** IANA protocol number of TCP. */
    public static final int PROTOCOL_TCP = 6;
    /** IANA protocol number of UDP. */
    public static final int PROTOCOL_UDP = 17;
    /** IANA protocol number of ICMPv6. */
    public static final int PROTOCOL_ICMPV6 = 58;

    /** TCP FIN flag. */
    public static final int TCP_FIN = 0x01;
    /** TCP SYN flag. */
    public static final int TCP_SYN = 0x02;
    /** TCP RST flag. */
    public static final int TCP_RST = 0x04;
    /** TCP PSH flag. */
    public static final int TCP_PSH = 0x08;
    /** TCP ACK flag. */
    public static final int TCP_ACK = 0x10;
    /** TCP URG flag. */
    public static final int TCP_URG = 0x20;

    /** Forwarding status not reported. */
    public static final int FORWARDING_UNKNOWN = 0;
    /** The packet was forwarded. */
    public static final int FORWARDING_FORWARDED = 1;
    /** The packet was dropped by the exporter (NetFlow IE 89 status 2, sFlow discard). */
    public static final int FORWARDING_DROPPED = 2;
    /** The packet was consumed by the exporter itself. */
    public static final int FORWARDING_CONSUMED = 3;

    /** Marker for "no VLAN". */
    public static final int NO_VLAN = -1;

    private int ipVersion;
    private int srcIpv4;
    private int dstIpv4;
    private long srcIpv6High;
    private long srcIpv6Low;
    private long dstIpv6High;
    private long dstIpv6Low;
    private int srcPort;
    private int dstPort;
    private int protocol;
    private int tcpFlags;
    private boolean fragmented;
    private long packets;
    private long bytes;
    private long samplingRatio;
    private long timestampMillis;
    private long flowStartMillis;
    private long flowEndMillis;
    private int agentIpVersion;
    private int agentIpv4;
    private long agentIpv6High;
    private long agentIpv6Low;
    private long inputInterface;
    private long outputInterface;
    private int forwardingStatus;
    private int vlan;
    private int innerVlan;
    private int ttl;
    private int ipLength;
    private int icmpType;
    private int icmpCode;
    private long srcAsn;
    private long dstAsn;
    private final CapturedPacket packet = new CapturedPacket();

    /**
     * A record with every field at its reset value.
     */
    public TrafficRecord()
    {
        reset();
    }

    /**
     * Clear every field: no addresses, 1 packet, 0 bytes, sampling ratio 1, no VLAN, unknown forwarding status.
     *
     * @return this record.
     */
    public TrafficRecord reset()
    {
        ipVersion = IP_VERSION_UNKNOWN;
        srcIpv4 = 0;
        dstIpv4 = 0;
        srcIpv6High = 0;
        srcIpv6Low = 0;
        dstIpv6High = 0;
        dstIpv6Low = 0;
        srcPort = 0;
        dstPort = 0;
        protocol = 0;
        tcpFlags = 0;
        fragmented = false;
        packets = 1;
        bytes = 0;
        samplingRatio = 1;
        timestampMillis = 0;
        flowStartMillis = 0;
        flowEndMillis = 0;
        agentIpVersion = IP_VERSION_UNKNOWN;
        agentIpv4 = 0;
        agentIpv6High = 0;
        agentIpv6Low = 0;
        inputInterface = 0;
        outputInterface = 0;
        forwardingStatus = FORWARDING_UNKNOWN;
        vlan = NO_VLAN;
        innerVlan = NO_VLAN;
        ttl = 0;
        ipLength = 0;
        icmpType = 0;
        icmpCode = 0;
        srcAsn = 0;
        dstAsn = 0;
        packet.clear();
        return this;
    }

    /**
     * Copy every field of another record into this one.
     *
     * @param other the record to copy.
     * @return this record.
     */
    public TrafficRecord copyFrom(final TrafficRecord other)
    {
        ipVersion = other.ipVersion;
        srcIpv4 = other.srcIpv4;
        dstIpv4 = other.dstIpv4;
        srcIpv6High = other.srcIpv6High;
        srcIpv6Low = other.srcIpv6Low;
        dstIpv6High = other.dstIpv6High;
        dstIpv6Low = other.dstIpv6Low;
        srcPort = other.srcPort;
        dstPort = other.dstPort;
        protocol = other.protocol;
        tcpFlags = other.tcpFlags;
        fragmented = other.fragmented;
        packets = other.packets;
        bytes = other.bytes;
        samplingRatio = other.samplingRatio;
        timestampMillis = other.timestampMillis;
        flowStartMillis = other.flowStartMillis;
        flowEndMillis = other.flowEndMillis;
        agentIpVersion = other.agentIpVersion;
        agentIpv4 = other.agentIpv4;
        agentIpv6High = other.agentIpv6High;
        agentIpv6Low = other.agentIpv6Low;
        inputInterface = other.inputInterface;
        outputInterface = other.outputInterface;
        forwardingStatus = other.forwardingStatus;
        vlan = other.vlan;
        innerVlan = other.innerVlan;
        ttl = other.ttl;
        ipLength = other.ipLength;
        icmpType = other.icmpType;
        icmpCode = other.icmpCode;
        srcAsn = other.srcAsn;
        dstAsn = other.dstAsn;
        packet.copyFrom(other.packet);
        return this;
    }

    /**
     * Set IPv4 source and destination; the record becomes an IPv4 record.
     *
     * @param srcAddress source address, network order in an int.
     * @param dstAddress destination address, network order in an int.
     * @return this record.
     */
    public TrafficRecord ipv4(final int srcAddress, final int dstAddress)
    {
        ipVersion = IPV4;
        srcIpv4 = srcAddress;
        dstIpv4 = dstAddress;
        return this;
    }

    /**
     * Set IPv6 source and destination; the record becomes an IPv6 record.
     *
     * @param srcHigh high 64 bits of the source address.
     * @param srcLow  low 64 bits of the source address.
     * @param dstHigh high 64 bits of the destination address.
     * @param dstLow  low 64 bits of the destination address.
     * @return this record.
     */
    public TrafficRecord ipv6(final long srcHigh, final long srcLow, final long dstHigh, final long dstLow)
    {
        ipVersion = IPV6;
        srcIpv6High = srcHigh;
        srcIpv6Low = srcLow;
        dstIpv6High = dstHigh;
        dstIpv6Low = dstLow;
        return this;
    }

    /**
     * @return {@link #IPV4}, {@link #IPV6} or {@link #IP_VERSION_UNKNOWN}.
     */
    public int ipVersion()
    {
        return ipVersion;
    }

    /**
     * @return IPv4 source address in network order; meaningful when {@link #ipVersion()} is 4.
     */
    public int srcIpv4()
    {
        return srcIpv4;
    }

    /**
     * @return IPv4 destination address in network order; meaningful when {@link #ipVersion()} is 4.
     */
    public int dstIpv4()
    {
        return dstIpv4;
    }

    /**
     * @return high 64 bits of the IPv6 source address.
     */
    public long srcIpv6High()
    {
        return srcIpv6High;
    }

    /**
     * @return low 64 bits of the IPv6 source address.
     */
    public long srcIpv6Low()
    {
        return srcIpv6Low;
    }

    /**
     * @return high 64 bits of the IPv6 destination address.
     */
    public long dstIpv6High()
    {
        return dstIpv6High;
    }

    /**
     * @return low 64 bits of the IPv6 destination address.
     */
    public long dstIpv6Low()
    {
        return dstIpv6Low;
    }

    /**
     * @param src source port, 0..65535.
     * @param dst destination port, 0..65535.
     * @return this record.
     */
    public TrafficRecord ports(final int src, final int dst)
    {
        srcPort = src;
        dstPort = dst;
        return this;
    }

    /**
     * @return source port (0 when the protocol has none).
     */
    public int srcPort()
    {
        return srcPort;
    }

    /**
     * @return destination port (0 when the protocol has none).
     */
    public int dstPort()
    {
        return dstPort;
    }

    /**
     * @param ipProtocol IANA protocol number, 0..255, kept whatever it is.
     * @return this record.
     */
    public TrafficRecord protocol(final int ipProtocol)
    {
        protocol = ipProtocol;
        return this;
    }

    /**
     * @return IANA protocol number.
     */
    public int protocol()
    {
        return protocol;
    }

    /**
     * @param flags TCP flags (low 8 bits; for a flow record the OR of the flow's packets).
     * @return this record.
     */
    public TrafficRecord tcpFlags(final int flags)
    {
        tcpFlags = flags;
        return this;
    }

    /**
     * @return TCP flags, {@link #TCP_SYN} etc.
     */
    public int tcpFlags()
    {
        return tcpFlags;
    }

    /**
     * @param isFragment true for an IP fragment (IPv4 MF set or offset non-zero, IPv6 Fragment header).
     * @return this record.
     */
    public TrafficRecord fragmented(final boolean isFragment)
    {
        fragmented = isFragment;
        return this;
    }

    /**
     * @return true for an IP fragment.
     */
    public boolean fragmented()
    {
        return fragmented;
    }

    /**
     * @param count packets this record stands for, before sampling (1 for a packet).
     * @return this record.
     */
    public TrafficRecord packets(final long count)
    {
        packets = count;
        return this;
    }

    /**
     * @return packets this record stands for, before sampling.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @param count bytes this record stands for, before sampling.
     * @return this record.
     */
    public TrafficRecord bytes(final long count)
    {
        bytes = count;
        return this;
    }

    /**
     * @return bytes this record stands for, before sampling.
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * @param ratio one in how many packets was sampled; values below 1 are stored as 1.
     * @return this record.
     */
    public TrafficRecord samplingRatio(final long ratio)
    {
        samplingRatio = ratio < 1 ? 1 : ratio;
        return this;
    }

    /**
     * @return one in how many packets was sampled, at least 1.
     */
    public long samplingRatio()
    {
        return samplingRatio;
    }

    /**
     * @param epochMillis when the packet was seen or the flow was exported, milliseconds since the epoch
     *                    (0 = unknown; the engine then uses its clock).
     * @return this record.
     */
    public TrafficRecord timestampMillis(final long epochMillis)
    {
        timestampMillis = epochMillis;
        return this;
    }

    /**
     * @return milliseconds since the epoch, or 0 when unknown.
     */
    public long timestampMillis()
    {
        return timestampMillis;
    }

    /**
     * Flow start and end, for flow records that report them (NetFlow/IPFIX); 0 when unknown.
     *
     * @param startEpochMillis first packet of the flow, milliseconds since the epoch.
     * @param endEpochMillis   last packet of the flow, milliseconds since the epoch.
     * @return this record.
     */
    public TrafficRecord flowTimes(final long startEpochMillis, final long endEpochMillis)
    {
        flowStartMillis = startEpochMillis;
        flowEndMillis = endEpochMillis;
        return this;
    }

    /**
     * @return first packet of the flow in epoch milliseconds, or 0.
     */
    public long flowStartMillis()
    {
        return flowStartMillis;
    }

    /**
     * @return last packet of the flow in epoch milliseconds, or 0.
     */
    public long flowEndMillis()
    {
        return flowEndMillis;
    }

    /**
     * @param address IPv4 address of the exporter or sFlow agent, network order.
     * @return this record.
     */
    public TrafficRecord agentIpv4(final int address)
    {
        agentIpVersion = IPV4;
        agentIpv4 = address;
        return this;
    }

    /**
     * @param high high 64 bits of the exporter or agent IPv6 address.
     * @param low  low 64 bits of the exporter or agent IPv6 address.
     * @return this record.
     */
    public TrafficRecord agentIpv6(final long high, final long low)
    {
        agentIpVersion = IPV6;
        agentIpv6High = high;
        agentIpv6Low = low;
        return this;
    }

    /**
     * @return IP version of the agent address, or {@link #IP_VERSION_UNKNOWN} when none was set.
     */
    public int agentIpVersion()
    {
        return agentIpVersion;
    }

    /**
     * @return IPv4 agent address.
     */
    public int agentIpv4()
    {
        return agentIpv4;
    }

    /**
     * @return high 64 bits of the IPv6 agent address.
     */
    public long agentIpv6High()
    {
        return agentIpv6High;
    }

    /**
     * @return low 64 bits of the IPv6 agent address.
     */
    public long agentIpv6Low()
    {
        return agentIpv6Low;
    }

    /**
     * @param input  input interface index (unsigned 32 bits).
     * @param output output interface index (unsigned 32 bits).
     * @return this record.
     */
    public TrafficRecord interfaces(final long input, final long output)
    {
        inputInterface = input;
        outputInterface = output;
        return this;
    }

    /**
     * @return input interface index.
     */
    public long inputInterface()
    {
        return inputInterface;
    }

    /**
     * @return output interface index.
     */
    public long outputInterface()
    {
        return outputInterface;
    }

    /**
     * @param status one of {@link #FORWARDING_UNKNOWN}, {@link #FORWARDING_FORWARDED}, {@link #FORWARDING_DROPPED},
     *               {@link #FORWARDING_CONSUMED}.
     * @return this record.
     */
    public TrafficRecord forwardingStatus(final int status)
    {
        forwardingStatus = status;
        return this;
    }

    /**
     * @return the forwarding status.
     */
    public int forwardingStatus()
    {
        return forwardingStatus;
    }

    /**
     * @return true when the exporter dropped this traffic.
     */
    public boolean dropped()
    {
        return forwardingStatus == FORWARDING_DROPPED;
    }

    /**
     * @param outer outer VLAN id, or {@link #NO_VLAN}.
     * @param inner inner VLAN id (QinQ), or {@link #NO_VLAN}.
     * @return this record.
     */
    public TrafficRecord vlans(final int outer, final int inner)
    {
        vlan = outer;
        innerVlan = inner;
        return this;
    }

    /**
     * @return outer VLAN id, or {@link #NO_VLAN}.
     */
    public int vlan()
    {
        return vlan;
    }

    /**
     * @return inner VLAN id, or {@link #NO_VLAN}.
     */
    public int innerVlan()
    {
        return innerVlan;
    }

    /**
     * @param value IP TTL or hop limit.
     * @return this record.
     */
    public TrafficRecord ttl(final int value)
    {
        ttl = value;
        return this;
    }

    /**
     * @return IP TTL or hop limit, 0 when unknown.
     */
    public int ttl()
    {
        return ttl;
    }

    /**
     * @param length IP total length (IPv4) or 40 + payload length (IPv6), 0 when unknown.
     * @return this record.
     */
    public TrafficRecord ipLength(final int length)
    {
        ipLength = length;
        return this;
    }

    /**
     * @return IP length in bytes, 0 when unknown.
     */
    public int ipLength()
    {
        return ipLength;
    }

    /**
     * @param type ICMP or ICMPv6 type.
     * @param code ICMP or ICMPv6 code.
     * @return this record.
     */
    public TrafficRecord icmp(final int type, final int code)
    {
        icmpType = type;
        icmpCode = code;
        return this;
    }

    /**
     * @return ICMP type.
     */
    public int icmpType()
    {
        return icmpType;
    }

    /**
     * @return ICMP code.
     */
    public int icmpCode()
    {
        return icmpCode;
    }

    /**
     * @param src source AS number.
     * @param dst destination AS number.
     * @return this record.
     */
    public TrafficRecord asns(final long src, final long dst)
    {
        srcAsn = src;
        dstAsn = dst;
        return this;
    }

    /**
     * @return source AS number, 0 when unknown.
     */
    public long srcAsn()
    {
        return srcAsn;
    }

    /**
     * @return destination AS number, 0 when unknown.
     */
    public long dstAsn()
    {
        return dstAsn;
    }

    /**
     * @return true for TCP with the SYN bit set (SYN-ACK counts, as in FastNetMon).
     */
    public boolean isTcpSyn()
    {
        return protocol == PROTOCOL_TCP && (tcpFlags & TCP_SYN) != 0;
    }

    /**
     * @return true for ICMP (protocol 1 for IPv4, 58 for IPv6).
     */
    public boolean isIcmp()
    {
        return ipVersion == IPV6 ? protocol == PROTOCOL_ICMPV6 : protocol == PROTOCOL_ICMP;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(128);
        IpAddresses.appendSource(sb, this);
        sb.append(':').append(srcPort).append(" > ");
        IpAddresses.appendDestination(sb, this);
        sb.append(':').append(dstPort)
            .append(" protocol ").append(protocol)
            .append(" flags 0x").append(Integer.toHexString(tcpFlags))
            .append(" frag ").append(fragmented ? 1 : 0)
            .append(" packets ").append(packets)
            .append(" bytes ").append(bytes)
            .append(" sampling ").append(samplingRatio);
        return sb.toString();
    }

    /**
     * @return the frame this record was parsed from, when a mirror source attached it (empty otherwise); reset with
     *         the record, copied by {@link #copyFrom(TrafficRecord)}.
     */
    public CapturedPacket packet()
    {
        return packet;
    }
}
