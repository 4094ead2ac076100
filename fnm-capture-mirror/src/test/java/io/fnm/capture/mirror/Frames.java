package io.fnm.capture.mirror;

import java.io.ByteArrayOutputStream;

/**
 * Builds Ethernet frames for the tests: optional 802.1Q / 802.1ad tags, IPv4 or IPv6, TCP, UDP or ICMP, and
 * fragments. Checksums are left at zero (nothing here checks them).
 */
final class Frames
{
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int[] tags = new int[0];
    private int[] tagTypes = new int[0];
    private byte[] src4;
    private byte[] dst4;
    private byte[] src6;
    private byte[] dst6;
    private int protocol = UDP;
    private int srcPort = 1234;
    private int dstPort = 80;
    private int tcpFlags;
    private int payload = 18;
    private boolean moreFragments;
    private int fragmentOffset;
    private int icmpType = 8;

    static Frames ipv4(final String src, final String dst)
    {
        final Frames f = new Frames();
        f.src4 = addr4(src);
        f.dst4 = addr4(dst);
        return f;
    }

    static Frames ipv6(final String src, final String dst)
    {
        final Frames f = new Frames();
        f.src6 = addr6(src);
        f.dst6 = addr6(dst);
        return f;
    }

    Frames vlan(final int id)
    {
        return tag(0x8100, id);
    }

    Frames qinq(final int outer, final int inner)
    {
        return tag(0x88A8, outer).tag(0x8100, inner);
    }

    private Frames tag(final int type, final int id)
    {
        tags = java.util.Arrays.copyOf(tags, tags.length + 1);
        tagTypes = java.util.Arrays.copyOf(tagTypes, tagTypes.length + 1);
        tags[tags.length - 1] = id;
        tagTypes[tagTypes.length - 1] = type;
        return this;
    }

    Frames tcp(final int sport, final int dport, final int flags)
    {
        protocol = TCP;
        srcPort = sport;
        dstPort = dport;
        tcpFlags = flags;
        return this;
    }

    Frames udp(final int sport, final int dport)
    {
        protocol = UDP;
        srcPort = sport;
        dstPort = dport;
        return this;
    }

    Frames icmp(final int type)
    {
        protocol = src6 != null ? ICMPV6 : ICMP;
        icmpType = type;
        return this;
    }

    Frames payload(final int bytes)
    {
        payload = bytes;
        return this;
    }

    Frames fragment(final boolean more, final int offsetUnits)
    {
        moreFragments = more;
        fragmentOffset = offsetUnits;
        return this;
    }

    byte[] build()
    {
        out.reset();
        write(new byte[] {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01});
        for (int i = 0; i < tags.length; i++)
        {
            u16(tagTypes[i]);
            u16(tags[i] & 0x0FFF);
        }
        final byte[] l4 = l4();
        final boolean fragmentHeader = src6 != null && (moreFragments || fragmentOffset != 0);
        if (src4 != null)
        {
            u16(0x0800);
            out.write(0x45);
            out.write(0);
            u16(20 + l4.length);
            u16(0x1234);
            u16((moreFragments ? 0x2000 : 0) | (fragmentOffset & 0x1FFF));
            out.write(64);
            out.write(protocol);
            u16(0);
            write(src4);
            write(dst4);
        }
        else
        {
            u16(0x86DD);
            write(new byte[] {0x60, 0, 0, 0});
            u16(l4.length + (fragmentHeader ? 8 : 0));
            out.write(fragmentHeader ? 44 : protocol);
            out.write(64);
            write(src6);
            write(dst6);
            if (fragmentHeader)
            {
                out.write(protocol);
                out.write(0);
                u16((fragmentOffset << 3) | (moreFragments ? 1 : 0));
                write(new byte[] {0, 0, 0x12, 0x34});
            }
        }
        write(l4);
        return out.toByteArray();
    }

    private byte[] l4()
    {
        final ByteArrayOutputStream l4 = new ByteArrayOutputStream();
        if (fragmentOffset != 0)
        {
            l4.writeBytes(new byte[payload]);
            return l4.toByteArray();
        }
        if (protocol == TCP)
        {
            l4.writeBytes(new byte[] {(byte)(srcPort >> 8), (byte)srcPort, (byte)(dstPort >> 8), (byte)dstPort,
                0, 0, 0, 1, 0, 0, 0, 0, 0x50, (byte)tcpFlags, (byte)0xFF, (byte)0xFF, 0, 0, 0, 0});
        }
        else if (protocol == UDP)
        {
            final int length = 8 + payload;
            l4.writeBytes(new byte[] {(byte)(srcPort >> 8), (byte)srcPort, (byte)(dstPort >> 8), (byte)dstPort,
                (byte)(length >> 8), (byte)length, 0, 0});
        }
        else
        {
            l4.writeBytes(new byte[] {(byte)icmpType, 0, 0, 0, 0, 1, 0, 1});
        }
        l4.writeBytes(new byte[payload]);
        return l4.toByteArray();
    }

    private void u16(final int value)
    {
        out.write(value >> 8);
        out.write(value);
    }

    private void write(final byte[] bytes)
    {
        out.writeBytes(bytes);
    }

    static byte[] addr4(final String text)
    {
        final String[] parts = text.split("\\.");
        final byte[] b = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            b[i] = (byte)Integer.parseInt(parts[i]);
        }
        return b;
    }

    static byte[] addr6(final String text)
    {
        try
        {
            return java.net.InetAddress.getByName(text).getAddress();
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException(text, ex);
        }
    }
}
