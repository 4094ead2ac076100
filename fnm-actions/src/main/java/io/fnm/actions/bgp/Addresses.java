package io.fnm.actions.bgp;

import io.fnm.capture.IpAddresses;

/**
 * Address text as logs and rules show it: dotted quad, or RFC 5952 for IPv6 ({@code 2001:db8::7}, which
 * {@link java.net.InetAddress#getHostAddress()} does not give).
 */
final class Addresses
{
    private Addresses()
    {
    }

    /**
     * @param b 4 or 16 address bytes.
     * @return the text.
     */
    static String text(final byte[] b)
    {
        if (b.length == 4)
        {
            return IpAddresses.ipv4ToString(
                ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++)
        {
            high = (high << 8) | (b[i] & 0xFFL);
            low = (low << 8) | (b[8 + i] & 0xFFL);
        }
        return IpAddresses.ipv6ToString(high, low);
    }
}
