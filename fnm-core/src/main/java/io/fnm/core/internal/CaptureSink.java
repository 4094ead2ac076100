package io.fnm.core.internal;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.TrafficFilter;
import org.jctools.queues.MpscArrayQueue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink of one capture thread: classifies each record (direction against the networks, filters, sampling,
 * protocol flags, flow hash) and appends it in compact form to a {@link RecordBatch} for the {@link Partition} of its
 * local host; a full batch is handed to the partition ({@link Partition#submit}). No lock, CAS or allocation per
 * record: one CAS per batch, and batches come back to the sink's free list once counted.
 * <p>
 * <b>Routing.</b> Incoming and outgoing records go to the partition of their local host (the destination of an
 * incoming record, the source of an outgoing one), so every record of a host is counted by one owner and the tick
 * reads one row per host. Internal and other records count in the totals only; they go to the sink's home partition.
 * <p>
 * <b>Tick.</b> The sink hands over its partly filled batches on {@link #flush()}, and after any record once it sees
 * the engine's volatile "tick requested" flag; the tick waits (bounded) for sinks that still hold records.
 * <p>
 * <b>Retirement.</b> A sink that was closed, or that had no record for {@link #RETIRE_TICKS} ticks, is dropped from
 * the engine's list by the tick, and its counters are folded into the per-source totals, so a source that restarts
 * its threads does not leak a sink per thread. A retired sink that receives a record again registers again.
 */
public final class CaptureSink implements TrafficSink
{
    /** Ticks without records after which a sink is retired. */
    public static final int RETIRE_TICKS = 60;

    private final String name;
    private final EngineCore engine;
    private final Partition[] partitions;
    private final int partitionMask;
    private final int home;
    private final RecordBatch[] batches;
    private final MpscArrayQueue<RecordBatch> free;
    private final int maxBatches;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong filterErrors = new AtomicLong();
    private final AtomicLong unknownVersion = new AtomicLong();
    private int allocated;
    /** Scratch: the current record's addresses and networks (see {@link #classify}). */
    private long srcHigh;
    private long srcLow;
    private long dstHigh;
    private long dstLow;
    private int srcNet;
    private int dstNet;
    private int nonEmpty;
    private long processedLocal;
    private volatile boolean pending;
    private volatile boolean registered = true;
    private volatile boolean closeRequested;
    int idleTicks;
    long lastProcessed;
    long baseProcessed;
    long baseFiltered;
    long baseFilterErrors;
    long baseUnknownVersion;

    CaptureSink(final String name, final EngineCore engine, final Partition[] partitions, final int home)
    {
        this.name = name;
        this.engine = engine;
        this.partitions = partitions;
        this.partitionMask = partitions.length - 1;
        this.home = home & partitionMask;
        this.batches = new RecordBatch[partitions.length];
        this.maxBatches = partitions.length * (Partition.QUEUE_CAPACITY + 2);
        this.free = new MpscArrayQueue<>(Math.max(8, maxBatches));
        for (int p = 0; p < batches.length; p++)
        {
            batches[p] = newBatch();
        }
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
        if (!registered)
        {
            closeRequested = false;
            registered = true;
            engine.register(this);
        }
        final EngineView view = engine.view;
        final int version = record.ipVersion();
        if (version != TrafficRecord.IPV4 && version != TrafficRecord.IPV6)
        {
            unknownVersion.lazySet(unknownVersion.get() + 1);
            return;
        }
        final boolean v6 = version == TrafficRecord.IPV6;
        final int direction = classify(record, view, v6);
        if (direction < 0 || !keep(record))
        {
            return;
        }
        final long ratio = record.samplingRatio();
        final long packets = saturatingMultiply(record.packets(), ratio);
        final long bytes = saturatingMultiply(record.bytes(), ratio);
        final long meta = direction | (v6 ? RecordBatch.V6 : 0) | flags(record, record.protocol(), v6);
        if (direction == Layout.IN || direction == Layout.OUT)
        {
            appendLocal(record, view, direction, v6, packets, bytes, meta);
        }
        else
        {
            append(home, view, 0, 0, packets, bytes, 0, meta, 0);
        }
        if (engine.tickRequested)
        {
            flush();
        }
    }

    /**
     * Read the record's addresses into the scratch fields and find its direction.
     *
     * @return the direction, or -1 when the configuration does not process it.
     */
    private int classify(final TrafficRecord record, final EngineView view, final boolean v6)
    {
        if (v6)
        {
            srcHigh = record.srcIpv6High();
            srcLow = record.srcIpv6Low();
            dstHigh = record.dstIpv6High();
            dstLow = record.dstIpv6Low();
            srcNet = view.networks().lookupIpv6(srcHigh, srcLow);
            dstNet = view.networks().lookupIpv6(dstHigh, dstLow);
        }
        else
        {
            srcHigh = 0;
            dstHigh = 0;
            srcLow = record.srcIpv4() & 0xFFFFFFFFL;
            dstLow = record.dstIpv4() & 0xFFFFFFFFL;
            srcNet = view.networks().lookupIpv4(record.srcIpv4());
            dstNet = view.networks().lookupIpv4(record.dstIpv4());
        }
        if (srcNet >= 0)
        {
            if (dstNet >= 0)
            {
                return Layout.INTERNAL;
            }
            return view.processOutgoing() ? Layout.OUT : -1;
        }
        if (dstNet >= 0)
        {
            return view.processIncoming() ? Layout.IN : -1;
        }
        return Layout.OTHER;
    }

    /**
     * An incoming or outgoing record: to the partition of its local host, with its network and flow.
     */
    private void appendLocal(final TrafficRecord record, final EngineView view, final int direction,
        final boolean v6, final long packets, final long bytes, final long flags)
    {
        final boolean in = direction == Layout.IN;
        final long hostHigh = in ? dstHigh : srcHigh;
        final long hostLow = in ? dstLow : srcLow;
        long meta = flags | (long)(in ? dstNet : srcNet) << RecordBatch.NETWORK_SHIFT;
        long flow = 0;
        if (view.connectionTracking())
        {
            meta |= RecordBatch.FLOW;
            flow = flowHash(hostHigh, hostLow, in ? srcHigh : dstHigh, in ? srcLow : dstLow, direction,
                record.srcPort(), record.dstPort(), record.protocol());
        }
        final long hash = Layout.hostHash(hostHigh, hostLow);
        offerToInvestigations(record, hostHigh, hostLow, hash, v6);
        append(partition(hash) & partitionMask, view, hostHigh, hostLow, packets, bytes, flow, meta, hash);
    }

    private boolean keep(final TrafficRecord record)
    {
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
                return false;
            }
        }
        return true;
    }

    private static long flags(final TrafficRecord record, final int protocol, final boolean v6)
    {
        long meta = 0;
        if (protocol == TrafficRecord.PROTOCOL_TCP)
        {
            meta |= RecordBatch.TCP;
            if ((record.tcpFlags() & TrafficRecord.TCP_SYN) != 0)
            {
                meta |= RecordBatch.SYN;
            }
        }
        else if (protocol == TrafficRecord.PROTOCOL_UDP)
        {
            meta |= RecordBatch.UDP;
        }
        else if (protocol == (v6 ? TrafficRecord.PROTOCOL_ICMPV6 : TrafficRecord.PROTOCOL_ICMP))
        {
            meta |= RecordBatch.ICMP;
        }
        if (record.fragmented())
        {
            meta |= RecordBatch.FRAG;
        }
        if (record.dropped())
        {
            meta |= RecordBatch.DROPPED;
        }
        return meta;
    }

    private void offerToInvestigations(final TrafficRecord record, final long high, final long low, final long hash,
        final boolean v6)
    {
        // one hash lookup whatever the number of bans (issue 8: a scan per record cost 70 % of ingest at 1 500 bans)
        final Investigation inv = engine.investigations.find(high, low, hash, v6);
        if (inv != null)
        {
            inv.offer(record);
        }
    }

    private void append(final int partition, final EngineView view, final long high, final long low,
        final long packets, final long bytes, final long flow, final long meta, final long hash)
    {
        RecordBatch batch = batches[partition];
        if (batch.isEmpty())
        {
            batch.view = view;
            if (nonEmpty++ == 0)
            {
                pending = true;
            }
        }
        else if (batch.view != view)
        {
            // classified under an older view: hand the batch over before mixing network indexes of two views
            submit(partition);
            batch = batches[partition];
            batch.view = view;
            nonEmpty++;
        }
        batch.add(high, low, packets, bytes, flow, meta, hash);
        if (batch.isFull())
        {
            submit(partition);
            if (nonEmpty == 0)
            {
                pending = false;
            }
        }
    }

    private void submit(final int partition)
    {
        final RecordBatch batch = batches[partition];
        batches[partition] = nextFreeBatch();
        nonEmpty--;
        partitions[partition].submit(batch);
    }

    private RecordBatch nextFreeBatch()
    {
        RecordBatch batch = free.poll();
        while (batch == null)
        {
            if (allocated < maxBatches)
            {
                return newBatch();
            }
            // every batch is queued at a partition: count what is queued (ours among it), then look again
            for (final Partition partition : partitions)
            {
                partition.help();
            }
            Thread.onSpinWait();
            batch = free.poll();
        }
        return batch;
    }

    private RecordBatch newBatch()
    {
        allocated++;
        return new RecordBatch(this);
    }

    /**
     * Give a counted batch back; any thread.
     *
     * @param batch a batch of this sink, cleared.
     */
    void recycle(final RecordBatch batch)
    {
        free.offer(batch);
    }

    @Override
    public void flush()
    {
        if (nonEmpty == 0)
        {
            return;
        }
        for (int p = 0; p < batches.length && nonEmpty > 0; p++)
        {
            if (!batches[p].isEmpty())
            {
                submit(p);
            }
        }
        pending = false;
    }

    @Override
    public void close()
    {
        flush();
        closeRequested = true;
    }

    /**
     * @return true while the sink holds records it has not handed to a partition.
     */
    boolean pending()
    {
        return pending;
    }

    /**
     * @return true once {@link #close()} was called (until the sink registers again).
     */
    boolean closeRequested()
    {
        return closeRequested;
    }

    /**
     * Mark the sink retired (tick thread, after dropping it from the list); its next record registers it again.
     */
    void retired()
    {
        registered = false;
    }

    /**
     * @param high high 64 bits of a local host (0 for IPv4).
     * @param low  low 64 bits.
     * @return its partition, before masking by the number of partitions.
     */
    static int partitionOf(final long high, final long low)
    {
        return partition(Layout.hostHash(high, low));
    }

    /**
     * The top 6 bits of the host hash: apart from the host table's slot (the low bits, however large the table), and
     * leaving 26 bits of its 32-bit tag to tell the hosts of one partition apart.
     */
    private static int partition(final long hostHash)
    {
        return (int)(hostHash >>> 58);
    }

    /**
     * A flow's 64-bit hash: (local host, remote address, direction, ports, protocol). Each word is multiplied by its
     * own odd constant (a bijection, so a change in any one word changes the sum) and the sum goes once through the
     * murmur3 finaliser: the multiplications are independent, so the chain is one finaliser long where folding word
     * by word took four (IPv6) or two (IPv4).
     */
    static long flowHash(final long hostHigh, final long hostLow, final long remoteHigh, final long remoteLow,
        final int direction, final int srcPort, final int dstPort, final int protocol)
    {
        final long rest = ((long)srcPort << 32) | ((long)dstPort << 16) | ((long)protocol << 2) | direction;
        final long h = (rest ^ 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L +
            hostLow * 0x94D049BB133111EBL + Long.rotateLeft(remoteLow * 0xC2B2AE3D27D4EB4FL, 31) +
            hostHigh * 0xD6E8FEB86659FD93L + Long.rotateLeft(remoteHigh * 0xFF51AFD7ED558CCDL, 17);
        return Layout.mix(h);
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
