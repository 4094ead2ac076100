package io.fnm.core.internal;

import io.fnm.core.AttackAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one {@link AttackAction}'s calls in order on a thread of its own ({@code fnm-action-<name>}), each with a
 * timeout enforced by a shared watchdog: a call still running at its deadline is counted, logged, interrupted, and
 * the runner moves the calls queued behind it to a fresh thread, so a hung action delays only itself and only once
 * per timeout. Failures are counted and logged once per distinct (call, exception type, message).
 */
public final class ActionRunner
{
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int MAX_DISTINCT_ERRORS = 1000;
    private static final long JOIN_MILLIS = 2000;

    /** A call of the action. */
    @FunctionalInterface
    public interface Call
    {
        /**
         * @param action the action.
         * @throws Exception anything.
         */
        void run(AttackAction action) throws Exception;
    }

    private final AttackAction action;
    private final String name;
    private final long timeoutMillis;
    private final ScheduledExecutorService watchdog;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final Set<String> loggedErrors = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private ThreadPoolExecutor executor;
    private boolean closed;

    /**
     * @param action        the action.
     * @param timeoutMillis per-call timeout.
     * @param watchdog      the shared timeout scheduler.
     */
    public ActionRunner(final AttackAction action, final long timeoutMillis, final ScheduledExecutorService watchdog)
    {
        this.action = action;
        String n;
        try
        {
            n = action.name();
        }
        catch (final RuntimeException ex)
        {
            n = action.getClass().getName();
        }
        this.name = n == null ? "action" : n;
        this.timeoutMillis = timeoutMillis;
        this.watchdog = watchdog;
        this.executor = newExecutor();
    }

    /**
     * @return the action this runner calls.
     */
    public AttackAction action()
    {
        return action;
    }

    /**
     * @return the action's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return calls that threw or were rejected.
     */
    public long failures()
    {
        return failures.get();
    }

    /**
     * @return calls that ran past the timeout.
     */
    public long timeouts()
    {
        return timeouts.get();
    }

    /**
     * @return calls that returned normally.
     */
    public long completed()
    {
        return completed.get();
    }

    /**
     * Queue a call; never blocks.
     *
     * @param what a label for logs (ban, details, unban).
     * @param call the call.
     */
    public synchronized void submit(final String what, final Call call)
    {
        if (closed)
        {
            return;
        }
        try
        {
            executor.execute(() -> invoke(what, call));
        }
        catch (final RejectedExecutionException ex)
        {
            failures.incrementAndGet();
            logOnce(what, "queue full (" + QUEUE_CAPACITY + " calls), call dropped", ex);
        }
    }

    private void invoke(final String what, final Call call)
    {
        final Thread thread = Thread.currentThread();
        final AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> guard = null;
        try
        {
            guard = watchdog.schedule(() -> onTimeout(what, thread, done), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final RejectedExecutionException ex)
        {
            // watchdog closed: the engine is closing; run without a guard
        }
        try
        {
            call.run(action);
            completed.incrementAndGet();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Throwable ex)
        {
            if (!done.get())
            {
                failures.incrementAndGet();
                logOnce(what, "failed", ex);
            }
        }
        finally
        {
            done.set(true);
            if (guard != null)
            {
                guard.cancel(false);
            }
        }
    }

    private void onTimeout(final String what, final Thread thread, final AtomicBoolean done)
    {
        synchronized (this)
        {
            if (done.getAndSet(true))
            {
                return;
            }
            timeouts.incrementAndGet();
            logOnce(what, "timed out after " + timeoutMillis + " ms; interrupted, later calls moved to a new thread",
                null);
            final ThreadPoolExecutor stuck = executor;
            if (!closed)
            {
                executor = newExecutor();
                for (final Runnable pending : stuck.shutdownNow())
                {
                    executor.execute(pending);
                }
            }
            else
            {
                stuck.shutdownNow();
            }
            thread.interrupt();
        }
    }

    /**
     * Stop accepting calls, let queued ones run until the deadline, then interrupt and join every thread.
     *
     * @param deadlineNanos System.nanoTime() by which to give up waiting.
     */
    public void close(final long deadlineNanos)
    {
        final List<Thread> toJoin;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            executor.shutdown();
        }
        synchronized (threads)
        {
            toJoin = new ArrayList<>(threads);
        }
        try
        {
            final long waitNanos = Math.max(0, deadlineNanos - System.nanoTime());
            if (!executor.awaitTermination(waitNanos, TimeUnit.NANOSECONDS))
            {
                executor.shutdownNow();
            }
            for (final Thread t : toJoin)
            {
                t.join(JOIN_MILLIS);
                if (t.isAlive())
                {
                    LOG.warn("action {}: thread {} ignores interruption and is still running", name, t.getName());
                }
            }
        }
        catch (final InterruptedException ex)
        {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private ThreadPoolExecutor newExecutor()
    {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            r ->
            {
                final Thread t = new Thread(r, "fnm-action-" + name + "-" + threadNumber.incrementAndGet());
                t.setDaemon(true);
                synchronized (threads)
                {
                    threads.removeIf(old -> !old.isAlive());
                    threads.add(t);
                }
                return t;
            });
    }

    private void logOnce(final String what, final String message, final Throwable ex)
    {
        final String key = what + '|' + message + '|' + (ex == null ? "" : ex.getClass().getName() + ex.getMessage());
        if (loggedErrors.size() < MAX_DISTINCT_ERRORS && loggedErrors.add(key))
        {
            LOG.warn("action {} {}: {} (logged once; see fnm_action_failures_total / fnm_action_timeouts_total)",
                name, what, message, ex);
        }
    }
}
