package io.fnm.core.internal;

/**
 * The open-addressing index of a {@link HostTable}: maps a key to its host's dense index. The keys stay in the table's
 * records, which the index reads through {@link HostTable#matches} when a tag matches (so a lookup that verifies a key
 * has already fetched the first cache line of the host's row); the table is a final class held in a final field, so
 * those calls are direct and inlined on the probe path.
 * <p>
 * An entry is one {@code int}: dense + 1 (0 when empty) in the low bits that {@code maxHosts} needs, a tag of the
 * key's hash in the bits above, so a probe that meets another key almost never reads its record. Linear probing;
 * a removal shifts the following entries back (no tombstones). The capacity is any integer (slots by multiply-shift,
 * not a power of two), rebuilt at a load factor of {@value #MIN_LOAD} whenever it reaches {@value #MAX_LOAD} (or
 * falls to a third of {@value #MIN_LOAD}), i.e. 5.3 to 6.7 bytes per host while growing.
 */
final class HostIndex
{
    private static final double MAX_LOAD = 0.75;
    private static final double MIN_LOAD = 0.6;
    private static final int MIN_CAPACITY = 64;

    private final HostTable table;
    private final int maxHosts;
    private final int denseBits;
    private final int denseMask;
    private final int tagMask;
    private int[] slots;
    private int capacity;
    private int growAt;
    private int shrinkAt;

    /**
     * @param table    whose keys this index maps (read while probing and rebuilding).
     * @param maxHosts most hosts the table tracks (sizes the dense field of an entry).
     */
    HostIndex(final HostTable table, final int maxHosts)
    {
        this.table = table;
        this.maxHosts = maxHosts;
        this.denseBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, maxHosts));
        this.denseMask = denseBits == 32 ? -1 : (1 << denseBits) - 1;
        this.tagMask = denseBits == 32 ? 0 : (-1 >>> denseBits);
        rebuild(MIN_CAPACITY, 0);
    }

    /**
     * Read the key's home slot, to start fetching it (see {@link HostTable#touch}).
     *
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index the home slot points at (not necessarily this key's), or -1 when it is empty.
     */
    int homeDense(final long high, final long low)
    {
        return (slots[home(hash(high, low))] & denseMask) - 1;
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index, or -1.
     */
    int find(final long high, final long low)
    {
        final int found = probe(high, low, hash(high, low));
        return found >= 0 ? found : -1;
    }

    /**
     * Find a key or, when it is absent and the table has room, enter it as host {@code size}; the caller then writes
     * the key into that host's record.
     *
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @param size hosts in the table (those the index maps).
     * @return the dense index: below {@code size} when found, {@code size} when entered, -1 when the table is full.
     */
    int findOrAdd(final long high, final long low, final int size)
    {
        final long hash = hash(high, low);
        final int found = probe(high, low, hash);
        if (found >= 0)
        {
            return found;
        }
        if (size >= maxHosts)
        {
            return -1;
        }
        final int slot;
        if (size + 1 > growAt)
        {
            rebuild(capacityFor(size + 1), size);
            slot = freeSlot(home(hash));
        }
        else
        {
            slot = ~found;
        }
        slots[slot] = tag(hash) | (size + 1);
        return size;
    }

    /**
     * Forget a host's entry; when it is not the last host, the last host's entry now points at its dense index (the
     * caller moves the last record there). The keys of both are read, so the records must still be in place; call
     * {@link #fit(int)} once they have moved.
     *
     * @param dense the host removed.
     * @param last  the last host.
     */
    void remove(final int dense, final int last)
    {
        deleteSlot(slotOf(dense));
        if (dense != last)
        {
            final int lastSlot = slotOf(last);
            slots[lastSlot] = (slots[lastSlot] & ~denseMask) | (dense + 1);
        }
    }

    /**
     * Shrink the index when the table has become sparse (reads the keys of every host).
     *
     * @param size hosts in the table.
     */
    void fit(final int size)
    {
        if (size < shrinkAt)
        {
            rebuild(capacityFor(size), size);
        }
    }

    /**
     * @return the sum over the hosts of their entry's distance from its home slot (for tests: 0 is ideal; with
     *     linear probing at load {@code a} about {@code a / (2 (1 - a))} per host on average).
     */
    long totalDisplacement()
    {
        long total = 0;
        for (int slot = 0; slot < capacity; slot++)
        {
            final int entry = slots[slot];
            if (entry != 0)
            {
                final int d = (entry & denseMask) - 1;
                total += distance(home(hash(table.keyHigh(d), table.keyLow(d))), slot);
            }
        }
        return total;
    }

    /**
     * @return bytes held by the index.
     */
    long memoryBytes()
    {
        return (long)capacity * 4;
    }

    /**
     * Linear probe from the key's home slot.
     *
     * @return the key's dense index, or {@code ~slot} of the empty slot that ends the probe when it is absent.
     */
    private int probe(final long high, final long low, final long hash)
    {
        final int tag = tag(hash);
        int slot = home(hash);
        while (true)
        {
            final int entry = slots[slot];
            if (entry == 0)
            {
                return ~slot;
            }
            if ((entry & ~denseMask) == tag && table.matches((entry & denseMask) - 1, high, low))
            {
                return (entry & denseMask) - 1;
            }
            if (++slot == capacity)
            {
                slot = 0;
            }
        }
    }

    private int slotOf(final int dense)
    {
        int slot = home(hash(table.keyHigh(dense), table.keyLow(dense)));
        while ((slots[slot] & denseMask) != dense + 1)
        {
            if (++slot == capacity)
            {
                slot = 0;
            }
        }
        return slot;
    }

    private void deleteSlot(final int removed)
    {
        int hole = removed;
        int slot = hole;
        while (true)
        {
            if (++slot == capacity)
            {
                slot = 0;
            }
            final int entry = slots[slot];
            if (entry == 0)
            {
                break;
            }
            final int d = (entry & denseMask) - 1;
            final int home = home(hash(table.keyHigh(d), table.keyLow(d)));
            // move the entry into the hole when its home is not cyclically in (hole, slot]
            if (distance(home, slot) >= distance(hole, slot))
            {
                slots[hole] = entry;
                hole = slot;
            }
        }
        slots[hole] = 0;
    }

    private int freeSlot(final int home)
    {
        int slot = home;
        while (slots[slot] != 0)
        {
            if (++slot == capacity)
            {
                slot = 0;
            }
        }
        return slot;
    }

    private int distance(final int from, final int to)
    {
        final int d = to - from;
        return d < 0 ? d + capacity : d;
    }

    /**
     * A hash of the index's own, not {@link Layout#hostHash}: the host hash's top bits choose a host's counting
     * partition and the tick enters new hosts partition by partition, so with the host hash (whose top bits choose the
     * home slot too) each partition's hosts had their homes in the same {@code 1/partitions} of the slots: while they
     * were entered, those slots ran at up to {@code partitions} times the table's load and spilled into long runs (a
     * first tick of 1 M new hosts took 4.8-5.8 s, 0.3-0.4 s with this hash).
     */
    static long hash(final long high, final long low)
    {
        return Layout.mix((high ^ 0x5851F42D4C957F2DL) * 0xC2B2AE3D27D4EB4FL + low + 0x165667B19E3779F9L);
    }

    private int home(final long hash)
    {
        return (int)(((hash >>> 32) * capacity) >>> 32);
    }

    private int tag(final long hash)
    {
        return ((int)hash & tagMask) << denseBits;
    }

    private static int capacityFor(final int hosts)
    {
        return Math.max(MIN_CAPACITY, (int)Math.min(Integer.MAX_VALUE - 8, (long)(hosts / MIN_LOAD) + 1));
    }

    private void rebuild(final int newCapacity, final int size)
    {
        capacity = newCapacity;
        slots = new int[newCapacity];
        growAt = (int)(newCapacity * MAX_LOAD);
        shrinkAt = newCapacity <= MIN_CAPACITY ? 0 : (int)(newCapacity * MIN_LOAD / 3);
        for (int d = 0; d < size; d++)
        {
            final long hash = hash(table.keyHigh(d), table.keyLow(d));
            slots[freeSlot(home(hash))] = tag(hash) | (d + 1);
        }
    }
}
