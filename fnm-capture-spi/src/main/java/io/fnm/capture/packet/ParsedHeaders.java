package io.fnm.capture.packet;

import static io.fnm.capture.packet.PacketHeaderParser.FIELDS;
import static io.fnm.capture.packet.PacketHeaderParser.F_DESTINATION;
import static io.fnm.capture.packet.PacketHeaderParser.F_DESTINATION_PORT;
import static io.fnm.capture.packet.PacketHeaderParser.F_FRAGMENT;
import static io.fnm.capture.packet.PacketHeaderParser.F_HEADER_PROTOCOL;
import static io.fnm.capture.packet.PacketHeaderParser.F_ICMP_CODE;
import static io.fnm.capture.packet.PacketHeaderParser.F_ICMP_TYPE;
import static io.fnm.capture.packet.PacketHeaderParser.F_L4_KIND;
import static io.fnm.capture.packet.PacketHeaderParser.F_LENGTH;
import static io.fnm.capture.packet.PacketHeaderParser.F_PROTOCOL;
import static io.fnm.capture.packet.PacketHeaderParser.F_SOURCE;
import static io.fnm.capture.packet.PacketHeaderParser.F_SOURCE_PORT;
import static io.fnm.capture.packet.PacketHeaderParser.F_TCP_FLAGS;
import static io.fnm.capture.packet.PacketHeaderParser.F_TTL;
import static io.fnm.capture.packet.PacketHeaderParser.F_VERSION;
import static io.fnm.capture.packet.PacketHeaderParser.V6_FIELDS;

/**
 * What the last {@link PacketHeaderParser#parse} of its parser read, header by header: VLAN tags, MPLS labels, the
 * layers, and every IP header with its transport header, outermost first.
 * <p>
 * A read-only view of the parser's own state, obtained from {@link PacketHeaderParser#headers()}: it copies nothing,
 * is valid until the next parse, and is as thread-confined as its parser.
 */
public final class ParsedHeaders
{
    /** Transport header kind of an IP header: none read. */
    public static final int L4_NONE = 0;
    /** Transport header kind of an IP header: TCP ports (and flags when captured). */
    public static final int L4_TCP = 1;
    /** Transport header kind of an IP header: UDP ports. */
    public static final int L4_UDP = 2;
    /** Transport header kind of an IP header: ICMP or ICMPv6 type and code. */
    public static final int L4_ICMP = 3;

    private static final Layer[] LAYERS = Layer.values();

    private final PacketHeaderParser parser;

    ParsedHeaders(final PacketHeaderParser parser)
    {
        this.parser = parser;
    }

    /**
     * @return VLAN tags seen in the last frame, outermost first, across every Ethernet header of the frame.
     */
    public int vlanCount()
    {
        return parser.vlanCount;
    }

    /**
     * @param index 0 .. {@link #vlanCount()} - 1.
     * @return the VLAN id (12 bits).
     */
    public int vlanId(final int index)
    {
        return parser.vlanIds[index];
    }

    /**
     * @return MPLS label stack entries seen in the last frame, outermost first.
     */
    public int mplsLabelCount()
    {
        return parser.mplsCount;
    }

    /**
     * @param index 0 .. {@link #mplsLabelCount()} - 1.
     * @return the 20-bit label.
     */
    public int mplsLabel(final int index)
    {
        return parser.mplsLabels[index];
    }

    /**
     * The layers are a diagnostic view: {@link PacketHeaderParser#parse} does not record them, the first call after
     * a parse walks the frame again to list them. Call it before the frame's bytes change.
     *
     * @return the number of layers in the last frame (at most {@value PacketHeaderParser#MAX_LAYERS} are listed).
     */
    public int layerCount()
    {
        parser.recordLayers();
        return parser.layerCount;
    }

    /**
     * @param index 0 .. {@link #layerCount()} - 1.
     * @return the layer; see {@link #layerCount()}.
     */
    public Layer layer(final int index)
    {
        parser.recordLayers();
        return LAYERS[parser.layers[index]];
    }

    /**
     * @return complete IP headers (whose transport header, if any was expected, was read) in the last frame,
     * outermost first; the last one is the counted packet.
     */
    public int ipHeaderCount()
    {
        return parser.ipCount;
    }

    /**
     * @param index 0 .. {@link #ipHeaderCount()} - 1.
     * @return 4 or 6.
     */
    public int ipVersion(final int index)
    {
        return parser.ipFields[index * FIELDS + F_VERSION];
    }

    /**
     * @param index IP header index.
     * @return IPv4 source address, network order (0 for an IPv6 header).
     */
    public int ipv4Source(final int index)
    {
        return ipv4Field(index, F_SOURCE);
    }

    /**
     * @param index IP header index.
     * @return IPv4 destination address, network order (0 for an IPv6 header).
     */
    public int ipv4Destination(final int index)
    {
        return ipv4Field(index, F_DESTINATION);
    }

    /**
     * @param index IP header index.
     * @return high 64 bits of the IPv6 source (0 for an IPv4 header).
     */
    public long ipv6SourceHigh(final int index)
    {
        return ipv6Address(index, 0);
    }

    /**
     * @param index IP header index.
     * @return low 64 bits of the IPv6 source (0 for an IPv4 header).
     */
    public long ipv6SourceLow(final int index)
    {
        return ipv6Address(index, 1);
    }

    /**
     * @param index IP header index.
     * @return high 64 bits of the IPv6 destination (0 for an IPv4 header).
     */
    public long ipv6DestinationHigh(final int index)
    {
        return ipv6Address(index, 2);
    }

    /**
     * @param index IP header index.
     * @return low 64 bits of the IPv6 destination (0 for an IPv4 header).
     */
    public long ipv6DestinationLow(final int index)
    {
        return ipv6Address(index, 3);
    }

    /**
     * @param index IP header index.
     * @return the protocol field of the IP header itself (IPv6: the fixed header's next header, e.g. 43).
     */
    public int headerProtocol(final int index)
    {
        return parser.ipFields[index * FIELDS + F_HEADER_PROTOCOL];
    }

    /**
     * @param index IP header index.
     * @return the upper-layer protocol after any IPv6 extension headers.
     */
    public int protocol(final int index)
    {
        return parser.ipFields[index * FIELDS + F_PROTOCOL];
    }

    /**
     * @param index IP header index.
     * @return IPv4 total length, or 40 + IPv6 payload length.
     */
    public int ipLength(final int index)
    {
        return parser.ipFields[index * FIELDS + F_LENGTH];
    }

    /**
     * @param index IP header index.
     * @return TTL or hop limit.
     */
    public int ttl(final int index)
    {
        return parser.ipFields[index * FIELDS + F_TTL];
    }

    /**
     * @param index IP header index.
     * @return true for a fragment.
     */
    public boolean fragmented(final int index)
    {
        return parser.ipFields[index * FIELDS + F_FRAGMENT] != 0;
    }

    /**
     * @param index IP header index.
     * @return {@link #L4_NONE}, {@link #L4_TCP}, {@link #L4_UDP} or {@link #L4_ICMP}.
     */
    public int l4Kind(final int index)
    {
        return parser.ipFields[index * FIELDS + F_L4_KIND];
    }

    /**
     * @param index IP header index.
     * @return TCP or UDP source port.
     */
    public int sourcePort(final int index)
    {
        return parser.ipFields[index * FIELDS + F_SOURCE_PORT];
    }

    /**
     * @param index IP header index.
     * @return TCP or UDP destination port.
     */
    public int destinationPort(final int index)
    {
        return parser.ipFields[index * FIELDS + F_DESTINATION_PORT];
    }

    /**
     * @param index IP header index.
     * @return TCP flags byte (0 when the header was cut before it).
     */
    public int tcpFlags(final int index)
    {
        return parser.ipFields[index * FIELDS + F_TCP_FLAGS];
    }

    /**
     * @param index IP header index.
     * @return ICMP type.
     */
    public int icmpType(final int index)
    {
        return parser.ipFields[index * FIELDS + F_ICMP_TYPE];
    }

    /**
     * @param index IP header index.
     * @return ICMP code.
     */
    public int icmpCode(final int index)
    {
        return parser.ipFields[index * FIELDS + F_ICMP_CODE];
    }

    private int ipv4Field(final int index, final int field)
    {
        final int base = index * FIELDS;
        return parser.ipFields[base + F_VERSION] == 4 ? parser.ipFields[base + field] : 0;
    }

    private long ipv6Address(final int index, final int part)
    {
        return parser.ipFields[index * FIELDS + F_VERSION] == 6 ? parser.ipv6Addresses[index * V6_FIELDS + part] : 0;
    }
}
