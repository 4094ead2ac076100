package io.fnm.actions.kafka;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The retries of the {@link KafkaEngineSource.Builder#onAssigned} listeners (the restores of bans and averages) that
 * failed: each is run again with the partitions held then, after 1 s, 2 s, 4 s... at most 60 s on the injected clock,
 * until it succeeds (or a rebalance runs it and it succeeds). Failures are counted by reason; the first of each reason
 * is logged, the others only counted, and a success after failures is logged once. Used by the consuming thread only
 * (the counters may be read from any thread); at most one entry per listener.
 */
final class RestoreRetries
{
    /** First delay before a retry. */
    static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest delay between two attempts. */
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Failed restores by reason. */
    static final CounterDescriptor FAILURES = CounterDescriptor.counter("fnm_kafka_engine_restore_failures_total",
        "restores", "Restores at a partition assignment (bans, averages) that failed and are retried, by reason: "
            + "timeout (broker not answering in time), unknown_topic (topic missing), broker (other Kafka error), "
            + "other",
        "reason");
    /** Restores waiting for a retry. */
    static final CounterDescriptor PENDING = CounterDescriptor.gauge("fnm_kafka_engine_restores_pending", "restores",
        "Restores at a partition assignment that failed and wait for their next attempt");

    private static final Logger LOG = LoggerFactory.getLogger(RestoreRetries.class);

    /** Why a restore failed: a counter label each. */
    enum Reason
    {
        TIMEOUT("timeout"), UNKNOWN_TOPIC("unknown_topic"), BROKER("broker"), OTHER("other");

        private final String label;

        Reason(final String label)
        {
            this.label = label;
        }

        static Reason of(final RuntimeException ex)
        {
            for (Throwable t = ex; t != null; t = t.getCause())
            {
                if (t instanceof TimeoutException)
                {
                    return TIMEOUT;
                }
                if (t instanceof UnknownTopicOrPartitionException)
                {
                    return UNKNOWN_TOPIC;
                }
            }
            return ex instanceof KafkaException ? BROKER : OTHER;
        }
    }

    /** A listener waiting for its next attempt. */
    private static final class Pending
    {
        int failures;
        long dueNanos;
    }

    private final String topic;
    private final Clock clock;
    private final Map<Consumer<Set<Integer>>, Pending> pending = new IdentityHashMap<>();
    private final AtomicLongArray failures = new AtomicLongArray(Reason.values().length);
    private final Set<Reason> logged = EnumSet.noneOf(Reason.class);
    private volatile int waiting;

    /**
     * @param topic the flows topic (for the logs).
     * @param clock the clock the delays are measured on.
     */
    RestoreRetries(final String topic, final Clock clock)
    {
        this.topic = topic;
        this.clock = clock;
    }

    /**
     * A listener failed: count it and schedule its next attempt.
     *
     * @param listener the listener.
     * @param error    what it threw.
     */
    void failed(final Consumer<Set<Integer>> listener, final RuntimeException error)
    {
        final Reason reason = Reason.of(error);
        failures.incrementAndGet(reason.ordinal());
        final Pending p = pending.computeIfAbsent(listener, l -> new Pending());
        p.failures++;
        final long delay = backoffNanos(p.failures);
        p.dueNanos = clock.nanoTime() + delay;
        waiting = pending.size();
        if (logged.add(reason))
        {
            LOG.warn("Kafka engine source {}: a restore at partition assignment failed ({}; logged once per reason, "
                + "retried with backoff up to {} s): {}", topic, reason.label,
                TimeUnit.NANOSECONDS.toSeconds(MAX_BACKOFF_NANOS), error.toString());
        }
    }

    /**
     * A listener ran without failing: it waits no more.
     *
     * @param listener the listener.
     */
    void succeeded(final Consumer<Set<Integer>> listener)
    {
        final Pending p = pending.remove(listener);
        waiting = pending.size();
        if (p != null)
        {
            LOG.info("Kafka engine source {}: a restore at partition assignment succeeded after {} failed attempts",
                topic, p.failures);
        }
    }

    /**
     * Run the listeners whose time has come.
     *
     * @param partitions the partitions held now.
     * @return listeners run.
     */
    int runDue(final Set<Integer> partitions)
    {
        if (pending.isEmpty())
        {
            return 0;
        }
        final long now = clock.nanoTime();
        final List<Consumer<Set<Integer>>> due = new ArrayList<>();
        pending.forEach((listener, p) ->
        {
            if (now - p.dueNanos >= 0)
            {
                due.add(listener);
            }
        });
        for (final Consumer<Set<Integer>> listener : due)
        {
            try
            {
                listener.accept(partitions);
                succeeded(listener);
            }
            catch (final RuntimeException ex)
            {
                failed(listener, ex);
            }
        }
        return due.size();
    }

    /**
     * @param failuresSoFar consecutive failures of a listener, at least 1.
     * @return the delay before its next attempt: 1 s doubled per failure, at most 60 s.
     */
    static long backoffNanos(final int failuresSoFar)
    {
        final int doublings = Math.min(failuresSoFar - 1, 6);
        return Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << doublings);
    }

    /**
     * @param reason a reason.
     * @return failures of that reason so far.
     */
    long failures(final Reason reason)
    {
        return failures.get(reason.ordinal());
    }

    /**
     * @param visitor receives {@link #FAILURES} by reason and {@link #PENDING}.
     */
    void counters(final CounterVisitor visitor)
    {
        for (final Reason reason : Reason.values())
        {
            visitor.counter(FAILURES, reason.label, failures.get(reason.ordinal()));
        }
        visitor.counter(PENDING, waiting);
    }
}
