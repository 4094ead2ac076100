package io.fnm.core.internal;

import java.util.Arrays;

/**
 * A tick-thread table of hosts of one IP version, struct-of-arrays: either the engine's averages (the 30
 * {@link Layout} values of a host, FastNetMon's moving averages, kept exact in a narrow or a wide format) or plain
 * rows of {@code rowInts} ints (the idle table).
 * <p>
 * <b>Hosts and index.</b> Hosts are dense (iteration touches only live hosts; removing a host moves the last one into
 * its place) and live in fixed-size chunks of {@link #CHUNK} hosts, so growth copies nothing and leaves no slack
 * beyond the last chunk (and one spare chunk kept while shrinking). A host's record is its key (one {@code int} for
 * IPv4, four for IPv6) followed by its row, in one array, so a lookup that verifies the key has already fetched the
 * first cache line of the row. A {@link HostIndex} (open addressing, one tagged {@code int} per slot) maps a key to
 * its host: 5.3 to 6.7 bytes per host while growing.
 * <p>
 * <b>Averages: narrow and wide hosts.</b> Every average is an unsigned 32-bit value, exactly FastNetMon's truncated
 * moving average saturated to 32 bits; the format decides only where a value is stored, never its value.
 * <ul>
 * <li>Record chunk ({@code int[]}): per host the key, then the {@value #BYTE_VALUES} byte averages (incoming TOTAL,
 * TCP, UDP, ICMP, SYN, FRAG, DROPPED, then outgoing) as 32-bit ints, always; after the {@link #CHUNK} records, one
 * flag bit per host (an int per 32 hosts) saying whether it is wide.</li>
 * <li>Packet chunk ({@code char[]}, parallel to the record chunk): per host the {@value #COUNT_VALUES} packet and
 * flow averages (packets in the same class order, then flows in and out) as unsigned 16-bit values while every one
 * of them is below 65536: the host is <em>narrow</em>.</li>
 * <li>Overflow pool ({@code int[]} chunks of {@value #WIDE_CHUNK} rows, dense like the hosts): when an update makes a
 * packet or flow average reach 65536 the host turns <em>wide</em>: its 16 packet and flow averages move to an
 * overflow row of {@value #WIDE_STRIDE} ints (the 16 values as unsigned 32-bit ints and the owner's dense index, so a
 * row moved by a removal updates its owner), and its packet slots hold the overflow row's index.</li>
 * </ul>
 * A wide host turns narrow again as soon as an update or a decay leaves all 16 below 65536 (no hysteresis: a change
 * of format copies 16 values and allocates nothing but, rarely, an overflow chunk; one spare overflow chunk is kept).
 * <p>
 * <b>Bytes per host</b> (averages; IPv6 keys cost 12 more): 4 (key) + 56 (byte averages) + 0.125 (flag) + 32 (packet
 * and flow averages) = 92.1 in chunks, plus 5.3 to 6.7 of index: 97.5 to 98.9 for a narrow IPv4 host (IPv6: 109.5 to
 * 110.9); a wide host costs 68 more. With 1 M hosts of which 5000 are wide, {@link #memoryBytes()} gives 99.4 bytes
 * per IPv4 host and 111.4 per IPv6 host; measured as the used-heap delta after GC, about 102 and 114 with G1 (the
 * same as computed with the parallel collector; HostTableHeapTest; FastNetMon: 624). The idle table (hosts whose
 * averages all decayed to zero, kept until the idle timeout) uses one int per row, the second they went idle: the
 * key, 4 bytes and the index.
 */
public final class HostTable
{
    /** Where each {@link Layout} index is in a {@link Layout} row: itself. */
    private static final int[] LAYOUT_ORDER =
        EmaStep.order(java.util.stream.IntStream.range(0, Layout.HOST_STRIDE).toArray());
    /** Hosts per chunk. */
    public static final int CHUNK = 1 << 12;
    /** Chunk of a dense index: {@code dense >>> CHUNK_SHIFT}. */
    public static final int CHUNK_SHIFT = 12;
    /** Position in a chunk: {@code dense & CHUNK_MASK}. */
    public static final int CHUNK_MASK = CHUNK - 1;
    /** Byte averages of a host: 7 classes, 2 directions. */
    public static final int BYTE_VALUES = 2 * Layout.CLASSES;
    /** Packet and flow averages of a host: 7 classes, 2 directions, then flows in and out. */
    public static final int COUNT_VALUES = 2 * Layout.CLASSES + 2;
    /** Largest packet or flow average a narrow record holds. */
    public static final int NARROW_MAX = 0xFFFF;
    /** Ints per overflow row: the 16 packet and flow averages and the owner's dense index. */
    public static final int WIDE_STRIDE = COUNT_VALUES + 1;
    /** Overflow rows per overflow chunk. */
    public static final int WIDE_CHUNK = 1 << 8;

    private static final int WIDE_SHIFT = 8;
    private static final int WIDE_MASK = WIDE_CHUNK - 1;

    private final boolean ipv6;
    private final boolean averages;
    private final int rowInts;
    private final int keyInts;
    private final int stride;
    private final int flagsAt;
    private final int chunkInts;
    private final HostIndex index;
    private int[][] rows;
    private char[][] packets;
    private int chunks;
    private int size;
    private int[][] wide = new int[4][];
    private int wideChunks;
    private int wideSize;

    /**
     * A table of averages (narrow or wide records, see the class comment).
     *
     * @param ipv6     the version.
     * @param maxHosts most hosts tracked.
     */
    public HostTable(final boolean ipv6, final int maxHosts)
    {
        this(ipv6, maxHosts, BYTE_VALUES, true);
    }

    /**
     * A table of plain rows, read and written through {@link #row(int)} and {@link #base(int)}.
     *
     * @param ipv6     the version.
     * @param maxHosts most hosts tracked.
     * @param rowInts  ints per host row.
     */
    public HostTable(final boolean ipv6, final int maxHosts, final int rowInts)
    {
        this(ipv6, maxHosts, rowInts, false);
    }

    private HostTable(final boolean ipv6, final int maxHosts, final int rowInts, final boolean averages)
    {
        this.ipv6 = ipv6;
        this.averages = averages;
        this.rowInts = rowInts;
        this.keyInts = ipv6 ? 4 : 1;
        this.stride = keyInts + rowInts;
        this.flagsAt = CHUNK * stride;
        this.chunkInts = flagsAt + (averages ? CHUNK / Integer.SIZE : 0);
        rows = new int[4][];
        packets = new char[averages ? 4 : 0][];
        this.index = new HostIndex(this, maxHosts);
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
     * @return hosts in the wide format (averages tables).
     */
    public int wideHosts()
    {
        return wideSize;
    }

    /**
     * Plain tables only.
     *
     * @param dense a host.
     * @return the chunk holding its row (at {@link #base(int)}).
     */
    public int[] row(final int dense)
    {
        return rows[dense >>> CHUNK_SHIFT];
    }

    /**
     * Plain tables only.
     *
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

    // ---------------------------------------------------------------------------------------------- averages

    /**
     * Averages tables only.
     *
     * @param dense a host.
     * @return true when its packet and flow averages are in the wide format.
     */
    public boolean isWide(final int dense)
    {
        return wideSize != 0 &&
            (rows[dense >>> CHUNK_SHIFT][flagsAt + ((dense & CHUNK_MASK) >>> 5)] & (1 << dense)) != 0;
    }

    /**
     * Averages tables only.
     *
     * @param dense a host.
     * @param value index of the value in a {@link Layout} host row.
     * @return the average, unsigned.
     */
    public long average(final int dense, final int value)
    {
        if (value < Layout.FLOWS_IN && (value & 1) == 1)
        {
            return rows[dense >>> CHUNK_SHIFT][base(dense) + (value >> 1)] & 0xFFFFFFFFL;
        }
        final int j = narrowIndex(value);
        if (isWide(dense))
        {
            final int slot = wideSlot(dense);
            return wide[slot >>> WIDE_SHIFT][(slot & WIDE_MASK) * WIDE_STRIDE + j] & 0xFFFFFFFFL;
        }
        return packets[dense >>> CHUNK_SHIFT][packetBase(dense) + j];
    }

    /**
     * Averages tables only.
     *
     * @param dense a host.
     * @return the chunk holding its packet and flow averages (at {@link #packetBase(int)}) while it is not wide.
     */
    public char[] packetRow(final int dense)
    {
        return packets[dense >>> CHUNK_SHIFT];
    }

    /**
     * @param dense a host.
     * @return where its packet and flow averages start in {@link #packetRow(int)}.
     */
    public int packetBase(final int dense)
    {
        return (dense & CHUNK_MASK) * COUNT_VALUES;
    }

    /**
     * Where a host that is not {@link #isWide(int) wide} keeps a value: a byte average at
     * {@code row(d)[base(d) + narrowIndex(k)]} (unsigned), a packet or flow average at
     * {@code packetRow(d)[packetBase(d) + narrowIndex(k)]}.
     *
     * @param value index of the value in a {@link Layout} host row.
     * @return its index in the host's byte or packet averages.
     */
    public static int narrowIndex(final int value)
    {
        if (value < Layout.FLOWS_IN)
        {
            return value >> 1;
        }
        return value - Layout.FLOWS_IN + BYTE_VALUES;
    }

    /**
     * FastNetMon's moving average over one interval for every value of a host (averages tables only):
     * {@code instant = uint64(count / period)}, {@code avg = uint64(instant + e * (prev - instant))}, truncated at
     * each step, saturated to 32 bits; with no count, {@code avg = uint64(e * prev)}. The host turns wide when a
     * packet or flow average reaches 65536 and narrow when all are below.
     *
     * @param dense  the host.
     * @param counts counts of the interval, a {@link Layout} host row.
     * @param cbase  where the row starts in counts.
     * @param period interval, seconds.
     * @param e      {@code exp(-period / average_calculation_time)}.
     */
    public void ema(final int dense, final long[] counts, final int cbase, final double period, final double e)
    {
        ema(dense, counts, cbase, LAYOUT_ORDER, period, e);
    }

    /**
     * {@link #ema(int, long[], int, double, double)} of counts in another order than {@link Layout}'s.
     *
     * @param dense  the host.
     * @param counts counts of the interval.
     * @param cbase  where the row starts in counts.
     * @param order  where each count the averages read is in the row, from {@code cbase}: {@link EmaStep#order} of
     *               where each {@link Layout} index is (for a {@link HostCounts} row, of
     *               {@link HostCounts#rowOrder()}).
     * @param period interval, seconds.
     * @param e      {@code exp(-period / average_calculation_time)}.
     */
    public void ema(final int dense, final long[] counts, final int cbase, final int[] order, final double period,
        final double e)
    {
        ema(dense, counts, cbase, order, period, e, false);
    }

    /**
     * {@link #ema(int, long[], int, int[], double, double)}, leaving every count it read zero (the reader of an
     * interval's counts that keeps the rows for the next interval; a store only for a count that is not zero).
     *
     * @param dense  the host.
     * @param counts counts of the interval; the {@code BYTE_VALUES + COUNT_VALUES} from {@code cbase} are zero after.
     * @param cbase  where the row starts in counts.
     * @param order  where each count is in the row (see {@link #ema(int, long[], int, int[], double, double)}).
     * @param period interval, seconds.
     * @param e      {@code exp(-period / average_calculation_time)}.
     */
    public void emaAndZero(final int dense, final long[] counts, final int cbase, final int[] order,
        final double period, final double e)
    {
        ema(dense, counts, cbase, order, period, e, true);
    }

    private void ema(final int dense, final long[] counts, final int cbase, final int[] order, final double period,
        final double e, final boolean zero)
    {
        final int[] row = rows[dense >>> CHUNK_SHIFT];
        final int at = base(dense);
        final char[] pk = packets[dense >>> CHUNK_SHIFT];
        final int pat = packetBase(dense);
        final double inv = 1.0 / period;
        final boolean wide = isWide(dense);
        // a direction without counts or averages (the outgoing side of a host that only receives) has nothing to do
        final boolean in = wide || !EmaStep.quiet(counts, cbase, order, row, at, pk, pat, Layout.IN);
        final boolean out = wide || !EmaStep.quiet(counts, cbase, order, row, at, pk, pat, Layout.OUT);
        if (in)
        {
            EmaStep.bytes(row, at, counts, cbase, order, 0, Layout.CLASSES, period, inv, e, zero);
        }
        if (out)
        {
            EmaStep.bytes(row, at, counts, cbase, order, Layout.CLASSES, BYTE_VALUES, period, inv, e, zero);
        }
        if (wide)
        {
            emaWide(dense, counts, cbase, order, period, inv, e);
            zeroAll(counts, cbase, zero);
            return;
        }
        // packet averages in index order (a host that turns wide at one continues in its overflow row)
        int widenAt = in ? EmaStep.packets(pk, pat, counts, cbase, order, 0, Layout.CLASSES, period, inv, e, zero) : -1;
        if (widenAt < 0 && out)
        {
            widenAt = EmaStep.packets(pk, pat, counts, cbase, order, Layout.CLASSES, BYTE_VALUES, period, inv, e, zero);
        }
        // then the flows in and out
        if (widenAt < 0 && in)
        {
            widenAt = EmaStep.packets(pk, pat, counts, cbase, order, BYTE_VALUES + Layout.IN,
                BYTE_VALUES + Layout.IN + 1, period, inv, e, zero);
        }
        if (widenAt < 0 && out)
        {
            widenAt = EmaStep.packets(pk, pat, counts, cbase, order, BYTE_VALUES + Layout.OUT,
                BYTE_VALUES + Layout.OUT + 1, period, inv, e, zero);
        }
        if (widenAt >= 0)
        {
            final long value = EmaStep.next(pk[pat + widenAt], counts[cbase + order[BYTE_VALUES + widenAt]], period,
                inv, e);
            widen(dense, counts, cbase, order, period, inv, e, widenAt, value);
            zeroAll(counts, cbase, zero);
        }
    }

    private static void zeroAll(final long[] counts, final int cbase, final boolean zero)
    {
        if (zero)
        {
            Arrays.fill(counts, cbase, cbase + BYTE_VALUES + COUNT_VALUES, 0L);
        }
    }

    private void emaWide(final int dense, final long[] counts, final int cbase, final int[] order,
        final double period, final double inv, final double e)
    {
        final int slot = wideSlot(dense);
        final int[] w = wide[slot >>> WIDE_SHIFT];
        final int wat = (slot & WIDE_MASK) * WIDE_STRIDE;
        long all = 0;
        for (int j = 0; j < COUNT_VALUES; j++)
        {
            final long count = counts[cbase + order[BYTE_VALUES + j]];
            final long prev = w[wat + j] & 0xFFFFFFFFL;
            final long value = count == 0 ? (long)(e * prev) : EmaStep.next(prev, count, period, inv, e);
            w[wat + j] = (int)value;
            all |= value;
        }
        if (all <= NARROW_MAX)
        {
            narrow(dense, w, wat);
        }
    }

    /**
     * The moving average over one interval without traffic, {@code avg = uint64(e * prev)}, for every value of a
     * host (averages tables only); a wide host whose packet and flow averages all fall below 65536 turns narrow.
     *
     * @param dense the host.
     * @param e     {@code exp(-period / average_calculation_time)}.
     * @return false when every average is now zero.
     */
    public boolean decay(final int dense, final double e)
    {
        final int[] row = rows[dense >>> CHUNK_SHIFT];
        final int at = base(dense);
        long all = 0;
        for (int i = 0; i < BYTE_VALUES; i++)
        {
            final int a = row[at + i];
            if (a != 0)
            {
                final long next = (long)(e * (a & 0xFFFFFFFFL));
                row[at + i] = (int)next;
                all |= next;
            }
        }
        if (!isWide(dense))
        {
            final char[] pk = packets[dense >>> CHUNK_SHIFT];
            final int pat = packetBase(dense);
            for (int j = 0; j < COUNT_VALUES; j++)
            {
                final int a = pk[pat + j];
                if (a != 0)
                {
                    final int next = (int)(e * a);
                    pk[pat + j] = (char)next;
                    all |= next;
                }
            }
            return all != 0;
        }
        final int slot = wideSlot(dense);
        final int[] w = wide[slot >>> WIDE_SHIFT];
        final int wat = (slot & WIDE_MASK) * WIDE_STRIDE;
        long counts = 0;
        for (int j = 0; j < COUNT_VALUES; j++)
        {
            final int a = w[wat + j];
            if (a != 0)
            {
                final long next = (long)(e * (a & 0xFFFFFFFFL));
                w[wat + j] = (int)next;
                counts |= next;
            }
        }
        if (counts <= NARROW_MAX)
        {
            narrow(dense, w, wat);
        }
        return (all | counts) != 0;
    }

    /**
     * Turn a host wide in the middle of {@link #ema}: its averages before {@code from} are updated, the one at
     * {@code from} is {@code value}, the others still to be updated.
     */
    private void widen(final int dense, final long[] counts, final int cbase, final int[] order,
        final double period, final double inv, final double e, final int from, final long value)
    {
        if (wideSize >>> WIDE_SHIFT == wideChunks)
        {
            if (wideChunks == wide.length)
            {
                wide = Arrays.copyOf(wide, wide.length * 2);
            }
            wide[wideChunks++] = new int[WIDE_CHUNK * WIDE_STRIDE];
        }
        final int slot = wideSize++;
        final int[] w = wide[slot >>> WIDE_SHIFT];
        final int wat = (slot & WIDE_MASK) * WIDE_STRIDE;
        final char[] pk = packets[dense >>> CHUNK_SHIFT];
        final int pat = packetBase(dense);
        for (int j = 0; j < COUNT_VALUES; j++)
        {
            final long prev = pk[pat + j];
            final long count = counts[cbase + order[BYTE_VALUES + j]];
            if (j < from)
            {
                w[wat + j] = (int)prev;
            }
            else if (j == from)
            {
                w[wat + j] = (int)value;
            }
            else
            {
                w[wat + j] = (int)(count == 0 ? (long)(e * prev) : EmaStep.next(prev, count, period, inv, e));
            }
        }
        w[wat + COUNT_VALUES] = dense;
        Arrays.fill(pk, pat, pat + COUNT_VALUES, (char)0);
        setWideSlot(dense, slot);
        flag(dense, true);
    }

    /** Move the (all below 65536) packet and flow averages of an overflow row back into the record. */
    private void narrow(final int dense, final int[] w, final int wat)
    {
        final int slot = wideSlot(dense);
        final char[] pk = packets[dense >>> CHUNK_SHIFT];
        final int pat = packetBase(dense);
        for (int j = 0; j < COUNT_VALUES; j++)
        {
            pk[pat + j] = (char)w[wat + j];
        }
        flag(dense, false);
        freeWide(slot);
    }

    private void freeWide(final int slot)
    {
        final int last = --wideSize;
        if (slot != last)
        {
            final int[] from = wide[last >>> WIDE_SHIFT];
            final int fromAt = (last & WIDE_MASK) * WIDE_STRIDE;
            System.arraycopy(from, fromAt, wide[slot >>> WIDE_SHIFT], (slot & WIDE_MASK) * WIDE_STRIDE, WIDE_STRIDE);
            setWideSlot(from[fromAt + COUNT_VALUES], slot);
        }
        // keep one spare chunk so a host crossing 65536 back and forth does not allocate every time
        while (wideChunks >= 2 && wideSize <= (wideChunks - 2) * WIDE_CHUNK)
        {
            wide[--wideChunks] = null;
        }
    }

    /** A wide host's packet averages slots hold the index of its overflow row, low half first. */
    private int wideSlot(final int dense)
    {
        final char[] pk = packets[dense >>> CHUNK_SHIFT];
        final int pat = packetBase(dense);
        return pk[pat] | (pk[pat + 1] << 16);
    }

    private void setWideSlot(final int dense, final int slot)
    {
        final char[] pk = packets[dense >>> CHUNK_SHIFT];
        final int pat = packetBase(dense);
        pk[pat] = (char)slot;
        pk[pat + 1] = (char)(slot >>> 16);
    }

    private void flag(final int dense, final boolean isWide)
    {
        final int[] row = rows[dense >>> CHUNK_SHIFT];
        final int at = flagsAt + ((dense & CHUNK_MASK) >>> 5);
        row[at] = isWide ? row[at] | (1 << dense) : row[at] & ~(1 << dense);
    }

    // ---------------------------------------------------------------------------------------------- keys

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
        final int d = index.homeDense(high, low);
        if (d < 0 || d >= size)
        {
            return d;
        }
        return d + rows[d >>> CHUNK_SHIFT][(d & CHUNK_MASK) * stride];
    }

    /**
     * Start fetching a host's record and packet averages (see {@link #touch(long, long)}).
     *
     * @param dense a host, or any value (nothing is read unless it is one).
     * @return a value of no meaning, to be folded into something the caller keeps.
     */
    public int touchRow(final int dense)
    {
        if (dense >= size)
        {
            return 0;
        }
        final int chunk = dense >>> CHUNK_SHIFT;
        final int packetValue = averages ? packets[chunk][packetBase(dense)] : 0;
        final int[] row = rows[chunk];
        final int at = (dense & CHUNK_MASK) * stride;
        // the record's first and last int: a record of 60 bytes (IPv4) mostly spans two cache lines
        return row[at] + row[at + stride - 1] + packetValue;
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index, or -1.
     */
    public int find(final long high, final long low)
    {
        return index.find(high, low);
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return the dense index (a new host starts with a zero row, narrow), or -1 when the table is full.
     */
    public int findOrInsert(final long high, final long low)
    {
        final int d = index.findOrAdd(high, low, size);
        if (d != size)
        {
            return d;
        }
        final int chunk = d >>> CHUNK_SHIFT;
        if (chunk == chunks)
        {
            addChunk();
        }
        size++;
        setKey(d, high, low);
        final int base = base(d);
        Arrays.fill(rows[chunk], base, base + rowInts, 0);
        if (averages)
        {
            final int pat = packetBase(d);
            Arrays.fill(packets[chunk], pat, pat + COUNT_VALUES, (char)0);
        }
        return d;
    }

    /**
     * Remove a host; the last host moves to its dense index.
     *
     * @param dense the host.
     */
    public void remove(final int dense)
    {
        final int last = size - 1;
        index.remove(dense, last);
        if (isWide(dense))
        {
            freeWide(wideSlot(dense));
            flag(dense, false);
        }
        if (dense != last)
        {
            System.arraycopy(rows[last >>> CHUNK_SHIFT], (last & CHUNK_MASK) * stride, rows[dense >>> CHUNK_SHIFT],
                (dense & CHUNK_MASK) * stride, stride);
            if (averages)
            {
                System.arraycopy(packets[last >>> CHUNK_SHIFT], packetBase(last), packets[dense >>> CHUNK_SHIFT],
                    packetBase(dense), COUNT_VALUES);
                if (isWide(last))
                {
                    flag(last, false);
                    flag(dense, true);
                    final int slot = wideSlot(dense);
                    wide[slot >>> WIDE_SHIFT][(slot & WIDE_MASK) * WIDE_STRIDE + COUNT_VALUES] = dense;
                }
            }
        }
        size = last;
        // keep one spare chunk so a host count oscillating at a boundary does not allocate every time
        while (chunks >= 2 && size <= (chunks - 2) * CHUNK)
        {
            chunks--;
            rows[chunks] = null;
            if (averages)
            {
                packets[chunks] = null;
            }
        }
        index.fit(size);
    }

    /**
     * @return the index's total distance of entries from their home slots (for tests).
     */
    long indexDisplacement()
    {
        return index.totalDisplacement();
    }

    /**
     * @return bytes held by this table's arrays (index, records, flags and overflow rows; pointer arrays at 4 bytes
     *     a reference; array headers not counted).
     */
    public long memoryBytes()
    {
        return index.memoryBytes() + (long)chunks * chunkInts * 4 + (long)rows.length * 4 +
            (averages ? (long)chunks * CHUNK * COUNT_VALUES * 2 + (long)packets.length * 4 : 0) +
            (long)wideChunks * WIDE_CHUNK * WIDE_STRIDE * 4 + (long)wide.length * 4;
    }

    /**
     * @param d    a host.
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @return true when the host's key is this one.
     */
    boolean matches(final int d, final long high, final long low)
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
            if (averages)
            {
                packets = Arrays.copyOf(packets, n);
            }
        }
        rows[chunks] = new int[chunkInts];
        if (averages)
        {
            packets[chunks] = new char[CHUNK * COUNT_VALUES];
        }
        chunks++;
    }
}
