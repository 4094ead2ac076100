package io.fnm.capture.netflow;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The decoder's totals, one slot per {@link NetflowCounter}: written by the decoding thread only (lazySet, no CAS),
 * read from any thread.
 */
final class DecoderCounters
{
    private final AtomicLongArray values = new AtomicLongArray(NetflowCounter.values().length);

    /**
     * @param counter a counter.
     * @param delta   what to add; nothing is written for 0.
     */
    void add(final NetflowCounter counter, final long delta)
    {
        if (delta != 0)
        {
            final int index = counter.ordinal();
            values.lazySet(index, values.get(index) + delta);
        }
    }

    /**
     * @param counter a counter.
     * @return its value.
     */
    long get(final NetflowCounter counter)
    {
        return values.get(counter.ordinal());
    }
}
