package io.fnm.capture.netflow.internal;

import io.fnm.capture.TrafficRecord;

import java.nio.ByteBuffer;

/**
 * A minimal {@link PacketSectionParser} used until the shared {@code io.fnm.capture.packet.PacketHeaderParser} is
 * wired in: Ethernet with 802.1Q/802.1ad tags, MPLS (with an Ethernet-over-MPLS control word), then the
 * <b>outermost</b> IPv4 or IPv6 header and its TCP/UDP ports, TCP flags or ICMP type/code. Allocation-free; every
 * read is bounds-checked against the section's length.
 */
public final class EthernetSectionParser implements PacketSectionParser
{
    private static final int MAX_TAGS = 8;

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean parse(final ByteBuffer buffer, final int offset, final int length, final TrafficRecord into)
    {
        final int end = offset + length;
        if (length < 14)
        {
            return false;
        }
        int etherType = buffer.getShort(offset + 12) & 0xFFFF;
        int position = offset + 14;
        int outerVlan = TrafficRecord.NO_VLAN;
        int innerVlan = TrafficRecord.NO_VLAN;
        for (int i = 0; i < MAX_TAGS; i++)
        {
            if (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100)
            {
                if (end - position < 4)
                {
                    return false;
                }
                final int vlan = buffer.getShort(position) & 0x0FFF;
                if (outerVlan == TrafficRecord.NO_VLAN)
                {
                    outerVlan = vlan;
                }
                else if (innerVlan == TrafficRecord.NO_VLAN)
                {
                    innerVlan = vlan;
                }
                etherType = buffer.getShort(position + 2) & 0xFFFF;
                position += 4;
            }
            else if (etherType == 0x8847 || etherType == 0x8848)
            {
                return mpls(buffer, position, end, into);
            }
            else
            {
                break;
            }
        }
        if (etherType != 0x0800 && etherType != 0x86DD)
        {
            return false;
        }
        if (!ip(buffer, position, end, into))
        {
            return false;
        }
        if (outerVlan != TrafficRecord.NO_VLAN)
        {
            into.vlans(outerVlan, innerVlan);
        }
        return true;
    }

    private boolean mpls(final ByteBuffer buffer, final int start, final int end, final TrafficRecord into)
    {
        int position = start;
        for (int i = 0; i < MAX_TAGS; i++)
        {
            if (end - position < 4)
            {
                return false;
            }
            final boolean bottom = (buffer.get(position + 2) & 0x01) != 0;
            position += 4;
            if (bottom)
            {
                if (position >= end)
                {
                    return false;
                }
                final int nibble = (buffer.get(position) & 0xF0) >>> 4;
                if (nibble == 4 || nibble == 6)
                {
                    return ip(buffer, position, end, into);
                }
                if (nibble == 0 && end - position >= 4)
                {
                    // pseudowire control word, then an Ethernet frame
                    return parse(buffer, position + 4, end - position - 4, into);
                }
                return false;
            }
        }
        return false;
    }

    private static boolean ip(final ByteBuffer buffer, final int offset, final int end, final TrafficRecord into)
    {
        if (end - offset < 1)
        {
            return false;
        }
        final int version = (buffer.get(offset) & 0xF0) >>> 4;
        final int protocol;
        final int l4;
        if (version == 4)
        {
            if (end - offset < 20)
            {
                return false;
            }
            final int headerLength = (buffer.get(offset) & 0x0F) * 4;
            if (headerLength < 20)
            {
                return false;
            }
            final int fragment = buffer.getShort(offset + 6) & 0xFFFF;
            protocol = buffer.get(offset + 9) & 0xFF;
            into.ipv4(buffer.getInt(offset + 12), buffer.getInt(offset + 16))
                .ipLength(buffer.getShort(offset + 2) & 0xFFFF)
                .ttl(buffer.get(offset + 8) & 0xFF)
                .fragmented((fragment & 0x3FFF) != 0);
            if ((fragment & 0x1FFF) != 0)
            {
                into.protocol(protocol).ports(0, 0);
                return true;
            }
            l4 = offset + headerLength;
        }
        else if (version == 6)
        {
            if (end - offset < 40)
            {
                return false;
            }
            protocol = buffer.get(offset + 6) & 0xFF;
            into.ipv6(
                buffer.getLong(offset + 8), buffer.getLong(offset + 16),
                buffer.getLong(offset + 24), buffer.getLong(offset + 32))
                .ipLength(40 + (buffer.getShort(offset + 4) & 0xFFFF))
                .ttl(buffer.get(offset + 7) & 0xFF);
            l4 = offset + 40;
        }
        else
        {
            return false;
        }
        into.protocol(protocol).ports(0, 0).tcpFlags(0);
        if ((protocol == TrafficRecord.PROTOCOL_TCP || protocol == TrafficRecord.PROTOCOL_UDP) && end - l4 >= 4)
        {
            into.ports(buffer.getShort(l4) & 0xFFFF, buffer.getShort(l4 + 2) & 0xFFFF);
            if (protocol == TrafficRecord.PROTOCOL_TCP && end - l4 >= 14)
            {
                into.tcpFlags(buffer.get(l4 + 13) & 0xFF);
            }
        }
        else if ((protocol == TrafficRecord.PROTOCOL_ICMP || protocol == TrafficRecord.PROTOCOL_ICMPV6) &&
            end - l4 >= 2)
        {
            into.icmp(buffer.get(l4) & 0xFF, buffer.get(l4 + 1) & 0xFF);
        }
        return true;
    }
}
