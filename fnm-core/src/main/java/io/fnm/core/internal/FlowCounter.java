package io.fnm.core.internal;

import java.util.Arrays;

/**
 * The distinct flows of one interval in one counting partition, per host and direction, in bounded memory, such
 * that no host's traffic can change another host's count.
 * <p>
 * <b>Exact, then sketched.</b> A flow is (local host, direction, remote address, source port, destination port,
 * protocol) hashed to 64 bits ({@link CaptureSink}); the exact set keeps 32 of them per flow (half the memory of
 * the whole hash, so more of the set stays in cache: about 7% more records per CPU-second in the whole-process
 * benchmark), so two distinct flows are taken for one about n²/2^33 times per interval (a relative error below
 * 10^-4 at 500 000 flows). Each host and direction counts its first {@link #EXACT_PER_HOST} distinct
 * flows exactly: the fingerprints go into one open-addressing set per partition (grown on demand up to
 * {@link #MAX_EXACT} entries, kept across ticks) and the host's row counts each new one. A host and direction
 * past that bound (a random-port flood, a busy server) is promoted to a HyperLogLog sketch of its own
 * (2^{@value #SKETCH_BITS} one-byte registers, 16 KiB, from a pool of {@link #MAX_SKETCHES} per partition allocated
 * on first use and reused) that takes the flows not already in the exact set; at the tick the host's flows are
 * the exact count plus the sketch's estimate. The estimate uses linear counting while it is below 2.5 × 2^14 flows
 * (relative standard error ≈ 0.6% at 6 000 flows) and HyperLogLog's 1.04/√2^14 ≈ 0.81% above; so a host with
 * 10 000 distinct flows reads within 2% with a large margin, and any host below the exact bound reads exactly.
 * <p>
 * <b>Degradation.</b> Only the host that needs more memory degrades, and never by counting a flow seen again. Once
 * the exact set is at {@link #MAX_EXACT} (flows of many hosts, each below its exact bound: a random-port carpet over
 * a whole prefix), a host's flows that the set cannot take set one of its own 64 bits per direction
 * ({@link HostCounts#flowBits}, zeroed each interval) and its count grows by the linear-counting estimate's step, so
 * a host with a few dozen new flows reads within about 10-15 % of them instead of counting every record (a host with
 * 40 flows seen 50 times each: 40 ± 14 where counting records read 2 000; {@code FlowCounterTest}); the sketches
 * stay for hosts past their exact bound. A host whose 64 bits are all set (a few hundred flows) goes on to a sketch
 * (its flows already in the bits may count twice), and a host that finds neither a sketch nor room counts each record
 * not in the exact set as a new flow: an over-estimate of that host only, until the next tick.
 */
final class FlowCounter
{
    /** Distinct flows counted exactly per host and direction before the host gets a sketch. */
    static final int EXACT_PER_HOST = 4096;
    /** Most flow hashes held exactly per partition and interval. */
    static final int MAX_EXACT = 1 << 19;
    /** Sketches per partition. */
    static final int MAX_SKETCHES = 64;
    /** log2 of the registers per sketch. */
    static final int SKETCH_BITS = 14;

    private static final int INITIAL_SLOTS = 1 << 12;
    private static final int REGISTERS = 1 << SKETCH_BITS;
    /** Row word layout while counting: exact count in the low bits, sketch index + 1 above. */
    private static final int SKETCH_SHIFT = 40;
    private static final long EXACT_MASK = (1L << SKETCH_SHIFT) - 1;
    private static final long[] BIT_STEP = bitSteps();

    private int[] hashes = new int[INITIAL_SLOTS];
    private int[] usedSlots = new int[INITIAL_SLOTS / 2];
    private int mask = INITIAL_SLOTS - 1;
    private int size;
    private final byte[][] sketches = new byte[MAX_SKETCHES][];
    private final HostCounts[] sketchTable = new HostCounts[MAX_SKETCHES];
    private final int[] sketchWord = new int[MAX_SKETCHES];
    private int sketchesUsed;

    /**
     * Count one flow of a host.
     *
     * @param hosts the host's table.
     * @param word  index in {@code hosts.rows()} of the host's {@link Layout#FLOWS_IN} or {@link Layout#FLOWS_OUT}.
     * @param hash  the flow hash.
     */
    void count(final HostCounts hosts, final int word, final long hash)
    {
        final long[] rows = hosts.rows();
        final long value = rows[word];
        final int sketch = (int)(value >>> SKETCH_SHIFT) - 1;
        final long h = hash == 0 ? 1 : hash;
        if (sketch >= 0)
        {
            if (!contains(h))
            {
                add(sketches[sketch], h);
            }
            return;
        }
        if ((value & EXACT_MASK) < EXACT_PER_HOST)
        {
            final int added = insert(h);
            if (added > 0)
            {
                rows[word] = value + 1;
                return;
            }
            if (added == 0 || countInBits(hosts, rows, word, value, h))
            {
                return;
            }
        }
        else if (contains(h))
        {
            return;
        }
        final int promoted = promote(hosts, word);
        if (promoted < 0)
        {
            rows[word] = value + 1;
            return;
        }
        rows[word] = value | ((long)(promoted + 1) << SKETCH_SHIFT);
        add(sketches[promoted], h);
    }

    /**
     * A flow of a host below its exact bound that the full exact set cannot take: counted in the host's own 64 bits
     * (linear counting: the row grows by the estimate's step when a bit is first set, so a flow seen again adds
     * nothing). A host whose 64 bits are all set goes on to a sketch, or else counts each record.
     *
     * @return true when counted here.
     */
    private static boolean countInBits(final HostCounts hosts, final long[] rows, final int word, final long value,
        final long h)
    {
        final long bits = hosts.flowBits(word);
        if (bits == -1L)
        {
            return false;
        }
        final long bit = 1L << (h >>> 58);
        if ((bits & bit) == 0)
        {
            hosts.flowBits(word, bits | bit);
            rows[word] = value + BIT_STEP[Long.bitCount(bits)];
        }
        return true;
    }

    /**
     * By bits already set: what setting one more adds to the linear-counting estimate {@code round(64 ln(64 / z))}
     * of 64 bits with {@code z} zero (the last bit, whose estimate is unbounded, adds as much as the one before).
     */
    private static long[] bitSteps()
    {
        final long[] steps = new long[Long.SIZE];
        long previous = 0;
        for (int set = 0; set < Long.SIZE - 1; set++)
        {
            final long estimate = Math.round(Long.SIZE * Math.log((double)Long.SIZE / (Long.SIZE - set - 1)));
            steps[set] = estimate - previous;
            previous = estimate;
        }
        steps[Long.SIZE - 1] = steps[Long.SIZE - 2];
        return steps;
    }

    /**
     * Start fetching the exact set's slot of a flow, ahead of {@link #count} (memory-level parallelism).
     *
     * @param hash the flow hash.
     * @return a value of no meaning, to be folded into something the caller keeps.
     */
    int touch(final long hash)
    {
        return hashes[slot(hash == 0 ? 1 : hash)];
    }

    /**
     * Put each sketched host's estimate into its row (exact count + estimate); tick only, before the rows are read.
     */
    void finish()
    {
        for (int s = 0; s < sketchesUsed; s++)
        {
            final long[] rows = sketchTable[s].rows();
            final int word = sketchWord[s];
            rows[word] = (rows[word] & EXACT_MASK) + estimate(sketches[s]);
        }
    }

    /**
     * Forget every flow; keeps the memory.
     */
    void clear()
    {
        if (size * 8 < hashes.length)
        {
            for (int i = 0; i < size; i++)
            {
                hashes[usedSlots[i]] = 0;
            }
        }
        else
        {
            Arrays.fill(hashes, 0);
        }
        size = 0;
        for (int s = 0; s < sketchesUsed; s++)
        {
            Arrays.fill(sketches[s], (byte)0);
            sketchTable[s] = null;
        }
        sketchesUsed = 0;
    }

    /**
     * @return flow hashes held exactly (for tests and sizing).
     */
    int exactSize()
    {
        return size;
    }

    /**
     * @return hosts and directions counted by a sketch this interval.
     */
    int sketchesUsed()
    {
        return sketchesUsed;
    }

    /**
     * @return bytes held.
     */
    long memoryBytes()
    {
        long bytes = hashes.length * 4L + usedSlots.length * 4L;
        for (final byte[] sketch : sketches)
        {
            bytes += sketch == null ? 0 : sketch.length;
        }
        return bytes;
    }

    /**
     * @return 1 when added, 0 when present, -1 when the set is at its bound.
     */
    private int insert(final long h)
    {
        final int fingerprint = fingerprint(h);
        int slot = slot(h);
        while (true)
        {
            final int existing = hashes[slot];
            if (existing == 0)
            {
                break;
            }
            if (existing == fingerprint)
            {
                return 0;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= MAX_EXACT)
        {
            return -1;
        }
        if ((size + 1) * 2 > hashes.length)
        {
            grow();
            return insert(h);
        }
        hashes[slot] = fingerprint;
        usedSlots[size++] = slot;
        return 1;
    }

    private boolean contains(final long h)
    {
        final int fingerprint = fingerprint(h);
        int slot = slot(h);
        while (true)
        {
            final int existing = hashes[slot];
            if (existing == fingerprint)
            {
                return true;
            }
            if (existing == 0)
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int slot(final long h)
    {
        return fingerprint(h) & mask;
    }

    /**
     * The 32 bits kept per flow: the hash's high half (never 0). The slot is taken from them too, so the set can grow
     * without the full hashes; two distinct flows are taken for one when their 32 bits are equal: about n²/2^33
     * times per interval (0.03 for 10 000 flows, 29 for 500 000: a relative error below 10^-4).
     */
    private static int fingerprint(final long h)
    {
        final int fingerprint = (int)(h >>> 32);
        return fingerprint == 0 ? 1 : fingerprint;
    }

    /** Double the set (allocates; at most log2(MAX_EXACT / INITIAL) times over the partition's life). */
    private void grow()
    {
        final int[] old = hashes;
        hashes = new int[old.length * 2];
        usedSlots = new int[hashes.length / 2];
        mask = hashes.length - 1;
        final int n = size;
        size = 0;
        for (final int fingerprint : old)
        {
            if (fingerprint != 0)
            {
                int slot = fingerprint & mask;
                while (hashes[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = fingerprint;
                usedSlots[size++] = slot;
            }
        }
        assert size == n;
    }

    private int promote(final HostCounts hosts, final int word)
    {
        if (sketchesUsed == MAX_SKETCHES)
        {
            return -1;
        }
        final int s = sketchesUsed++;
        if (sketches[s] == null)
        {
            sketches[s] = new byte[REGISTERS];
        }
        sketchTable[s] = hosts;
        sketchWord[s] = word;
        return s;
    }

    /**
     * @param registers a sketch.
     * @param h         a well-mixed hash.
     */
    static void add(final byte[] registers, final long h)
    {
        final int index = (int)(h >>> (64 - SKETCH_BITS));
        final int rank = Long.numberOfLeadingZeros((h << SKETCH_BITS) | (1L << (SKETCH_BITS - 1))) + 1;
        if (rank > registers[index])
        {
            registers[index] = (byte)rank;
        }
    }

    /**
     * @param registers a sketch.
     * @return the distinct hashes added, estimated: linear counting in the small range, HyperLogLog above.
     */
    static long estimate(final byte[] registers)
    {
        final int m = registers.length;
        double sum = 0;
        int zeros = 0;
        for (final byte r : registers)
        {
            sum += Double.longBitsToDouble((1023L - r) << 52);
            if (r == 0)
            {
                zeros++;
            }
        }
        final double alpha = 0.7213 / (1 + 1.079 / m);
        final double raw = alpha * m * (double)m / sum;
        if (raw <= 2.5 * m && zeros > 0)
        {
            return Math.round(m * Math.log((double)m / zeros));
        }
        return Math.round(raw);
    }
}
