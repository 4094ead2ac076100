package io.fnm.capture;

import java.util.concurrent.TimeUnit;

/**
 * A {@link Clock} that moves only when told to: for tests and for replaying captures at their own pace.
 * Thread-safe: readers on other threads see each advance.
 */
public final class ManualClock implements Clock
{
    private volatile long epochMillis;
    private volatile long nanoTime;

    /**
     * @param startEpochMillis the initial wall time.
     */
    public ManualClock(final long startEpochMillis)
    {
        this.epochMillis = startEpochMillis;
        this.nanoTime = TimeUnit.MILLISECONDS.toNanos(startEpochMillis);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long epochMillis()
    {
        return epochMillis;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long nanoTime()
    {
        return nanoTime;
    }

    /**
     * Move both clocks forward.
     *
     * @param amount how much.
     * @param unit   the unit of amount.
     * @return this clock.
     */
    public synchronized ManualClock advance(final long amount, final TimeUnit unit)
    {
        final long nanos = unit.toNanos(amount);
        nanoTime += nanos;
        epochMillis += TimeUnit.NANOSECONDS.toMillis(nanos);
        return this;
    }

    /**
     * Move both clocks forward by whole seconds.
     *
     * @param seconds how many seconds.
     * @return this clock.
     */
    public ManualClock advanceSeconds(final long seconds)
    {
        return advance(seconds, TimeUnit.SECONDS);
    }
}
