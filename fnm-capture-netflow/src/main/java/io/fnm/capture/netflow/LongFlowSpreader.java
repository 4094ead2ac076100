package io.fnm.capture.netflow;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;

/**
 * Spreads each flow record's packets and bytes evenly over its flow duration instead of counting them all in the
 * second the record arrives ({@code netflow_spread_long_flows = on}, off by default for FastNetMon compatibility).
 * <p>
 * Why: routers export a long flow once per active timeout (often 60 s to 30 min). FastNetMon adds the whole record in
 * the second it arrives, so a steady 10 Mbit/s download exported every 60 s looks like a 600 Mbit/s spike for one
 * second, and operators fight false bans by raising {@code average_calculation_time} (FastNetMon #638). With spreading,
 * a record whose flow lasted {@code n} seconds (from IE 21/22, 150/151, 152/153 or the v5 first/last fields) is
 * delivered as {@code n} parts, one per second starting now, each with {@code 1/n} of the counts (the remainder in
 * the first part), so the rates the engine sees match the traffic. {@code n} is capped at
 * {@link #MAX_SPREAD_SECONDS} and at the record's packet count, so no part carries bytes without packets; a record
 * that would give fewer than 2 parts is delivered whole.
 * <p>
 * When {@link #tick()} runs late (a burst kept the thread busy) the parts that fell due meanwhile are delivered as one
 * part carrying their sum, so totals are always kept and nothing lags behind the clock. {@link #drain()} delivers
 * whatever is still pending (the collector calls it when its receive thread stops).
 * <p>
 * Bounded and allocation-free: a fixed pool of pending records per receive thread; when it is full a record is counted
 * at once and {@link #overflows()} grows. A tick before the earliest due time costs one comparison. Single-threaded:
 * the receive thread calls {@link #accept}, and {@link #tick()} on every wake-up; only {@link #overflows()} may be
 * read from another thread.
 */
public final class LongFlowSpreader implements TrafficSink
{
    /** Longest duration spread over; longer flows are spread over this many seconds. */
    public static final int MAX_SPREAD_SECONDS = 3600;
    /** Default number of records that may be pending at once. */
    public static final int DEFAULT_CAPACITY = 16384;

    private final TrafficSink downstream;
    private final Clock clock;
    private final TrafficRecord[] pending;
    private final long[] nextDueMillis;
    private final int[] partsLeft;
    private final long[] packetsPerPart;
    private final long[] bytesPerPart;
    private final TrafficRecord part = new TrafficRecord();
    private int used;
    private volatile long overflows;
    private long earliestDueMillis = Long.MAX_VALUE;

    /**
     * @param downstream the engine's sink.
     * @param clock      time for the per-second parts.
     */
    public LongFlowSpreader(final TrafficSink downstream, final Clock clock)
    {
        this(downstream, clock, DEFAULT_CAPACITY);
    }

    /**
     * @param downstream the engine's sink.
     * @param clock      time for the per-second parts.
     * @param capacity   most records pending at once.
     */
    public LongFlowSpreader(final TrafficSink downstream, final Clock clock, final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.downstream = downstream;
        this.clock = clock;
        this.pending = new TrafficRecord[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pending[i] = new TrafficRecord();
        }
        this.nextDueMillis = new long[capacity];
        this.partsLeft = new int[capacity];
        this.packetsPerPart = new long[capacity];
        this.bytesPerPart = new long[capacity];
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void accept(final TrafficRecord record)
    {
        final long durationMillis = record.flowEndMillis() - record.flowStartMillis();
        final long totalPackets = record.packets();
        final long totalBytes = record.bytes();
        final int seconds = record.flowStartMillis() <= 0 || durationMillis < 2000 ? 1 :
            (int)Math.min(Math.min(MAX_SPREAD_SECONDS, (durationMillis + 999) / 1000), Math.max(1, totalPackets));
        if (seconds < 2 || totalPackets < 0 || totalBytes < 0)
        {
            downstream.accept(record);
            return;
        }
        final int slot = used;
        if (slot == pending.length)
        {
            overflows++;
            downstream.accept(record);
            return;
        }
        final long packets = totalPackets / seconds;
        final long bytes = totalBytes / seconds;
        part.copyFrom(record)
            .packets(packets + totalPackets % seconds)
            .bytes(bytes + totalBytes % seconds);
        downstream.accept(part);
        pending[slot].copyFrom(record);
        packetsPerPart[slot] = packets;
        bytesPerPart[slot] = bytes;
        partsLeft[slot] = seconds - 1;
        final long due = clock.epochMillis() + 1000;
        nextDueMillis[slot] = due;
        earliestDueMillis = Math.min(earliestDueMillis, due);
        used = slot + 1;
    }

    /**
     * Deliver every part that is due; parts overdue by more than a second are summed into one.
     *
     * @return parts delivered.
     */
    public int tick()
    {
        final long now = clock.epochMillis();
        if (now < earliestDueMillis)
        {
            return 0;
        }
        int delivered = 0;
        long earliest = Long.MAX_VALUE;
        int i = 0;
        while (i < used)
        {
            final long dueMillis = nextDueMillis[i];
            if (dueMillis <= now)
            {
                final int due = (int)Math.min(partsLeft[i], (now - dueMillis) / 1000 + 1);
                part.copyFrom(pending[i]).packets(packetsPerPart[i] * due).bytes(bytesPerPart[i] * due);
                downstream.accept(part);
                delivered++;
                partsLeft[i] -= due;
                if (partsLeft[i] == 0)
                {
                    release(i);
                    continue;
                }
                nextDueMillis[i] = dueMillis + 1000L * due;
            }
            earliest = Math.min(earliest, nextDueMillis[i]);
            i++;
        }
        earliestDueMillis = earliest;
        return delivered;
    }

    /**
     * Deliver everything still pending at once (on shutdown).
     */
    public void drain()
    {
        for (int i = 0; i < used; i++)
        {
            part.copyFrom(pending[i])
                .packets(packetsPerPart[i] * partsLeft[i])
                .bytes(bytesPerPart[i] * partsLeft[i]);
            downstream.accept(part);
        }
        used = 0;
        earliestDueMillis = Long.MAX_VALUE;
    }

    /**
     * @return records pending.
     */
    public int pendingCount()
    {
        return used;
    }

    /**
     * @return records counted at once because the pool was full.
     */
    public long overflows()
    {
        return overflows;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void flush()
    {
        downstream.flush();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        downstream.close();
    }

    private void release(final int slot)
    {
        final int last = used - 1;
        used = last;
        if (slot != last)
        {
            final TrafficRecord swap = pending[slot];
            pending[slot] = pending[last];
            pending[last] = swap;
            nextDueMillis[slot] = nextDueMillis[last];
            partsLeft[slot] = partsLeft[last];
            packetsPerPart[slot] = packetsPerPart[last];
            bytesPerPart[slot] = bytesPerPart[last];
        }
    }
}
