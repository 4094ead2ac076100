package io.fnm.core.internal;

import io.fnm.core.AttackAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Runs one {@link AttackAction}'s calls on threads of its own ({@code fnm-action-<name>-<n>}), so that a ban storm,
 * a slow or a hung action delays neither detection nor the bans that matter.
 * <ul>
 * <li><b>Concurrency.</b> Up to {@link AttackAction#maxConcurrentCalls()} calls run at once (1 by default), never two
 *     for one host: the calls of one host run one at a time, in order (ban, attack details, unban).</li>
 * <li><b>Importance.</b> Of the hosts with a call ready, the next call goes to a host with a {@code ban} or
 *     {@code unban} queued before any host with only {@code attack_details}; among those, the strongest attack
 *     first (its power in packets per second; a manual ban or unban counts as strongest), then the oldest.</li>
 * <li><b>Unbans</b> are always queued, whatever the queue holds: an unban of a host whose ban was delivered is never
 *     lost.</li>
 * <li><b>Drops and coalescing.</b> At most {@code capacity} bans and attack details wait. When full, a new
 *     {@code attack_details} call is dropped; a new {@code ban} makes room by dropping the oldest waiting
 *     {@code attack_details}, else by cancelling the oldest ban that waits together with its own unban (the attack
 *     is over before the action heard of it: ban, details and unban are not made, counted in {@link #cancelled}),
 *     else by dropping the weakest waiting ban if it is weaker than the new one, and is dropped only when none of
 *     these is left; a dropped ban's attack details and unban are then cancelled too. Coalescing
 *     happens only when full, so a backlog below the bound (or a replay at high speed) still delivers every ban and
 *     unban in order. Every drop is counted by call ({@link #dropped}) and logged by {@link LogLimiter} (a dropped
 *     ban at ERROR): the first of a kind at once, then one line per kind per {@link #LOG_INTERVAL_NANOS}, never a
 *     stack trace per drop.</li>
 * <li><b>Timeouts.</b> A call still running after the timeout is counted, logged and interrupted; its worker is
 *     abandoned (it ends when the call returns) and a fresh worker takes its place, so a hung call costs the action
 *     one worker for one timeout. Live threads (abandoned ones included) are capped at {@link #THREADS_PER_SLOT}
 *     times the concurrency: past that, no replacement starts until an abandoned thread ends.</li>
 * <li><b>Stop.</b> {@link #beginClose()} accepts no further call; the waiting calls still run until the drain
 *     deadline ({@link #awaitDrained}), so a stop right after a decision still delivers it; {@link #stopNow()} then
 *     drops (and counts) what still waits and interrupts what runs (a notify script is killed with its descendants on
 *     interruption); {@link #awaitClose(long)} joins every thread until one overall deadline.</li>
 * </ul>
 */
public final class ActionRunner
{
    /** Calls that may wait per action by default. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Least time between two log lines of one kind (drops, failures, timeouts). */
    public static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Most concurrent calls an action may ask for. */
    public static final int MAX_CONCURRENCY = 64;
    /** Live threads per concurrency slot, abandoned (hung) ones included. */
    static final int THREADS_PER_SLOT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    /** The kinds of call, in the order they reach an action for one attack. */
    public enum CallKind
    {
        /** {@link AttackAction#onBan}. */
        BAN("ban"),
        /** {@link AttackAction#onAttackDetails}. */
        ATTACK_DETAILS("attack_details"),
        /** {@link AttackAction#onUnban}. */
        UNBAN("unban");

        private final String label;

        CallKind(final String label)
        {
            this.label = label;
        }

        /**
         * @return the {@code call} label of the counters.
         */
        public String label()
        {
            return label;
        }
    }

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

    /** A thread taking calls while there are some ready. */
    private final class Worker implements Runnable
    {
        Thread thread;
        CallQueue.Pending current;
        boolean abandoned;

        @Override
        public void run()
        {
            CallQueue.Pending p;
            synchronized (ActionRunner.this)
            {
                starting--;
                p = next(this);
            }
            while (p != null)
            {
                invoke(this, p);
                synchronized (ActionRunner.this)
                {
                    p = finished(this, p);
                }
            }
        }
    }

    private final AttackAction action;
    private final String name;
    private final long timeoutMillis;
    private final ScheduledExecutorService watchdog;
    private final int concurrency;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLongArray dropped = new AtomicLongArray(CallKind.values().length);
    private final AtomicLongArray cancelled = new AtomicLongArray(CallKind.values().length);
    private final LogLimiter log;
    private final LogLimiter banLog;
    private final CallQueue queue;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int threadNumber;
    private int starting;
    /** No call is accepted any more (the engine is stopping); waiting calls still run until {@link #stopped}. */
    private boolean closed;
    /** No call is started any more. */
    private boolean stopped;

    /**
     * @param action        the action.
     * @param timeoutMillis per-call timeout.
     * @param watchdog      the shared timeout scheduler.
     * @param nanoTime      the time source of the log intervals (the engine clock).
     */
    public ActionRunner(final AttackAction action, final long timeoutMillis, final ScheduledExecutorService watchdog,
        final LongSupplier nanoTime)
    {
        this(action, timeoutMillis, watchdog, nanoTime, DEFAULT_CAPACITY);
    }

    /**
     * @param action        the action.
     * @param timeoutMillis per-call timeout.
     * @param watchdog      the shared timeout scheduler.
     * @param nanoTime      the time source of the log intervals (the engine clock).
     * @param capacity      calls that may wait.
     */
    public ActionRunner(final AttackAction action, final long timeoutMillis, final ScheduledExecutorService watchdog,
        final LongSupplier nanoTime, final int capacity)
    {
        this.action = action;
        this.name = nameOf(action);
        this.timeoutMillis = timeoutMillis;
        this.watchdog = watchdog;
        this.concurrency = concurrencyOf(action, name);
        this.queue = new CallQueue(capacity, this::drop, this::cancel);
        this.log = new LogLimiter("action " + name + ": ", LOG_INTERVAL_NANOS, nanoTime, LOG::warn);
        this.banLog = new LogLimiter("action " + name + ": ", LOG_INTERVAL_NANOS, nanoTime, LOG::error);
    }

    private static String nameOf(final AttackAction action)
    {
        try
        {
            final String n = action.name();
            return n == null ? "action" : n;
        }
        catch (final RuntimeException ex)
        {
            return action.getClass().getName();
        }
    }

    private static int concurrencyOf(final AttackAction action, final String name)
    {
        int n;
        try
        {
            n = action.maxConcurrentCalls();
        }
        catch (final RuntimeException ex)
        {
            n = 1;
        }
        if (n < 1 || n > MAX_CONCURRENCY)
        {
            LOG.warn("action {}: maxConcurrentCalls() = {} is outside 1..{}; using {}", name, n, MAX_CONCURRENCY,
                Math.max(1, Math.min(MAX_CONCURRENCY, n)));
        }
        return Math.max(1, Math.min(MAX_CONCURRENCY, n));
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
     * @return calls run at once at most.
     */
    public int concurrency()
    {
        return concurrency;
    }

    /**
     * @return calls that threw.
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
     * @param kind a kind of call.
     * @return calls of that kind not made because the queue was full or the engine stopped.
     */
    public long dropped(final CallKind kind)
    {
        return dropped.get(kind.ordinal());
    }

    /**
     * @param kind a kind of call.
     * @return calls of that kind not made because their ban was lifted before it started or was dropped.
     */
    public long cancelled(final CallKind kind)
    {
        return cancelled.get(kind.ordinal());
    }

    /**
     * @return calls waiting now.
     */
    public synchronized int queued()
    {
        return queue.size();
    }

    /**
     * Queue a call; never blocks (the tick calls it).
     *
     * @param host       the host the call is about: its calls run one at a time, in order.
     * @param kind       the kind of call.
     * @param importance the attack's power in packets per second, or {@link Long#MAX_VALUE} for a manual ban.
     * @param call       the call.
     */
    synchronized void submit(final HostKey host, final CallKind kind, final long importance, final Call call)
    {
        if (closed)
        {
            drop(kind, host, "engine stopping");
            return;
        }
        queue.offer(host, kind, importance, call);
        spawn();
    }

    private void spawn()
    {
        while (!stopped && starting < queue.readyHosts() && workers.size() < concurrency)
        {
            threads.removeIf(t -> !t.isAlive());
            if (threads.size() >= THREADS_PER_SLOT * concurrency)
            {
                return;
            }
            final Worker w = new Worker();
            final Thread t = new Thread(w, "fnm-action-" + name + "-" + ++threadNumber);
            t.setDaemon(true);
            w.thread = t;
            workers.add(w);
            threads.add(t);
            starting++;
            t.start();
        }
    }

    /**
     * @return the next call for this worker, now marked running; or null when the worker is to end.
     */
    private CallQueue.Pending next(final Worker w)
    {
        final CallQueue.Pending p = stopped || w.abandoned ? null : queue.take();
        if (p == null)
        {
            workers.remove(w);
            return null;
        }
        w.current = p;
        return p;
    }

    private CallQueue.Pending finished(final Worker w, final CallQueue.Pending p)
    {
        w.current = null;
        if (!w.abandoned)
        {
            queue.finished(p);
            spawn();
        }
        if (Thread.interrupted() && !stopped && !w.abandoned)
        {
            LOG.debug("action {}: a call left its thread interrupted; cleared", name);
        }
        return next(w);
    }

    private void invoke(final Worker w, final CallQueue.Pending p)
    {
        ScheduledFuture<?> guard = null;
        try
        {
            guard = watchdog.schedule(() -> onTimeout(w, p), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final RejectedExecutionException ex)
        {
            // watchdog closed: the engine is closing, and the call was interrupted or is about to be
        }
        try
        {
            p.call.run(action);
            completed.incrementAndGet();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Throwable ex)
        {
            failed(w, p, ex);
        }
        finally
        {
            if (guard != null)
            {
                guard.cancel(false);
            }
        }
    }

    private void failed(final Worker w, final CallQueue.Pending p, final Throwable ex)
    {
        synchronized (this)
        {
            if (w.abandoned || stopped)
            {
                return;
            }
        }
        failures.incrementAndGet();
        log.event(p.kind.label() + " failed with " + ex.getClass().getName(),
            p.hostKey().text() + ": " + ex.getMessage() + " (see fnm_action_failures_total)", ex);
    }

    private synchronized void onTimeout(final Worker w, final CallQueue.Pending p)
    {
        if (w.current != p || w.abandoned || stopped)
        {
            return;
        }
        timeouts.incrementAndGet();
        w.abandoned = true;
        workers.remove(w);
        queue.finished(p);
        spawn();
        w.thread.interrupt();
        log.event(p.kind.label() + " timed out", p.hostKey().text() + " after " + timeoutMillis +
            " ms; interrupted, the next calls run on another thread (see fnm_action_timeouts_total)", null);
    }

    private void drop(final CallKind kind, final HostKey host, final String why)
    {
        dropped.incrementAndGet(kind.ordinal());
        final LogLimiter limiter = kind == CallKind.BAN ? banLog : log;
        limiter.event(kind.label() + " calls dropped: " + why, kind.label() + " " + host.text() +
            " (see fnm_action_calls_dropped_total)", null);
    }

    private void cancel(final CallKind kind)
    {
        cancelled.incrementAndGet(kind.ordinal());
    }

    /**
     * Write the summaries of repeated drops, failures and timeouts whose interval has passed (the tick calls it).
     */
    public void flushLog()
    {
        log.flush();
        banLog.flush();
    }

    /**
     * Start stopping: accept no further call; the waiting ones still run (in order) until {@link #stopNow()}.
     */
    public synchronized void beginClose()
    {
        closed = true;
    }

    /**
     * Wait until every waiting call has run (the runner's threads end when none is left), or the deadline.
     *
     * @param deadlineNanos System.nanoTime() by which to give up waiting.
     */
    public void awaitDrained(final long deadlineNanos)
    {
        join(deadlineNanos, false);
    }

    /**
     * End the stop: start no further call, drop (and count) the calls still waiting, interrupt the running ones (a
     * notify script is killed with its descendants).
     */
    public void stopNow()
    {
        final int[] droppedNow = new int[CallKind.values().length];
        synchronized (this)
        {
            if (stopped)
            {
                return;
            }
            closed = true;
            stopped = true;
            queue.clear(droppedNow);
            for (int k = 0; k < droppedNow.length; k++)
            {
                dropped.addAndGet(k, droppedNow[k]);
            }
            for (final Worker w : workers)
            {
                if (w.current != null)
                {
                    w.thread.interrupt();
                }
            }
        }
        if (droppedNow[0] + droppedNow[1] + droppedNow[2] > 0)
        {
            LOG.warn("action {}: stopped with calls not made: ban {}, attack_details {}, unban {}", name,
                droppedNow[CallKind.BAN.ordinal()], droppedNow[CallKind.ATTACK_DETAILS.ordinal()],
                droppedNow[CallKind.UNBAN.ordinal()]);
        }
    }

    /**
     * Join every thread of the runner until the deadline (call {@link #stopNow()} first).
     *
     * @param deadlineNanos System.nanoTime() by which to give up waiting.
     */
    public void awaitClose(final long deadlineNanos)
    {
        join(deadlineNanos, true);
    }

    /**
     * Join the runner's threads, those started meanwhile too, until none is alive or the deadline.
     */
    private void join(final long deadlineNanos, final boolean warn)
    {
        try
        {
            List<Thread> alive = aliveThreads();
            while (!alive.isEmpty() && deadlineNanos - System.nanoTime() > 0)
            {
                for (final Thread t : alive)
                {
                    final long waitNanos = deadlineNanos - System.nanoTime();
                    if (waitNanos > 0)
                    {
                        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                    }
                }
                alive = aliveThreads();
            }
            if (warn)
            {
                for (final Thread t : alive)
                {
                    LOG.warn("action {}: thread {} ignores interruption and is still running", name, t.getName());
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized List<Thread> aliveThreads()
    {
        threads.removeIf(t -> !t.isAlive() && t.getState() != Thread.State.NEW);
        return new ArrayList<>(threads);
    }

    /**
     * Stop and join: accept no call, let the waiting ones run until {@code drainDeadlineNanos}, then drop what still
     * waits, interrupt what runs and join until {@code deadlineNanos}.
     *
     * @param drainDeadlineNanos System.nanoTime() until which waiting calls still run.
     * @param deadlineNanos      System.nanoTime() by which to give up waiting.
     */
    public void close(final long drainDeadlineNanos, final long deadlineNanos)
    {
        beginClose();
        awaitDrained(drainDeadlineNanos);
        stopNow();
        awaitClose(deadlineNanos);
    }
}
