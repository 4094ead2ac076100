package io.fnm.capture;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The capture's own time for a replay: moves a {@link ManualClock} forward to each captured frame's time and runs the
 * engine's tick at every boundary the time crosses, so a replay gives the same ticks (and bans) on every run, at any
 * speed. Used by the flow replay ({@link io.fnm.capture.udp.DatagramReplay}) and the mirrored-traffic replay.
 * <p>
 * Boundaries lie every {@code tickInterval} after the clock's time at construction. For each boundary at or before
 * the time reached, in order: the {@code beforeTick} callback runs with the boundary's time (the replay's chance to
 * hand held-back records to its sink and flush it), the clock is set exactly to the boundary, and the tick runs. The
 * clock never moves backwards: an out-of-order frame is counted at the current time. Single-threaded.
 */
public final class ReplayTimeline
{
    private final ManualClock clock;
    private final long tickIntervalMillis;
    private final LongConsumer beforeTick;
    private final Runnable tick;
    private long nextTickMillis;
    private long ticks;

    /**
     * @param clock              the clock to move (the engine's).
     * @param tickIntervalMillis time between ticks on the capture's clock, at least 1 ms.
     * @param beforeTick         runs before each tick with the boundary's epoch milliseconds.
     * @param tick               the tick (e.g. {@code engine::tick}).
     */
    public ReplayTimeline(final ManualClock clock, final long tickIntervalMillis, final LongConsumer beforeTick,
        final Runnable tick)
    {
        if (tickIntervalMillis < 1)
        {
            throw new IllegalArgumentException("tick interval must be at least 1 ms: " + tickIntervalMillis);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tickIntervalMillis = tickIntervalMillis;
        this.beforeTick = Objects.requireNonNull(beforeTick, "beforeTick");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.nextTickMillis = clock.epochMillis() + tickIntervalMillis;
    }

    /**
     * Move the clock forward to a time, running every tick whose boundary is at or before it. Never moves the clock
     * backwards.
     *
     * @param epochMillis the time to reach.
     */
    public void advanceTo(final long epochMillis)
    {
        while (epochMillis >= nextTickMillis)
        {
            final long boundary = nextTickMillis;
            beforeTick.accept(boundary);
            setClock(boundary);
            nextTickMillis = boundary + tickIntervalMillis;
            ticks++;
            tick.run();
        }
        setClock(epochMillis);
    }

    /**
     * @return the clock this timeline moves.
     */
    public ManualClock clock()
    {
        return clock;
    }

    /**
     * @return ticks run so far.
     */
    public long ticks()
    {
        return ticks;
    }

    private void setClock(final long epochMillis)
    {
        final long delta = epochMillis - clock.epochMillis();
        if (delta > 0)
        {
            clock.advance(delta, TimeUnit.MILLISECONDS);
        }
    }
}
