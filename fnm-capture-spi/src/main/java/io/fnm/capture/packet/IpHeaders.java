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
import static io.fnm.capture.packet.PacketHeaderParser.MAX_IPV6_EXTENSION_HEADERS;
import static io.fnm.capture.packet.PacketHeaderParser.MAX_IP_HEADERS;
import static io.fnm.capture.packet.PacketHeaderParser.STOP;
import static io.fnm.capture.packet.PacketHeaderParser.V6_FIELDS;

/**
 * The IP header leaves of {@link PacketHeaderParser}'s state machine: each reads and records one header (IPv4, the
 * fixed IPv6 header, the IPv6 extension headers: hop-by-hop, routing with SRv6, destination options, fragment and
 * AH, up to {@value PacketHeaderParser#MAX_IPV6_EXTENSION_HEADERS}) into the header's slot of the parser's fields,
 * moves the parser's position past it and returns the next protocol, or {@code STOP} when the walk ends there. They
 * dispatch nothing, so the parser's hot chain never loops back through them.
 */
final class IpHeaders
{
    private static final int PROTO_HOP_BY_HOP = 0;
    private static final int PROTO_ROUTING = 43;
    private static final int PROTO_FRAGMENT = 44;
    private static final int PROTO_AH = 51;
    private static final int PROTO_DESTINATION_OPTIONS = 60;

    private IpHeaders()
    {
    }

    /*
     * Leaf: the IPv4 header at position into slot. Returns its protocol with position at the payload, or
     * STOP when the walk ends here (a failure, or a non-first fragment, which is counted).
     * The fixed 20 bytes are read as two longs and an int: bytes 0-7 (version/IHL, TOS, total length, id,
     * flags/fragment offset), 8-15 (TTL, protocol, checksum, source), 16-19 (destination).
     */
    static int ipv4Header(final PacketHeaderParser parser, final int slot)
    {
        if (slot == MAX_IP_HEADERS)
        {
            return parser.failHeader(ParseResult.TOO_MANY_TUNNELS);
        }
        final int at = parser.position;
        final int available = parser.end - at;
        if (available < 20)
        {
            return parser.failHeader(ParseResult.TRUNCATED);
        }
        final long first = parser.s64(at);
        final int versionAndLength = (int)(first >>> 56) & 0xFF;
        if ((versionAndLength >>> 4) != 4)
        {
            return parser.failHeader(ParseResult.BAD_IP_VERSION);
        }
        final int headerLength = (versionAndLength & 0x0F) * 4;
        if (headerLength < 20 || headerLength > available)
        {
            return parser.failHeader(ParseResult.BAD_IP_HEADER_LENGTH);
        }
        final long second = parser.s64(at + 8);
        final int fragmentOffset = (int)first & 0x1FFF;
        final int protocol = (int)(second >>> 48) & 0xFF;
        final int base = slot * FIELDS;
        final int[] fields = parser.ipFields;
        fields[base + F_VERSION] = 4;
        fields[base + F_HEADER_PROTOCOL] = protocol;
        fields[base + F_PROTOCOL] = protocol;
        fields[base + F_LENGTH] = (int)(first >>> 32) & 0xFFFF;
        fields[base + F_TTL] = (int)(second >>> 56) & 0xFF;
        fields[base + F_FRAGMENT] = ((int)first & 0x3FFF) != 0 ? 1 : 0;
        fields[base + F_SOURCE] = (int)second;
        fields[base + F_DESTINATION] = parser.s32(at + 16);
        clearTransport(fields, base);
        parser.addLayer(Layer.IPV4);
        // Without options the next offset is a constant behind a predicted branch, not a value computed from the
        // byte just loaded: the next header's loads need not wait for this one (the same in gre).
        parser.position = versionAndLength == 0x45 ? at + 20 : at + headerLength;
        if (fragmentOffset != 0)
        {
            parser.ipCount = slot + 1;
            return STOP;
        }
        return protocol;
    }

    /*
     * Leaf: the fixed IPv6 header at position into slot. Returns its next header (maybe an extension header) with
     * position after it, or STOP on a failure.
     * The fixed 40 bytes are read as five longs: version/class/flow, payload length, next header, hop limit; then
     * the two addresses.
     */
    static int ipv6Header(final PacketHeaderParser parser, final int slot)
    {
        if (slot == MAX_IP_HEADERS)
        {
            return parser.failHeader(ParseResult.TOO_MANY_TUNNELS);
        }
        final int at = parser.position;
        if (parser.end - at < 40)
        {
            return parser.failHeader(ParseResult.TRUNCATED);
        }
        final long first = parser.s64(at);
        if ((int)(first >>> 60) != 6)
        {
            return parser.failHeader(ParseResult.BAD_IP_VERSION);
        }
        final int nextHeader = (int)(first >>> 8) & 0xFF;
        final int base = slot * FIELDS;
        final int[] fields = parser.ipFields;
        fields[base + F_VERSION] = 6;
        fields[base + F_HEADER_PROTOCOL] = nextHeader;
        fields[base + F_PROTOCOL] = nextHeader;
        fields[base + F_LENGTH] = 40 + ((int)(first >>> 16) & 0xFFFF);
        fields[base + F_TTL] = (int)first & 0xFF;
        fields[base + F_FRAGMENT] = 0;
        fields[base + F_SOURCE] = 0;
        fields[base + F_DESTINATION] = 0;
        clearTransport(fields, base);
        final int addresses = slot * V6_FIELDS;
        final long[] v6 = parser.ipv6Addresses;
        v6[addresses] = parser.s64(at + 8);
        v6[addresses + 1] = parser.s64(at + 16);
        v6[addresses + 2] = parser.s64(at + 24);
        v6[addresses + 3] = parser.s64(at + 32);
        parser.addLayer(Layer.IPV6);
        parser.position = at + 40;
        return nextHeader;
    }

    private static void clearTransport(final int[] fields, final int base)
    {
        fields[base + F_L4_KIND] = ParsedHeaders.L4_NONE;
        fields[base + F_SOURCE_PORT] = 0;
        fields[base + F_DESTINATION_PORT] = 0;
        fields[base + F_TCP_FLAGS] = 0;
        fields[base + F_ICMP_TYPE] = 0;
        fields[base + F_ICMP_CODE] = 0;
    }

    static boolean isIpv6Extension(final int nextHeader)
    {
        return nextHeader == PROTO_HOP_BY_HOP || nextHeader == PROTO_ROUTING || nextHeader == PROTO_FRAGMENT ||
            nextHeader == PROTO_DESTINATION_OPTIONS || nextHeader == PROTO_AH;
    }

    /*
     * Leaf: the extension headers of the IPv6 header in slot. Returns the upper-layer protocol with position at
     * it, or STOP when the walk ends here (a failure, or a non-first fragment, which is counted).
     */
    static int ipv6Extensions(final PacketHeaderParser parser, final int slot, final int firstHeader)
    {
        final int base = slot * FIELDS;
        int nextHeader = firstHeader;
        for (int extensions = 0; ; extensions++)
        {
            final int headerLength;
            switch (nextHeader)
            {
                case PROTO_HOP_BY_HOP:
                case PROTO_ROUTING:
                case PROTO_DESTINATION_OPTIONS:
                    if (parser.remaining() < 2)
                    {
                        return parser.failHeader(ParseResult.TRUNCATED);
                    }
                    headerLength = (parser.u8(parser.position + 1) + 1) * 8;
                    break;
                case PROTO_AH:
                    if (parser.remaining() < 2)
                    {
                        return parser.failHeader(ParseResult.TRUNCATED);
                    }
                    headerLength = (parser.u8(parser.position + 1) + 2) * 4;
                    break;
                case PROTO_FRAGMENT:
                    headerLength = 8;
                    break;
                default:
                    parser.ipFields[base + F_PROTOCOL] = nextHeader;
                    return nextHeader;
            }
            if (extensions == MAX_IPV6_EXTENSION_HEADERS)
            {
                return parser.failHeader(ParseResult.TOO_MANY_EXTENSION_HEADERS);
            }
            if (parser.remaining() < headerLength)
            {
                return parser.failHeader(ParseResult.TRUNCATED);
            }
            final int following = parser.u8(parser.position);
            parser.addLayer(Layer.IPV6_EXTENSION);
            if (nextHeader == PROTO_FRAGMENT)
            {
                parser.ipFields[base + F_FRAGMENT] = 1;
                final int fragmentOffset = parser.u16(parser.position + 2) >>> 3;
                parser.position += headerLength;
                if (fragmentOffset != 0)
                {
                    parser.ipFields[base + F_PROTOCOL] = following;
                    parser.ipCount = slot + 1;
                    return STOP;
                }
            }
            else
            {
                parser.position += headerLength;
            }
            nextHeader = following;
        }
    }
}
