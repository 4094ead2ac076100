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
 */
public final class Shard implements TrafficSink
{
    /** Records a writer keeps the shard for without a release. */
    public static final int HOLD_RECORDS = 4096;

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
    private ShardCounts counts;
    private ShardCounts writing;
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
        if ((direction == Layout.IN && !view.config().processIncomingTraffic()) ||
            (direction == Layout.OUT && !view.config().processOutgoingTraffic()))
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
            final HostCounts hosts = c.hosts(v6);
            final int slot = hosts.findOrInsert(hostHigh, hostLow);
            if (slot < 0)
            {
                c.untrackedRecords++;
            }
            else
            {
                final long[] row = hosts.counts();
                final int base = slot * Layout.HOST_STRIDE;
                add(row, base + d * Layout.PER_DIRECTION, packets, bytes, tcp, udp, icmp, syn, fragment, dropped);
                if (view.config().enableConnectionTracking())
                {
                    final long remoteHigh = d == Layout.IN ? srcHigh : dstHigh;
                    final long remoteLow = d == Layout.IN ? srcLow : dstLow;
                    final long hash = flowHash(hostHigh, hostLow, remoteHigh, remoteLow, d,
                        record.srcPort(), record.dstPort(), protocol);
                    final int owner = (hosts.indexOf(slot) << 2) | (v6 ? 2 : 0) | d;
                    if (c.flows.add(hash, owner) == FlowSet.FULL)
                    {
                        row[base + Layout.FLOWS_IN + d]++;
                    }
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
            release();
        }
    }

    @Override
    public void flush()
    {
        if (writing != null)
        {
            release();
        }
    }

    private ShardCounts acquire()
    {
        while (!state.compareAndSet(FREE, WRITING))
        {
            Thread.onSpinWait();
        }
        held = 0;
        writing = counts;
        return writing;
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
        if (!taken.hasData)
        {
            state.set(FREE);
            return null;
        }
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
