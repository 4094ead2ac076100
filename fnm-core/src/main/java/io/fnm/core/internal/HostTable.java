package io.fnm.core.internal;

import java.util.Arrays;

/**
 * The tick thread's table of smoothed averages for every tracked host of one IP version, struct-of-arrays.
 * <p>
 * Per host: the key ({@code long}, plus a second {@code long} for IPv6), {@link Layout#HOST_STRIDE} averages as
 * unsigned 32-bit ints (a host's packets per second fit; bytes per second saturate at 2^32-1, i.e. 34 Gbit/s per host
 * and class, a deliberate trade-off for memory), the second it was last active, its cached hostgroup, and one
 * {@code int} index slot at a load factor between 1/4 and 1/2. That is 8+120+4+2+(8..16) = 142..150 bytes for an
 * IPv4 host, 8 more for IPv6 (dense arrays grow by 1.5x).
 * <p>
 * Hosts live in dense arrays (iteration touches only live hosts); an open-addressing index maps a key to its dense
 * position. Removing a host moves the last one into its place.
 */
public final class HostTable
{
    /** Group cache value: not resolved yet. */
    public static final short GROUP_UNRESOLVED = -2;

    private final boolean ipv6;
    private final int maxHosts;
    private int[] index;
    private int mask;
    private long[] keyHigh;
    private long[] keyLow;
    private int[] averages;
    private int[] lastActiveSecond;
    private short[] group;
    private int size;

    /**
     * @param ipv6     the version.
     * @param maxHosts most hosts tracked.
     */
    public HostTable(final boolean ipv6, final int maxHosts)
    {
        this.ipv6 = ipv6;
        this.maxHosts = maxHosts;
        index = new int[64];
        Arrays.fill(index, -1);
        mask = 63;
        resizeDense(16);
    }

    /**
     * @return true for IPv6.
     */
    public boolean ipv6()
    {
        return ipv6;
    }

    /**
     * @return hosts tracked.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return the averages array; a host's row starts at {@code dense * HOST_STRIDE}.
     */
    public int[] averages()
    {
        return averages;
    }

    /**
     * @param dense dense index.
     * @return high 64 bits (0 for IPv4).
     */
    public long keyHigh(final int dense)
    {
        return ipv6 ? keyHigh[dense] : 0;
    }

    /**
     * @param dense dense index.
     * @return low 64 bits.
     */
    public long keyLow(final int dense)
    {
        return keyLow[dense];
    }

    /**
     * @param dense dense index.
     * @return the second (since engine start) the host last had traffic.
     */
    public int lastActiveSecond(final int dense)
    {
        return lastActiveSecond[dense];
    }

    /**
     * @param dense  dense index.
     * @param second the second it had traffic.
     */
    public void lastActiveSecond(final int dense, final int second)
    {
        lastActiveSecond[dense] = second;
    }

    /**
     * @param dense dense index.
     * @return cached group, {@link #GROUP_UNRESOLVED} when unknown.
     */
    public short group(final int dense)
    {
        return group[dense];
    }

    /**
     * @param dense dense index.
     * @param value group index or -1.
     */
    public void group(final int dense, final short value)
    {
        group[dense] = value;
    }

    /**
     * Forget every cached group (after a reload).
     */
    public void resetGroups()
    {
        Arrays.fill(group, 0, size, GROUP_UNRESOLVED);
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index, or -1.
     */
    public int find(final long high, final long low)
    {
        int slot = slot(high, low);
        while (true)
        {
            final int d = index[slot];
            if (d < 0)
            {
                return -1;
            }
            if (keyLow[d] == low && (!ipv6 || keyHigh[d] == high))
            {
                return d;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index (new hosts start at zero averages), or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low)
    {
        int slot = slot(high, low);
        while (true)
        {
            final int d = index[slot];
            if (d < 0)
            {
                break;
            }
            if (keyLow[d] == low && (!ipv6 || keyHigh[d] == high))
            {
                return d;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= maxHosts)
        {
            return -1;
        }
        if ((size + 1) * 2 > mask + 1)
        {
            growIndex();
            return findOrInsert(high, low);
        }
        if (size == keyLow.length)
        {
            resizeDense(Math.min(Math.max(16, size + (size >> 1)), maxHosts));
        }
        final int d = size++;
        index[slot] = d;
        keyLow[d] = low;
        if (ipv6)
        {
            keyHigh[d] = high;
        }
        Arrays.fill(averages, d * Layout.HOST_STRIDE, d * Layout.HOST_STRIDE + Layout.HOST_STRIDE, 0);
        group[d] = GROUP_UNRESOLVED;
        lastActiveSecond[d] = 0;
        return d;
    }

    /**
     * Remove a host; the last host moves to its dense index.
     *
     * @param dense the host.
     */
    public void remove(final int dense)
    {
        deleteIndexSlot(findSlot(keyHigh(dense), keyLow[dense]));
        final int last = size - 1;
        if (dense != last)
        {
            final int lastSlot = findSlot(keyHigh(last), keyLow[last]);
            index[lastSlot] = dense;
            keyLow[dense] = keyLow[last];
            if (ipv6)
            {
                keyHigh[dense] = keyHigh[last];
            }
            System.arraycopy(averages, last * Layout.HOST_STRIDE, averages, dense * Layout.HOST_STRIDE,
                Layout.HOST_STRIDE);
            lastActiveSecond[dense] = lastActiveSecond[last];
            group[dense] = group[last];
        }
        size = last;
        if (size < keyLow.length / 4 && keyLow.length > 64)
        {
            resizeDense(Math.max(16, size * 2));
            if (size * 8 < mask + 1 && mask + 1 > 64)
            {
                rebuildIndex((mask + 1) / 4);
            }
        }
    }

    /**
     * @return bytes held by this table's arrays.
     */
    public long memoryBytes()
    {
        final long dense = keyLow.length;
        return (long)index.length * 4 + dense * 8 * (ipv6 ? 2 : 1) + dense * Layout.HOST_STRIDE * 4 + dense * 4 +
            dense * 2;
    }

    private int findSlot(final long high, final long low)
    {
        int slot = slot(high, low);
        while (true)
        {
            final int d = index[slot];
            if (keyLow[d] == low && (!ipv6 || keyHigh[d] == high))
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void deleteIndexSlot(final int removed)
    {
        int hole = removed;
        int slot = (hole + 1) & mask;
        while (index[slot] >= 0)
        {
            final int d = index[slot];
            final int home = slot(keyHigh(d), keyLow[d]);
            // move the entry into the hole when its home is not cyclically in (hole, slot]
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                index[hole] = d;
                hole = slot;
            }
            slot = (slot + 1) & mask;
        }
        index[hole] = -1;
    }

    private int slot(final long high, final long low)
    {
        return (int)Layout.mix(high * 0x9E3779B97F4A7C15L + low) & mask;
    }

    private void growIndex()
    {
        rebuildIndex((mask + 1) * 2);
    }

    private void rebuildIndex(final int capacity)
    {
        index = new int[capacity];
        Arrays.fill(index, -1);
        mask = capacity - 1;
        for (int d = 0; d < size; d++)
        {
            int slot = slot(keyHigh(d), keyLow[d]);
            while (index[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }
            index[slot] = d;
        }
    }

    private void resizeDense(final int capacity)
    {
        keyLow = keyLow == null ? new long[capacity] : Arrays.copyOf(keyLow, capacity);
        if (ipv6)
        {
            keyHigh = keyHigh == null ? new long[capacity] : Arrays.copyOf(keyHigh, capacity);
        }
        averages = averages == null ? new int[capacity * Layout.HOST_STRIDE] :
            Arrays.copyOf(averages, capacity * Layout.HOST_STRIDE);
        lastActiveSecond = lastActiveSecond == null ? new int[capacity] : Arrays.copyOf(lastActiveSecond, capacity);
        group = group == null ? new short[capacity] : Arrays.copyOf(group, capacity);
    }
}
