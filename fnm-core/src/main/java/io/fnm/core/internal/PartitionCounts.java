package io.fnm.core.internal;

import java.util.Arrays;

/**
 * One interval's raw counts of one counting {@link Partition}: per-host rows (IPv4 and IPv6) of the hosts that hash
 * to it, their distinct flows, per-network rows (indexed by the {@link EngineView} they were counted under), and the
 * totals per IP version and direction of the records it counted. Owned by one thread at a time (whoever holds the
 * partition); the tick swaps a zeroed instance in and reads the full one, with no merge: a host has one row. The
 * host tables may keep their hosts, with zero counts, from one use of the instance to the next (see {@link HostCounts}
 * and {@link #clear()}).
 * <p>
 * <b>A full table.</b> The host tables hold at most {@code max_tracked_hosts} hosts each; a spray of new (spoofed)
 * hosts can fill them early in an interval, and a flood against a host that arrives later must still be counted. The
 * records of a host without a row are counted (packets only) in a small count-min sketch ({@value #SKETCH_DEPTH}
 * rows of {@value #SKETCH_WIDTH} saturating counters, conservative update, one hash per record): once the sketch's
 * estimate for the host reaches {@link EngineView#hotPacketsPerInterval()} (half the lowest rate at which a banning
 * threshold fires), the host gets a row in a small overflow table ({@value #OVERFLOW_HOSTS} hosts per IP version,
 * allocated up front) that counts the rest of its interval exactly, flows included. The tick reads the overflow rows
 * like the others. So a record of an untracked host costs one hash, four counter reads and writes and an overflow
 * lookup: no allocation, no lock, constant; what a host sent before its promotion is not in its row (at most the
 * hot bound). Memory: {@value #SKETCH_DEPTH} × {@value #SKETCH_WIDTH} × 4 B = 32 KiB of sketch and ~34 KiB of overflow
 * rows per instance (two per partition).
 */
public final class PartitionCounts
{
    /** Records whose host rows are fetched together before they are updated (memory-level parallelism). */
    private static final int STAGE = 16;
    /** Hosts in a table below which rows fit in cache and staging would only cost. */
    private static final int STAGE_MIN_HOSTS = 1 << 14;

    /** Hosts per IP version counted exactly once their untracked traffic made them hot. */
    static final int OVERFLOW_HOSTS = 64;
    /** Rows of the sketch of untracked hosts' packets. */
    static final int SKETCH_DEPTH = 4;
    /** Counters per row of the sketch (a power of two). */
    static final int SKETCH_WIDTH = 1 << 11;

    /** Meta bits of TCP, UDP and ICMP, shifted down to 1, 2 and 4. */
    private static final int CLASS_SHIFT = Long.numberOfTrailingZeros(RecordBatch.TCP);
    private static final int SYN_SHIFT = Long.numberOfTrailingZeros(RecordBatch.SYN);
    /** By meta's protocol bits: the offset of their class in a direction's values of a {@link Layout} row. */
    private static final int[] CLASS_OFFSET = {0, Layout.TCP * 2, Layout.UDP * 2, 0, Layout.ICMP * 2, 0, 0, 0};
    /** By meta's protocol bits: the offset of their class in a host row's class line (TCP, UDP, ICMP, SYN). */
    private static final int[] HOST_CLASS_OFFSET = {0, 0, 2, 0, 4, 0, 0, 0};
    /** By meta's protocol bits: all ones when they name one class, else zero (the record adds zero to a class). */
    private static final long[] CLASS_MASK = {0, -1, -1, 0, -1, 0, 0, 0};
    /** Offset of SYN in a host row's class line. */
    private static final int SYN_IN_LINE = 6;

    final HostCounts ipv4;
    final HostCounts ipv6;
    final HostCounts overflow4 = new HostCounts(false, OVERFLOW_HOSTS);
    final HostCounts overflow6 = new HostCounts(true, OVERFLOW_HOSTS);
    private final int[] sketch = new int[SKETCH_DEPTH * SKETCH_WIDTH];
    private boolean sketchUsed;
    final FlowCounter flows = new FlowCounter();
    final long[] totals = new long[2 * Layout.TOTAL_STRIDE];
    long[] networks;
    EngineView view;
    /** Records of hosts without a row (neither in the host table nor in the overflow table). */
    long untrackedRecords;
    /** Hosts given an overflow row this interval. */
    long promotedHosts;
    boolean hasData;
    /** Folds the values {@link HostCounts#touch} returns so the loads are not dead code. */
    int touchSink;

    /**
     * @param view     the view to count networks under.
     * @param maxHosts most hosts per IP version.
     */
    public PartitionCounts(final EngineView view, final int maxHosts)
    {
        this.ipv4 = new HostCounts(false, maxHosts);
        this.ipv6 = new HostCounts(true, maxHosts);
        this.view = view;
        this.networks = new long[view.networks().prefixes().size() * Layout.NETWORK_STRIDE];
    }

    /**
     * @param ipv6Table true for IPv6.
     * @return that version's host table.
     */
    public HostCounts hosts(final boolean ipv6Table)
    {
        return ipv6Table ? ipv6 : ipv4;
    }

    /**
     * @param ipv6Table true for IPv6.
     * @return that version's overflow table: hosts the host table had no room for whose traffic made them hot.
     */
    public HostCounts overflow(final boolean ipv6Table)
    {
        return ipv6Table ? overflow6 : overflow4;
    }

    /**
     * @return bytes held by the host tables, the overflow tables, the sketch and the flow set.
     */
    long memoryBytes()
    {
        return ipv4.memoryBytes() + ipv6.memoryBytes() + overflow4.memoryBytes() + overflow6.memoryBytes() +
            (long)sketch.length * 4 + flows.memoryBytes();
    }

    /**
     * Re-index the per-network rows for another view: rows of prefixes still listed move, others are dropped
     * (allocates; only after a reload).
     *
     * @param newView the view to count under from now on.
     */
    public void remap(final EngineView newView)
    {
        final long[] remapped = new long[newView.networks().prefixes().size() * Layout.NETWORK_STRIDE];
        if (hasData)
        {
            for (int i = 0; i < view.networks().prefixes().size(); i++)
            {
                final int to = newView.networkIndex(view.networks().prefix(i));
                if (to < 0)
                {
                    // a network no longer listed: its records stay in the totals
                    foldIntoTotals(i);
                }
                else
                {
                    for (int k = 0; k < Layout.NETWORK_STRIDE; k++)
                    {
                        remapped[to * Layout.NETWORK_STRIDE + k] += networks[i * Layout.NETWORK_STRIDE + k];
                    }
                }
            }
        }
        networks = remapped;
        view = newView;
    }

    /**
     * Forget every count (and the hosts, unless their reader {@link HostCounts#retainHosts() retained} them).
     */
    public void clear()
    {
        ipv4.endInterval();
        ipv6.endInterval();
        if (!hasData)
        {
            return;
        }
        flows.clear();
        Arrays.fill(totals, 0L);
        Arrays.fill(networks, 0L);
        untrackedRecords = 0;
        promotedHosts = 0;
        overflow4.clear();
        overflow6.clear();
        if (sketchUsed)
        {
            Arrays.fill(sketch, 0);
            sketchUsed = false;
        }
        hasData = false;
    }

    /**
     * Count a batch of records (the caller holds the partition).
     *
     * @param batch the records.
     */
    void count(final RecordBatch batch)
    {
        final int n = batch.size;
        if (n == 0)
        {
            return;
        }
        boolean translate = false;
        if (batch.view != view)
        {
            if (batch.view.generation() > view.generation())
            {
                remap(batch.view);
            }
            else
            {
                translate = true;
            }
        }
        hasData = true;
        final long[] d = batch.data;
        final boolean stage = ipv4.size() >= STAGE_MIN_HOSTS || ipv6.size() >= STAGE_MIN_HOSTS;
        for (int from = 0; from < n; from += STAGE)
        {
            final int to = Math.min(n, from + STAGE);
            if (stage)
            {
                int touchedValue = 0;
                for (int j = from; j < to; j++)
                {
                    final int at = j * RecordBatch.STRIDE;
                    final long meta = d[at + 5];
                    if ((meta & 2) == 0)
                    {
                        touchedValue += hosts((meta & RecordBatch.V6) != 0).touch(d[at + 6],
                            HostCounts.CLASS_LINE + (int)(meta & 1) * 8);
                        if ((meta & RecordBatch.FLOW) != 0)
                        {
                            touchedValue += flows.touch(d[at + 4]);
                        }
                    }
                }
                touchSink += touchedValue;
            }
            for (int j = from; j < to; j++)
            {
                countRecord(d, j * RecordBatch.STRIDE, translate ? batch.view : null);
            }
        }
    }

    private void countRecord(final long[] d, final int at, final EngineView translateFrom)
    {
        final long packets = d[at + 2];
        final long bytes = d[at + 3];
        final long meta = d[at + 5];
        final int direction = (int)(meta & RecordBatch.DIRECTION_MASK);
        final boolean v6 = (meta & RecordBatch.V6) != 0;
        final int total = (v6 ? Layout.TOTAL_STRIDE : 0) + direction * Layout.PER_DIRECTION;
        if (direction > Layout.OUT)
        {
            add(totals, total, packets, bytes, meta);
            return;
        }
        int net = (int)(meta >>> RecordBatch.NETWORK_SHIFT);
        if (translateFrom != null)
        {
            net = view.networkIndex(translateFrom.networks().prefix(net));
        }
        if (net >= 0)
        {
            // the totals of incoming and outgoing records are their networks' sum, folded in by finish()
            add(networks, net * Layout.NETWORK_STRIDE + direction * Layout.PER_DIRECTION, packets, bytes, meta);
        }
        else
        {
            add(totals, total, packets, bytes, meta);
        }
        HostCounts hosts = v6 ? ipv6 : ipv4;
        int host = hosts.findOrInsert(d[at], d[at + 1], d[at + 6]);
        if (host < 0)
        {
            hosts = v6 ? overflow6 : overflow4;
            host = overflowRow(hosts, d[at], d[at + 1], packets);
            if (host < 0)
            {
                untrackedRecords++;
                return;
            }
        }
        final int base = hosts.countsBase(host);
        addHost(hosts.rows(), base, direction, packets, bytes, meta);
        if ((meta & RecordBatch.FLOW) != 0)
        {
            flows.count(hosts, base + direction, d[at + 4]);
        }
    }

    /**
     * The overflow row of a host the host table has no room for: found, or entered now that the sketch's estimate
     * of its packets reached the hot bound (when the overflow table has room).
     *
     * @return the host's overflow row, or -1 (the record stays untracked).
     */
    private int overflowRow(final HostCounts overflow, final long high, final long low, final long packets)
    {
        if (overflow.size() != 0)
        {
            final int row = overflow.find(high, low);
            if (row >= 0)
            {
                return row;
            }
        }
        final long hot = view.hotPacketsPerInterval();
        if (hot == EngineView.OFF || sketchAdd(high, low, packets) < hot || overflow.size() >= OVERFLOW_HOSTS)
        {
            return -1;
        }
        promotedHosts++;
        return overflow.findOrInsert(high, low);
    }

    /**
     * Add a host's packets to the count-min sketch (conservative update: only the counters at the minimum grow).
     *
     * @return the sketch's estimate of the host's packets in this interval, after this record.
     */
    private long sketchAdd(final long high, final long low, final long packets)
    {
        sketchUsed = true;
        final long hash = Layout.mix(high * 0xC2B2AE3D27D4EB4FL + low + 0x165667B19E3779F9L);
        final int[] counters = sketch;
        int min = Integer.MAX_VALUE;
        for (int r = 0; r < SKETCH_DEPTH; r++)
        {
            min = Math.min(min, counters[sketchSlot(hash, r)]);
        }
        final int estimate = (int)Math.min(Integer.MAX_VALUE, min + Math.max(0, packets));
        for (int r = 0; r < SKETCH_DEPTH; r++)
        {
            final int slot = sketchSlot(hash, r);
            if (counters[slot] < estimate)
            {
                counters[slot] = estimate;
            }
        }
        return estimate;
    }

    private static int sketchSlot(final long hash, final int row)
    {
        return row * SKETCH_WIDTH + ((int)(hash >>> (row * 16)) & (SKETCH_WIDTH - 1));
    }

    /**
     * Complete the interval's counts; tick only, after the partition was taken, once: the flows become per-host counts
     * in the rows, and the network rows are added to the totals of their IP version (a record of a local host is
     * counted in its network's row only; see {@link #countRecord}).
     */
    void finish()
    {
        flows.finish();
        if (!hasData)
        {
            return;
        }
        for (int i = 0; i < networks.length / Layout.NETWORK_STRIDE; i++)
        {
            foldIntoTotals(i);
        }
    }

    /**
     * Add network {@code i}'s row to the totals of its IP version (IN and OUT are at the same offsets in both).
     */
    private void foldIntoTotals(final int i)
    {
        final int from = i * Layout.NETWORK_STRIDE;
        final int to = view.networks().prefix(i).isIpv4() ? 0 : Layout.TOTAL_STRIDE;
        for (int k = 0; k < Layout.NETWORK_STRIDE; k++)
        {
            totals[to + k] += networks[from + k];
        }
    }

    /**
     * Add a record to a {@link Layout} row (totals, networks) from its direction's values.
     */
    private static void add(final long[] row, final int base, final long packets, final long bytes, final long meta)
    {
        row[base] += packets;
        row[base + 1] += bytes;
        addClasses(row, base, CLASS_OFFSET, base + Layout.SYN * 2, packets, bytes, meta);
        if ((meta & (RecordBatch.FRAG | RecordBatch.DROPPED)) != 0)
        {
            addRare(row, base + Layout.FRAG * 2, base + Layout.DROPPED * 2, packets, bytes, meta);
        }
    }

    /**
     * {@link #add} for a host row, in {@link HostCounts}' row order (two cache lines per record).
     */
    private static void addHost(final long[] row, final int base, final int direction, final long packets,
        final long bytes, final long meta)
    {
        final int total = base + HostCounts.TOTALS + direction * 2;
        row[total] += packets;
        row[total + 1] += bytes;
        final int line = base + HostCounts.CLASS_LINE + direction * 8;
        addClasses(row, line, HOST_CLASS_OFFSET, line + SYN_IN_LINE, packets, bytes, meta);
        if ((meta & (RecordBatch.FRAG | RecordBatch.DROPPED)) != 0)
        {
            final int rare = base + HostCounts.RARE_LINE + direction * 4;
            addRare(row, rare, rare + 2, packets, bytes, meta);
        }
    }

    /**
     * The protocol class and SYN, without branches (a mix of TCP and UDP records would mispredict about every other
     * one): the class's offset from {@code classes} comes from a table indexed by the TCP, UDP and ICMP bits, and a
     * record without one (or without SYN) adds zero.
     */
    private static void addClasses(final long[] row, final int classes, final int[] offsets, final int syn,
        final long packets, final long bytes, final long meta)
    {
        final int protocol = (int)(meta >>> CLASS_SHIFT) & 7;
        final int at = classes + offsets[protocol];
        final long inClass = CLASS_MASK[protocol];
        row[at] += packets & inClass;
        row[at + 1] += bytes & inClass;
        final long isSyn = -((meta & RecordBatch.SYN) >>> SYN_SHIFT);
        row[syn] += packets & isSyn;
        row[syn + 1] += bytes & isSyn;
    }

    private static void addRare(final long[] row, final int frag, final int dropped, final long packets,
        final long bytes, final long meta)
    {
        if ((meta & RecordBatch.FRAG) != 0)
        {
            row[frag] += packets;
            row[frag + 1] += bytes;
        }
        if ((meta & RecordBatch.DROPPED) != 0)
        {
            row[dropped] += packets;
            row[dropped + 1] += bytes;
        }
    }
}
