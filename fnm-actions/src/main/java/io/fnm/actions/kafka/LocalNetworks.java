package io.fnm.actions.kafka;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Direction;
import io.fnm.core.IpPrefix;

import java.util.List;

/**
 * Classifies a record's direction against {@code networks_list} as FastNetMon does (both ends local: internal; the
 * destination local: incoming; the source local: outgoing; neither: other), and writes the record's partition key,
 * the local host address: the destination for incoming and internal, the source for outgoing, the source for other.
 * A linear scan of the prefixes: the inlet's networks list is small (a bulk list would want a trie).
 */
public final class LocalNetworks
{
    private final IpPrefix[] ipv4;
    private final IpPrefix[] ipv6;

    /**
     * @param networks the networks_list prefixes.
     */
    public LocalNetworks(final List<IpPrefix> networks)
    {
        ipv4 = networks.stream().filter(IpPrefix::isIpv4).toArray(IpPrefix[]::new);
        ipv6 = networks.stream().filter(p -> !p.isIpv4()).toArray(IpPrefix[]::new);
    }

    /**
     * @param record an IPv4 or IPv6 record.
     * @return its direction.
     */
    public Direction classify(final TrafficRecord record)
    {
        final boolean srcLocal;
        final boolean dstLocal;
        if (record.ipVersion() == TrafficRecord.IPV4)
        {
            srcLocal = containsIpv4(record.srcIpv4());
            dstLocal = containsIpv4(record.dstIpv4());
        }
        else
        {
            srcLocal = containsIpv6(record.srcIpv6High(), record.srcIpv6Low());
            dstLocal = containsIpv6(record.dstIpv6High(), record.dstIpv6Low());
        }
        if (dstLocal)
        {
            return srcLocal ? Direction.INTERNAL : Direction.INCOMING;
        }
        return srcLocal ? Direction.OUTGOING : Direction.OTHER;
    }

    /**
     * Write the partition key of a record: the local host's address bytes (4 or 16, network order).
     *
     * @param record    an IPv4 or IPv6 record.
     * @param direction its direction from {@link #classify}.
     * @param key4      4 bytes of scratch, written for IPv4.
     * @param key16     16 bytes of scratch, written for IPv6.
     * @return the array written.
     */
    public static byte[] key(final TrafficRecord record, final Direction direction, final byte[] key4,
        final byte[] key16)
    {
        final boolean destination = direction == Direction.INCOMING || direction == Direction.INTERNAL;
        if (record.ipVersion() == TrafficRecord.IPV4)
        {
            putInt(key4, 0, destination ? record.dstIpv4() : record.srcIpv4());
            return key4;
        }
        putLong(key16, 0, destination ? record.dstIpv6High() : record.srcIpv6High());
        putLong(key16, 8, destination ? record.dstIpv6Low() : record.srcIpv6Low());
        return key16;
    }

    private boolean containsIpv4(final int address)
    {
        for (final IpPrefix p : ipv4)
        {
            if (p.containsIpv4(address))
            {
                return true;
            }
        }
        return false;
    }

    private boolean containsIpv6(final long high, final long low)
    {
        for (final IpPrefix p : ipv6)
        {
            if (p.containsIpv6(high, low))
            {
                return true;
            }
        }
        return false;
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 24);
        b[at + 1] = (byte)(v >>> 16);
        b[at + 2] = (byte)(v >>> 8);
        b[at + 3] = (byte)v;
    }

    private static void putLong(final byte[] b, final int at, final long v)
    {
        putInt(b, at, (int)(v >>> 32));
        putInt(b, at + 4, (int)v);
    }
}
