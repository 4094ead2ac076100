package io.fnm.core.internal;

import io.fnm.capture.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The tick driver: the tick thread that runs a tick whenever speed_calculation_delay has passed on the injected clock
 * since the previous one, the intervals between ticks, and stopping (once: close joins the thread).
 * <p>
 * The interval state is tick-owned, guarded by the engine lock; the thread polls the clock at most every 10 ms so a
 * clock driven by hand (replay, tests) is followed closely.
 */
final class TickDriver
{
    /** Tick errors keep the engine's logger name, the one users configure. */
    private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);
    private static final long TICK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    final AtomicLong ticks = new AtomicLong();
    final AtomicLong tickErrors = new AtomicLong();
    /** Wall nanoseconds the last tick took (System.nanoTime, whatever the engine clock). */
    final AtomicLong lastTickDurationNanos = new AtomicLong();
    /** Wall nanoseconds all ticks took. */
    final AtomicLong tickDurationNanosTotal = new AtomicLong();

    private final Clock clock;
    private final ReentrantLock lock;
    private final LongSupplier delayNanos;
    private final Runnable tick;
    private final long startNanos;
    private long lastTickNanos;
    private Thread tickThread;
    private volatile boolean running;
    private boolean closed;

    /**
     * @param clock      the engine clock.
     * @param lock       the engine lock.
     * @param delayNanos the delay between ticks in force (speed_calculation_delay), nanoseconds.
     * @param tick       one tick.
     */
    TickDriver(final Clock clock, final ReentrantLock lock, final LongSupplier delayNanos, final Runnable tick)
    {
        this.clock = clock;
        this.lock = lock;
        this.delayNanos = delayNanos;
        this.tick = tick;
        this.startNanos = clock.nanoTime();
        this.lastTickNanos = startNanos;
    }

    /**
     * Start a new interval at {@code nowNanos} when time went forward; under the engine lock.
     *
     * @param nowNanos the clock's nanoseconds now.
     * @return nanoseconds since the previous interval started; not positive when no new interval started.
     */
    long startInterval(final long nowNanos)
    {
        final long elapsed = nowNanos - lastTickNanos;
        if (elapsed > 0)
        {
            lastTickNanos = nowNanos;
        }
        return elapsed;
    }

    /**
     * Record how long a tick took (FastNetMon's {@code speed_recalculation_time}).
     *
     * @param nanos wall nanoseconds, measured with {@link System#nanoTime()}: the work done, not the engine clock.
     */
    void tickDone(final long nanos)
    {
        lastTickDurationNanos.set(nanos);
        tickDurationNanosTotal.addAndGet(nanos);
    }

    /**
     * @param nowNanos the clock's nanoseconds now.
     * @return whole seconds since the engine started.
     */
    int secondsSinceStart(final long nowNanos)
    {
        return (int)((nowNanos - startNanos) / 1_000_000_000L);
    }

    /**
     * Start the tick thread, unless it runs or the driver stopped.
     */
    void start()
    {
        lock.lock();
        try
        {
            if (tickThread != null || closed)
            {
                return;
            }
            running = true;
            tickThread = new Thread(this::tickLoop, "fnm-tick");
            tickThread.setDaemon(true);
            tickThread.start();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Stop the tick thread and wait (bounded) for it to end.
     *
     * @return true the first time, false when already stopped.
     */
    boolean stop()
    {
        final Thread thread;
        lock.lock();
        try
        {
            if (closed)
            {
                return false;
            }
            closed = true;
            running = false;
            thread = tickThread;
        }
        finally
        {
            lock.unlock();
        }
        if (thread != null)
        {
            LockSupport.unpark(thread);
            joinQuietly(thread);
        }
        return true;
    }

    private void tickLoop()
    {
        while (running)
        {
            final long due = dueNanos();
            final long now = clock.nanoTime();
            if (now - due >= 0)
            {
                try
                {
                    tick.run();
                }
                catch (final RuntimeException | Error ex)
                {
                    if (tickErrors.getAndIncrement() == 0)
                    {
                        LOG.error("tick failed (logged once; see fnm_tick_errors_total)", ex);
                    }
                }
            }
            else
            {
                LockSupport.parkNanos(Math.min(TICK_POLL_NANOS, due - now));
            }
        }
    }

    private long dueNanos()
    {
        final long delay = delayNanos.getAsLong();
        lock.lock();
        try
        {
            return lastTickNanos + delay;
        }
        finally
        {
            lock.unlock();
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
