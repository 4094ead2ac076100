package io.fnm.capture;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Conversions between the primitive address form of {@link TrafficRecord} and text or {@link InetAddress}.
 * <p>
 * IPv4 addresses are {@code int}s in network order; IPv6 addresses are a high and a low {@code long}. Text output
 * follows RFC 5952 for IPv6 (lower case, longest zero run compressed). Parsing accepts literals only and never
 * resolves names.
 */
public final class IpAddresses
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddresses()
    {
    }

    /**
     * @param address IPv4 address in network order.
     * @return dotted quad text.
     */
    public static String ipv4ToString(final int address)
    {
        return appendIpv4(new StringBuilder(15), address).toString();
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return RFC 5952 text.
     */
    public static String ipv6ToString(final long high, final long low)
    {
        return appendIpv6(new StringBuilder(39), high, low).toString();
    }

    /**
     * @param sb      where to append.
     * @param address IPv4 address in network order.
     * @return sb.
     */
    public static StringBuilder appendIpv4(final StringBuilder sb, final int address)
    {
        return sb.append((address >>> 24) & 0xFF).append('.')
            .append((address >>> 16) & 0xFF).append('.')
            .append((address >>> 8) & 0xFF).append('.')
            .append(address & 0xFF);
    }

    /**
     * Append an IPv6 address in RFC 5952 form.
     *
     * @param sb   where to append.
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return sb.
     */
    public static StringBuilder appendIpv6(final StringBuilder sb, final long high, final long low)
    {
        int bestStart = -1;
        int bestLength = 0;
        int runStart = -1;
        for (int i = 0; i < 8; i++)
        {
            if (group(high, low, i) == 0)
            {
                if (runStart < 0)
                {
                    runStart = i;
                }
                final int length = i - runStart + 1;
                if (length > bestLength)
                {
                    bestLength = length;
                    bestStart = runStart;
                }
            }
            else
            {
                runStart = -1;
            }
        }
        if (bestLength < 2)
        {
            bestStart = -1;
        }
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength)
            {
                sb.append(':');
            }
            appendHexGroup(sb, group(high, low, i));
        }
        return sb;
    }

    /**
     * Append the source address of a record.
     *
     * @param sb     where to append.
     * @param record the record.
     * @return sb.
     */
    public static StringBuilder appendSource(final StringBuilder sb, final TrafficRecord record)
    {
        if (record.ipVersion() == TrafficRecord.IPV6)
        {
            return appendIpv6(sb, record.srcIpv6High(), record.srcIpv6Low());
        }
        return appendIpv4(sb, record.srcIpv4());
    }

    /**
     * Append the destination address of a record.
     *
     * @param sb     where to append.
     * @param record the record.
     * @return sb.
     */
    public static StringBuilder appendDestination(final StringBuilder sb, final TrafficRecord record)
    {
        if (record.ipVersion() == TrafficRecord.IPV6)
        {
            return appendIpv6(sb, record.dstIpv6High(), record.dstIpv6Low());
        }
        return appendIpv4(sb, record.dstIpv4());
    }

    /**
     * Parse a dotted-quad IPv4 literal.
     *
     * @param text the literal, e.g. {@code 192.0.2.1}.
     * @return the address in network order.
     * @throws IllegalArgumentException when the text is not an IPv4 literal.
     */
    public static int parseIpv4(final String text)
    {
        final int length = text.length();
        int value = 0;
        int octets = 0;
        int octet = -1;
        for (int i = 0; i <= length; i++)
        {
            final char c = i < length ? text.charAt(i) : '.';
            if (c == '.')
            {
                if (octet < 0 || octets == 4)
                {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
                value = (value << 8) | octet;
                octets++;
                octet = -1;
            }
            else if (c >= '0' && c <= '9')
            {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255)
                {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
            }
            else
            {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
        }
        if (octets != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        return value;
    }

    /**
     * Parse an IPv6 literal (any RFC 4291 text form, including an embedded IPv4 tail).
     *
     * @param text the literal, e.g. {@code 2001:db8::1}.
     * @return two longs: high then low 64 bits.
     * @throws IllegalArgumentException when the text is not an IPv6 literal.
     */
    public static long[] parseIpv6(final String text)
    {
        if (text.indexOf(':') < 0)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        final byte[] bytes = literalBytes(text);
        if (bytes.length != 16)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        return new long[] {toLong(bytes, 0), toLong(bytes, 8)};
    }

    /**
     * @param text an IPv4 or IPv6 literal.
     * @return the address; never resolves a name.
     * @throws IllegalArgumentException when the text is not an IP literal.
     */
    public static InetAddress parseLiteral(final String text)
    {
        try
        {
            return InetAddress.getByAddress(literalBytes(text));
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", ex);
        }
    }

    /**
     * @param address an IPv4 address.
     * @return the address in network order.
     */
    public static int toInt(final Inet4Address address)
    {
        final byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    /**
     * @param address an IPv6 address.
     * @return high then low 64 bits.
     */
    public static long[] toLongs(final Inet6Address address)
    {
        final byte[] b = address.getAddress();
        return new long[] {toLong(b, 0), toLong(b, 8)};
    }

    /**
     * @param address IPv4 address in network order.
     * @return the {@link InetAddress}.
     */
    public static Inet4Address toInetAddress(final int address)
    {
        try
        {
            return (Inet4Address)InetAddress.getByAddress(new byte[] {
                (byte)(address >>> 24), (byte)(address >>> 16), (byte)(address >>> 8), (byte)address});
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the {@link InetAddress}; an IPv4-mapped value stays an IPv6 address.
     */
    public static Inet6Address toInetAddress(final long high, final long low)
    {
        final byte[] b = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            b[i] = (byte)(high >>> (56 - 8 * i));
            b[8 + i] = (byte)(low >>> (56 - 8 * i));
        }
        try
        {
            return Inet6Address.getByAddress(null, b, -1);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] literalBytes(final String text)
    {
        if (text.isEmpty() || !isLiteralSyntax(text))
        {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        if (text.indexOf(':') < 0)
        {
            final int v = parseIpv4(text);
            return new byte[] {(byte)(v >>> 24), (byte)(v >>> 16), (byte)(v >>> 8), (byte)v};
        }
        try
        {
            // A literal with ':' never triggers a name lookup.
            final byte[] raw = InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]").getAddress();
            if (raw.length == 4)
            {
                // Java folds IPv4-mapped literals into IPv4; keep the IPv6 form the user wrote.
                final byte[] mapped = new byte[16];
                mapped[10] = (byte)0xFF;
                mapped[11] = (byte)0xFF;
                System.arraycopy(raw, 0, mapped, 12, 4);
                return mapped;
            }
            return raw;
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", ex);
        }
    }

    private static boolean isLiteralSyntax(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                c == ':' || c == '.' || c == '[' || c == ']';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static int group(final long high, final long low, final int index)
    {
        final long word = index < 4 ? high : low;
        return (int)(word >>> (48 - 16 * (index & 3))) & 0xFFFF;
    }

    private static void appendHexGroup(final StringBuilder sb, final int value)
    {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            final int nibble = (value >>> shift) & 0xF;
            if (nibble != 0 || started || shift == 0)
            {
                sb.append(HEX[nibble]);
                started = true;
            }
        }
    }

    private static long toLong(final byte[] b, final int offset)
    {
        long v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | (b[offset + i] & 0xFFL);
        }
        return v;
    }
}
