package io.fnm.core.internal;

/**
 * Index arithmetic shared by shards, the tick and snapshots. A host row holds, for direction 0 (incoming) and 1
 * (outgoing), 7 traffic classes ({@link io.fnm.core.TrafficClass} order) of packets then bytes, then the two flow
 * counts: {@link #HOST_STRIDE} values.
 */
public final class Layout
{
    /** Traffic classes. */
    public static final int CLASSES = 7;
    /** TOTAL class. */
    public static final int TOTAL = 0;
    /** TCP class. */
    public static final int TCP = 1;
    /** UDP class. */
    public static final int UDP = 2;
    /** ICMP class. */
    public static final int ICMP = 3;
    /** TCP SYN class. */
    public static final int SYN = 4;
    /** Fragmented class. */
    public static final int FRAG = 5;
    /** Dropped class. */
    public static final int DROPPED = 6;
    /** Values per direction in a row: packets and bytes per class. */
    public static final int PER_DIRECTION = CLASSES * 2;
    /** Index of incoming flows in a host row. */
    public static final int FLOWS_IN = 2 * PER_DIRECTION;
    /** Index of outgoing flows in a host row. */
    public static final int FLOWS_OUT = FLOWS_IN + 1;
    /** Values per host row. */
    public static final int HOST_STRIDE = FLOWS_IN + 2;
    /** Values per network row (no flows). */
    public static final int NETWORK_STRIDE = 2 * PER_DIRECTION;
    /** Directions in a total row (incoming, outgoing, internal, other) . */
    public static final int DIRECTIONS = 4;
    /** Values per IP version in the totals: 4 directions of packets and bytes per class, then 4 flow counts. */
    public static final int TOTAL_STRIDE = DIRECTIONS * PER_DIRECTION + DIRECTIONS;
    /** Direction index of incoming. */
    public static final int IN = 0;
    /** Direction index of outgoing. */
    public static final int OUT = 1;
    /** Direction index of internal. */
    public static final int INTERNAL = 2;
    /** Direction index of other. */
    public static final int OTHER = 3;

    private Layout()
    {
    }

    /**
     * @param direction direction index.
     * @param trafficClass class index.
     * @return offset of the packets value; bytes follow at +1.
     */
    public static int packets(final int direction, final int trafficClass)
    {
        return direction * PER_DIRECTION + trafficClass * 2;
    }

    /**
     * @param direction direction index.
     * @param trafficClass class index.
     * @return offset of the bytes value.
     */
    public static int bytes(final int direction, final int trafficClass)
    {
        return direction * PER_DIRECTION + trafficClass * 2 + 1;
    }

    /**
     * The hash of a host address, computed once per record by the capture thread and used by everything downstream:
     * its partition (the top 6 bits), its host-table slot (the low bits) and tag (the high 32 bits), the investigation
     * filter and index.
     *
     * @param high high 64 bits of the address (0 for IPv4).
     * @param low  low 64 bits (the IPv4 address, unsigned).
     * @return a well mixed 64-bit hash.
     */
    public static long hostHash(final long high, final long low)
    {
        return mix(high * 0x9E3779B97F4A7C15L + low);
    }

    /**
     * @param x any value.
     * @return a well mixed 64-bit hash (murmur3 finaliser).
     */
    public static long mix(final long x)
    {
        long h = x;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
