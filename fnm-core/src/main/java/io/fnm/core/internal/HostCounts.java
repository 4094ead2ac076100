package io.fnm.core.internal;

import java.util.Arrays;

/**
 * One interval's raw counts per host of one IP version. Owned by one thread at a time (a capture thread while it
 * writes, the tick thread while it merges); no synchronisation inside.
 * <p>
 * Hosts are dense, in insertion order: host {@code d}'s row starts at {@code d * stride()} in {@link #rows()} and
 * holds its key (IPv4: one word, the unsigned address; IPv6: high then low) followed by {@link Layout#HOST_STRIDE}
 * counts from {@link #countsBase(int)}. An open-addressing index of {@code long} entries, {@code (hashTag << 32) |
 * (dense + 1)}, maps a key to its host: a lookup reads one index entry and the host's row (whose first cache line
 * holds both the key and the totals it is about to update), and a tag mismatch never touches a row.
 * <p>
 * A row is zeroed when its host is inserted, so {@link #clear()} costs the index only (the tick thread clears).
 * <p>
 * The index and the rows grow by doubling (rare, amortised, kept across ticks) up to {@code maxHosts}; beyond that a
 * new host is refused ({@link #findOrInsert} answers -1) and only the totals count it.
 */
public final class HostCounts
{
    private static final int INITIAL_HOSTS = 128;

    private final boolean ipv6;
    private final int maxHosts;
    private final int keyWords;
    private final int stride;
    private long[] index;
    private int mask;
    private long[] rows;
    private int size;

    /**
     * @param ipv6     true for an IPv6 table.
     * @param maxHosts most hosts held.
     */
    public HostCounts(final boolean ipv6, final int maxHosts)
    {
        this.ipv6 = ipv6;
        this.maxHosts = maxHosts;
        this.keyWords = ipv6 ? 2 : 1;
        this.stride = keyWords + Layout.HOST_STRIDE;
        index = new long[INITIAL_HOSTS * 2];
        mask = index.length - 1;
        rows = new long[Math.min(INITIAL_HOSTS, maxHosts) * stride];
    }

    /**
     * @return hosts held.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return longs per host row (key words then counts).
     */
    public int stride()
    {
        return stride;
    }

    /**
     * @return the rows array (replaced when it grows: read it after the last insert).
     */
    public long[] rows()
    {
        return rows;
    }

    /**
     * @param dense a host, 0 .. size-1.
     * @return where its counts start in {@link #rows()}.
     */
    public int countsBase(final int dense)
    {
        return dense * stride + keyWords;
    }

    /**
     * @param dense a host.
     * @return high 64 bits of the key (0 for IPv4).
     */
    public long keyHigh(final int dense)
    {
        return ipv6 ? rows[dense * stride + 1] : 0;
    }

    /**
     * @param dense a host.
     * @return low 64 bits of the key (the IPv4 address, unsigned).
     */
    public long keyLow(final int dense)
    {
        return rows[dense * stride];
    }

    /**
     * Start fetching what {@link #findOrInsert} of this key will read (its index slot and the row found there).
     *
     * @param high high 64 bits (0 for IPv4).
     * @param low  low 64 bits.
     * @return a value of no meaning, to be folded into something the caller keeps.
     */
    public int touch(final long high, final long low)
    {
        final long entry = index[(int)hash(high, low) & mask];
        final int d = (int)entry - 1;
        if (d < 0 || d >= size)
        {
            return (int)entry;
        }
        return (int)rows[d * stride];
    }

    /**
     * @param high high 64 bits (0 for IPv4).
     * @param low  low 64 bits (IPv4 address, unsigned).
     * @return the host's dense index, or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low)
    {
        final long hash = hash(high, low);
        final long tag = hash & 0xFFFFFFFF00000000L;
        final long[] index = this.index;
        final long[] rows = this.rows;
        final int mask = this.mask;
        int slot = (int)hash & mask;
        while (true)
        {
            final long entry = index[slot];
            if (entry == 0)
            {
                break;
            }
            if ((entry & 0xFFFFFFFF00000000L) == tag)
            {
                final int r = ((int)entry - 1) * stride;
                if (rows[r] == low && (!ipv6 || rows[r + 1] == high))
                {
                    return (int)entry - 1;
                }
            }
            slot = (slot + 1) & mask;
        }
        return insert(high, low, tag, slot);
    }

    private int insert(final long high, final long low, final long tag, final int slot)
    {
        if (size >= maxHosts)
        {
            return -1;
        }
        if ((size + 1) * 2 > mask + 1)
        {
            growIndex();
            return findOrInsert(high, low);
        }
        if ((size + 1) * stride > rows.length)
        {
            final long wanted = Math.min((long)Math.max(INITIAL_HOSTS, size * 2), maxHosts) * stride;
            rows = Arrays.copyOf(rows, (int)Math.min(wanted, Integer.MAX_VALUE - 8));
        }
        final int d = size++;
        index[slot] = tag | (d + 1);
        final int r = d * stride;
        rows[r] = low;
        if (ipv6)
        {
            rows[r + 1] = high;
        }
        // rows are zeroed here, by the writer, rather than all at once by the tick in clear()
        Arrays.fill(rows, r + keyWords, r + stride, 0L);
        return d;
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the host's dense index, or -1 when absent.
     */
    public int find(final long high, final long low)
    {
        final long hash = hash(high, low);
        final long tag = hash & 0xFFFFFFFF00000000L;
        int slot = (int)hash & mask;
        while (true)
        {
            final long entry = index[slot];
            if (entry == 0)
            {
                return -1;
            }
            if ((entry & 0xFFFFFFFF00000000L) == tag)
            {
                final int r = ((int)entry - 1) * stride;
                if (rows[r] == low && (!ipv6 || rows[r + 1] == high))
                {
                    return (int)entry - 1;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Forget every host; keeps the capacity.
     */
    public void clear()
    {
        if (size == 0)
        {
            return;
        }
        if (size * 16L < index.length)
        {
            for (int d = 0; d < size; d++)
            {
                final long hash = hash(keyHigh(d), keyLow(d));
                final long entry = ((long)(d + 1) & 0xFFFFFFFFL) | (hash & 0xFFFFFFFF00000000L);
                int slot = (int)hash & mask;
                while (index[slot] != entry)
                {
                    slot = (slot + 1) & mask;
                }
                index[slot] = 0;
            }
        }
        else
        {
            Arrays.fill(index, 0L);
        }
        size = 0;
    }

    /**
     * @return bytes held by this table's arrays.
     */
    public long memoryBytes()
    {
        return (long)index.length * 8 + (long)rows.length * 8;
    }

    private static long hash(final long high, final long low)
    {
        return Layout.mix(high * 0x9E3779B97F4A7C15L + low);
    }

    private void growIndex()
    {
        index = new long[index.length * 2];
        mask = index.length - 1;
        for (int d = 0; d < size; d++)
        {
            final long hash = hash(keyHigh(d), keyLow(d));
            int slot = (int)hash & mask;
            while (index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            index[slot] = (hash & 0xFFFFFFFF00000000L) | (d + 1);
        }
    }
}
