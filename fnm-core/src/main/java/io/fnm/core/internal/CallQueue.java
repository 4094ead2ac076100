package io.fnm.core.internal;

import io.fnm.core.internal.ActionRunner.Call;
import io.fnm.core.internal.ActionRunner.CallKind;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The calls waiting for one action, and the policy that picks the next one and bounds them ({@link ActionRunner}
 * documents it): per-host order with at most one call running per host, ready hosts by class (ban or unban waiting
 * first), importance and age, the capacity with its drops and coalescing. Not thread-safe: the runner guards it.
 */
final class CallQueue
{
    /** Told of each call not made. */
    @FunctionalInterface
    interface Dropped
    {
        /**
         * @param kind the call.
         * @param host its host.
         * @param why  why.
         */
        void dropped(CallKind kind, HostKey host, String why);
    }

    /** Told of each call cancelled. */
    @FunctionalInterface
    interface Cancelled
    {
        /**
         * @param kind the call.
         */
        void cancelled(CallKind kind);
    }

    /** A call waiting or running. */
    static final class Pending
    {
        final CallKind kind;
        final long importance;
        final long seq;
        final Call call;
        final HostCalls host;

        Pending(final CallKind kind, final long importance, final long seq, final Call call, final HostCalls host)
        {
            this.kind = kind;
            this.importance = importance;
            this.seq = seq;
            this.call = call;
            this.host = host;
        }

        /**
         * @return the host the call is about.
         */
        HostKey hostKey()
        {
            return host.key;
        }
    }

    /** One host's calls: waiting in order, at most one running. */
    private static final class HostCalls
    {
        final HostKey key;
        final ArrayDeque<Pending> queue = new ArrayDeque<>(4);
        Pending running;
        boolean banDropped;
        boolean ready;
        int readyClass;
        long readyImportance;
        long readySeq;

        HostCalls(final HostKey key)
        {
            this.key = key;
        }
    }

    /** Hosts with a call ready: urgent class first, then the strongest attack, then the oldest call. */
    private static final Comparator<HostCalls> ORDER = (a, b) ->
    {
        if (a.readyClass != b.readyClass)
        {
            return Integer.compare(a.readyClass, b.readyClass);
        }
        if (a.readyImportance != b.readyImportance)
        {
            return Long.compare(b.readyImportance, a.readyImportance);
        }
        return Long.compare(a.readySeq, b.readySeq);
    };

    private final int capacity;
    private final Dropped onDrop;
    private final Cancelled onCancel;
    private final Map<HostKey, HostCalls> hosts = new HashMap<>();
    private final TreeSet<HostCalls> ready = new TreeSet<>(ORDER);
    private final Set<Pending> waitingDetails = new LinkedHashSet<>();
    private final Set<HostCalls> waitingPairs = new LinkedHashSet<>();
    private int queued;
    private long seq;

    /**
     * @param capacity bans and attack details that may wait.
     * @param onDrop   told of each call dropped.
     * @param onCancel told of each call cancelled.
     */
    CallQueue(final int capacity, final Dropped onDrop, final Cancelled onCancel)
    {
        this.capacity = capacity;
        this.onDrop = onDrop;
        this.onCancel = onCancel;
    }

    /**
     * @return calls waiting.
     */
    int size()
    {
        return queued;
    }

    /**
     * @return hosts with a call ready to run.
     */
    int readyHosts()
    {
        return ready.size();
    }

    /**
     * Queue a call, or drop or cancel it (or another) by the policy.
     *
     * @param host       the host.
     * @param kind       the call.
     * @param importance the attack's power.
     * @param call       the call.
     */
    void offer(final HostKey host, final CallKind kind, final long importance, final Call call)
    {
        final HostCalls h = hosts.get(host);
        if (kind == CallKind.UNBAN)
        {
            if (h != null && h.banDropped)
            {
                h.banDropped = false;
                cancel(CallKind.UNBAN);
                forgetIfIdle(h);
                return;
            }
            final HostCalls calls = hostCalls(host);
            enqueue(calls, kind, importance, call);
            if (hasWaitingPair(calls))
            {
                waitingPairs.add(calls);
            }
            return;
        }
        if (h != null && h.banDropped)
        {
            if (kind == CallKind.ATTACK_DETAILS)
            {
                cancel(kind);
                return;
            }
            h.banDropped = false;
        }
        if (queued >= capacity && !(kind == CallKind.BAN && makeRoomForBan(importance)))
        {
            drop(kind, host, "queue full (" + capacity + " calls waiting)");
            if (kind == CallKind.BAN)
            {
                hostCalls(host).banDropped = true;
            }
            return;
        }
        enqueue(hostCalls(host), kind, importance, call);
    }

    /**
     * @return the next call to run, now marked running for its host; or null when none is ready.
     */
    Pending take()
    {
        final HostCalls h = ready.pollFirst();
        if (h == null)
        {
            return null;
        }
        h.ready = false;
        final Pending p = h.queue.pollFirst();
        unqueue(p);
        if (p.kind == CallKind.BAN && !hasWaitingPair(h))
        {
            waitingPairs.remove(h);
        }
        h.running = p;
        return p;
    }

    /**
     * The call returned, or was given up after its timeout: its host's next call may run.
     *
     * @param p the call taken.
     */
    void finished(final Pending p)
    {
        if (p.host.running == p)
        {
            p.host.running = null;
            reschedule(p.host);
        }
    }

    /**
     * Forget every waiting call.
     *
     * @param perKind incremented by the calls forgotten, per kind.
     */
    void clear(final int[] perKind)
    {
        for (final HostCalls h : hosts.values())
        {
            for (final Pending p : h.queue)
            {
                perKind[p.kind.ordinal()]++;
            }
        }
        hosts.clear();
        ready.clear();
        waitingDetails.clear();
        waitingPairs.clear();
        queued = 0;
    }

    private void drop(final CallKind kind, final HostKey host, final String why)
    {
        onDrop.dropped(kind, host, why);
    }

    private void cancel(final CallKind kind)
    {
        onCancel.cancelled(kind);
    }

    private HostCalls hostCalls(final HostKey host)
    {
        return hosts.computeIfAbsent(host, HostCalls::new);
    }

    /**
     * @return true when a ban of the host waits with its unban behind it.
     */
    private static boolean hasWaitingPair(final HostCalls h)
    {
        boolean ban = false;
        for (final Pending p : h.queue)
        {
            if (p.kind == CallKind.BAN)
            {
                ban = true;
            }
            else if (p.kind == CallKind.UNBAN && ban)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Cancel the oldest waiting ban whose unban waits too, with the calls between them.
     *
     * @return true when one was cancelled.
     */
    private boolean cancelOldestPair()
    {
        if (waitingPairs.isEmpty())
        {
            return false;
        }
        final HostCalls h = waitingPairs.iterator().next();
        waitingPairs.remove(h);
        unready(h);
        boolean inPair = false;
        for (final Iterator<Pending> it = h.queue.iterator(); it.hasNext();)
        {
            final Pending p = it.next();
            inPair |= p.kind == CallKind.BAN;
            if (inPair)
            {
                it.remove();
                unqueue(p);
                cancel(p.kind);
                if (p.kind == CallKind.UNBAN)
                {
                    break;
                }
            }
        }
        if (hasWaitingPair(h))
        {
            waitingPairs.add(h);
        }
        reschedule(h);
        return true;
    }

    /**
     * Make room for a ban in a full queue: drop the oldest waiting attack details, else cancel the oldest waiting
     * ban with its waiting unban, else drop the weakest waiting ban if it is weaker than this one.
     */
    private boolean makeRoomForBan(final long importance)
    {
        return dropOldestDetails() || cancelOldestPair() || dropWeakerBan(importance);
    }

    /**
     * Drop the weakest waiting ban (its attack details and unban will be cancelled when they come), if weaker.
     *
     * @return true when one was dropped.
     */
    private boolean dropWeakerBan(final long importance)
    {
        for (final Iterator<HostCalls> it = ready.descendingIterator(); it.hasNext();)
        {
            final HostCalls h = it.next();
            if (h.readyImportance >= importance)
            {
                return false;
            }
            final Pending ban = lastWaitingBan(h);
            if (ban != null)
            {
                unready(h);
                while (h.queue.peekLast() != ban)
                {
                    final Pending after = h.queue.pollLast();
                    unqueue(after);
                    cancel(after.kind);
                }
                h.queue.pollLast();
                unqueue(ban);
                h.banDropped = true;
                drop(CallKind.BAN, h.key, "queue full: made room for a stronger attack");
                reschedule(h);
                return true;
            }
        }
        return false;
    }

    private static Pending lastWaitingBan(final HostCalls h)
    {
        Pending ban = null;
        for (final Pending p : h.queue)
        {
            if (p.kind == CallKind.BAN)
            {
                ban = p;
            }
        }
        return ban;
    }

    private boolean dropOldestDetails()
    {
        if (waitingDetails.isEmpty())
        {
            return false;
        }
        final Pending oldest = waitingDetails.iterator().next();
        final HostCalls h = oldest.host;
        unready(h);
        h.queue.remove(oldest);
        unqueue(oldest);
        drop(CallKind.ATTACK_DETAILS, h.key, "queue full: made room for a ban");
        reschedule(h);
        return true;
    }

    private void enqueue(final HostCalls h, final CallKind kind, final long importance, final Call call)
    {
        final Pending p = new Pending(kind, importance, seq++, call, h);
        unready(h);
        h.queue.addLast(p);
        queued++;
        if (kind == CallKind.ATTACK_DETAILS)
        {
            waitingDetails.add(p);
        }
        reschedule(h);
    }

    private void unqueue(final Pending p)
    {
        queued--;
        if (p.kind == CallKind.ATTACK_DETAILS)
        {
            waitingDetails.remove(p);
        }
    }

    private void unready(final HostCalls h)
    {
        if (h.ready)
        {
            ready.remove(h);
            h.ready = false;
        }
    }

    /**
     * Put an idle host with waiting calls in the ready set under its current key (it must not be in it), or forget
     * a host with nothing left.
     */
    private void reschedule(final HostCalls h)
    {
        if (h.running != null)
        {
            return;
        }
        if (h.queue.isEmpty())
        {
            forgetIfIdle(h);
            return;
        }
        final Pending head = h.queue.peekFirst();
        int cls = 1;
        for (final Pending p : h.queue)
        {
            if (p.kind != CallKind.ATTACK_DETAILS)
            {
                cls = 0;
                break;
            }
        }
        h.readyClass = cls;
        h.readyImportance = head.importance;
        h.readySeq = head.seq;
        ready.add(h);
        h.ready = true;
    }

    private void forgetIfIdle(final HostCalls h)
    {
        if (h.running == null && h.queue.isEmpty() && !h.banDropped && hosts.get(h.key) == h)
        {
            hosts.remove(h.key);
        }
    }
}
