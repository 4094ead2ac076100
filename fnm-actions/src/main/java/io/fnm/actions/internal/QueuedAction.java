package io.fnm.actions.internal;

import io.fnm.actions.json.AttackEvent;
import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An output that writes each attack event to a server or a folder through its own {@link Delivery} queue (Redis,
 * MongoDB, the webhook, the attack details folder): the engine's action thread only prepares the write
 * ({@link #prepare}: the JSON, the text, the request, with the event time read from the clock) and enqueues it; the
 * output's thread runs it, with retries, and counts it. A subclass says what one event writes and what it holds
 * besides the queue ({@link #release()}); the lifecycle, the counters and the wait for tests are here, once.
 */
public abstract class QueuedAction implements AttackAction, AutoCloseable
{
    /** Writes a queue holds before it drops: enough for a storm of bans, bounded. */
    protected static final int QUEUE_CAPACITY = 1000;

    private final String name;
    private final Clock clock;
    private final Delivery delivery;

    /**
     * @param name  the output's name ({@link #name()}, the thread {@code fnm-output-<name>}, the counters' label).
     * @param retry attempts and backoff of one write.
     * @param clock the clock of the events' times.
     */
    protected QueuedAction(final String name, final RetryPolicy retry, final Clock clock)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delivery = new Delivery(name, QUEUE_CAPACITY, retry);
    }

    /**
     * Prepare one event's write, on the engine's action thread.
     *
     * @param attack  the attack.
     * @param event   ban, attack details or unban.
     * @param records the sampled records (empty but for the details).
     * @param now     the event's time, from the clock.
     * @return the write, run later on the output's thread (possibly more than once, as retries).
     */
    protected abstract Delivery.Write prepare(Attack attack, AttackEvent event, List<TrafficRecord> records,
        Instant now);

    @Override
    public final void onBan(final Attack attack)
    {
        submit(attack, AttackEvent.BAN, List.of());
    }

    @Override
    public final void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        submit(attack, AttackEvent.DETAILS, records);
    }

    @Override
    public final void onUnban(final Attack attack)
    {
        submit(attack, AttackEvent.UNBAN, List.of());
    }

    @Override
    public final String name()
    {
        return name;
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        delivery.counters(visitor);
    }

    /**
     * @param timeout the longest wait.
     * @return true when every event handed over so far is written (or given up).
     * @throws InterruptedException when interrupted.
     */
    public final boolean awaitWritten(final Duration timeout) throws InterruptedException
    {
        return delivery.awaitIdle(timeout);
    }

    /**
     * @return the write queue, with its counts (for tests).
     */
    public final Delivery delivery()
    {
        return delivery;
    }

    /**
     * Write what is queued (for up to 2 s), stop the output's thread, then {@link #release()} the rest.
     */
    @Override
    public final void close()
    {
        try
        {
            delivery.close();
        }
        finally
        {
            release();
        }
    }

    /**
     * Release what the output holds besides its queue (a connection pool, an HTTP client's threads); called once, by
     * {@link #close()}, after the queue's thread has stopped. Nothing by default.
     */
    protected void release()
    {
    }

    private void submit(final Attack attack, final AttackEvent event, final List<TrafficRecord> records)
    {
        delivery.submit(event.text(), prepare(attack, event, records, Instant.ofEpochMilli(clock.epochMillis())));
    }
}
