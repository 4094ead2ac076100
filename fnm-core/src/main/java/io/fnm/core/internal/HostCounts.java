package io.fnm.core.internal;

import java.util.Arrays;

/**
 * One interval's raw counts per host of one IP version. Owned by one thread at a time (a capture thread while it
 * writes, the tick thread while it merges); no synchronisation inside.
 * <p>
 * Hosts are dense, in insertion order: host {@code d}'s row of {@value #STRIDE} longs starts at
 * {@code ROW0 + d * STRIDE} in {@link #rows()} and holds its key (two words: the low 64 bits, then the high 64 bits
 * for IPv6 or nothing for IPv4) followed by the {@link Layout#HOST_STRIDE} counts from {@link #countsBase(int)}, in
 * the <em>row order</em> of {@link #at(int)}, not the {@link Layout} order: the values one record adds to are in two
 * cache lines of 64 bytes, whatever its direction and protocol.
 * <ul>
 * <li>line 0: the key, flows in and out, packets and bytes in and out (TOTAL): every record of the host;</li>
 * <li>line 1: incoming TCP, UDP, ICMP and SYN packets and bytes; line 2: the same outgoing;</li>
 * <li>line 3: fragments and dropped, in and out (rare).</li>
 * </ul>
 * A record costs the index entry and two row lines (the {@link Layout} order spread a record over three or four). The
 * rows start {@value #ROW0} longs into the array so that a row is one aligned 256-byte block when the array itself
 * starts on a 64-byte boundary after its 16-byte header (as a large array does under G1, which places it at the start
 * of a region); if it does not, a row spans five lines and only speed changes. Readers of the counts translate a
 * {@link Layout} index with {@link #at(int)} (the tick reads each row once).
 * <p>
 * An open-addressing index of {@code long} entries, {@code (hashTag << 32) | (dense + 1)}, maps a key to its host: a
 * lookup reads one index entry and the host's first row line (the key and the totals it is about to update), and a
 * tag mismatch never touches a row. Callers pass the key's {@link Layout#hostHash} when they have it.
 * <p>
 * A row is zeroed when its host is inserted, so {@link #clear()} costs the index only (the tick thread clears).
 * <p>
 * <b>Hosts kept across intervals.</b> Where the same hosts are active interval after interval, re-entering each of them
 * every interval is wasted work; the reader of the counts can instead zero each row it has read
 * ({@link HostTable#emaAndZero}) and {@link #retainHosts() retain} the hosts, so {@link #endInterval()} keeps them
 * and their {@link #hint hints}: a row whose line 0 is zero ({@link #active} false) then had no record this
 * interval. Each host keeps a hint for its reader (the tick keeps the host's place in the averages table there,
 * checked before use).
 * <p>
 * <b>Flow bits.</b> Each host and direction also has 64 bits for {@link FlowCounter}, which counts there the flows of
 * a host that its partition's full exact set cannot take ({@link #flowBits(int)}; the array is allocated the first
 * time that happens, and the bits are zeroed at every {@link #endInterval()} and for every new host).
 * <p>
 * The index and the rows grow by doubling (rare, amortised, kept across ticks) up to {@code maxHosts}; beyond that a
 * new host is refused ({@link #findOrInsert} answers -1) and only the totals count it.
 */
public final class HostCounts
{
    /** Longs per host row: two key words and the {@link Layout#HOST_STRIDE} counts. */
    public static final int STRIDE = 32;
    /** Longs before the first row: with a 16-byte array header, rows start on 64-byte boundaries. */
    static final int ROW0 = 6;
    /** Longs of key before the counts. */
    private static final int KEY_WORDS = 2;
    /** From {@link #countsBase}: packets and bytes in, then out (TOTAL). */
    static final int TOTALS = 2;
    /** From {@link #countsBase}: incoming TCP, UDP, ICMP and SYN (8 values), then outgoing. */
    static final int CLASS_LINE = 6;
    /** From {@link #countsBase}: fragments and dropped, incoming (4 values), then outgoing. */
    static final int RARE_LINE = 22;
    /** Row order of each {@link Layout} index (see the class comment). */
    private static final int[] AT = buildRowOrder();
    private static final int INITIAL_HOSTS = 128;

    private final boolean ipv6;
    private final int maxHosts;
    private long[] index;
    private int mask;
    private long[] rows;
    private int[] hints;
    /** Per host and direction, 64 bits of flows counted after the partition's exact set filled (see FlowCounter). */
    private long[] flowBits;
    private boolean flowBitsUsed;
    private int size;
    private boolean retain;

    /**
     * @param ipv6     true for an IPv6 table.
     * @param maxHosts most hosts held.
     */
    public HostCounts(final boolean ipv6, final int maxHosts)
    {
        this.ipv6 = ipv6;
        this.maxHosts = maxHosts;
        index = new long[INITIAL_HOSTS * 2];
        mask = index.length - 1;
        rows = new long[ROW0 + Math.min(INITIAL_HOSTS, maxHosts) * STRIDE];
        hints = new int[Math.min(INITIAL_HOSTS, maxHosts)];
    }

    /**
     * @param layoutIndex an index of a {@link Layout} host row (packets or bytes of a direction and class, or flows).
     * @return where that value is in a row of this table, from {@link #countsBase(int)}.
     */
    public static int at(final int layoutIndex)
    {
        return AT[layoutIndex];
    }

    /**
     * @return {@link #at(int)} of every {@link Layout} index, for loops that read a whole row.
     */
    static int[] rowOrder()
    {
        return AT;
    }

    private static int[] buildRowOrder()
    {
        final int[] at = new int[Layout.HOST_STRIDE];
        at[Layout.FLOWS_IN] = 0;
        at[Layout.FLOWS_OUT] = 1;
        for (int direction = 0; direction < 2; direction++)
        {
            for (int c = 0; c < Layout.CLASSES; c++)
            {
                final int to;
                if (c == Layout.TOTAL)
                {
                    to = TOTALS + direction * 2;
                }
                else if (c <= Layout.SYN)
                {
                    to = CLASS_LINE + direction * 8 + (c - Layout.TCP) * 2;
                }
                else
                {
                    to = RARE_LINE + direction * 4 + (c - Layout.FRAG) * 2;
                }
                at[Layout.packets(direction, c)] = to;
                at[Layout.bytes(direction, c)] = to + 1;
            }
        }
        return at;
    }

    /**
     * @return hosts held.
     */
    public int size()
    {
        return size;
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
        return ROW0 + dense * STRIDE + KEY_WORDS;
    }

    /**
     * @param dense a host.
     * @return high 64 bits of the key (0 for IPv4).
     */
    public long keyHigh(final int dense)
    {
        return ipv6 ? rows[ROW0 + dense * STRIDE + 1] : 0;
    }

    /**
     * @param dense a host.
     * @return low 64 bits of the key (the IPv4 address, unsigned).
     */
    public long keyLow(final int dense)
    {
        return rows[ROW0 + dense * STRIDE];
    }

    /**
     * Start fetching what {@link #findOrInsert} of this key will read: its index slot, and the row found there in
     * its first line and the line a record's protocol class goes to.
     *
     * @param hash   the key's {@link Layout#hostHash}.
     * @param offset an offset from {@link #countsBase(int)} in that line.
     * @return a value of no meaning, to be folded into something the caller keeps.
     */
    public int touch(final long hash, final int offset)
    {
        final long entry = index[(int)hash & mask];
        final int d = (int)entry - 1;
        if (d < 0 || d >= size)
        {
            return (int)entry;
        }
        final int r = ROW0 + d * STRIDE;
        return (int)(rows[r] + rows[r + KEY_WORDS + offset]);
    }

    /**
     * @param high high 64 bits (0 for IPv4).
     * @param low  low 64 bits (IPv4 address, unsigned).
     * @return the host's dense index, or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low)
    {
        return findOrInsert(high, low, hash(high, low));
    }

    /**
     * {@link #findOrInsert(long, long)} with the key's {@link Layout#hostHash} known.
     *
     * @param high high 64 bits (0 for IPv4).
     * @param low  low 64 bits.
     * @param hash the key's hash.
     * @return the host's dense index, or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low, final long hash)
    {
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
                final int r = ROW0 + ((int)entry - 1) * STRIDE;
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
        if (ROW0 + (size + 1) * STRIDE > rows.length)
        {
            final long wanted = ROW0 + Math.min((long)Math.max(INITIAL_HOSTS, size * 2), maxHosts) * STRIDE;
            rows = Arrays.copyOf(rows, (int)Math.min(wanted, Integer.MAX_VALUE - 8));
            hints = Arrays.copyOf(hints, (rows.length - ROW0) / STRIDE);
            if (flowBits != null)
            {
                flowBits = Arrays.copyOf(flowBits, 2 * hints.length);
            }
        }
        final int d = size++;
        index[slot] = tag | (d + 1);
        hints[d] = -1;
        if (flowBits != null)
        {
            flowBits[2 * d] = 0;
            flowBits[2 * d + 1] = 0;
        }
        final int r = ROW0 + d * STRIDE;
        rows[r] = low;
        if (ipv6)
        {
            rows[r + 1] = high;
        }
        // rows are zeroed here, by the writer, rather than all at once by the tick in clear()
        Arrays.fill(rows, r + KEY_WORDS, r + STRIDE, 0L);
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
                final int r = ROW0 + ((int)entry - 1) * STRIDE;
                if (rows[r] == low && (!ipv6 || rows[r + 1] == high))
                {
                    return (int)entry - 1;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * @param dense a host.
     * @return true when its row has a count this interval (packets, bytes or flows in either direction): line 0.
     */
    public boolean active(final int dense)
    {
        final int c = ROW0 + dense * STRIDE + KEY_WORDS;
        final long[] r = rows;
        return (r[c] | r[c + 1] | r[c + 2] | r[c + 3] | r[c + 4] | r[c + 5]) != 0;
    }

    /**
     * @param dense a host.
     * @return its reader's hint, -1 until set (a host keeps it while the table keeps the host).
     */
    public int hint(final int dense)
    {
        return hints[dense];
    }

    /**
     * @param dense a host.
     * @param value its reader's hint.
     */
    public void hint(final int dense, final int value)
    {
        hints[dense] = value;
    }

    /**
     * @param flowsWord where a host's flows in or out are in {@link #rows()}.
     * @return that host and direction's flow bits (0 until set this interval).
     */
    long flowBits(final int flowsWord)
    {
        return flowBits == null ? 0 : flowBits[flowBitsIndex(flowsWord)];
    }

    /**
     * @param flowsWord where a host's flows in or out are in {@link #rows()}.
     * @param bits      that host and direction's flow bits; zeroed at the end of the interval.
     */
    void flowBits(final int flowsWord, final long bits)
    {
        if (flowBits == null)
        {
            flowBits = new long[2 * hints.length];
        }
        flowBitsUsed = true;
        flowBits[flowBitsIndex(flowsWord)] = bits;
    }

    private static int flowBitsIndex(final int flowsWord)
    {
        final int inRows = flowsWord - ROW0 - KEY_WORDS;
        return 2 * (inRows / STRIDE) + inRows % STRIDE;
    }

    /**
     * Keep the hosts at the next {@link #endInterval()}: the reader zeroed every {@link #active} row it read. A table
     * within a quarter of {@code maxHosts} is emptied all the same, so that hosts kept without traffic never take the
     * rows the next interval's new hosts need.
     *
     * @return true when the hosts will be kept.
     */
    public boolean retainHosts()
    {
        retain = size <= maxHosts - maxHosts / 4;
        return retain;
    }

    /**
     * Put the hosts in the order of their hints (hosts without one last), keeping each host's key and hint: a reader
     * whose hint is a place in another table then reads that table in order. Only when every count is zero (the
     * reader zeroed what it read and {@link #retainHosts() retains} the hosts); allocates three arrays of the size.
     */
    public void sortByHint()
    {
        final int n = size;
        final long[] order = new long[n];
        for (int d = 0; d < n; d++)
        {
            order[d] = ((long)(hints[d] < 0 ? Integer.MAX_VALUE : hints[d]) << 32) | d;
        }
        Arrays.sort(order);
        final long[] keys = new long[ipv6 ? 2 * n : n];
        final int[] sortedHints = new int[n];
        for (int to = 0; to < n; to++)
        {
            final int from = (int)order[to];
            final int r = ROW0 + from * STRIDE;
            keys[ipv6 ? 2 * to : to] = rows[r];
            if (ipv6)
            {
                keys[2 * to + 1] = rows[r + 1];
            }
            sortedHints[to] = hints[from];
        }
        Arrays.fill(index, 0L);
        for (int d = 0; d < n; d++)
        {
            final long low = keys[ipv6 ? 2 * d : d];
            final long high = ipv6 ? keys[2 * d + 1] : 0;
            final int r = ROW0 + d * STRIDE;
            rows[r] = low;
            rows[r + 1] = ipv6 ? high : 0;
            hints[d] = sortedHints[d];
            final long hash = hash(high, low);
            int slot = (int)hash & mask;
            while (index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            index[slot] = (hash & 0xFFFFFFFF00000000L) | (d + 1);
        }
    }

    /**
     * The interval's counts were read: keep the hosts when the reader {@link #retainHosts() said so}, else forget
     * them.
     */
    public void endInterval()
    {
        if (!retain)
        {
            clear();
        }
        else if (flowBitsUsed)
        {
            Arrays.fill(flowBits, 0, 2 * size, 0L);
        }
        flowBitsUsed = false;
        retain = false;
    }

    /**
     * Forget every host; keeps the capacity.
     */
    public void clear()
    {
        flowBitsUsed = false;
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
        return (long)index.length * 8 + (long)rows.length * 8 + (long)hints.length * 4 +
            (flowBits == null ? 0 : (long)flowBits.length * 8);
    }

    private static long hash(final long high, final long low)
    {
        return Layout.hostHash(high, low);
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
