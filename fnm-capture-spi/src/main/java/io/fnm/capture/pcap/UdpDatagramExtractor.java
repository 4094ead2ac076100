package io.fnm.capture.pcap;

import java.nio.ByteBuffer;

/**
 * Finds the UDP datagram in a captured frame: walks the link layer (Ethernet with any number of 802.1Q/802.1ad
 * tags, MPLS, PPPoE, Linux SLL v1/v2, PPP, BSD null/loopback, raw IP) and IPv4 or IPv6 (with extension headers) to
 * the UDP header. Never throws for any input: a frame that is not an unfragmented UDP datagram, or is too short, gives
 * {@code false}.
 */
public final class UdpDatagramExtractor
{
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int ETHERTYPE_MPLS = 0x8847;
    private static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    private static final int ETHERTYPE_PPPOE = 0x8864;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int PROTOCOL_UDP = 17;
    private static final int MAX_TAGS = 16;

    private UdpDatagramExtractor()
    {
    }

    /**
     * @param linkType one of the {@code PcapFrame.LINKTYPE_*} values.
     * @param frame    the frame from its position to its limit (big-endian reads; position and limit unchanged).
     * @param out      filled when a UDP datagram is found.
     * @return true when {@code out} now describes a UDP datagram.
     */
    public static boolean extract(final int linkType, final ByteBuffer frame, final UdpDatagram out)
    {
        final int start = frame.position();
        final int end = frame.limit();
        switch (linkType)
        {
            case PcapFrame.LINKTYPE_ETHERNET:
                return ethernet(frame, start, end, out);
            case PcapFrame.LINKTYPE_LINUX_SLL:
                return start + 16 <= end && etherPayload(frame, u16(frame, start + 14), start + 16, end, out);
            case PcapFrame.LINKTYPE_LINUX_SLL2:
                return start + 20 <= end && etherPayload(frame, u16(frame, start), start + 20, end, out);
            case PcapFrame.LINKTYPE_RAW:
            case PcapFrame.LINKTYPE_RAW_DLT12:
            case PcapFrame.LINKTYPE_RAW_DLT14:
            case PcapFrame.LINKTYPE_IPV4:
            case PcapFrame.LINKTYPE_IPV6:
                return ip(frame, start, end, out);
            case PcapFrame.LINKTYPE_PPP:
            case PcapFrame.LINKTYPE_PPP_HDLC:
                return ppp(frame, start, end, out);
            case PcapFrame.LINKTYPE_NULL:
            case PcapFrame.LINKTYPE_LOOP:
                return start + 4 <= end && ip(frame, start + 4, end, out);
            default:
                return false;
        }
    }

    private static boolean ethernet(final ByteBuffer frame, final int start, final int end, final UdpDatagram out)
    {
        if (start + 14 > end)
        {
            return false;
        }
        return etherPayload(frame, u16(frame, start + 12), start + 14, end, out);
    }

    private static boolean etherPayload(
        final ByteBuffer frame, final int firstType, final int firstOffset, final int end, final UdpDatagram out)
    {
        int etherType = firstType;
        int offset = firstOffset;
        for (int tags = 0; tags < MAX_TAGS; tags++)
        {
            switch (etherType)
            {
                case ETHERTYPE_IPV4:
                case ETHERTYPE_IPV6:
                    return ip(frame, offset, end, out);
                case ETHERTYPE_VLAN:
                case ETHERTYPE_QINQ:
                case ETHERTYPE_QINQ_OLD:
                    if (offset + 4 > end)
                    {
                        return false;
                    }
                    etherType = u16(frame, offset + 2);
                    offset += 4;
                    break;
                case ETHERTYPE_MPLS:
                case ETHERTYPE_MPLS_MULTICAST:
                    return mpls(frame, offset, end, out);
                case ETHERTYPE_PPPOE:
                    if (offset + 8 > end)
                    {
                        return false;
                    }
                    return pppProtocol(frame, u16(frame, offset + 6), offset + 8, end, out);
                default:
                    return false;
            }
        }
        return false;
    }

    private static boolean mpls(final ByteBuffer frame, final int start, final int end, final UdpDatagram out)
    {
        int offset = start;
        for (int labels = 0; labels < MAX_TAGS; labels++)
        {
            if (offset + 4 > end)
            {
                return false;
            }
            final boolean bottom = (frame.get(offset + 2) & 0x01) != 0;
            offset += 4;
            if (bottom)
            {
                return ip(frame, offset, end, out);
            }
        }
        return false;
    }

    private static boolean ppp(final ByteBuffer frame, final int start, final int end, final UdpDatagram out)
    {
        int offset = start;
        if (offset + 2 <= end && (frame.get(offset) & 0xFF) == 0xFF && (frame.get(offset + 1) & 0xFF) == 0x03)
        {
            offset += 2;
        }
        if (offset + 1 > end)
        {
            return false;
        }
        if ((frame.get(offset) & 0x01) != 0)
        {
            return pppProtocol(frame, frame.get(offset) & 0xFF, offset + 1, end, out);
        }
        if (offset + 2 > end)
        {
            return false;
        }
        return pppProtocol(frame, u16(frame, offset), offset + 2, end, out);
    }

    private static boolean pppProtocol(
        final ByteBuffer frame, final int protocol, final int offset, final int end, final UdpDatagram out)
    {
        return (protocol == PPP_IPV4 || protocol == PPP_IPV6) && ip(frame, offset, end, out);
    }

    private static boolean ip(final ByteBuffer frame, final int offset, final int end, final UdpDatagram out)
    {
        if (offset >= end)
        {
            return false;
        }
        final int version = (frame.get(offset) & 0xF0) >>> 4;
        if (version == 4)
        {
            return ipv4(frame, offset, end, out);
        }
        if (version == 6)
        {
            return ipv6(frame, offset, end, out);
        }
        return false;
    }

    private static boolean ipv4(final ByteBuffer frame, final int offset, final int end, final UdpDatagram out)
    {
        if (offset + 20 > end)
        {
            return false;
        }
        final int headerLength = (frame.get(offset) & 0x0F) * 4;
        final int totalLength = u16(frame, offset + 2);
        final int fragment = u16(frame, offset + 6);
        if (headerLength < 20 || totalLength < headerLength || (fragment & 0x3FFF) != 0)
        {
            return false;
        }
        if ((frame.get(offset + 9) & 0xFF) != PROTOCOL_UDP)
        {
            return false;
        }
        out.ipVersion = 4;
        out.srcIpv4 = frame.getInt(offset + 12);
        out.dstIpv4 = frame.getInt(offset + 16);
        return udp(frame, offset + headerLength, Math.min(end, offset + totalLength), out);
    }

    private static boolean ipv6(final ByteBuffer frame, final int offset, final int end, final UdpDatagram out)
    {
        if (offset + 40 > end)
        {
            return false;
        }
        final int payloadLength = u16(frame, offset + 4);
        int next = frame.get(offset + 6) & 0xFF;
        final int ipEnd = payloadLength == 0 ? end : Math.min(end, offset + 40 + payloadLength);
        int position = offset + 40;
        for (int headers = 0; headers < MAX_TAGS; headers++)
        {
            switch (next)
            {
                case PROTOCOL_UDP:
                    out.ipVersion = 6;
                    out.srcIpv6High = frame.getLong(offset + 8);
                    out.srcIpv6Low = frame.getLong(offset + 16);
                    out.dstIpv6High = frame.getLong(offset + 24);
                    out.dstIpv6Low = frame.getLong(offset + 32);
                    return udp(frame, position, ipEnd, out);
                case 0:
                case 43:
                case 60:
                    if (position + 8 > ipEnd)
                    {
                        return false;
                    }
                    next = frame.get(position) & 0xFF;
                    position += 8 + (frame.get(position + 1) & 0xFF) * 8;
                    break;
                case 44:
                    if (position + 8 > ipEnd || (u16(frame, position + 2) & 0xFFF9) != 0)
                    {
                        return false;
                    }
                    next = frame.get(position) & 0xFF;
                    position += 8;
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    private static boolean udp(final ByteBuffer frame, final int offset, final int end, final UdpDatagram out)
    {
        if (offset + 8 > end)
        {
            return false;
        }
        final int udpLength = u16(frame, offset + 4);
        out.srcPort = u16(frame, offset);
        out.dstPort = u16(frame, offset + 2);
        out.payloadOffset = offset + 8;
        final int available = end - offset - 8;
        final int announced = udpLength >= 8 ? udpLength - 8 : available;
        out.payloadLength = Math.min(available, announced);
        out.truncated = announced > available;
        return true;
    }

    private static int u16(final ByteBuffer frame, final int offset)
    {
        return frame.getShort(offset) & 0xFFFF;
    }
}
