package io.fnm.core.internal;

import java.util.Arrays;

/**
 * One interval's raw counts per host of one IP version: an open-addressing table keyed by the address (IPv4: low
 * 32 bits; IPv6: two longs) holding a row of {@link Layout#HOST_STRIDE} longs. Owned by one thread at a time (a
 * capture thread while it writes, the tick thread while it merges); no synchronisation inside.
 * <p>
 * Hosts get a dense index in insertion order ({@link #slotOf(int)}), stable across growth, which flow entries use to
 * name their host. The table grows by doubling (rare, amortised) up to {@code maxHosts}; beyond that a new host is
 * refused ({@link #findOrInsert} answers -1) and only the totals count it.
 */
public final class HostCounts
{
    private static final int INITIAL_CAPACITY = 256;

    private final boolean ipv6;
    private final int maxHosts;
    private int mask;
    private long[] keyHigh;
    private long[] keyLow;
    private boolean[] used;
    private long[] counts;
    private int[] dense;
    private int[] indexOfSlot;
    private int size;

    /**
     * @param ipv6     true for an IPv6 table.
     * @param maxHosts most hosts held.
     */
    public HostCounts(final boolean ipv6, final int maxHosts)
    {
        this.ipv6 = ipv6;
        this.maxHosts = maxHosts;
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(final int capacity)
    {
        mask = capacity - 1;
        keyHigh = ipv6 ? new long[capacity] : null;
        keyLow = new long[capacity];
        used = new boolean[capacity];
        counts = new long[capacity * Layout.HOST_STRIDE];
        dense = new int[Math.max(16, capacity / 2)];
        indexOfSlot = new int[capacity];
    }

    /**
     * @param slot a used slot.
     * @return its dense index.
     */
    public int indexOf(final int slot)
    {
        return indexOfSlot[slot];
    }

    /**
     * @return hosts held.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return the counts array: row of a slot at {@code slot * HOST_STRIDE}.
     */
    public long[] counts()
    {
        return counts;
    }

    /**
     * @param index dense index, 0 .. size-1.
     * @return its slot.
     */
    public int slotOf(final int index)
    {
        return dense[index];
    }

    /**
     * @param slot a used slot.
     * @return high 64 bits of the key (0 for IPv4).
     */
    public long keyHigh(final int slot)
    {
        return ipv6 ? keyHigh[slot] : 0;
    }

    /**
     * @param slot a used slot.
     * @return low 64 bits of the key (the IPv4 address, unsigned).
     */
    public long keyLow(final int slot)
    {
        return keyLow[slot];
    }

    /**
     * @param high high 64 bits (0 for IPv4).
     * @param low  low 64 bits (IPv4 address, unsigned).
     * @return the host's slot, or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low)
    {
        int slot = (int)Layout.mix(high * 0x9E3779B97F4A7C15L + low) & mask;
        while (used[slot])
        {
            if (keyLow[slot] == low && (!ipv6 || keyHigh[slot] == high))
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= maxHosts)
        {
            return -1;
        }
        if ((size + 1) * 2 > mask + 1)
        {
            grow();
            return findOrInsert(high, low);
        }
        used[slot] = true;
        keyLow[slot] = low;
        if (ipv6)
        {
            keyHigh[slot] = high;
        }
        indexOfSlot[slot] = size;
        dense[size++] = slot;
        return slot;
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the host's slot, or -1 when absent.
     */
    public int find(final long high, final long low)
    {
        int slot = (int)Layout.mix(high * 0x9E3779B97F4A7C15L + low) & mask;
        while (used[slot])
        {
            if (keyLow[slot] == low && (!ipv6 || keyHigh[slot] == high))
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /**
     * Forget every host; keeps the capacity.
     */
    public void clear()
    {
        final long[] c = counts;
        for (int i = 0; i < size; i++)
        {
            final int slot = dense[i];
            used[slot] = false;
            Arrays.fill(c, slot * Layout.HOST_STRIDE, slot * Layout.HOST_STRIDE + Layout.HOST_STRIDE, 0L);
        }
        size = 0;
    }

    private void grow()
    {
        final long[] oldHigh = keyHigh;
        final long[] oldLow = keyLow;
        final long[] oldCounts = counts;
        final int[] oldDense = dense;
        final int oldSize = size;
        allocate((mask + 1) * 2);
        size = 0;
        for (int i = 0; i < oldSize; i++)
        {
            final int oldSlot = oldDense[i];
            final int slot = findOrInsert(ipv6 ? oldHigh[oldSlot] : 0, oldLow[oldSlot]);
            System.arraycopy(oldCounts, oldSlot * Layout.HOST_STRIDE, counts, slot * Layout.HOST_STRIDE,
                Layout.HOST_STRIDE);
        }
    }
}
