package io.fnm.capture.packet;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parses a sampled or mirrored frame into a {@link TrafficRecord}, without allocating.
 * <p>
 * One instance per thread: it is reusable and not thread-safe. {@link #parse} walks the headers in frame order:
 * <pre>
 *   Ethernet II - 802.1Q / 802.1ad / 0x9100 tags (up to {@value #MAX_VLAN_TAGS}) - Arista timestamp
 *   MPLS label stack (up to {@value #MAX_MPLS_LABELS}) - IPv4 / IPv6 by first nibble, or pseudowire control word
 *     + Ethernet when the nibble is 0
 *   PPPoE session - PPP (0x0021 IPv4, 0x0057 IPv6, 0x0281 MPLS)
 *   IPv4 (options, fragments: a non-first fragment has no ports)
 *   IPv6 + hop-by-hop, routing (incl. SRv6), destination options, fragment, AH (up to
 *     {@value #MAX_IPV6_EXTENSION_HEADERS}); ESP ends the walk
 *   TCP (ports from the first 4 bytes, flags when byte 13 is captured), UDP, ICMP, ICMPv6
 *   tunnels, each only when {@link ParserOptions} enable it: GRE (checksum/key/sequence, PPTP v1 with PPP,
 *     ERSPAN I/II/III, NVGRE/TEB 0x6558, WCCP 0x883E, MPLS), IP-in-IP (4, 41), VXLAN (UDP 4789), GENEVE (6081),
 *     L2TPv2 data (1701), GTP-U G-PDU (2152), MPLS over UDP (6635); at most {@value #MAX_TUNNELS} deep
 * </pre>
 * <b>Which packet is counted.</b> The record describes the innermost IP header whose own transport header could be
 * read. When a tunnel is unpacked but its payload cannot be parsed (cut by the sampler, not IP, malformed), the
 * outer packet is counted, {@link #parse} returns {@link ParseResult#OK} and {@link #innerFailure()} tells why.
 * <p>
 * <b>Hostile input.</b> Every header length is checked against the bytes that remain before it is read; nothing is
 * thrown for any content; every outcome is counted by reason ({@link #counters(CounterVisitor)}).
 * <p>
 * Reads use an explicit big-endian decoding whatever the buffer's own byte order is; the buffer's position, limit
 * and order are never changed.
 */
public final class PacketHeaderParser
{
    /** Most VLAN tags walked through in one frame. */
    public static final int MAX_VLAN_TAGS = 8;
    /** Most MPLS label stack entries walked through in one frame. */
    public static final int MAX_MPLS_LABELS = 16;
    /** Most tunnels (IP headers inside an IP header) walked through. */
    public static final int MAX_TUNNELS = 4;
    /** Most IP headers kept: the outer one plus one per tunnel. */
    public static final int MAX_IP_HEADERS = MAX_TUNNELS + 1;
    /** Most IPv6 extension headers walked through after one IPv6 header. */
    public static final int MAX_IPV6_EXTENSION_HEADERS = 8;
    /** Most layers recorded for {@link #layer(int)}; deeper layers are parsed but not recorded. */
    public static final int MAX_LAYERS = 64;

    /** Transport header kind of an IP header: none read. */
    public static final int L4_NONE = 0;
    /** Transport header kind of an IP header: TCP ports (and flags when captured). */
    public static final int L4_TCP = 1;
    /** Transport header kind of an IP header: UDP ports. */
    public static final int L4_UDP = 2;
    /** Transport header kind of an IP header: ICMP or ICMPv6 type and code. */
    public static final int L4_ICMP = 3;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int ETHERTYPE_QINQ_9100 = 0x9100;
    static final int ETHERTYPE_QINQ_9200 = 0x9200;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    static final int ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    static final int ETHERTYPE_ARISTA = 0xD28B;
    static final int ETHERTYPE_TEB = 0x6558;
    static final int ETHERTYPE_ERSPAN_II = 0x88BE;
    static final int ETHERTYPE_ERSPAN_III = 0x22EB;
    static final int ETHERTYPE_PPP = 0x880B;
    static final int ETHERTYPE_WCCP = 0x883E;
    static final int ETHERTYPE_CISCO_METADATA = 0x8909;
    static final int ETHERTYPE_MIN = 0x0600;

    static final int PPP_IPV4 = 0x0021;
    static final int PPP_IPV6 = 0x0057;
    static final int PPP_MPLS_UNICAST = 0x0281;
    static final int PPP_MPLS_MULTICAST = 0x0283;

    static final int PROTO_ICMP = 1;
    static final int PROTO_IPIP = 4;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_IPV6 = 41;
    static final int PROTO_GRE = 47;
    static final int PROTO_ICMPV6 = 58;
    static final int PROTO_HOP_BY_HOP = 0;
    static final int PROTO_ROUTING = 43;
    static final int PROTO_FRAGMENT = 44;
    static final int PROTO_AH = 51;
    static final int PROTO_DESTINATION_OPTIONS = 60;

    static final int PORT_VXLAN = 4789;
    static final int PORT_GENEVE = 6081;
    static final int PORT_L2TP = 1701;
    static final int PORT_GTP_U = 2152;
    static final int PORT_MPLS_OVER_UDP = 6635;

    private static final int DONE = 0;
    private static final int S_ETHERNET = 1;
    private static final int S_ETHERTYPE = 2;
    private static final int S_IPV4 = 3;
    private static final int S_IPV6 = 4;
    private static final int S_IP = 5;
    private static final int S_MPLS = 6;
    private static final int S_PPP = 7;
    private static final int S_GRE = 8;
    private static final int S_VXLAN = 9;
    private static final int S_GENEVE = 10;
    private static final int S_L2TP = 11;
    private static final int S_GTP = 12;

    private static final ParseResult[] RESULTS = ParseResult.values();
    private static final Layer[] LAYERS = Layer.values();
    private static final int GTP_MAX_EXTENSION_HEADERS = 8;

    private final ParserOptions options;
    private final long[] resultCounts = new long[RESULTS.length];
    private final long[] innerFailureCounts = new long[RESULTS.length];

    private final int[] vlanIds = new int[MAX_VLAN_TAGS];
    private final int[] mplsLabels = new int[MAX_MPLS_LABELS];
    private final byte[] layers = new byte[MAX_LAYERS];
    private final int[] ipVersions = new int[MAX_IP_HEADERS];
    private final int[] ipv4Sources = new int[MAX_IP_HEADERS];
    private final int[] ipv4Destinations = new int[MAX_IP_HEADERS];
    private final long[] ipv6SourcesHigh = new long[MAX_IP_HEADERS];
    private final long[] ipv6SourcesLow = new long[MAX_IP_HEADERS];
    private final long[] ipv6DestinationsHigh = new long[MAX_IP_HEADERS];
    private final long[] ipv6DestinationsLow = new long[MAX_IP_HEADERS];
    private final int[] headerProtocols = new int[MAX_IP_HEADERS];
    private final int[] protocols = new int[MAX_IP_HEADERS];
    private final int[] ipLengths = new int[MAX_IP_HEADERS];
    private final int[] ttls = new int[MAX_IP_HEADERS];
    private final boolean[] fragments = new boolean[MAX_IP_HEADERS];
    private final int[] l4Kinds = new int[MAX_IP_HEADERS];
    private final int[] sourcePorts = new int[MAX_IP_HEADERS];
    private final int[] destinationPorts = new int[MAX_IP_HEADERS];
    private final int[] tcpFlags = new int[MAX_IP_HEADERS];
    private final int[] icmpTypes = new int[MAX_IP_HEADERS];
    private final int[] icmpCodes = new int[MAX_IP_HEADERS];

    private ByteBuffer buffer;
    private boolean bigEndian;
    private int position;
    private int end;
    private int etherType;
    private int vlanCount;
    private int mplsCount;
    private int layerCount;
    private int ipCount;
    private ParseResult failure;
    private ParseResult innerFailure = ParseResult.OK;

    /**
     * A parser with {@link ParserOptions#DEFAULTS}.
     */
    public PacketHeaderParser()
    {
        this(ParserOptions.DEFAULTS);
    }

    /**
     * @param options which encapsulations to look through.
     */
    public PacketHeaderParser(final ParserOptions options)
    {
        this.options = options;
    }

    /**
     * @return the options this parser was built with.
     */
    public ParserOptions options()
    {
        return options;
    }

    /**
     * Parse one frame and, when an IP header is found, fill the record's L2 to L4 fields: addresses (and IP
     * version), protocol, ports, TCP flags, fragment flag, TTL, IP length, ICMP type and code, outer and inner VLAN
     * ids, and {@code bytes} = {@code length} (the captured length; callers that know the wire length overwrite it).
     * Other fields (packets, sampling, agent, interfaces, times) are left as they are. On failure the record is
     * left untouched.
     *
     * @param frame    the buffer holding the frame; not modified.
     * @param offset   absolute index of the first byte.
     * @param length   number of captured bytes.
     * @param linkType what the first byte starts.
     * @param record   the record to fill.
     * @return {@link ParseResult#OK} when the record was filled, or why not.
     */
    public ParseResult parse(
        final ByteBuffer frame, final int offset, final int length, final LinkType linkType, final TrafficRecord record)
    {
        buffer = frame;
        bigEndian = frame.order() == ByteOrder.BIG_ENDIAN;
        vlanCount = 0;
        mplsCount = 0;
        layerCount = 0;
        ipCount = 0;
        failure = null;
        innerFailure = ParseResult.OK;

        final ParseResult result;
        if (offset < 0 || length < 0 || offset > frame.limit() - length)
        {
            result = ParseResult.TRUNCATED;
        }
        else
        {
            position = offset;
            end = offset + length;
            walk(initialState(linkType));
            if (ipCount == 0)
            {
                result = failure == null ? ParseResult.NOT_IP : failure;
            }
            else
            {
                result = ParseResult.OK;
                if (failure != null)
                {
                    innerFailure = failure;
                    innerFailureCounts[failure.ordinal()]++;
                }
                fill(record, length);
            }
        }
        buffer = null;
        resultCounts[result.ordinal()]++;
        return result;
    }

    /**
     * @return why unpacking a tunnel stopped before an inner IP packet could be counted, or {@link ParseResult#OK};
     * meaningful after {@link #parse} returned OK.
     */
    public ParseResult innerFailure()
    {
        return innerFailure;
    }

    /**
     * @return VLAN tags seen in the last frame, outermost first, across every Ethernet header of the frame.
     */
    public int vlanCount()
    {
        return vlanCount;
    }

    /**
     * @param index 0 .. {@link #vlanCount()} - 1.
     * @return the VLAN id (12 bits).
     */
    public int vlanId(final int index)
    {
        return vlanIds[index];
    }

    /**
     * @return MPLS label stack entries seen in the last frame, outermost first.
     */
    public int mplsLabelCount()
    {
        return mplsCount;
    }

    /**
     * @param index 0 .. {@link #mplsLabelCount()} - 1.
     * @return the 20-bit label.
     */
    public int mplsLabel(final int index)
    {
        return mplsLabels[index];
    }

    /**
     * @return the number of layers recorded for the last frame (at most {@value #MAX_LAYERS}).
     */
    public int layerCount()
    {
        return layerCount;
    }

    /**
     * @param index 0 .. {@link #layerCount()} - 1.
     * @return the layer.
     */
    public Layer layer(final int index)
    {
        return LAYERS[layers[index]];
    }

    /**
     * @return complete IP headers (whose transport header, if any was expected, was read) in the last frame,
     * outermost first; the last one is the counted packet.
     */
    public int ipHeaderCount()
    {
        return ipCount;
    }

    /**
     * @param index 0 .. {@link #ipHeaderCount()} - 1.
     * @return 4 or 6.
     */
    public int ipVersion(final int index)
    {
        return ipVersions[index];
    }

    /**
     * @param index IP header index.
     * @return IPv4 source address, network order.
     */
    public int ipv4Source(final int index)
    {
        return ipv4Sources[index];
    }

    /**
     * @param index IP header index.
     * @return IPv4 destination address, network order.
     */
    public int ipv4Destination(final int index)
    {
        return ipv4Destinations[index];
    }

    /**
     * @param index IP header index.
     * @return high 64 bits of the IPv6 source.
     */
    public long ipv6SourceHigh(final int index)
    {
        return ipv6SourcesHigh[index];
    }

    /**
     * @param index IP header index.
     * @return low 64 bits of the IPv6 source.
     */
    public long ipv6SourceLow(final int index)
    {
        return ipv6SourcesLow[index];
    }

    /**
     * @param index IP header index.
     * @return high 64 bits of the IPv6 destination.
     */
    public long ipv6DestinationHigh(final int index)
    {
        return ipv6DestinationsHigh[index];
    }

    /**
     * @param index IP header index.
     * @return low 64 bits of the IPv6 destination.
     */
    public long ipv6DestinationLow(final int index)
    {
        return ipv6DestinationsLow[index];
    }

    /**
     * @param index IP header index.
     * @return the protocol field of the IP header itself (IPv6: the fixed header's next header, e.g. 43).
     */
    public int headerProtocol(final int index)
    {
        return headerProtocols[index];
    }

    /**
     * @param index IP header index.
     * @return the upper-layer protocol after any IPv6 extension headers.
     */
    public int protocol(final int index)
    {
        return protocols[index];
    }

    /**
     * @param index IP header index.
     * @return IPv4 total length, or 40 + IPv6 payload length.
     */
    public int ipLength(final int index)
    {
        return ipLengths[index];
    }

    /**
     * @param index IP header index.
     * @return TTL or hop limit.
     */
    public int ttl(final int index)
    {
        return ttls[index];
    }

    /**
     * @param index IP header index.
     * @return true for a fragment.
     */
    public boolean fragmented(final int index)
    {
        return fragments[index];
    }

    /**
     * @param index IP header index.
     * @return {@link #L4_NONE}, {@link #L4_TCP}, {@link #L4_UDP} or {@link #L4_ICMP}.
     */
    public int l4Kind(final int index)
    {
        return l4Kinds[index];
    }

    /**
     * @param index IP header index.
     * @return TCP or UDP source port.
     */
    public int sourcePort(final int index)
    {
        return sourcePorts[index];
    }

    /**
     * @param index IP header index.
     * @return TCP or UDP destination port.
     */
    public int destinationPort(final int index)
    {
        return destinationPorts[index];
    }

    /**
     * @param index IP header index.
     * @return TCP flags byte (0 when the header was cut before it).
     */
    public int tcpFlags(final int index)
    {
        return tcpFlags[index];
    }

    /**
     * @param index IP header index.
     * @return ICMP type.
     */
    public int icmpType(final int index)
    {
        return icmpTypes[index];
    }

    /**
     * @param index IP header index.
     * @return ICMP code.
     */
    public int icmpCode(final int index)
    {
        return icmpCodes[index];
    }

    /**
     * @param result an outcome.
     * @return how many frames ended with it since this parser was built.
     */
    public long resultCount(final ParseResult result)
    {
        return resultCounts[result.ordinal()];
    }

    /**
     * @param reason a failure reason.
     * @return how many frames were counted by their outer packet because an unpacked tunnel failed for it.
     */
    public long innerFailureCount(final ParseResult reason)
    {
        return innerFailureCounts[reason.ordinal()];
    }

    /**
     * Report {@code packet_parse_total{result="..."}} for every outcome and
     * {@code packet_parse_inner_failures_total{reason="..."}} for every reason, zeros included.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        for (final ParseResult result : RESULTS)
        {
            visitor.counter("packet_parse_total", "result=\"" + result.label() + "\"", resultCounts[result.ordinal()]);
        }
        for (final ParseResult result : RESULTS)
        {
            if (result != ParseResult.OK)
            {
                visitor.counter(
                    "packet_parse_inner_failures_total", "reason=\"" + result.label() + "\"",
                    innerFailureCounts[result.ordinal()]);
            }
        }
    }

    private static int initialState(final LinkType linkType)
    {
        switch (linkType)
        {
            case IPV4:
                return S_IPV4;
            case IPV6:
                return S_IPV6;
            case IP:
                return S_IP;
            case PPP:
                return S_PPP;
            default:
                return S_ETHERNET;
        }
    }

    private void walk(final int initial)
    {
        int state = initial;
        while (state != DONE)
        {
            switch (state)
            {
                case S_ETHERNET:
                    state = ethernet();
                    break;
                case S_ETHERTYPE:
                    state = etherType();
                    break;
                case S_IPV4:
                    state = ipv4();
                    break;
                case S_IPV6:
                    state = ipv6();
                    break;
                case S_IP:
                    state = ipByNibble();
                    break;
                case S_MPLS:
                    state = mpls();
                    break;
                case S_PPP:
                    state = ppp();
                    break;
                case S_GRE:
                    state = gre();
                    break;
                case S_VXLAN:
                    state = vxlan();
                    break;
                case S_GENEVE:
                    state = geneve();
                    break;
                case S_L2TP:
                    state = l2tp();
                    break;
                case S_GTP:
                    state = gtp();
                    break;
                default:
                    state = DONE;
                    break;
            }
        }
    }

    private int fail(final ParseResult reason)
    {
        failure = reason;
        return DONE;
    }

    private int remaining()
    {
        return end - position;
    }

    private void addLayer(final Layer layer)
    {
        if (layerCount < MAX_LAYERS)
        {
            layers[layerCount++] = (byte)layer.ordinal();
        }
    }

    private int ethernet()
    {
        if (remaining() < 14)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.ETHERNET);
        etherType = u16(position + 12);
        position += 14;
        return S_ETHERTYPE;
    }

    private int etherType()
    {
        switch (etherType)
        {
            case ETHERTYPE_IPV4:
                return S_IPV4;
            case ETHERTYPE_IPV6:
                return S_IPV6;
            case ETHERTYPE_VLAN:
            case ETHERTYPE_QINQ:
            case ETHERTYPE_QINQ_9100:
            case ETHERTYPE_QINQ_9200:
                return vlanTag();
            case ETHERTYPE_MPLS_UNICAST:
            case ETHERTYPE_MPLS_MULTICAST:
                return options.parseMpls() ? S_MPLS : fail(ParseResult.ENCAPSULATION_DISABLED);
            case ETHERTYPE_PPPOE_SESSION:
                return pppoe();
            case ETHERTYPE_ARISTA:
                return aristaTimestamp();
            case ETHERTYPE_CISCO_METADATA:
                // Cisco TrustSec metadata: version(1) length(1) option type(2) SGT(2), then the next EtherType.
                if (remaining() < 8)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                addLayer(Layer.CISCO_METADATA);
                etherType = u16(position + 6);
                position += 8;
                return S_ETHERTYPE;
            case ETHERTYPE_ARP:
            case ETHERTYPE_PPPOE_DISCOVERY:
                return fail(ParseResult.NOT_IP);
            default:
                return fail(etherType < ETHERTYPE_MIN ? ParseResult.NOT_IP : ParseResult.UNKNOWN_ETHERTYPE);
        }
    }

    private int vlanTag()
    {
        if (remaining() < 4)
        {
            return fail(ParseResult.TRUNCATED);
        }
        if (vlanCount == MAX_VLAN_TAGS)
        {
            return fail(ParseResult.TOO_MANY_TAGS);
        }
        addLayer(etherType == ETHERTYPE_VLAN ? Layer.VLAN : Layer.QINQ);
        vlanIds[vlanCount++] = u16(position) & 0x0FFF;
        etherType = u16(position + 2);
        position += 4;
        return S_ETHERTYPE;
    }

    /*
     * Arista timestamp header: EtherType 0xD28B, sub-type 0x0001, version 0x0010 (64-bit timestamp) or 0x0020
     * (48-bit timestamp), optionally with bit 0x0100, then the next EtherType. Other versions are unknown.
     */
    private int aristaTimestamp()
    {
        if (remaining() < 4)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int subType = u16(position);
        final int version = u16(position + 2);
        // Low byte: 0x10 a 64-bit timestamp, 0x20 a 48-bit one; 0x0100 is a flag; anything else is unknown.
        final int format = version & 0xFEFF;
        final int timestampLength = format == 0x0010 ? 8 : format == 0x0020 ? 6 : -1;
        if (subType != 0x0001 || timestampLength < 0)
        {
            return fail(ParseResult.UNKNOWN_ETHERTYPE);
        }
        final int headerLength = 4 + timestampLength + 2;
        if (remaining() < headerLength)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.ARISTA_TIMESTAMP);
        etherType = u16(position + headerLength - 2);
        position += headerLength;
        return S_ETHERTYPE;
    }

    /*
     * PPPoE session (RFC 2516): ver/type 0x11, code 0x00, session id, length; then a 2-byte PPP protocol.
     */
    private int pppoe()
    {
        if (!options.unpackPpp())
        {
            return fail(ParseResult.ENCAPSULATION_DISABLED);
        }
        if (remaining() < 8)
        {
            return fail(ParseResult.TRUNCATED);
        }
        if (u8(position) != 0x11)
        {
            return fail(ParseResult.NOT_IP);
        }
        addLayer(Layer.PPPOE);
        position += 6;
        return S_PPP;
    }

    /*
     * PPP (RFC 1661): optional HDLC address/control 0xFF 0x03, protocol in 1 byte when its low bit is set
     * (protocol field compression), else 2 bytes.
     */
    private int ppp()
    {
        if (remaining() >= 2 && u8(position) == 0xFF && u8(position + 1) == 0x03)
        {
            position += 2;
        }
        if (remaining() < 1)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int protocol;
        if ((u8(position) & 1) != 0)
        {
            protocol = u8(position);
            position += 1;
        }
        else
        {
            if (remaining() < 2)
            {
                return fail(ParseResult.TRUNCATED);
            }
            protocol = u16(position);
            position += 2;
        }
        addLayer(Layer.PPP);
        switch (protocol)
        {
            case PPP_IPV4:
                return S_IPV4;
            case PPP_IPV6:
                return S_IPV6;
            case PPP_MPLS_UNICAST:
            case PPP_MPLS_MULTICAST:
                return options.parseMpls() ? S_MPLS : fail(ParseResult.ENCAPSULATION_DISABLED);
            default:
                return fail(ParseResult.NOT_IP);
        }
    }

    /*
     * MPLS label stack entry (RFC 3032): label(20) TC(3) S(1) TTL(8). After the bottom of stack the payload is
     * guessed from its first nibble: 4 IPv4, 6 IPv6, 0 pseudowire control word (RFC 4385) + Ethernet (RFC 4448).
     */
    private int mpls()
    {
        boolean bottomOfStack = false;
        while (!bottomOfStack)
        {
            if (remaining() < 4)
            {
                return fail(ParseResult.TRUNCATED);
            }
            if (mplsCount == MAX_MPLS_LABELS)
            {
                return fail(ParseResult.TOO_MANY_LABELS);
            }
            final long entry = u32(position);
            mplsLabels[mplsCount++] = (int)(entry >>> 12);
            bottomOfStack = ((entry >>> 8) & 1) != 0;
            addLayer(Layer.MPLS);
            position += 4;
        }
        if (remaining() < 1)
        {
            return fail(ParseResult.TRUNCATED);
        }
        switch (u8(position) >>> 4)
        {
            case 4:
                return S_IPV4;
            case 6:
                return S_IPV6;
            case 0:
                if (remaining() < 4)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                addLayer(Layer.PW_CONTROL_WORD);
                position += 4;
                return S_ETHERNET;
            default:
                return fail(ParseResult.NOT_IP);
        }
    }

    private int ipByNibble()
    {
        if (remaining() < 1)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int version = u8(position) >>> 4;
        if (version == 4)
        {
            return S_IPV4;
        }
        if (version == 6)
        {
            return S_IPV6;
        }
        return fail(ParseResult.BAD_IP_VERSION);
    }

    private int ipv4()
    {
        if (ipCount == MAX_IP_HEADERS)
        {
            return fail(ParseResult.TOO_MANY_TUNNELS);
        }
        if (remaining() < 20)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int versionAndLength = u8(position);
        if ((versionAndLength >>> 4) != 4)
        {
            return fail(ParseResult.BAD_IP_VERSION);
        }
        final int headerLength = (versionAndLength & 0x0F) * 4;
        if (headerLength < 20 || headerLength > remaining())
        {
            return fail(ParseResult.BAD_IP_HEADER_LENGTH);
        }
        final int slot = ipCount;
        final int flagsAndOffset = u16(position + 6);
        final boolean moreFragments = (flagsAndOffset & 0x2000) != 0;
        final int fragmentOffset = flagsAndOffset & 0x1FFF;
        final int protocol = u8(position + 9);
        ipVersions[slot] = 4;
        ipLengths[slot] = u16(position + 2);
        ttls[slot] = u8(position + 8);
        headerProtocols[slot] = protocol;
        protocols[slot] = protocol;
        ipv4Sources[slot] = s32(position + 12);
        ipv4Destinations[slot] = s32(position + 16);
        fragments[slot] = moreFragments || fragmentOffset != 0;
        clearTransport(slot);
        addLayer(Layer.IPV4);
        position += headerLength;
        if (fragmentOffset != 0)
        {
            ipCount++;
            return DONE;
        }
        return transport(slot, protocol);
    }

    private int ipv6()
    {
        if (ipCount == MAX_IP_HEADERS)
        {
            return fail(ParseResult.TOO_MANY_TUNNELS);
        }
        if (remaining() < 40)
        {
            return fail(ParseResult.TRUNCATED);
        }
        if ((u8(position) >>> 4) != 6)
        {
            return fail(ParseResult.BAD_IP_VERSION);
        }
        final int slot = ipCount;
        int nextHeader = u8(position + 6);
        ipVersions[slot] = 6;
        ipLengths[slot] = 40 + u16(position + 4);
        ttls[slot] = u8(position + 7);
        headerProtocols[slot] = nextHeader;
        ipv6SourcesHigh[slot] = s64(position + 8);
        ipv6SourcesLow[slot] = s64(position + 16);
        ipv6DestinationsHigh[slot] = s64(position + 24);
        ipv6DestinationsLow[slot] = s64(position + 32);
        fragments[slot] = false;
        clearTransport(slot);
        addLayer(Layer.IPV6);
        position += 40;

        for (int extensions = 0; ; extensions++)
        {
            final int headerLength;
            switch (nextHeader)
            {
                case PROTO_HOP_BY_HOP:
                case PROTO_ROUTING:
                case PROTO_DESTINATION_OPTIONS:
                    if (remaining() < 2)
                    {
                        return fail(ParseResult.TRUNCATED);
                    }
                    headerLength = (u8(position + 1) + 1) * 8;
                    break;
                case PROTO_AH:
                    if (remaining() < 2)
                    {
                        return fail(ParseResult.TRUNCATED);
                    }
                    headerLength = (u8(position + 1) + 2) * 4;
                    break;
                case PROTO_FRAGMENT:
                    headerLength = 8;
                    break;
                default:
                    protocols[slot] = nextHeader;
                    return transport(slot, nextHeader);
            }
            if (extensions == MAX_IPV6_EXTENSION_HEADERS)
            {
                return fail(ParseResult.TOO_MANY_EXTENSION_HEADERS);
            }
            if (remaining() < headerLength)
            {
                return fail(ParseResult.TRUNCATED);
            }
            final int following = u8(position);
            addLayer(Layer.IPV6_EXTENSION);
            if (nextHeader == PROTO_FRAGMENT)
            {
                fragments[slot] = true;
                final int fragmentOffset = u16(position + 2) >>> 3;
                position += headerLength;
                if (fragmentOffset != 0)
                {
                    protocols[slot] = following;
                    ipCount++;
                    return DONE;
                }
            }
            else
            {
                position += headerLength;
            }
            nextHeader = following;
        }
    }

    private void clearTransport(final int slot)
    {
        l4Kinds[slot] = L4_NONE;
        sourcePorts[slot] = 0;
        destinationPorts[slot] = 0;
        tcpFlags[slot] = 0;
        icmpTypes[slot] = 0;
        icmpCodes[slot] = 0;
    }

    private int transport(final int slot, final int protocol)
    {
        switch (protocol)
        {
            case PROTO_TCP:
                // Huawei exports 52-byte sFlow headers: the TCP header is cut, but its first 4 bytes are the ports.
                if (remaining() < 4)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                l4Kinds[slot] = L4_TCP;
                sourcePorts[slot] = u16(position);
                destinationPorts[slot] = u16(position + 2);
                if (remaining() >= 14)
                {
                    tcpFlags[slot] = u8(position + 13);
                }
                addLayer(Layer.TCP);
                ipCount++;
                return DONE;
            case PROTO_UDP:
                return udp(slot);
            case PROTO_ICMP:
            case PROTO_ICMPV6:
                if (remaining() < 2)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                l4Kinds[slot] = L4_ICMP;
                icmpTypes[slot] = u8(position);
                icmpCodes[slot] = u8(position + 1);
                addLayer(Layer.ICMP);
                ipCount++;
                return DONE;
            case PROTO_GRE:
                ipCount++;
                return options.unpackGre() ? S_GRE : DONE;
            case PROTO_IPIP:
                ipCount++;
                return options.unpackIpip() ? S_IPV4 : DONE;
            case PROTO_IPV6:
                ipCount++;
                return options.unpackIpip() ? S_IPV6 : DONE;
            default:
                ipCount++;
                return DONE;
        }
    }

    private int udp(final int slot)
    {
        if (remaining() < 4)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int sourcePort = u16(position);
        final int destinationPort = u16(position + 2);
        l4Kinds[slot] = L4_UDP;
        sourcePorts[slot] = sourcePort;
        destinationPorts[slot] = destinationPort;
        addLayer(Layer.UDP);
        ipCount++;
        if (remaining() < 8)
        {
            return DONE;
        }
        int next = DONE;
        if (destinationPort == PORT_VXLAN && options.unpackVxlan())
        {
            next = S_VXLAN;
        }
        else if (destinationPort == PORT_GENEVE && options.unpackGeneve())
        {
            next = S_GENEVE;
        }
        else if ((destinationPort == PORT_L2TP || sourcePort == PORT_L2TP) && options.unpackL2tp())
        {
            next = S_L2TP;
        }
        else if ((destinationPort == PORT_GTP_U || sourcePort == PORT_GTP_U) && options.unpackGtpV1())
        {
            next = S_GTP;
        }
        else if (destinationPort == PORT_MPLS_OVER_UDP && options.unpackMplsOverUdp())
        {
            next = S_MPLS;
        }
        if (next != DONE)
        {
            position += 8;
        }
        return next;
    }

    /*
     * GRE (RFC 2784/2890): C(1) R(1) K(1) S(1) ... Ver(3), protocol type; optional checksum+reserved, key, sequence.
     * Version 1 is PPTP's enhanced GRE (RFC 2637): key always present (payload length + call id), optional
     * sequence and acknowledgement, protocol 0x880B (PPP).
     */
    private int gre()
    {
        if (remaining() < 4)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int flags = u16(position);
        final int protocol = u16(position + 2);
        final int version = flags & 0x7;
        int headerLength = 4;
        if (version == 0)
        {
            if ((flags & 0x4000) != 0)
            {
                return fail(ParseResult.UNSUPPORTED_TUNNEL);
            }
            headerLength += (flags & 0x8000) != 0 ? 4 : 0;
            headerLength += (flags & 0x2000) != 0 ? 4 : 0;
            headerLength += (flags & 0x1000) != 0 ? 4 : 0;
        }
        else if (version == 1 && protocol == ETHERTYPE_PPP)
        {
            headerLength += 4;
            headerLength += (flags & 0x1000) != 0 ? 4 : 0;
            headerLength += (flags & 0x0080) != 0 ? 4 : 0;
        }
        else
        {
            return fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        if (remaining() < headerLength)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.GRE);
        position += headerLength;
        switch (protocol)
        {
            case ETHERTYPE_IPV4:
                return S_IPV4;
            case ETHERTYPE_IPV6:
                return S_IPV6;
            case ETHERTYPE_TEB:
                return S_ETHERNET;
            case ETHERTYPE_ERSPAN_II:
                return erspan((flags & 0x1000) != 0 ? 8 : 0);
            case ETHERTYPE_ERSPAN_III:
                if (remaining() < 12)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                return erspan((u8(position + 11) & 1) != 0 ? 20 : 12);
            case ETHERTYPE_MPLS_UNICAST:
            case ETHERTYPE_MPLS_MULTICAST:
                return S_MPLS;
            case ETHERTYPE_PPP:
                return options.unpackPpp() ? S_PPP : fail(ParseResult.ENCAPSULATION_DISABLED);
            case ETHERTYPE_CISCO_METADATA:
                // Inside GRE the payload type comes first, then version(1) length(1) option type(2) SGT(2).
                if (remaining() < 8)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                addLayer(Layer.CISCO_METADATA);
                final int inner = u16(position);
                position += 8;
                return inner == ETHERTYPE_IPV4 ? S_IPV4 : inner == ETHERTYPE_IPV6 ? S_IPV6 :
                    fail(ParseResult.UNKNOWN_ETHERTYPE);
            case ETHERTYPE_WCCP:
                if (remaining() < 4)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                addLayer(Layer.WCCP);
                position += 4;
                return S_IP;
            default:
                return fail(ParseResult.UNKNOWN_ETHERTYPE);
        }
    }

    /*
     * ERSPAN type I has no header (GRE without sequence number), type II an 8-byte header, type III a 12-byte one
     * plus an 8-byte platform sub-header when its O bit is set. The mirrored Ethernet frame follows.
     */
    private int erspan(final int headerLength)
    {
        if (remaining() < headerLength)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.ERSPAN);
        position += headerLength;
        return S_ETHERNET;
    }

    /*
     * VXLAN (RFC 7348): flags(8) reserved(24) VNI(24) reserved(8), then an Ethernet frame.
     */
    private int vxlan()
    {
        if (remaining() < 8)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.VXLAN);
        position += 8;
        return S_ETHERNET;
    }

    /*
     * GENEVE (RFC 8926): Ver(2) OptLen(6) O C Rsvd(6) ProtocolType(16) VNI(24) Reserved(8), options of OptLen*4.
     */
    private int geneve()
    {
        if (remaining() < 8)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int first = u8(position);
        if ((first >>> 6) != 0)
        {
            return fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        final int headerLength = 8 + (first & 0x3F) * 4;
        final int protocol = u16(position + 2);
        if (remaining() < headerLength)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.GENEVE);
        position += headerLength;
        switch (protocol)
        {
            case ETHERTYPE_TEB:
                return S_ETHERNET;
            case ETHERTYPE_IPV4:
                return S_IPV4;
            case ETHERTYPE_IPV6:
                return S_IPV6;
            default:
                return fail(ParseResult.UNKNOWN_ETHERTYPE);
        }
    }

    /*
     * L2TPv2 (RFC 2661): T L x x S x O P x x x x Ver(4), [length], tunnel id, session id, [Ns, Nr],
     * [offset size, offset pad]; data messages (T = 0) carry a PPP frame.
     */
    private int l2tp()
    {
        if (remaining() < 2)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int flags = u16(position);
        if ((flags & 0x8000) != 0)
        {
            return fail(ParseResult.NOT_IP);
        }
        if ((flags & 0x000F) != 2)
        {
            return fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        int headerLength = 2 + ((flags & 0x4000) != 0 ? 2 : 0) + 4 + ((flags & 0x0800) != 0 ? 4 : 0);
        if ((flags & 0x0200) != 0)
        {
            if (remaining() < headerLength + 2)
            {
                return fail(ParseResult.TRUNCATED);
            }
            headerLength += 2 + u16(position + headerLength);
        }
        if (remaining() < headerLength)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.L2TP);
        position += headerLength;
        return options.unpackPpp() ? S_PPP : fail(ParseResult.ENCAPSULATION_DISABLED);
    }

    /*
     * GTP-U v1 (3GPP TS 29.281): flags Ver(3)=1 PT(1)=1 x E S PN, message type (255 = G-PDU), length, TEID;
     * when E, S or PN is set, sequence(16) N-PDU(8) next-extension-type(8), then extension headers of
     * length*4 bytes each ending with the next type. The user IP packet follows.
     */
    private int gtp()
    {
        if (remaining() < 8)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int flags = u8(position);
        if ((flags >>> 5) != 1 || (flags & 0x10) == 0)
        {
            return fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        if (u8(position + 1) != 0xFF)
        {
            return fail(ParseResult.NOT_IP);
        }
        int headerLength = 8;
        if ((flags & 0x07) != 0)
        {
            headerLength = 12;
            if (remaining() < headerLength)
            {
                return fail(ParseResult.TRUNCATED);
            }
            int nextExtension = u8(position + 11);
            int extensions = 0;
            while (nextExtension != 0)
            {
                if (++extensions > GTP_MAX_EXTENSION_HEADERS)
                {
                    return fail(ParseResult.UNSUPPORTED_TUNNEL);
                }
                if (remaining() < headerLength + 1)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                final int extensionLength = u8(position + headerLength) * 4;
                if (extensionLength == 0)
                {
                    return fail(ParseResult.UNSUPPORTED_TUNNEL);
                }
                if (remaining() < headerLength + extensionLength)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                nextExtension = u8(position + headerLength + extensionLength - 1);
                headerLength += extensionLength;
            }
        }
        addLayer(Layer.GTP);
        position += headerLength;
        return S_IP;
    }

    private void fill(final TrafficRecord record, final int frameLength)
    {
        final int slot = ipCount - 1;
        if (ipVersions[slot] == 4)
        {
            record.ipv4(ipv4Sources[slot], ipv4Destinations[slot]);
        }
        else
        {
            record.ipv6(ipv6SourcesHigh[slot], ipv6SourcesLow[slot], ipv6DestinationsHigh[slot],
                ipv6DestinationsLow[slot]);
        }
        record.protocol(protocols[slot])
            .ports(sourcePorts[slot], destinationPorts[slot])
            .tcpFlags(tcpFlags[slot])
            .fragmented(fragments[slot])
            .ttl(ttls[slot])
            .ipLength(ipLengths[slot])
            .icmp(icmpTypes[slot], icmpCodes[slot])
            .vlans(vlanCount > 0 ? vlanIds[0] : TrafficRecord.NO_VLAN,
                vlanCount > 1 ? vlanIds[1] : TrafficRecord.NO_VLAN)
            .bytes(frameLength);
    }

    private int u8(final int index)
    {
        return buffer.get(index) & 0xFF;
    }

    private int u16(final int index)
    {
        final short value = buffer.getShort(index);
        return (bigEndian ? value : Short.reverseBytes(value)) & 0xFFFF;
    }

    private long u32(final int index)
    {
        return s32(index) & 0xFFFF_FFFFL;
    }

    private int s32(final int index)
    {
        final int value = buffer.getInt(index);
        return bigEndian ? value : Integer.reverseBytes(value);
    }

    private long s64(final int index)
    {
        final long value = buffer.getLong(index);
        return bigEndian ? value : Long.reverseBytes(value);
    }
}
