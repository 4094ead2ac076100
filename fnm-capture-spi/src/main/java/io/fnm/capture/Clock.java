package io.fnm.capture;

/**
 * The one source of time for ticks, bans and timestamps. Tests inject a {@link ManualClock} and advance it; nothing
 * in fnm sleeps to wait for a tick.
 */
public interface Clock
{
    /** The wall clock and {@link System#nanoTime()}. */
    Clock SYSTEM = new Clock()
    {
        @Override
        public long epochMillis()
        {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime()
        {
            return System.nanoTime();
        }
    };

    /**
     * @return milliseconds since the epoch, for timestamps shown to people and ban times.
     */
    long epochMillis();

    /**
     * @return a monotonic nanosecond time for intervals; only differences are meaningful.
     */
    long nanoTime();
}
