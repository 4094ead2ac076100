package io.fnm.core.internal;

/**
 * The open {@link Investigation}s by host, as the capture threads look them up for every incoming or outgoing
 * record: an immutable open-addressing table (linear probing, at most half full) keyed by the host's 128-bit
 * address and version, built by the tick whenever the set changes and published through a volatile field. A lookup
 * costs one hash and, on average, under two probes whatever the number open (none: one field read), and never
 * allocates.
 * <p>
 * Nearly every record is of a host with nothing open, so a lookup first asks a blocked Bloom filter: one 64-bit word
 * per lookup, two bits of the word set per open host, at least 16 bits per open host rounded up to a power of two (32
 * KiB at 10 000 open: it stays in the first-level cache where the three probe arrays, 320 KiB at 10 000, do not). At
 * most 1/8 of the filter's bits are set, so about one lookup in 60 or fewer of a host with nothing open passes the
 * filter and goes on to probe the table (InvestigationIndexTest measures it). Without the filter, 10 000 open
 * investigations cost IPv6 ingest 20 % in EngineIngestBenchmark; see the README's hostile-load figures for now.
 */
final class InvestigationIndex
{
    /** The index with nothing open. */
    static final InvestigationIndex EMPTY = new InvestigationIndex(new Investigation[0]);

    private static final int FILTER_BITS_PER_HOST = 16;

    private final int size;
    private final int mask;
    private final long[] highs;
    private final long[] lows;
    private final Investigation[] slots;
    private final long[] filter;
    private final int filterMask;

    /**
     * @param open the open investigations, one per host.
     */
    InvestigationIndex(final Investigation[] open)
    {
        this.size = open.length;
        final int capacity = open.length == 0 ? 1 : Integer.highestOneBit(open.length * 4 - 1);
        this.mask = capacity - 1;
        this.highs = new long[capacity];
        this.lows = new long[capacity];
        this.slots = new Investigation[capacity];
        final int minWords = Math.max(1, (open.length * FILTER_BITS_PER_HOST + Long.SIZE - 1) / Long.SIZE);
        final int words = Integer.highestOneBit(minWords * 2 - 1);
        this.filter = new long[words];
        this.filterMask = words - 1;
        for (final Investigation inv : open)
        {
            final long h = hash(inv.high, inv.low);
            filter[word(h)] |= bits(h);
            int i = (int)h & mask;
            while (slots[i] != null)
            {
                i = (i + 1) & mask;
            }
            highs[i] = inv.high;
            lows[i] = inv.low;
            slots[i] = inv;
        }
    }

    /**
     * @return investigations open.
     */
    int size()
    {
        return size;
    }

    /**
     * @param high high 64 bits of the host (0 for IPv4).
     * @param low  low 64 bits of the host (an IPv4 address unsigned).
     * @param ipv6 the host's version.
     * @return the host's open investigation, or null.
     */
    Investigation find(final long high, final long low, final boolean ipv6)
    {
        if (size == 0)
        {
            return null;
        }
        return find(high, low, Layout.hostHash(high, low), ipv6);
    }

    /**
     * @param high  high 64 bits of the host.
     * @param low   low 64 bits.
     * @param h     the host's {@link Layout#hostHash}.
     * @param ipv6  its version.
     * @return its open collection, or null.
     */
    Investigation find(final long high, final long low, final long h, final boolean ipv6)
    {
        if (size == 0)
        {
            return null;
        }
        if (!passes(h))
        {
            return null;
        }
        int i = (int)h & mask;
        Investigation inv;
        while ((inv = slots[i]) != null)
        {
            if (lows[i] == low && highs[i] == high && inv.ipv6 == ipv6)
            {
                return inv;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * @param high high 64 bits of the host.
     * @param low  low 64 bits of the host.
     * @return whether the host passes the filter (true for every open host, rarely for others).
     */
    boolean mayBeOpen(final long high, final long low)
    {
        return passes(hash(high, low));
    }

    private boolean passes(final long h)
    {
        final long bits = bits(h);
        return (filter[word(h)] & bits) == bits;
    }

    private static long hash(final long high, final long low)
    {
        return Layout.hostHash(high, low);
    }

    /** The filter word: bits 32 and up of the hash (the table's slot uses the low bits). */
    private int word(final long h)
    {
        return (int)(h >>> 32) & filterMask;
    }

    /** Two bits of the word, from hash bits 20-25 and 26-31. */
    private static long bits(final long h)
    {
        return (1L << (h >>> 20)) | (1L << (h >>> 26));
    }
}
