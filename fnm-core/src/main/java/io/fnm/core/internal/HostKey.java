package io.fnm.core.internal;

import io.fnm.capture.IpAddresses;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A host's identity as the host tables key it: the version and the address as two longs (an IPv4 address unsigned
 * in {@code low}).
 *
 * @param ipv6 true for an IPv6 host.
 * @param high high 64 bits (0 for IPv4).
 * @param low  low 64 bits.
 */
record HostKey(boolean ipv6, long high, long low)
{
    static HostKey of(final InetAddress address)
    {
        if (address instanceof Inet4Address)
        {
            return new HostKey(false, 0, IpAddresses.toInt((Inet4Address)address) & 0xFFFFFFFFL);
        }
        final long[] longs = IpAddresses.toLongs((Inet6Address)address);
        return new HostKey(true, longs[0], longs[1]);
    }

    InetAddress address()
    {
        return ipv6 ? IpAddresses.toInetAddress(high, low) : IpAddresses.toInetAddress((int)low);
    }

    String text()
    {
        return ipv6 ? IpAddresses.ipv6ToString(high, low) : IpAddresses.ipv4ToString((int)low);
    }
}
