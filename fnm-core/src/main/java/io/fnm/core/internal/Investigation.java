package io.fnm.core.internal;

import io.fnm.capture.TrafficRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The records of one attack collected after detection for {@code onAttackDetails}: a bounded buffer of
 * pre-allocated record copies that capture threads fill concurrently (a slot is claimed with one atomic increment
 * and marked ready after the copy), and that the tick thread closes and delivers when full or after the bounded wait.
 */
public final class Investigation
{
    final boolean ipv6;
    final long high;
    final long low;
    final long deadlineMillis;
    private final TrafficRecord[] records;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger readyCount = new AtomicInteger();
    private final AtomicIntegerArray ready;

    /**
     * @param ipv6           the host's version.
     * @param high           high 64 bits of the host.
     * @param low            low 64 bits of the host (IPv4 address unsigned).
     * @param capacity       records to collect.
     * @param deadlineMillis when to deliver what was collected, epoch milliseconds.
     */
    public Investigation(final boolean ipv6, final long high, final long low, final int capacity,
        final long deadlineMillis)
    {
        this.ipv6 = ipv6;
        this.high = high;
        this.low = low;
        this.deadlineMillis = deadlineMillis;
        this.records = new TrafficRecord[capacity];
        for (int i = 0; i < capacity; i++)
        {
            records[i] = new TrafficRecord();
        }
        this.ready = new AtomicIntegerArray(capacity);
    }

    /**
     * Copy a record of the host if there is room; any thread.
     *
     * @param record the record.
     */
    public void offer(final TrafficRecord record)
    {
        if (claimed.get() >= records.length)
        {
            return;
        }
        final int index = claimed.getAndIncrement();
        if (index < records.length)
        {
            records[index].copyFrom(record);
            ready.set(index, 1);
            readyCount.incrementAndGet();
        }
    }

    /**
     * @return true when every slot holds a record.
     */
    public boolean isFull()
    {
        return readyCount.get() >= records.length;
    }

    /**
     * Stop collecting and copy out what is complete.
     *
     * @return the records collected, in claim order.
     */
    public List<TrafficRecord> close()
    {
        claimed.set(Integer.MAX_VALUE);
        final List<TrafficRecord> result = new ArrayList<>(records.length);
        for (int i = 0; i < records.length; i++)
        {
            if (ready.get(i) == 1)
            {
                result.add(new TrafficRecord().copyFrom(records[i]));
            }
        }
        return result;
    }
}
