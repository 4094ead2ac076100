package io.fnm.capture.packet;

import static io.fnm.capture.packet.PacketHeaderParser.ETHERTYPE_CISCO_METADATA;
import static io.fnm.capture.packet.PacketHeaderParser.S_ETHERNET;
import static io.fnm.capture.packet.PacketHeaderParser.S_IP;
import static io.fnm.capture.packet.PacketHeaderParser.S_IPV4;
import static io.fnm.capture.packet.PacketHeaderParser.S_IPV6;
import static io.fnm.capture.packet.PacketHeaderParser.S_MPLS;
import static io.fnm.capture.packet.PacketHeaderParser.S_PPP;

/**
 * The rare link layers of {@link PacketHeaderParser}, out of its hot chain: EtherTypes other than VLAN tags, IPv4,
 * IPv6 and MPLS (Cisco metadata, Arista timestamp, PPPoE session, ARP), PPP, the pseudowire control word and an IP
 * header told by its first nibble.
 * <p>
 * Each method is one step of the parser's state machine, as in {@link TunnelDecoder}.
 */
final class LinkDecoder
{
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int ETHERTYPE_ARISTA = 0xD28B;
    private static final int ETHERTYPE_MIN = 0x0600;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int PPP_MPLS_UNICAST = 0x0281;
    private static final int PPP_MPLS_MULTICAST = 0x0283;

    private LinkDecoder()
    {
    }

    /*
     * The state a frame of this link type starts in.
     */
    static int initialState(final LinkType linkType)
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

    static int rareEtherType(final PacketHeaderParser parser, final int type)
    {
        switch (type)
        {
            case ETHERTYPE_PPPOE_SESSION:
                return pppoe(parser);
            case ETHERTYPE_ARISTA:
                return aristaTimestamp(parser);
            case ETHERTYPE_CISCO_METADATA:
                // Cisco TrustSec metadata: version(1) length(1) option type(2) SGT(2), then the next EtherType.
                if (parser.remaining() < 8)
                {
                    return parser.fail(ParseResult.TRUNCATED);
                }
                parser.addLayer(Layer.CISCO_METADATA);
                final int next = parser.u16(parser.position + 6);
                parser.position += 8;
                return parser.etherType(next);
            case ETHERTYPE_ARP:
            case ETHERTYPE_PPPOE_DISCOVERY:
                return parser.fail(ParseResult.NOT_IP);
            default:
                return parser.fail(type < ETHERTYPE_MIN ? ParseResult.NOT_IP : ParseResult.UNKNOWN_ETHERTYPE);
        }
    }

    /*
     * Arista timestamp header: EtherType 0xD28B, sub-type 0x0001, version 0x0010 (64-bit timestamp) or 0x0020
     * (48-bit timestamp), optionally with bit 0x0100, then the next EtherType. Other versions are unknown.
     */
    private static int aristaTimestamp(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 4)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int subType = parser.u16(parser.position);
        final int version = parser.u16(parser.position + 2);
        // Low byte: 0x10 a 64-bit timestamp, 0x20 a 48-bit one; 0x0100 is a flag; anything else is unknown.
        final int format = version & 0xFEFF;
        final int timestampLength = format == 0x0010 ? 8 : format == 0x0020 ? 6 : -1;
        if (subType != 0x0001 || timestampLength < 0)
        {
            return parser.fail(ParseResult.UNKNOWN_ETHERTYPE);
        }
        final int headerLength = 4 + timestampLength + 2;
        if (parser.remaining() < headerLength)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.ARISTA_TIMESTAMP);
        final int next = parser.u16(parser.position + headerLength - 2);
        parser.position += headerLength;
        return parser.etherType(next);
    }

    /*
     * PPPoE session (RFC 2516): ver/type 0x11, code 0x00, session id, length; then a 2-byte PPP protocol.
     */
    private static int pppoe(final PacketHeaderParser parser)
    {
        if (!parser.unpackPpp)
        {
            return parser.fail(ParseResult.ENCAPSULATION_DISABLED);
        }
        if (parser.remaining() < 8)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        if (parser.u8(parser.position) != 0x11)
        {
            return parser.fail(ParseResult.NOT_IP);
        }
        parser.addLayer(Layer.PPPOE);
        parser.position += 6;
        return S_PPP;
    }

    /*
     * PPP (RFC 1661): optional HDLC address/control 0xFF 0x03, protocol in 1 byte when its low bit is set
     * (protocol field compression), else 2 bytes.
     */
    static int ppp(final PacketHeaderParser parser)
    {
        if (parser.remaining() >= 2 && parser.u8(parser.position) == 0xFF && parser.u8(parser.position + 1) == 0x03)
        {
            parser.position += 2;
        }
        if (parser.remaining() < 1)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int protocol;
        if ((parser.u8(parser.position) & 1) != 0)
        {
            protocol = parser.u8(parser.position);
            parser.position += 1;
        }
        else
        {
            if (parser.remaining() < 2)
            {
                return parser.fail(ParseResult.TRUNCATED);
            }
            protocol = parser.u16(parser.position);
            parser.position += 2;
        }
        parser.addLayer(Layer.PPP);
        switch (protocol)
        {
            case PPP_IPV4:
                return S_IPV4;
            case PPP_IPV6:
                return S_IPV6;
            case PPP_MPLS_UNICAST:
            case PPP_MPLS_MULTICAST:
                return parser.parseMpls ? S_MPLS : parser.fail(ParseResult.ENCAPSULATION_DISABLED);
            default:
                return parser.fail(ParseResult.NOT_IP);
        }
    }

    static int pseudowireControlWord(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 4)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        parser.addLayer(Layer.PW_CONTROL_WORD);
        parser.position += 4;
        return S_ETHERNET;
    }

    static int ipByNibble(final PacketHeaderParser parser)
    {
        if (parser.remaining() < 1)
        {
            return parser.fail(ParseResult.TRUNCATED);
        }
        final int version = parser.u8(parser.position) >>> 4;
        if (version == 4)
        {
            return S_IPV4;
        }
        if (version == 6)
        {
            return S_IPV6;
        }
        return parser.fail(ParseResult.BAD_IP_VERSION);
    }
}
