package io.fnm.core.internal;

/**
 * The open {@link Investigation}s by host, as the capture threads look them up for every incoming or outgoing
 * record: an immutable open-addressing table (linear probing, at most half full) keyed by the host's 128-bit
 * address and version, built by the tick whenever the set changes and published through a volatile field. A lookup
 * costs one hash and, on average, under two probes whatever the number open (none: one field read), and never
 * allocates.
 */
final class InvestigationIndex
{
    /** The index with nothing open. */
    static final InvestigationIndex EMPTY = new InvestigationIndex(new Investigation[0]);

    private final int size;
    private final int mask;
    private final long[] highs;
    private final long[] lows;
    private final Investigation[] slots;

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
        for (final Investigation inv : open)
        {
            int i = slot(inv.high, inv.low);
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
        int i = slot(high, low);
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

    private int slot(final long high, final long low)
    {
        return (int)Layout.mix(low ^ (high * 0x9E3779B97F4A7C15L)) & mask;
    }
}
