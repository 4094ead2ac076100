package io.fnm.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logs repeated events by kind: the first event of a kind is logged at once (with its stack trace, if any); later
 * events of that kind are only counted, and one summary line per kind ("N more since the last line; last: ...") is
 * written at most once per interval, when an event of the kind arrives or on {@link #flush()} (the tick calls it), so
 * a storm of a million drops or failures writes a few lines a minute and never a stack trace per event.
 * <p>
 * At most {@link #MAX_KINDS} kinds are tracked: events of further kinds are counted in one overflow kind. Thread-safe
 * (events are rare compared with packets: a monitor is fine).
 */
final class LogLimiter
{
    /** Kinds tracked one by one. */
    static final int MAX_KINDS = 256;
    private static final String OVERFLOW = "other kinds";

    /** Where lines go. */
    @FunctionalInterface
    interface Sink
    {
        /**
         * @param line the line.
         * @param ex   a throwable whose stack trace goes with the line, or null.
         */
        void log(String line, Throwable ex);
    }

    private static final class Kind
    {
        long lastLineNanos;
        long suppressed;
        String lastMessage;
    }

    private final String prefix;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sink sink;
    private final Map<String, Kind> kinds = new HashMap<>();

    /**
     * @param prefix        the start of every line (what the events are about).
     * @param intervalNanos least time between two lines of one kind.
     * @param nanoTime      the time source.
     * @param sink          where lines go.
     */
    LogLimiter(final String prefix, final long intervalNanos, final LongSupplier nanoTime, final Sink sink)
    {
        this.prefix = prefix;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    /**
     * One event.
     *
     * @param kind    what happened, without variable parts (an address, a count), so that events deduplicate.
     * @param message the event's own text.
     * @param ex      the cause, logged with the first event of its kind only; or null.
     */
    synchronized void event(final String kind, final String message, final Throwable ex)
    {
        final long now = nanoTime.getAsLong();
        Kind k = kinds.get(kind);
        String key = kind;
        if (k == null && kinds.size() >= MAX_KINDS)
        {
            key = OVERFLOW;
            k = kinds.get(OVERFLOW);
        }
        if (k == null)
        {
            k = new Kind();
            kinds.put(key, k);
            k.lastLineNanos = now;
            sink.log(prefix + key + ": " + message, ex);
            return;
        }
        k.suppressed++;
        k.lastMessage = message;
        if (now - k.lastLineNanos >= intervalNanos)
        {
            summary(key, k, now);
        }
    }

    /**
     * Write the summary of every kind whose interval has passed since its last line.
     */
    synchronized void flush()
    {
        final long now = nanoTime.getAsLong();
        for (final Map.Entry<String, Kind> e : kinds.entrySet())
        {
            final Kind k = e.getValue();
            if (k.suppressed > 0 && now - k.lastLineNanos >= intervalNanos)
            {
                summary(e.getKey(), k, now);
            }
        }
    }

    private void summary(final String key, final Kind k, final long now)
    {
        sink.log(prefix + key + ": " + k.suppressed + " more in the last " +
            Math.max(1, (now - k.lastLineNanos) / 1_000_000_000L) + " s; last: " + k.lastMessage, null);
        k.suppressed = 0;
        k.lastLineNanos = now;
    }
}
