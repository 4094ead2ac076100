package io.fnm.actions.internal;

import io.fnm.actions.OutputCounters;
import io.fnm.capture.CounterVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write queue of one output: a bounded queue drained by one thread of its own ({@code fnm-output-<name>},
 * started at the first write), each write tried up to {@link RetryPolicy#attempts()} times with exponential
 * backoff, and the counters of {@link OutputCounters}. {@link #submit} never blocks: the engine's action thread only
 * enqueues, so a slow or dead server delays nothing but this output's own queue, and a full queue drops (and counts)
 * the write.
 * <p>
 * Writes run one at a time in submission order (ban, details, unban of one attack stay in order). A failure is logged
 * once per distinct (event, exception type, message), at most {@value #MAX_DISTINCT_ERRORS} distinct ones.
 */
public final class Delivery implements AutoCloseable
{
    /** One attempt of one write. */
    @FunctionalInterface
    public interface Write
    {
        /**
         * @throws Exception when the attempt failed (it is tried again while attempts remain).
         */
        void attempt() throws Exception;
    }

    /**
     * Thrown by a {@link Write} whose failure another attempt cannot fix (an HTTP 400, say): the write is given up at
     * once and counted as failed.
     */
    public static final class PermanentFailure extends Exception
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what went wrong.
         */
        public PermanentFailure(final String message)
        {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final int MAX_DISTINCT_ERRORS = 1000;
    private static final Runnable STOP = () ->
    {
    };

    private final String name;
    private final RetryPolicy policy;
    private final BlockingQueue<Runnable> queue;
    private final Thread worker;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Set<String> loggedErrors = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private long submitted;
    private long finished;
    private volatile boolean closed;
    private boolean started;

    /**
     * @param name     the output's name (thread name, logs, the {@code action} label).
     * @param capacity writes the queue holds before it drops.
     * @param policy   attempts and backoff.
     */
    public Delivery(final String name, final int capacity, final RetryPolicy policy)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.worker = new Thread(this::drain, "fnm-output-" + name);
        worker.setDaemon(true);
    }

    /**
     * Queue a write; never blocks.
     *
     * @param what  the event, for logs ({@code ban}, {@code attack_details}, {@code unban}).
     * @param write the write.
     * @return false when the queue was full or the output is closed (the write is counted as dropped).
     */
    public boolean submit(final String what, final Write write)
    {
        synchronized (idle)
        {
            if (closed || queue.remainingCapacity() <= 1)
            {
                dropped.incrementAndGet();
                logOnce(what, "queue full or closed, write dropped", null);
                return false;
            }
            if (!started)
            {
                // started at the first write, not in the constructor: an output whose own constructor fails after
                // creating its queue leaves no thread behind
                worker.start();
                started = true;
            }
            submitted++;
            queue.add(() -> run(what, write));
            return true;
        }
    }

    /**
     * Wait until every write submitted so far has been delivered or given up.
     *
     * @param timeout the longest wait.
     * @return true when idle, false on timeout.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitIdle(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle)
        {
            while (finished < submitted)
            {
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0)
                {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, remaining);
            }
            return true;
        }
    }

    /**
     * Wait until at least {@code writes} writes have been delivered, given up or dropped since this output started
     * (the engine calls actions on threads of its own, so a test waits for the calls it expects).
     *
     * @param writes  how many.
     * @param timeout the longest wait.
     * @return true when reached, false on timeout.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitHandled(final long writes, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle)
        {
            while (finished + dropped.get() < writes)
            {
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0)
                {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, remaining);
            }
            return true;
        }
    }

    /**
     * @param visitor receives written, failed, retried, dropped and queued for this output.
     */
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(OutputCounters.WRITTEN, name, written.get());
        visitor.counter(OutputCounters.FAILED, name, failed.get());
        visitor.counter(OutputCounters.RETRIED, name, retried.get());
        visitor.counter(OutputCounters.DROPPED, name, dropped.get());
        visitor.counter(OutputCounters.QUEUED, name, queue.size());
    }

    /**
     * @return writes delivered.
     */
    public long written()
    {
        return written.get();
    }

    /**
     * @return writes given up.
     */
    public long failed()
    {
        return failed.get();
    }

    /**
     * @return attempts after the first.
     */
    public long retried()
    {
        return retried.get();
    }

    /**
     * @return writes dropped untried.
     */
    public long dropped()
    {
        return dropped.get();
    }

    /**
     * Stop accepting writes, let the queued ones run for up to {@code drainTimeout}, then interrupt the thread and
     * count what is left as dropped.
     *
     * @param drainTimeout how long queued writes may still run.
     */
    public void close(final Duration drainTimeout)
    {
        synchronized (idle)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            if (!started)
            {
                return;
            }
            queue.add(STOP);
        }
        try
        {
            worker.join(Math.max(1, drainTimeout.toMillis()));
            if (worker.isAlive())
            {
                worker.interrupt();
                worker.join(2_000);
            }
        }
        catch (final InterruptedException ex)
        {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        for (Runnable left = queue.poll(); left != null; left = queue.poll())
        {
            if (left != STOP)
            {
                dropped.incrementAndGet();
                markFinished();
            }
        }
    }

    /**
     * Close with a drain time of 2 seconds.
     */
    @Override
    public void close()
    {
        close(Duration.ofSeconds(2));
    }

    private void drain()
    {
        try
        {
            while (true)
            {
                final Runnable next = queue.take();
                if (next == STOP)
                {
                    return;
                }
                next.run();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run(final String what, final Write write)
    {
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    write.attempt();
                    written.incrementAndGet();
                    return;
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    failed.incrementAndGet();
                    return;
                }
                catch (final Exception | LinkageError ex)
                {
                    if (attempt >= policy.attempts() || closed || ex instanceof PermanentFailure)
                    {
                        failed.incrementAndGet();
                        logOnce(what, "failed after " + attempt + " attempt(s)", ex);
                        return;
                    }
                    retried.incrementAndGet();
                    if (!pause(policy.backoffAfter(attempt)))
                    {
                        failed.incrementAndGet();
                        return;
                    }
                }
            }
        }
        finally
        {
            markFinished();
        }
    }

    private static boolean pause(final Duration backoff)
    {
        try
        {
            Thread.sleep(backoff.toMillis());
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void markFinished()
    {
        synchronized (idle)
        {
            finished++;
            idle.notifyAll();
        }
    }

    private void logOnce(final String what, final String message, final Throwable ex)
    {
        final String key = what + '|' + message + '|' + (ex == null ? "" : ex.getClass().getName() + ex.getMessage());
        if (loggedErrors.size() < MAX_DISTINCT_ERRORS && loggedErrors.add(key))
        {
            LOG.warn("output {} {}: {} (logged once; see fnm_output_write_failures_total)", name, what, message, ex);
        }
    }
}
