package io.fnm.core.internal;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.TrafficFilter;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink of one capture thread: counts into a private {@link ShardCounts} with no lock or CAS per record.
 * <p>
 * <b>Hand-over to the tick.</b> The shard's state is FREE, WRITING or TICKING. The writer takes it (one CAS
 * FREE→WRITING) at its first record after a release, keeps it for up to {@link #HOLD_RECORDS} records, and releases
 * it (an ordered store) on {@link #flush()}, after {@link #HOLD_RECORDS} records, or as soon as it sees the engine's
 * volatile "tick requested" flag after a record. The tick CASes FREE→TICKING, swaps in a clean counts object,
 * and sets FREE: the release/acquire pair orders every count before the tick reads it. A writer that holds the
 * shard past the tick's bounded wait (a thread that stopped without {@code flush()}) is skipped for that tick; its
 * counts go in the next one.
 * <p>
 * <b>Batching.</b> Totals and networks are counted at once. Once a host table outgrows the cache
 * ({@link #STAGE_MIN_HOSTS}), host rows are counted in batches of {@link #STAGE} records (always before the shard is
 * released), so the cache misses of a batch's random hosts overlap.
 * <p>
 * <b>Retirement.</b> A shard that had no data for {@link #RETIRE_TICKS} ticks, or whose sink was closed and has
 * been drained, is retired by the tick (while it holds the shard): the engine drops it from its list, folds its
 * counters into the per-source totals and the shard drops its counts, so a source that restarts its threads does not
 * leak a shard per thread. A retired shard that receives a record again allocates fresh counts and registers again
 * (on the writer's thread, once).
 */
public final class Shard implements TrafficSink
{
    /** Records a writer keeps the shard for without a release. */
    public static final int HOLD_RECORDS = 4096;
    /** Ticks without data after which a shard is retired. */
    public static final int RETIRE_TICKS = 60;

    /** Host updates staged before they are counted together (see {@link #drain}). */
    private static final int STAGE = 16;
    /** Hosts in a table below which rows are counted at once (they fit in cache, staging would only cost). */
    private static final int STAGE_MIN_HOSTS = 1 << 14;
    private static final int STAGED_V6 = 2;
    private static final int STAGED_TCP = 4;
    private static final int STAGED_UDP = 8;
    private static final int STAGED_ICMP = 16;
    private static final int STAGED_SYN = 32;
    private static final int STAGED_FRAG = 64;
    private static final int STAGED_DROPPED = 128;
    private static final int STAGED_FLOW = 256;

    private static final int FREE = 0;
    private static final int WRITING = 1;
    private static final int TICKING = 2;

    private final String name;
    private final EngineCore engine;
    private final AtomicInteger state = new AtomicInteger(FREE);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong filterErrors = new AtomicLong();
    private final AtomicLong unknownVersion = new AtomicLong();
    private final long[] stagedHigh = new long[STAGE];
    private final long[] stagedLow = new long[STAGE];
    private final long[] stagedPackets = new long[STAGE];
    private final long[] stagedBytes = new long[STAGE];
    private final long[] stagedFlow = new long[STAGE];
    private final int[] stagedMeta = new int[STAGE];
    private int staged;
    private int touchSink;
    private volatile boolean closeRequested;
    private ShardCounts counts;
    private ShardCounts writing;
    private int idleTicks;
    long baseProcessed;
    long baseFiltered;
    long baseFilterErrors;
    long baseUnknownVersion;
    private int held;
    private long processedLocal;

    Shard(final String name, final EngineCore engine, final ShardCounts counts)
    {
        this.name = name;
        this.engine = engine;
        this.counts = counts;
    }

    /**
     * @return the sink's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return records accepted (counted, filtered or of unknown version).
     */
    public long processed()
    {
        return processed.get();
    }

    /**
     * @return records dropped by a filter.
     */
    public long filtered()
    {
        return filtered.get();
    }

    /**
     * @return filter calls that threw (the record was kept).
     */
    public long filterErrors()
    {
        return filterErrors.get();
    }

    /**
     * @return records with neither IPv4 nor IPv6 addresses.
     */
    public long unknownVersion()
    {
        return unknownVersion.get();
    }

    @Override
    public void accept(final TrafficRecord record)
    {
        processed.lazySet(++processedLocal);
        final EngineView view = engine.view;
        final int version = record.ipVersion();
        final boolean v6;
        final long srcHigh;
        final long srcLow;
        final long dstHigh;
        final long dstLow;
        final int srcNet;
        final int dstNet;
        if (version == TrafficRecord.IPV4)
        {
            v6 = false;
            srcHigh = 0;
            dstHigh = 0;
            srcLow = record.srcIpv4() & 0xFFFFFFFFL;
            dstLow = record.dstIpv4() & 0xFFFFFFFFL;
            srcNet = view.networks().lookupIpv4(record.srcIpv4());
            dstNet = view.networks().lookupIpv4(record.dstIpv4());
        }
        else if (version == TrafficRecord.IPV6)
        {
            v6 = true;
            srcHigh = record.srcIpv6High();
            srcLow = record.srcIpv6Low();
            dstHigh = record.dstIpv6High();
            dstLow = record.dstIpv6Low();
            srcNet = view.networks().lookupIpv6(srcHigh, srcLow);
            dstNet = view.networks().lookupIpv6(dstHigh, dstLow);
        }
        else
        {
            unknownVersion.lazySet(unknownVersion.get() + 1);
            return;
        }
        final int direction;
        if (srcNet >= 0)
        {
            direction = dstNet >= 0 ? Layout.INTERNAL : Layout.OUT;
        }
        else
        {
            direction = dstNet >= 0 ? Layout.IN : Layout.OTHER;
        }
        if ((direction == Layout.IN && !view.processIncoming()) || (direction == Layout.OUT && !view.processOutgoing()))
        {
            return;
        }
        final TrafficFilter[] filters = engine.filters;
        for (int i = 0; i < filters.length; i++)
        {
            boolean keep = true;
            try
            {
                keep = filters[i].keep(record);
            }
            catch (final RuntimeException ex)
            {
                filterErrors.lazySet(filterErrors.get() + 1);
            }
            if (!keep)
            {
                filtered.lazySet(filtered.get() + 1);
                return;
            }
        }

        final long ratio = record.samplingRatio();
        final long packets = saturatingMultiply(record.packets(), ratio);
        final long bytes = saturatingMultiply(record.bytes(), ratio);
        final int protocol = record.protocol();
        final boolean tcp = protocol == TrafficRecord.PROTOCOL_TCP;
        final boolean udp = protocol == TrafficRecord.PROTOCOL_UDP;
        final boolean icmp = protocol == (v6 ? TrafficRecord.PROTOCOL_ICMPV6 : TrafficRecord.PROTOCOL_ICMP);
        final boolean syn = tcp && (record.tcpFlags() & TrafficRecord.TCP_SYN) != 0;
        final boolean fragment = record.fragmented();
        final boolean dropped = record.dropped();

        ShardCounts c = writing;
        if (c == null)
        {
            c = acquire();
        }
        if (c.view != view)
        {
            c.remap(view);
        }
        c.hasData = true;
        add(c.totals, (v6 ? Layout.TOTAL_STRIDE : 0) + direction * Layout.PER_DIRECTION,
            packets, bytes, tcp, udp, icmp, syn, fragment, dropped);
        if (direction == Layout.IN || direction == Layout.OUT)
        {
            final int d = direction;
            final int net = d == Layout.IN ? dstNet : srcNet;
            add(c.networks, net * Layout.NETWORK_STRIDE + d * Layout.PER_DIRECTION,
                packets, bytes, tcp, udp, icmp, syn, fragment, dropped);
            final long hostHigh = d == Layout.IN ? dstHigh : srcHigh;
            final long hostLow = d == Layout.IN ? dstLow : srcLow;
            int meta = (v6 ? STAGED_V6 : 0) | d | (tcp ? STAGED_TCP : 0) | (udp ? STAGED_UDP : 0) |
                (icmp ? STAGED_ICMP : 0) | (syn ? STAGED_SYN : 0) | (fragment ? STAGED_FRAG : 0) |
                (dropped ? STAGED_DROPPED : 0);
            long flow = 0;
            if (view.connectionTracking())
            {
                meta |= STAGED_FLOW;
                flow = flowHash(hostHigh, hostLow, d == Layout.IN ? srcHigh : dstHigh,
                    d == Layout.IN ? srcLow : dstLow, d, record.srcPort(), record.dstPort(), protocol);
            }
            final HostCounts hosts = v6 ? c.ipv6 : c.ipv4;
            if (hosts.size() < STAGE_MIN_HOSTS)
            {
                countHost(c, hosts, hostHigh, hostLow, packets, bytes, meta, flow);
            }
            else
            {
                final int j = staged++;
                stagedHigh[j] = hostHigh;
                stagedLow[j] = hostLow;
                stagedPackets[j] = packets;
                stagedBytes[j] = bytes;
                stagedFlow[j] = flow;
                stagedMeta[j] = meta;
                if (staged == STAGE)
                {
                    drain(c);
                }
            }
            final Investigation[] investigations = engine.investigations;
            for (int i = 0; i < investigations.length; i++)
            {
                final Investigation inv = investigations[i];
                if (inv.low == hostLow && inv.high == hostHigh && inv.ipv6 == v6)
                {
                    inv.offer(record);
                }
            }
        }
        if (++held >= HOLD_RECORDS || engine.tickRequested)
        {
            drain(c);
            release();
        }
    }

    /**
     * Count the staged host updates into their rows: first touch every row the batch will update (independent
     * reads the memory system overlaps), then update them.
     */
    private void drain(final ShardCounts c)
    {
        final int n = staged;
        if (n == 0)
        {
            return;
        }
        int touchedValue = 0;
        for (int j = 0; j < n; j++)
        {
            final HostCounts hosts = (stagedMeta[j] & STAGED_V6) != 0 ? c.ipv6 : c.ipv4;
            touchedValue += hosts.touch(stagedHigh[j], stagedLow[j]);
        }
        touchSink += touchedValue;
        for (int j = 0; j < n; j++)
        {
            final int meta = stagedMeta[j];
            countHost(c, (meta & STAGED_V6) != 0 ? c.ipv6 : c.ipv4, stagedHigh[j], stagedLow[j], stagedPackets[j],
                stagedBytes[j], meta, stagedFlow[j]);
        }
        staged = 0;
    }

    private static void countHost(final ShardCounts c, final HostCounts hosts, final long high, final long low,
        final long packets, final long bytes, final int meta, final long flow)
    {
        final int host = hosts.findOrInsert(high, low);
        if (host < 0)
        {
            c.untrackedRecords++;
            return;
        }
        final int d = meta & 1;
        final long[] row = hosts.rows();
        final int base = hosts.countsBase(host);
        add(row, base + d * Layout.PER_DIRECTION, packets, bytes, (meta & STAGED_TCP) != 0,
            (meta & STAGED_UDP) != 0, (meta & STAGED_ICMP) != 0, (meta & STAGED_SYN) != 0,
            (meta & STAGED_FRAG) != 0, (meta & STAGED_DROPPED) != 0);
        if ((meta & STAGED_FLOW) != 0)
        {
            final int owner = (host << 2) | (meta & STAGED_V6) | d;
            if (c.flows.add(flow, owner) == FlowSet.FULL)
            {
                row[base + Layout.FLOWS_IN + d]++;
            }
        }
    }

    @Override
    public void flush()
    {
        if (writing != null)
        {
            drain(writing);
            release();
        }
    }

    @Override
    public void close()
    {
        flush();
        closeRequested = true;
    }

    /**
     * @return true once {@link #close()} was called (until the shard registers again).
     */
    boolean closeRequested()
    {
        return closeRequested;
    }

    private ShardCounts acquire()
    {
        while (!state.compareAndSet(FREE, WRITING))
        {
            Thread.onSpinWait();
        }
        held = 0;
        if (counts == null)
        {
            // retired by the tick: come back (rare; allocates)
            closeRequested = false;
            counts = engine.newCounts();
            engine.register(this);
        }
        writing = counts;
        return writing;
    }

    /**
     * Retire the shard when it is idle for long enough or closed and drained; tick thread only, after
     * {@link #take} answered null.
     *
     * @param retireTicks ticks without data before retiring.
     * @return true when retired (the caller drops it from its list).
     */
    boolean retireIfIdle(final int retireTicks)
    {
        if (!closeRequested && ++idleTicks < retireTicks)
        {
            return false;
        }
        if (!state.compareAndSet(FREE, TICKING))
        {
            return false;
        }
        if (counts == null || counts.hasData)
        {
            state.set(FREE);
            return false;
        }
        counts = null;
        idleTicks = 0;
        state.set(FREE);
        return true;
    }

    private void release()
    {
        writing = null;
        state.lazySet(FREE);
    }

    /**
     * Take this interval's counts, giving the shard a clean object; tick thread only.
     *
     * @param spare     a clean counts object.
     * @param waitNanos how long to wait for a writer holding the shard.
     * @return the counts taken (null when the shard had no data, in which case spare was not used), or the spare
     * itself when the writer did not release in time (nothing taken).
     */
    ShardCounts take(final ShardCounts spare, final long waitNanos)
    {
        final long deadline = System.nanoTime() + waitNanos;
        while (!state.compareAndSet(FREE, TICKING))
        {
            if (System.nanoTime() - deadline > 0)
            {
                return spare;
            }
            Thread.onSpinWait();
        }
        final ShardCounts taken = counts;
        if (taken == null || !taken.hasData)
        {
            state.set(FREE);
            return null;
        }
        idleTicks = 0;
        counts = spare;
        state.set(FREE);
        return taken;
    }

    static long flowHash(final long hostHigh, final long hostLow, final long remoteHigh, final long remoteLow,
        final int direction, final int srcPort, final int dstPort, final int protocol)
    {
        long h = Layout.mix(hostHigh ^ 0x9E3779B97F4A7C15L);
        h = Layout.mix(h ^ hostLow);
        h = Layout.mix(h ^ remoteHigh);
        h = Layout.mix(h ^ remoteLow);
        return Layout.mix(h ^ (((long)srcPort << 32) | ((long)dstPort << 16) | ((long)protocol << 2) | direction));
    }

    private static void add(final long[] row, final int base, final long packets, final long bytes,
        final boolean tcp, final boolean udp, final boolean icmp, final boolean syn, final boolean fragment,
        final boolean dropped)
    {
        row[base] += packets;
        row[base + 1] += bytes;
        if (tcp)
        {
            row[base + Layout.TCP * 2] += packets;
            row[base + Layout.TCP * 2 + 1] += bytes;
            if (syn)
            {
                row[base + Layout.SYN * 2] += packets;
                row[base + Layout.SYN * 2 + 1] += bytes;
            }
        }
        else if (udp)
        {
            row[base + Layout.UDP * 2] += packets;
            row[base + Layout.UDP * 2 + 1] += bytes;
        }
        else if (icmp)
        {
            row[base + Layout.ICMP * 2] += packets;
            row[base + Layout.ICMP * 2 + 1] += bytes;
        }
        if (fragment)
        {
            row[base + Layout.FRAG * 2] += packets;
            row[base + Layout.FRAG * 2 + 1] += bytes;
        }
        if (dropped)
        {
            row[base + Layout.DROPPED * 2] += packets;
            row[base + Layout.DROPPED * 2 + 1] += bytes;
        }
    }

    static long saturatingMultiply(final long value, final long factor)
    {
        if (value <= 0)
        {
            return 0;
        }
        final long high = Math.multiplyHigh(value, factor);
        final long product = value * factor;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
