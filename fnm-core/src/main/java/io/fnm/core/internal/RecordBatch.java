package io.fnm.core.internal;

/**
 * Up to {@link #CAPACITY} decoded records bound for one counting {@link Partition}, in the compact form the
 * partition counts: seven longs per record (local host high and low words, packets, bytes, flow hash, meta, and the
 * local host's {@link Layout#hostHash}, so the partition does not hash the address again).
 * <p>
 * A batch is filled by one {@link CaptureSink}, handed to its partition (counted at once or queued), and given back
 * to the sink's free list by whichever thread counted it. The view the records were classified under travels with
 * the batch, so the partition can tell whether their network indexes match its own.
 */
final class RecordBatch
{
    /** Records per batch. */
    static final int CAPACITY = 256;
    /** Longs per record. */
    static final int STRIDE = 7;

    /** Meta: direction in bits 0-1 ({@link Layout#IN}, {@link Layout#OUT}, {@link Layout#INTERNAL}, OTHER). */
    static final long DIRECTION_MASK = 3;
    /** Meta: an IPv6 record. */
    static final long V6 = 4;
    /** Meta: TCP. */
    static final long TCP = 8;
    /** Meta: UDP. */
    static final long UDP = 16;
    /** Meta: ICMP (ICMPv6 for IPv6). */
    static final long ICMP = 32;
    /** Meta: TCP with SYN. */
    static final long SYN = 64;
    /** Meta: a fragment. */
    static final long FRAG = 128;
    /** Meta: dropped by the exporter. */
    static final long DROPPED = 256;
    /** Meta: the flow hash is set (connection tracking on). */
    static final long FLOW = 512;
    /** Meta: the network index of the local host (IN and OUT only) is in the high 32 bits. */
    static final int NETWORK_SHIFT = 32;

    final long[] data = new long[CAPACITY * STRIDE];
    final CaptureSink owner;
    EngineView view;
    int size;

    /**
     * @param owner the sink whose free list the batch returns to.
     */
    RecordBatch(final CaptureSink owner)
    {
        this.owner = owner;
    }

    /**
     * Append one record; the caller checks {@link #isFull()} after.
     *
     * @param high    local host high 64 bits (0 for IPv4; unused for INTERNAL and OTHER).
     * @param low     local host low 64 bits.
     * @param packets packets (sampling applied).
     * @param bytes   bytes (sampling applied).
     * @param flow    flow hash, when {@link #FLOW} is set.
     * @param meta    direction, flags and network index.
     * @param hash    the local host's {@link Layout#hostHash} (unused for INTERNAL and OTHER).
     */
    void add(final long high, final long low, final long packets, final long bytes, final long flow, final long meta,
        final long hash)
    {
        final int at = size++ * STRIDE;
        final long[] d = data;
        d[at] = high;
        d[at + 1] = low;
        d[at + 2] = packets;
        d[at + 3] = bytes;
        d[at + 4] = flow;
        d[at + 5] = meta;
        d[at + 6] = hash;
    }

    boolean isFull()
    {
        return size == CAPACITY;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    void clear()
    {
        size = 0;
    }
}
