package io.fnm.capture.packet;

import static io.fnm.capture.packet.PacketHeaderParser.DONE;
import static io.fnm.capture.packet.PacketHeaderParser.ETHERTYPE_CISCO_METADATA;
import static io.fnm.capture.packet.PacketHeaderParser.ETHERTYPE_IPV4;
import static io.fnm.capture.packet.PacketHeaderParser.ETHERTYPE_IPV6;
import static io.fnm.capture.packet.PacketHeaderParser.ETHERTYPE_MPLS_MULTICAST;
import static io.fnm.capture.packet.PacketHeaderParser.ETHERTYPE_MPLS_UNICAST;
import static io.fnm.capture.packet.PacketHeaderParser.S_ETHERNET;
import static io.fnm.capture.packet.PacketHeaderParser.S_GENEVE;
import static io.fnm.capture.packet.PacketHeaderParser.S_GTP;
import static io.fnm.capture.packet.PacketHeaderParser.S_IP;
import static io.fnm.capture.packet.PacketHeaderParser.S_IPV4;
import static io.fnm.capture.packet.PacketHeaderParser.S_IPV6;
import static io.fnm.capture.packet.PacketHeaderParser.S_L2TP;
import static io.fnm.capture.packet.PacketHeaderParser.S_MPLS;
import static io.fnm.capture.packet.PacketHeaderParser.S_PPP;
import static io.fnm.capture.packet.PacketHeaderParser.S_VXLAN;

/**
 * The tunnels of {@link PacketHeaderParser}: GRE (plain GRE carrying IPv4 is on the parser's hot chain; the
 * variants, PPTP, ERSPAN, TEB, WCCP, MPLS and Cisco metadata, are not), the UDP tunnels by port (VXLAN, GENEVE,
 * L2TPv2, GTP-U, MPLS over UDP).
 * <p>
 * Each method is one step of the parser's state machine: it reads one header at the parser's position, moves the
 * position past it and returns the parser's next state, or {@code DONE} after recording a failure. They keep no
 * state and never dispatch to each other's payloads, so the parser's walk stays the only loop.
 */
final class TunnelDecoder
{
    private static final int ETHERTYPE_TEB = 0x6558;
    private static final int ETHERTYPE_ERSPAN_II = 0x88BE;
    private static final int ETHERTYPE_ERSPAN_III = 0x22EB;
    private static final int ETHERTYPE_PPP = 0x880B;
    private static final int ETHERTYPE_WCCP = 0x883E;

    private static final int PORT_VXLAN = 4789;
    private static final int PORT_GENEVE = 6081;
    private static final int PORT_L2TP = 1701;
    private static final int PORT_GTP_U = 2152;
    private static final int PORT_MPLS_OVER_UDP = 6635;
    private static final int GTP_MAX_EXTENSION_HEADERS = 8;

    private TunnelDecoder()
    {
    }

    static int udpTunnel(final PacketHeaderParser parser, final int sourcePort, final int destinationPort)
    {
        int next = DONE;
        if (destinationPort == PORT_VXLAN && parser.unpackVxlan)
        {
            next = S_VXLAN;
        }
        else if (destinationPort == PORT_GENEVE && parser.unpackGeneve)
        {
            next = S_GENEVE;
        }
        else if ((destinationPort == PORT_L2TP || sourcePort == PORT_L2TP) && parser.unpackL2tp)
        {
            next = S_L2TP;
        }
        else if ((destinationPort == PORT_GTP_U || sourcePort == PORT_GTP_U) && parser.unpackGtpV1)
        {
            next = S_GTP;
        }
        else if (destinationPort == PORT_MPLS_OVER_UDP && parser.unpackMplsOverUdp)
        {
            next = S_MPLS;
        }
        if (next != DONE)
        {
            parser.position += 8;
        }
        return next;
    }

    /*
     * GRE (RFC 2784/2890): C(1) R(1) K(1) S(1) ... Ver(3), protocol type; optional checksum+reserved, key, sequence.
     * Version 0 without routing is decoded here, its payload type in greProtocol (IPv4, the hot one, here); every
     * other variant in rareGre. On the parser's hot chain (outer IP, GRE, inner IPv4): kept small to be inlined.
     */
    static int gre(final PacketHeaderParser parser)
    {
        final int at = parser.position;
        if (parser.end - at < 4)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int word = parser.s32(at);
        final int flags = word >>> 16;
        final int protocol = word & 0xFFFF;
        if ((flags & 0x4007) != 0)
        {
            return rareGre(parser, flags, protocol);
        }
        final int optional = flags & 0xB000;
        final int headerLength = optional == 0 ? 4 : 4 + 4 * Integer.bitCount(optional);
        if (parser.end - at < headerLength)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.GRE);
        parser.position = at + headerLength;
        return protocol == ETHERTYPE_IPV4 ? S_IPV4 : greProtocol(parser, flags, protocol);
    }

    /*
     * GRE with the routing bit (unsupported) or a version other than 0. Version 1 is PPTP's enhanced GRE
     * (RFC 2637): key always present (payload length + call id), optional sequence and acknowledgement, protocol
     * 0x880B (PPP).
     */
    private static int rareGre(final PacketHeaderParser parser, final int flags, final int protocol)
    {
        if ((flags & 0x7) != 1 || protocol != ETHERTYPE_PPP)
        {
            return parser.fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        final int headerLength = 8 + ((flags & 0x1000) != 0 ? 4 : 0) + ((flags & 0x0080) != 0 ? 4 : 0);
        if (parser.remaining() < headerLength)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.GRE);
        parser.position += headerLength;
        return greProtocol(parser, flags, protocol);
    }

    static int greProtocol(final PacketHeaderParser parser, final int flags, final int protocol)
    {
        switch (protocol)
        {
            case ETHERTYPE_IPV4:
                return S_IPV4;
            case ETHERTYPE_IPV6:
                return S_IPV6;
            case ETHERTYPE_MPLS_UNICAST:
            case ETHERTYPE_MPLS_MULTICAST:
                return S_MPLS;
            case ETHERTYPE_TEB:
                return S_ETHERNET;
            case ETHERTYPE_ERSPAN_II:
                return erspan(parser, (flags & 0x1000) != 0 ? 8 : 0);
            case ETHERTYPE_ERSPAN_III:
                if (parser.remaining() < 12)
                {
                    return parser.fail(ParseResult.TRUNCATED);
                }
                return erspan(parser, (parser.u8(parser.position + 11) & 1) != 0 ? 20 : 12);
            case ETHERTYPE_PPP:
                return parser.unpackPpp ? S_PPP : parser.fail(ParseResult.ENCAPSULATION_DISABLED);
            case ETHERTYPE_CISCO_METADATA:
                // Inside GRE the payload type comes first, then version(1) length(1) option type(2) SGT(2).
                if (parser.remaining() < 8)
                {
                    return parser.fail(ParseResult.TRUNCATED);
                }
                parser.addLayer(Layer.CISCO_METADATA);
                final int inner = parser.u16(parser.position);
                parser.position += 8;
                return inner == ETHERTYPE_IPV4 ? S_IPV4 : inner == ETHERTYPE_IPV6 ? S_IPV6 :
                    parser.fail(ParseResult.UNKNOWN_ETHERTYPE);
            case ETHERTYPE_WCCP:
                if (parser.remaining() < 4)
                {
                    return parser.fail(ParseResult.TRUNCATED);
                }
                parser.addLayer(Layer.WCCP);
                parser.position += 4;
                return S_IP;
            default:
                return parser.fail(ParseResult.UNKNOWN_ETHERTYPE);
        }
    }

    /*
     * ERSPAN type I has no header (GRE without sequence number), type II an 8-byte header, type III a 12-byte one
     * plus an 8-byte platform sub-header when its O bit is set. The mirrored Ethernet frame follows.
     */
    private static int erspan(final PacketHeaderParser parser, final int headerLength)
    {
        if (parser.remaining() < headerLength)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.ERSPAN);
        parser.position += headerLength;
        return S_ETHERNET;
    }

    /*
     * VXLAN (RFC 7348): flags(8) reserved(24) VNI(24) reserved(8), then an Ethernet frame.
     */
    static int vxlan(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 8)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.VXLAN);
        parser.position += 8;
        return S_ETHERNET;
    }

    /*
     * GENEVE (RFC 8926): Ver(2) OptLen(6) O C Rsvd(6) ProtocolType(16) VNI(24) Reserved(8), options of OptLen*4.
     */
    static int geneve(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 8)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int first = parser.u8(parser.position);
        if ((first >>> 6) != 0)
        {
            return parser.fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        final int headerLength = 8 + (first & 0x3F) * 4;
        final int protocol = parser.u16(parser.position + 2);
        if (parser.remaining() < headerLength)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.GENEVE);
        parser.position += headerLength;
        switch (protocol)
        {
            case ETHERTYPE_TEB:
                return S_ETHERNET;
            case ETHERTYPE_IPV4:
                return S_IPV4;
            case ETHERTYPE_IPV6:
                return S_IPV6;
            default:
                return parser.fail(ParseResult.UNKNOWN_ETHERTYPE);
        }
    }

    /*
     * L2TPv2 (RFC 2661): T L x x S x O P x x x x Ver(4), [length], tunnel id, session id, [Ns, Nr],
     * [offset size, offset pad]; data messages (T = 0) carry a PPP frame.
     */
    static int l2tp(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 2)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int flags = parser.u16(parser.position);
        if ((flags & 0x8000) != 0)
        {
            return parser.fail(ParseResult.NOT_IP);
        }
        if ((flags & 0x000F) != 2)
        {
            return parser.fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        int headerLength = 2 + ((flags & 0x4000) != 0 ? 2 : 0) + 4 + ((flags & 0x0800) != 0 ? 4 : 0);
        if ((flags & 0x0200) != 0)
        {
            if (parser.remaining() < headerLength + 2)
            {
                return parser.fail(ParseResult.TRUNCATED);
            }
            headerLength += 2 + parser.u16(parser.position + headerLength);
        }
        if (parser.remaining() < headerLength)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.L2TP);
        parser.position += headerLength;
        return parser.unpackPpp ? S_PPP : parser.fail(ParseResult.ENCAPSULATION_DISABLED);
    }

    /*
     * GTP-U v1 (3GPP TS 29.281): flags Ver(3)=1 PT(1)=1 x E S PN, message type (255 = G-PDU), length, TEID;
     * when E, S or PN is set, sequence(16) N-PDU(8) next-extension-type(8), then extension headers of
     * length*4 bytes each ending with the next type. The user IP packet follows.
     */
    static int gtp(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 8)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int flags = parser.u8(parser.position);
        if ((flags >>> 5) != 1 || (flags & 0x10) == 0)
        {
            return parser.fail(ParseResult.UNSUPPORTED_TUNNEL);
        }
        if (parser.u8(parser.position + 1) != 0xFF)
        {
            return parser.fail(ParseResult.NOT_IP);
        }
        int headerLength = 8;
        if ((flags & 0x07) != 0)
        {
            headerLength = 12;
            if (parser.remaining() < headerLength)
            {
                return parser.fail(ParseResult.TRUNCATED);
            }
            int nextExtension = parser.u8(parser.position + 11);
            int extensions = 0;
            while (nextExtension != 0)
            {
                if (++extensions > GTP_MAX_EXTENSION_HEADERS)
                {
                    return parser.fail(ParseResult.UNSUPPORTED_TUNNEL);
                }
                if (parser.remaining() < headerLength + 1)
                {
                    return parser.fail(ParseResult.TRUNCATED);
                }
                final int extensionLength = parser.u8(parser.position + headerLength) * 4;
                if (extensionLength == 0)
                {
                    return parser.fail(ParseResult.UNSUPPORTED_TUNNEL);
                }
                if (parser.remaining() < headerLength + extensionLength)
                {
                    return parser.fail(ParseResult.TRUNCATED);
                }
                nextExtension = parser.u8(parser.position + headerLength + extensionLength - 1);
                headerLength += extensionLength;
            }
        }
        parser.addLayer(Layer.GTP);
        parser.position += headerLength;
        return S_IP;
    }
}
