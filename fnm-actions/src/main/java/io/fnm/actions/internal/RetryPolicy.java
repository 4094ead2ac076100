package io.fnm.actions.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How often an output tries one write and how long it waits between attempts: exponential backoff from
 * {@code initialBackoff}, doubled after each failed attempt, capped at {@code maxBackoff}.
 *
 * @param attempts       attempts per write, at least 1.
 * @param initialBackoff the wait after the first failed attempt.
 * @param maxBackoff     the longest wait between two attempts.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff)
{
    /** One attempt, no retry (local files). */
    public static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /**
     * @param attempts       attempts per write, at least 1.
     * @param initialBackoff the wait after the first failed attempt.
     * @param maxBackoff     the longest wait between two attempts.
     */
    public RetryPolicy
    {
        if (attempts < 1)
        {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0)
        {
            throw new IllegalArgumentException("backoff must be 0 <= initial <= max: " + initialBackoff + ", " +
                maxBackoff);
        }
    }

    /**
     * @param failedAttempts attempts failed so far, at least 1.
     * @return the wait before the next attempt: {@code min(max, initial * 2^(failedAttempts - 1))}.
     */
    public Duration backoffAfter(final int failedAttempts)
    {
        final int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
        final long millis = initialBackoff.toMillis();
        final long scaled = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(scaled, maxBackoff.toMillis()));
    }
}
