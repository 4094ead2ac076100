package io.fnm.core.internal;

import org.jctools.queues.MpscArrayQueue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One counting partition: the hosts whose address hashes to it, counted by one thread at a time.
 * <p>
 * <b>Combining, not a counting thread.</b> Capture threads hand full {@link RecordBatch}es to the partition's
 * bounded JCTools MPSC queue, then try to take the partition (one CAS per batch of {@link RecordBatch#CAPACITY}
 * records, never per record); the thread that gets it counts every queued batch, its own and the other threads', and
 * releases it. So there is no extra thread to wake or to feed across cores (the machine's cores all receive and
 * decode), a host is only ever written by the partition's current holder, and contention costs a queue offer, not
 * a wait. Only when the queue is full (the partition's holder is slower than its producers) does a producer wait
 * for the partition; that is the back-pressure.
 * <p>
 * <b>Lost wake-ups.</b> A producer offers and then tries to take the partition; the holder releases and then looks
 * at the queue again. Both are volatile write-then-read pairs, so at least one of the two sees the other's write and
 * no batch waits in the queue for a later producer.
 * <p>
 * <b>Tick.</b> The tick takes the partition like any producer, counts what is queued, swaps a zeroed
 * {@link PartitionCounts} in (it may keep the hosts of two intervals before, with zero counts: see
 * {@link HostCounts}) and releases: it reads the full counts without holding the partition.
 */
final class Partition
{
    /** Batches queued per partition before producers wait. */
    static final int QUEUE_CAPACITY = 64;

    private static final int FREE = 0;
    private static final int BUSY = 1;
    private static final int SPINS_BEFORE_YIELD = 1 << 10;

    private final AtomicInteger state = new AtomicInteger(FREE);
    private final AtomicLong lostRecords = new AtomicLong();
    private final MpscArrayQueue<RecordBatch> queue = new MpscArrayQueue<>(QUEUE_CAPACITY);
    private PartitionCounts counts;
    private PartitionCounts spare;

    /**
     * @param counts the counts to start with.
     * @param spare  the counts the first tick swaps in.
     */
    Partition(final PartitionCounts counts, final PartitionCounts spare)
    {
        this.counts = counts;
        this.spare = spare;
    }

    /**
     * Hand a full (or flushed) batch over; it is counted before this returns or by the partition's holder, and
     * then given back to its sink.
     *
     * @param batch the records.
     */
    void submit(final RecordBatch batch)
    {
        if (!queue.offer(batch))
        {
            acquire();
            countAndRecycle(batch);
            drainAndRelease();
            return;
        }
        if (tryAcquire())
        {
            drainAndRelease();
        }
    }

    /**
     * Count whatever is queued if the partition is free (a sink waiting for a free batch helps this way).
     */
    void help()
    {
        if (!queue.isEmpty() && tryAcquire())
        {
            drainAndRelease();
        }
    }

    /**
     * Take this interval's counts and swap in the spare; tick thread only. The caller gives the taken counts back
     * with {@link #recycle} once it has read them.
     *
     * @return the interval's counts.
     */
    PartitionCounts take()
    {
        acquire();
        drain();
        final PartitionCounts taken = counts;
        counts = spare;
        spare = null;
        drainAndRelease();
        return taken;
    }

    /**
     * @param taken counts returned by {@link #take}, read and cleared.
     */
    void recycle(final PartitionCounts taken)
    {
        spare = taken;
    }

    /**
     * @return bytes held by the partition's host tables and flow sets (approximate, racy: for metrics only).
     */
    long memoryBytes()
    {
        final PartitionCounts c = counts;
        final PartitionCounts s = spare;
        return bytes(c) + bytes(s);
    }

    private static long bytes(final PartitionCounts c)
    {
        return c == null ? 0 : c.memoryBytes();
    }

    private boolean tryAcquire()
    {
        return state.get() == FREE && state.compareAndSet(FREE, BUSY);
    }

    private void acquire()
    {
        int spins = 0;
        while (!tryAcquire())
        {
            if (++spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                spins = 0;
                Thread.yield();
            }
        }
    }

    private void drainAndRelease()
    {
        do
        {
            drain();
            state.set(FREE);
        }
        while (!queue.isEmpty() && tryAcquire());
    }

    private void drain()
    {
        RecordBatch batch;
        while ((batch = queue.poll()) != null)
        {
            countAndRecycle(batch);
        }
    }

    /**
     * Count a batch, never throwing while the partition is held: a batch the counts reject (a bug, not an input:
     * every record was validated by its sink) is counted as lost instead of leaving the partition taken for ever,
     * which would stop every capture thread and the tick.
     */
    private void countAndRecycle(final RecordBatch batch)
    {
        try
        {
            counts.count(batch);
        }
        catch (final RuntimeException ex)
        {
            lostRecords.addAndGet(batch.size);
        }
        batch.clear();
        batch.owner.recycle(batch);
    }

    /**
     * @return records of batches whose counting failed (see {@link #countAndRecycle}).
     */
    long lostRecords()
    {
        return lostRecords.get();
    }
}
