package io.fnm.core;

import io.fnm.capture.IpAddresses;

/**
 * An immutable IPv4 or IPv6 prefix ({@code 10.0.0.0/8}, {@code 2001:db8::/32}).
 * <p>
 * The address is always the network address: host bits are cleared on construction, and {@link #wasNormalised()}
 * tells whether the text or value given had host bits set (FastNetMon normalises {@code networks_list} entries the
 * same way, with a warning). IPv4 addresses are {@code int}s in network order, IPv6 addresses a high and a low
 * {@code long}, the same primitive forms {@link io.fnm.capture.TrafficRecord} uses, so containment checks allocate
 * nothing. {@link #equals(Object)} ignores {@link #wasNormalised()}.
 */
public final class IpPrefix
{
    private final boolean ipv4;
    private final int length;
    private final long high;
    private final long low;
    private final boolean normalised;

    private IpPrefix(final boolean ipv4, final int length, final long high, final long low, final boolean normalised)
    {
        this.ipv4 = ipv4;
        this.length = length;
        this.high = high;
        this.low = low;
        this.normalised = normalised;
    }

    /**
     * Parse CIDR text. The mask is required: a bare address is rejected (as FastNetMon does for IPv4).
     *
     * @param cidr {@code a.b.c.d/n} (n in 0..32) or an IPv6 literal {@code /n} (n in 0..128), surrounding
     *             whitespace allowed.
     * @return the prefix, with host bits cleared.
     * @throws IllegalArgumentException when the text is not a prefix; the message says why.
     */
    public static IpPrefix parse(final String cidr)
    {
        if (cidr == null)
        {
            throw new IllegalArgumentException("prefix is null");
        }
        final String text = cidr.trim();
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("'" + text + "' has no prefix length; write it as address/length, " +
                "e.g. 192.0.2.0/24 or 192.0.2.1/32");
        }
        if (text.indexOf('/', slash + 1) >= 0)
        {
            throw new IllegalArgumentException("'" + text + "' is not a prefix");
        }
        final String address = text.substring(0, slash);
        final String lengthText = text.substring(slash + 1);
        final boolean isIpv6 = address.indexOf(':') >= 0;
        final int maxLength = isIpv6 ? 128 : 32;
        final int prefixLength = parseLength(text, lengthText, maxLength);
        try
        {
            if (isIpv6)
            {
                final long[] words = IpAddresses.parseIpv6(address);
                return ofIpv6(words[0], words[1], prefixLength);
            }
            return ofIpv4(IpAddresses.parseIpv4(address), prefixLength);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: '" + address +
                "' is not an IP" + (isIpv6 ? "v6" : "v4") + " address", ex);
        }
    }

    /**
     * @param address IPv4 address in network order; host bits are cleared.
     * @param length  prefix length, 0..32.
     * @return the prefix.
     * @throws IllegalArgumentException when the length is out of range.
     */
    public static IpPrefix ofIpv4(final int address, final int length)
    {
        if (length < 0 || length > 32)
        {
            throw new IllegalArgumentException("IPv4 prefix length " + length + " is out of range [0, 32]");
        }
        final int network = address & ipv4Mask(length);
        return new IpPrefix(true, length, 0, network & 0xFFFF_FFFFL, network != address);
    }

    /**
     * @param high   high 64 bits of the IPv6 address.
     * @param low    low 64 bits; host bits are cleared.
     * @param length prefix length, 0..128.
     * @return the prefix.
     * @throws IllegalArgumentException when the length is out of range.
     */
    public static IpPrefix ofIpv6(final long high, final long low, final int length)
    {
        if (length < 0 || length > 128)
        {
            throw new IllegalArgumentException("IPv6 prefix length " + length + " is out of range [0, 128]");
        }
        final long networkHigh = high & highMask(length);
        final long networkLow = low & lowMask(length);
        return new IpPrefix(false, length, networkHigh, networkLow, networkHigh != high || networkLow != low);
    }

    /**
     * @return true for an IPv4 prefix, false for IPv6.
     */
    public boolean isIpv4()
    {
        return ipv4;
    }

    /**
     * @return the prefix length in bits.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return the IPv4 network address in network order (0 for an IPv6 prefix).
     */
    public int ipv4()
    {
        return ipv4 ? (int)low : 0;
    }

    /**
     * @return the high 64 bits of the IPv6 network address (0 for an IPv4 prefix).
     */
    public long ipv6High()
    {
        return ipv4 ? 0 : high;
    }

    /**
     * @return the low 64 bits of the IPv6 network address (0 for an IPv4 prefix).
     */
    public long ipv6Low()
    {
        return ipv4 ? 0 : low;
    }

    /**
     * @return true when the address given to the factory had host bits set, which were cleared.
     */
    public boolean wasNormalised()
    {
        return normalised;
    }

    /**
     * @param address IPv4 address in network order.
     * @return true when this is an IPv4 prefix containing the address.
     */
    public boolean containsIpv4(final int address)
    {
        return ipv4 && (address & ipv4Mask(length)) == (int)low;
    }

    /**
     * @param addressHigh high 64 bits of an IPv6 address.
     * @param addressLow  low 64 bits.
     * @return true when this is an IPv6 prefix containing the address.
     */
    public boolean containsIpv6(final long addressHigh, final long addressLow)
    {
        return !ipv4 && (addressHigh & highMask(length)) == high && (addressLow & lowMask(length)) == low;
    }

    /**
     * @param other another prefix.
     * @return true when every address of {@code other} is in this prefix (same IP version, this length &lt;=
     *         other's, same network bits); a prefix contains itself.
     */
    public boolean contains(final IpPrefix other)
    {
        if (other.ipv4 != ipv4 || other.length < length)
        {
            return false;
        }
        return ipv4 ? containsIpv4((int)other.low) : containsIpv6(other.high, other.low);
    }

    /**
     * @param other another prefix.
     * @return true when the two prefixes share at least one address.
     */
    public boolean overlaps(final IpPrefix other)
    {
        return contains(other) || other.contains(this);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof IpPrefix))
        {
            return false;
        }
        final IpPrefix that = (IpPrefix)o;
        return ipv4 == that.ipv4 && length == that.length && high == that.high && low == that.low;
    }

    @Override
    public int hashCode()
    {
        int h = Boolean.hashCode(ipv4);
        h = 31 * h + length;
        h = 31 * h + Long.hashCode(high);
        return 31 * h + Long.hashCode(low);
    }

    /**
     * @return canonical text: {@code 10.0.0.0/8}, or RFC 5952 {@code 2001:db8::/32}.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(ipv4 ? 18 : 43);
        if (ipv4)
        {
            IpAddresses.appendIpv4(sb, (int)low);
        }
        else
        {
            IpAddresses.appendIpv6(sb, high, low);
        }
        return sb.append('/').append(length).toString();
    }

    private static int parseLength(final String text, final String lengthText, final int maxLength)
    {
        if (lengthText.isEmpty() || lengthText.length() > 3)
        {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length '" + lengthText + "'");
        }
        int value = 0;
        for (int i = 0; i < lengthText.length(); i++)
        {
            final char c = lengthText.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length '" + lengthText +
                    "'");
            }
            value = value * 10 + (c - '0');
        }
        if (value > maxLength)
        {
            throw new IllegalArgumentException("'" + text + "' has prefix length " + value + ", more than " +
                maxLength);
        }
        return value;
    }

    private static int ipv4Mask(final int length)
    {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    private static long highMask(final int length)
    {
        if (length >= 64)
        {
            return -1L;
        }
        return length == 0 ? 0L : -1L << (64 - length);
    }

    private static long lowMask(final int length)
    {
        if (length <= 64)
        {
            return 0L;
        }
        return length == 128 ? -1L : -1L << (128 - length);
    }
}
