package io.fnm.core.internal;

import java.util.Arrays;

/**
 * A tick-thread table of hosts of one IP version, each with a row of {@code rowInts} ints, struct-of-arrays.
 * <p>
 * Hosts are dense (iteration touches only live hosts; removing a host moves the last one into its place) and live
 * in fixed-size chunks of {@link #CHUNK} hosts, so growth copies nothing and leaves no slack beyond the last chunk.
 * A host's record is its key (one {@code int} for IPv4, four for IPv6) followed by its row, in one array, so a
 * lookup that verifies the key has already fetched the first cache line of the row. An open-addressing index of
 * {@code int} entries maps a key to its host: dense + 1 (0 when empty) in the low bits that {@code maxHosts} needs,
 * a tag of the key's hash in the bits above, so a probe that meets another key almost never reads its record. Its
 * capacity is any integer (slots by multiply-shift, not a power of two), rebuilt at a load factor of
 * {@value #MIN_LOAD} whenever it reaches {@value #MAX_LOAD} (or falls to a third of {@value #MIN_LOAD}), i.e. 5.3 to
 * 6.7 bytes per host while growing.
 * <p>
 * The engine's averages table uses {@link Layout#HOST_STRIDE} ints per row: 4 + 120 + 5.3..6.7 = 129.3..130.7
 * bytes per IPv4 host (IPv6: 12 more); measured as the used-heap delta after GC with 1 M IPv4 hosts, 135 to
 * 137 bytes (the index is one humongous array). Its idle table (hosts whose averages all decayed to zero, kept
 * until the idle timeout) uses one int per row, the second they went idle.
 */
public final class HostTable
{
    /** Hosts per chunk. */
    public static final int CHUNK = 1 << 12;
    /** Chunk of a dense index: {@code dense >>> CHUNK_SHIFT}. */
    public static final int CHUNK_SHIFT = 12;
    /** Position in a chunk: {@code dense & CHUNK_MASK}. */
    public static final int CHUNK_MASK = CHUNK - 1;

    private static final double MAX_LOAD = 0.75;
    private static final double MIN_LOAD = 0.6;
    private static final int MIN_CAPACITY = 64;

    private final boolean ipv6;
    private final int maxHosts;
    private final int rowInts;
    private final int keyInts;
    private final int stride;
    private final int denseBits;
    private final int denseMask;
    private final int tagMask;
    private int[] index;
    private int capacity;
    private int growAt;
    private int shrinkAt;
    private int[][] rows;
    private int chunks;
    private int size;

    /**
     * A table of averages rows ({@link Layout#HOST_STRIDE} ints).
     *
     * @param ipv6     the version.
     * @param maxHosts most hosts tracked.
     */
    public HostTable(final boolean ipv6, final int maxHosts)
    {
        this(ipv6, maxHosts, Layout.HOST_STRIDE);
    }

    /**
     * @param ipv6     the version.
     * @param maxHosts most hosts tracked.
     * @param rowInts  ints per host row.
     */
    public HostTable(final boolean ipv6, final int maxHosts, final int rowInts)
    {
        this.ipv6 = ipv6;
        this.maxHosts = maxHosts;
        this.rowInts = rowInts;
        this.keyInts = ipv6 ? 4 : 1;
        this.stride = keyInts + rowInts;
        this.denseBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, maxHosts));
        this.denseMask = denseBits == 32 ? -1 : (1 << denseBits) - 1;
        this.tagMask = denseBits == 32 ? 0 : (-1 >>> denseBits);
        rows = new int[4][];
        rebuildIndex(MIN_CAPACITY);
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
     * @param dense a host.
     * @return the chunk holding its row (at {@link #base(int)}).
     */
    public int[] row(final int dense)
    {
        return rows[dense >>> CHUNK_SHIFT];
    }

    /**
     * @param dense a host.
     * @return where its row starts in {@link #row(int)}.
     */
    public int base(final int dense)
    {
        return (dense & CHUNK_MASK) * stride + keyInts;
    }

    /**
     * @param dense dense index.
     * @return high 64 bits (0 for IPv4).
     */
    public long keyHigh(final int dense)
    {
        if (!ipv6)
        {
            return 0;
        }
        final int[] row = rows[dense >>> CHUNK_SHIFT];
        final int at = (dense & CHUNK_MASK) * stride;
        return ((long)row[at] << 32) | (row[at + 1] & 0xFFFFFFFFL);
    }

    /**
     * @param dense dense index.
     * @return low 64 bits (the IPv4 address, unsigned).
     */
    public long keyLow(final int dense)
    {
        final int[] row = rows[dense >>> CHUNK_SHIFT];
        final int at = (dense & CHUNK_MASK) * stride;
        if (!ipv6)
        {
            return row[at] & 0xFFFFFFFFL;
        }
        return ((long)row[at + 2] << 32) | (row[at + 3] & 0xFFFFFFFFL);
    }

    /**
     * Start fetching what a lookup of this key will read (its index slot and the record of the host found there):
     * a caller that touches a batch of keys before looking them up lets the memory system fetch them in parallel.
     *
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return a value of no meaning, to be folded into something the caller keeps (so the reads are not removed).
     */
    public int touch(final long high, final long low)
    {
        final int entry = index[home(hash(high, low))];
        final int d = (entry & denseMask) - 1;
        if (d < 0 || d >= size)
        {
            return entry;
        }
        return entry + rows[d >>> CHUNK_SHIFT][(d & CHUNK_MASK) * stride];
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index, or -1.
     */
    public int find(final long high, final long low)
    {
        final long hash = hash(high, low);
        final int tag = tag(hash);
        int slot = home(hash);
        while (true)
        {
            final int entry = index[slot];
            if (entry == 0)
            {
                return -1;
            }
            if ((entry & ~denseMask) == tag && matches((entry & denseMask) - 1, high, low))
            {
                return (entry & denseMask) - 1;
            }
            if (++slot == capacity)
            {
                slot = 0;
            }
        }
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index (a new host starts with a zero row), or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low)
    {
        final long hash = hash(high, low);
        final int tag = tag(hash);
        int slot = home(hash);
        while (true)
        {
            final int entry = index[slot];
            if (entry == 0)
            {
                break;
            }
            if ((entry & ~denseMask) == tag && matches((entry & denseMask) - 1, high, low))
            {
                return (entry & denseMask) - 1;
            }
            if (++slot == capacity)
            {
                slot = 0;
            }
        }
        if (size >= maxHosts)
        {
            return -1;
        }
        if (size + 1 > growAt)
        {
            rebuildIndex(capacityFor(size + 1));
            return findOrInsert(high, low);
        }
        final int d = size;
        final int chunk = d >>> CHUNK_SHIFT;
        if (chunk == chunks)
        {
            addChunk();
        }
        size++;
        index[slot] = tag | (d + 1);
        setKey(d, high, low);
        final int base = base(d);
        Arrays.fill(rows[chunk], base, base + rowInts, 0);
        return d;
    }

    /**
     * Remove a host; the last host moves to its dense index.
     *
     * @param dense the host.
     */
    public void remove(final int dense)
    {
        deleteSlot(slotOf(dense));
        final int last = size - 1;
        if (dense != last)
        {
            final int lastSlot = slotOf(last);
            index[lastSlot] = (index[lastSlot] & ~denseMask) | (dense + 1);
            System.arraycopy(rows[last >>> CHUNK_SHIFT], (last & CHUNK_MASK) * stride, rows[dense >>> CHUNK_SHIFT],
                (dense & CHUNK_MASK) * stride, stride);
        }
        size = last;
        // keep one spare chunk so a host count oscillating at a boundary does not allocate every time
        while (chunks >= 2 && size <= (chunks - 2) * CHUNK)
        {
            chunks--;
            rows[chunks] = null;
        }
        if (size < shrinkAt)
        {
            rebuildIndex(capacityFor(size));
        }
    }

    /**
     * @return bytes held by this table's arrays (index, keys and rows; chunk pointer arrays at 4 bytes a reference).
     */
    public long memoryBytes()
    {
        return (long)capacity * 4 + (long)chunks * CHUNK * stride * 4 + (long)rows.length * 4;
    }

    private boolean matches(final int d, final long high, final long low)
    {
        final int[] row = rows[d >>> CHUNK_SHIFT];
        final int at = (d & CHUNK_MASK) * stride;
        if (ipv6)
        {
            return row[at] == (int)(high >>> 32) && row[at + 1] == (int)high && row[at + 2] == (int)(low >>> 32) &&
                row[at + 3] == (int)low;
        }
        return row[at] == (int)low && high == 0 && (low >>> 32) == 0;
    }

    private void setKey(final int d, final long high, final long low)
    {
        final int[] row = rows[d >>> CHUNK_SHIFT];
        final int at = (d & CHUNK_MASK) * stride;
        if (ipv6)
        {
            row[at] = (int)(high >>> 32);
            row[at + 1] = (int)high;
            row[at + 2] = (int)(low >>> 32);
            row[at + 3] = (int)low;
        }
        else
        {
            row[at] = (int)low;
        }
    }

    private void addChunk()
    {
        if (chunks == rows.length)
        {
            final int n = rows.length * 2;
            rows = Arrays.copyOf(rows, n);
        }
        rows[chunks] = new int[CHUNK * stride];
        chunks++;
    }

    private int slotOf(final int dense)
    {
        int slot = home(hash(keyHigh(dense), keyLow(dense)));
        while ((index[slot] & denseMask) != dense + 1)
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
            final int entry = index[slot];
            if (entry == 0)
            {
                break;
            }
            final int d = (entry & denseMask) - 1;
            final int home = home(hash(keyHigh(d), keyLow(d)));
            // move the entry into the hole when its home is not cyclically in (hole, slot]
            if (distance(home, slot) >= distance(hole, slot))
            {
                index[hole] = entry;
                hole = slot;
            }
        }
        index[hole] = 0;
    }

    private int distance(final int from, final int to)
    {
        final int d = to - from;
        return d < 0 ? d + capacity : d;
    }

    private static long hash(final long high, final long low)
    {
        return Layout.mix(high * 0x9E3779B97F4A7C15L + low);
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

    private void rebuildIndex(final int newCapacity)
    {
        capacity = newCapacity;
        index = new int[newCapacity];
        growAt = (int)(newCapacity * MAX_LOAD);
        shrinkAt = newCapacity <= MIN_CAPACITY ? 0 : (int)(newCapacity * MIN_LOAD / 3);
        for (int d = 0; d < size; d++)
        {
            final long hash = hash(keyHigh(d), keyLow(d));
            int slot = home(hash);
            while (index[slot] != 0)
            {
                if (++slot == capacity)
                {
                    slot = 0;
                }
            }
            index[slot] = tag(hash) | (d + 1);
        }
    }
}
