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
 * outer packet is counted, {@link #parse} returns {@link ParseResult#OK} and {@link #innerFailure()} tells why;
 * {@link #headers()} lists every header read.
 * <p>
 * <b>Hostile input.</b> Every header length is checked against the bytes that remain before it is read; nothing is
 * thrown for any content; every outcome is counted by reason ({@link #counts()}).
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
    /** Most layers recorded for {@link ParsedHeaders#layer(int)}; deeper layers are parsed but not recorded. */
    public static final int MAX_LAYERS = 64;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int ETHERTYPE_QINQ_9100 = 0x9100;
    static final int ETHERTYPE_QINQ_9200 = 0x9200;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    static final int ETHERTYPE_CISCO_METADATA = 0x8909;

    static final int PROTO_ICMP = 1;
    static final int PROTO_IPIP = 4;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_IPV6 = 41;
    static final int PROTO_GRE = 47;
    static final int PROTO_ICMPV6 = 58;

    static final int DONE = 0;
    static final int S_ETHERNET = 1;
    static final int S_IPV4 = 2;
    static final int S_IPV6 = 3;
    static final int S_IP = 4;
    static final int S_MPLS = 5;
    static final int S_GRE = 6;
    static final int S_PPP = 7;
    static final int S_VXLAN = 8;
    static final int S_GENEVE = 9;
    static final int S_L2TP = 10;
    static final int S_GTP = 11;
    /* What a leaf returns instead of a protocol or type when the walk ends with it (see failHeader). */
    static final int STOP = -1;

    /*
     * Each IP header keeps FIELDS ints at slot * FIELDS of one array: the header's stores are a run of constant
     * offsets from one index, whose bounds the JIT checks once instead of once per field and per array.
     */
    static final int F_VERSION = 0;
    static final int F_HEADER_PROTOCOL = 1;
    static final int F_PROTOCOL = 2;
    static final int F_LENGTH = 3;
    static final int F_TTL = 4;
    static final int F_FRAGMENT = 5;
    static final int F_SOURCE = 6;
    static final int F_DESTINATION = 7;
    static final int F_L4_KIND = 8;
    static final int F_SOURCE_PORT = 9;
    static final int F_DESTINATION_PORT = 10;
    static final int F_TCP_FLAGS = 11;
    static final int F_ICMP_TYPE = 12;
    static final int F_ICMP_CODE = 13;
    static final int FIELDS = 16;
    /* IPv6 addresses: source high, source low, destination high, destination low at slot * 4. */
    static final int V6_FIELDS = 4;

    private final ParserOptions options;
    // The options, read once: the walk tests plain fields, not the options object, per layer.
    final boolean parseMpls;
    final boolean unpackPpp;
    private final boolean unpackGre;
    private final boolean unpackIpip;
    final boolean unpackVxlan;
    final boolean unpackGeneve;
    final boolean unpackL2tp;
    final boolean unpackGtpV1;
    final boolean unpackMplsOverUdp;
    private final boolean unpackAnyUdp;

    private final ParseCounters counts = new ParseCounters();
    // The counters' own arrays, so that a parse counts with one store, not through another object.
    private final long[] resultCounts = counts.results;
    private final long[] innerFailureCounts = counts.innerFailures;

    // The per-frame state without modifiers is the package's: the helpers (IpHeaders, LinkDecoder, TunnelDecoder)
    // move the position and record into the arrays, the ParsedHeaders view reads them.
    final int[] vlanIds = new int[MAX_VLAN_TAGS];
    final int[] mplsLabels = new int[MAX_MPLS_LABELS];
    final byte[] layers = new byte[MAX_LAYERS];
    final int[] ipFields = new int[MAX_IP_HEADERS * FIELDS];
    final long[] ipv6Addresses = new long[MAX_IP_HEADERS * V6_FIELDS];

    private final ParsedHeaders headers = new ParsedHeaders(this);

    private ByteBuffer buffer;
    private ByteBuffer lastFrame;
    private int lastOffset;
    private int lastLength;
    private LinkType lastLinkType;
    private boolean recordLayers;
    private boolean layersKnown;
    private boolean bigEndian;
    int position;
    int end;
    int vlanCount;
    int mplsCount;
    int layerCount;
    int ipCount;
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
        parseMpls = options.parseMpls();
        unpackPpp = options.unpackPpp();
        unpackGre = options.unpackGre();
        unpackIpip = options.unpackIpip();
        unpackVxlan = options.unpackVxlan();
        unpackGeneve = options.unpackGeneve();
        unpackL2tp = options.unpackL2tp();
        unpackGtpV1 = options.unpackGtpV1();
        unpackMplsOverUdp = options.unpackMplsOverUdp();
        unpackAnyUdp = unpackVxlan || unpackGeneve || unpackL2tp || unpackGtpV1 || unpackMplsOverUdp;
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
        layersKnown = false;
        ipCount = 0;
        failure = null;
        innerFailure = ParseResult.OK;

        final ParseResult result;
        if (offset < 0 || length < 0 || offset > frame.limit() - length)
        {
            lastFrame = null;
            result = ParseResult.TRUNCATED;
        }
        else
        {
            lastFrame = frame;
            lastOffset = offset;
            lastLength = length;
            lastLinkType = linkType;
            position = offset;
            end = offset + length;
            if (linkType == LinkType.ETHERNET)
            {
                final int next = ethernet();
                if (next != DONE)
                {
                    walk(next);
                }
            }
            else
            {
                walk(LinkDecoder.initialState(linkType));
            }
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
     * @return what the last {@link #parse} read, header by header: a view, valid until the next parse.
     */
    public ParsedHeaders headers()
    {
        return headers;
    }

    /**
     * @return the frames parsed so far, by outcome.
     */
    public ParseCounters counts()
    {
        return counts;
    }

    /**
     * Report {@code packet_parse_total{result="..."}} for every outcome and
     * {@code packet_parse_inner_failures_total{reason="..."}} for every reason, zeros included.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        counts.counters(visitor);
    }

    /*
     * Walks the last frame again with layer recording on. The per-frame state the walk rewrites is the same for
     * the same bytes; the counts are restored anyway so that they always match the result parse returned.
     */
    void recordLayers()
    {
        if (layersKnown)
        {
            return;
        }
        layersKnown = true;
        if (lastFrame == null)
        {
            return;
        }
        final int ipHeaders = ipCount;
        final int vlans = vlanCount;
        final int labels = mplsCount;
        final ParseResult walkFailure = failure;
        buffer = lastFrame;
        bigEndian = lastFrame.order() == ByteOrder.BIG_ENDIAN;
        ipCount = 0;
        vlanCount = 0;
        mplsCount = 0;
        position = lastOffset;
        end = lastOffset + lastLength;
        recordLayers = true;
        try
        {
            walk(LinkDecoder.initialState(lastLinkType));
        }
        finally
        {
            recordLayers = false;
            buffer = null;
            ipCount = ipHeaders;
            vlanCount = vlans;
            mplsCount = labels;
            failure = walkFailure;
        }
    }

    /*
     * The state machine, tuned for the JIT. A state's method calls the next hot one itself when the call cannot
     * loop back (Ethernet and its tags to MPLS, IPv4 or IPv6; MPLS to IP; IP to TCP or UDP; IP to GRE to inner
     * IPv4 to TCP or UDP), so a common frame is one straight chain of inlined calls instead of a trip through this
     * switch per header; the rest (tunnel payloads that can repeat, rare encapsulations) comes back here as a
     * state. No method on the chain calls itself, directly or not: C2 inlines a recursive call at most once and
     * then leaves the whole recursive method out of line. So an IP header is read by a leaf of IpHeaders (read
     * and record one header, return its protocol, dispatch nothing), the leaf plus its transport header is
     * ipv4Packet or ipv6Packet, and only ipv4/ipv6 (outer) and greTunnel (inner) go on to GRE: the outer and the
     * inner IPv4 header run the same leaves, each inlined. The helpers (IpHeaders, TunnelDecoder, LinkDecoder) are
     * static methods taking the parser: C2 binds and inlines them exactly as it would private methods. Rare variants
     * are separate methods so the hot ones stay small enough to be inlined.
     */
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
                case S_IPV4:
                    state = ipv4();
                    break;
                case S_IPV6:
                    state = ipv6();
                    break;
                case S_MPLS:
                    state = mpls();
                    break;
                case S_GRE:
                    state = greTunnel();
                    break;
                default:
                    state = rareStep(state);
                    break;
            }
        }
    }

    private int rareStep(final int state)
    {
        switch (state)
        {
            case S_IP:
                return LinkDecoder.ipByNibble(this);
            case S_PPP:
                return LinkDecoder.ppp(this);
            case S_VXLAN:
                return TunnelDecoder.vxlan(this);
            case S_GENEVE:
                return TunnelDecoder.geneve(this);
            case S_L2TP:
                return TunnelDecoder.l2tp(this);
            case S_GTP:
                return TunnelDecoder.gtp(this);
            default:
                return DONE;
        }
    }

    int fail(final ParseResult reason)
    {
        failure = reason;
        return DONE;
    }

    /*
     * fail for the leaves, which return a protocol, a type or STOP rather than a state.
     */
    int failHeader(final ParseResult reason)
    {
        failure = reason;
        return STOP;
    }

    int remaining()
    {
        return end - position;
    }

    void addLayer(final Layer layer)
    {
        final int count = layerCount;
        if (recordLayers && count < MAX_LAYERS)
        {
            layers[count] = (byte)layer.ordinal();
            layerCount = count + 1;
        }
    }

    private int ethernet()
    {
        final int at = position;
        if (end - at < 14)
        {
            return fail(ParseResult.TRUNCATED);
        }
        addLayer(Layer.ETHERNET);
        position = at + 14;
        return etherType(u16(at + 12));
    }

    /*
     * Walks the VLAN tags, then dispatches on the EtherType: IPv4, IPv6 and MPLS here, the rest in rareEtherType.
     * The first tag is read before the loop, so that a frame with one tag is straight-line code: measured, a loop
     * entered on every frame costs more than the tag itself.
     */
    int etherType(final int first)
    {
        int type = first;
        if (isVlanTag(type))
        {
            type = vlanTag(type);
            while (isVlanTag(type))
            {
                type = vlanTag(type);
            }
            if (type == STOP)
            {
                return DONE;
            }
        }
        if (type == ETHERTYPE_IPV4)
        {
            return ipv4();
        }
        if (type == ETHERTYPE_IPV6)
        {
            return ipv6();
        }
        if (type == ETHERTYPE_MPLS_UNICAST || type == ETHERTYPE_MPLS_MULTICAST)
        {
            return parseMpls ? mpls() : fail(ParseResult.ENCAPSULATION_DISABLED);
        }
        return LinkDecoder.rareEtherType(this, type);
    }

    private static boolean isVlanTag(final int type)
    {
        return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_9100 ||
            type == ETHERTYPE_QINQ_9200;
    }

    /*
     * Leaf: one VLAN tag, read as one 32-bit word (TCI and the next EtherType). Returns the next EtherType, or STOP
     * on a failure.
     */
    private int vlanTag(final int type)
    {
        final int at = position;
        if (end - at < 4)
        {
            return failHeader(ParseResult.TRUNCATED);
        }
        final int count = vlanCount;
        if (count == MAX_VLAN_TAGS)
        {
            return failHeader(ParseResult.TOO_MANY_TAGS);
        }
        addLayer(type == ETHERTYPE_VLAN ? Layer.VLAN : Layer.QINQ);
        final int tag = s32(at);
        vlanIds[count] = (tag >>> 16) & 0x0FFF;
        vlanCount = count + 1;
        position = at + 4;
        return tag & 0xFFFF;
    }

    /*
     * MPLS label stack entry (RFC 3032): label(20) TC(3) S(1) TTL(8). After the bottom of stack the payload is
     * guessed from its first nibble: 4 IPv4, 6 IPv6, 0 pseudowire control word (RFC 4385) + Ethernet (RFC 4448).
     */
    private int mpls()
    {
        // The first entry before the loop, as for VLAN tags in etherType: a one-label stack is straight-line code.
        int bottom = mplsEntry();
        if (bottom == 0)
        {
            do
            {
                bottom = mplsEntry();
            }
            while (bottom == 0);
        }
        if (bottom == STOP)
        {
            return DONE;
        }
        final int at = position;
        if (end - at < 1)
        {
            return fail(ParseResult.TRUNCATED);
        }
        switch (u8(at) >>> 4)
        {
            case 4:
                return ipv4();
            case 6:
                return ipv6();
            case 0:
                return LinkDecoder.pseudowireControlWord(this);
            default:
                return fail(ParseResult.NOT_IP);
        }
    }

    /*
     * Leaf: one label stack entry. Returns 1 at the bottom of the stack, 0 when another entry follows, or STOP on a
     * failure.
     */
    private int mplsEntry()
    {
        final int at = position;
        if (end - at < 4)
        {
            return failHeader(ParseResult.TRUNCATED);
        }
        final int count = mplsCount;
        if (count == MAX_MPLS_LABELS)
        {
            return failHeader(ParseResult.TOO_MANY_LABELS);
        }
        final int entry = s32(at);
        mplsLabels[count] = entry >>> 12;
        mplsCount = count + 1;
        addLayer(Layer.MPLS);
        position = at + 4;
        return (entry >>> 8) & 1;
    }

    /*
     * An outer IPv4 packet: its header, its transport header and, when unpack_gre is on, a GRE tunnel with what
     * it carries.
     */
    private int ipv4()
    {
        final int next = ipv4Packet();
        return next == S_GRE ? greTunnel() : next;
    }

    /*
     * An outer IPv6 packet; see ipv4.
     */
    private int ipv6()
    {
        final int next = ipv6Packet();
        return next == S_GRE ? greTunnel() : next;
    }

    /*
     * A GRE header and, when it carries IPv4, the inner packet, read by the same leaves as the outer one. Another
     * GRE inside comes back to walk as S_GRE, so this never calls itself.
     */
    private int greTunnel()
    {
        final int next = TunnelDecoder.gre(this);
        return next == S_IPV4 ? ipv4Packet() : next;
    }

    /*
     * One IPv4 header and its transport header; S_GRE when the payload is a GRE tunnel to unpack.
     */
    private int ipv4Packet()
    {
        final int slot = ipCount;
        final int protocol = IpHeaders.ipv4Header(this, slot);
        return protocol == STOP ? DONE : transport(slot, protocol);
    }

    /*
     * One IPv6 header, its extension headers and its transport header; S_GRE as for ipv4Packet.
     */
    private int ipv6Packet()
    {
        final int slot = ipCount;
        int protocol = IpHeaders.ipv6Header(this, slot);
        if (IpHeaders.isIpv6Extension(protocol))
        {
            protocol = IpHeaders.ipv6Extensions(this, slot, protocol);
        }
        return protocol == STOP ? DONE : transport(slot, protocol);
    }

    private int transport(final int slot, final int protocol)
    {
        if (protocol == PROTO_TCP)
        {
            return tcp(slot);
        }
        if (protocol == PROTO_UDP)
        {
            return udp(slot);
        }
        if (protocol == PROTO_GRE)
        {
            ipCount = slot + 1;
            return unpackGre ? S_GRE : DONE;
        }
        return otherTransport(slot, protocol);
    }

    private int tcp(final int slot)
    {
        // Huawei exports 52-byte sFlow headers: the TCP header is cut, but its first 4 bytes are the ports.
        final int at = position;
        final int available = end - at;
        if (available < 4)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int ports = s32(at);
        final int base = slot * FIELDS;
        final int[] fields = ipFields;
        fields[base + F_L4_KIND] = ParsedHeaders.L4_TCP;
        fields[base + F_SOURCE_PORT] = ports >>> 16;
        fields[base + F_DESTINATION_PORT] = ports & 0xFFFF;
        if (available >= 14)
        {
            fields[base + F_TCP_FLAGS] = u8(at + 13);
        }
        addLayer(Layer.TCP);
        ipCount = slot + 1;
        return DONE;
    }

    private int udp(final int slot)
    {
        final int at = position;
        final int available = end - at;
        if (available < 4)
        {
            return fail(ParseResult.TRUNCATED);
        }
        final int ports = s32(at);
        final int sourcePort = ports >>> 16;
        final int destinationPort = ports & 0xFFFF;
        final int base = slot * FIELDS;
        final int[] fields = ipFields;
        fields[base + F_L4_KIND] = ParsedHeaders.L4_UDP;
        fields[base + F_SOURCE_PORT] = sourcePort;
        fields[base + F_DESTINATION_PORT] = destinationPort;
        addLayer(Layer.UDP);
        ipCount = slot + 1;
        if (!unpackAnyUdp || available < 8)
        {
            return DONE;
        }
        return TunnelDecoder.udpTunnel(this, sourcePort, destinationPort);
    }

    private int otherTransport(final int slot, final int protocol)
    {
        switch (protocol)
        {
            case PROTO_ICMP:
            case PROTO_ICMPV6:
                if (remaining() < 2)
                {
                    return fail(ParseResult.TRUNCATED);
                }
                final int base = slot * FIELDS;
                ipFields[base + F_L4_KIND] = ParsedHeaders.L4_ICMP;
                ipFields[base + F_ICMP_TYPE] = u8(position);
                ipFields[base + F_ICMP_CODE] = u8(position + 1);
                addLayer(Layer.ICMP);
                ipCount = slot + 1;
                return DONE;
            case PROTO_IPIP:
                ipCount = slot + 1;
                return unpackIpip ? S_IPV4 : DONE;
            case PROTO_IPV6:
                ipCount = slot + 1;
                return unpackIpip ? S_IPV6 : DONE;
            default:
                ipCount = slot + 1;
                return DONE;
        }
    }

    private void fill(final TrafficRecord record, final int frameLength)
    {
        final int slot = ipCount - 1;
        final int base = slot * FIELDS;
        final int[] fields = ipFields;
        if (fields[base + F_VERSION] == 4)
        {
            record.ipv4(fields[base + F_SOURCE], fields[base + F_DESTINATION]);
        }
        else
        {
            final int addresses = slot * V6_FIELDS;
            final long[] v6 = ipv6Addresses;
            record.ipv6(v6[addresses], v6[addresses + 1], v6[addresses + 2], v6[addresses + 3]);
        }
        record.protocol(fields[base + F_PROTOCOL])
            .ports(fields[base + F_SOURCE_PORT], fields[base + F_DESTINATION_PORT])
            .tcpFlags(fields[base + F_TCP_FLAGS])
            .fragmented(fields[base + F_FRAGMENT] != 0)
            .ttl(fields[base + F_TTL])
            .ipLength(fields[base + F_LENGTH])
            .icmp(fields[base + F_ICMP_TYPE], fields[base + F_ICMP_CODE])
            .vlans(vlanCount > 0 ? vlanIds[0] : TrafficRecord.NO_VLAN,
                vlanCount > 1 ? vlanIds[1] : TrafficRecord.NO_VLAN)
            .bytes(frameLength);
    }

    int u8(final int index)
    {
        return buffer.get(index) & 0xFF;
    }

    int u16(final int index)
    {
        final short value = buffer.getShort(index);
        return (bigEndian ? value : Short.reverseBytes(value)) & 0xFFFF;
    }

    int s32(final int index)
    {
        final int value = buffer.getInt(index);
        return bigEndian ? value : Integer.reverseBytes(value);
    }

    long s64(final int index)
    {
        final long value = buffer.getLong(index);
        return bigEndian ? value : Long.reverseBytes(value);
    }
}
