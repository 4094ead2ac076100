package io.fnm.actions.kafka;

import io.fnm.capture.ManualClock;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The backoff of the restores' retries, on an injected clock, with a restore that fails at our boundary. */
class RestoreRetriesTest
{
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final RestoreRetries retries = new RestoreRetries("flows", clock);
    private final AtomicInteger attempts = new AtomicInteger();
    private final Consumer<Set<Integer>> failing = partitions ->
    {
        attempts.incrementAndGet();
        throw new TimeoutException("broker not answering");
    };

    @Test
    void shouldDoubleTheDelayAfterEachFailureUpTo60Seconds()
    {
        assertThat(new long[] {RestoreRetries.backoffNanos(1), RestoreRetries.backoffNanos(2),
            RestoreRetries.backoffNanos(3), RestoreRetries.backoffNanos(6), RestoreRetries.backoffNanos(7),
            RestoreRetries.backoffNanos(1000)}).containsExactly(TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(4), TimeUnit.SECONDS.toNanos(32),
            TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(60));
    }

    @Test
    void shouldRetryAFailedRestoreOnlyOnceItsDelayHasPassed()
    {
        retries.failed(failing, new TimeoutException("first"));

        clock.advance(999, TimeUnit.MILLISECONDS);
        final int early = retries.runDue(Set.of(1));
        clock.advance(1, TimeUnit.MILLISECONDS);
        final int due = retries.runDue(Set.of(1));

        assertThat(new int[] {early, due, attempts.get()}).containsExactly(0, 1, 1);
    }

    @Test
    void shouldWaitTwoSecondsAfterTheSecondFailure()
    {
        retries.failed(failing, new TimeoutException("first"));
        clock.advanceSeconds(1);
        retries.runDue(Set.of(1));

        clock.advance(1999, TimeUnit.MILLISECONDS);
        final int early = retries.runDue(Set.of(1));
        clock.advance(1, TimeUnit.MILLISECONDS);
        final int due = retries.runDue(Set.of(1));

        assertThat(new int[] {early, due}).containsExactly(0, 1);
    }

    @Test
    void shouldCountEachFailureByReason()
    {
        retries.failed(failing, new TimeoutException("first"));
        clock.advanceSeconds(1);
        retries.runDue(Set.of(1));

        assertThat(retries.failures(RestoreRetries.Reason.TIMEOUT)).isEqualTo(2);
    }

    @Test
    void shouldStopRetryingOnceTheRestoreSucceeds()
    {
        final Consumer<Set<Integer>> succeeding = partitions -> attempts.incrementAndGet();
        retries.failed(succeeding, new IllegalStateException("once"));
        clock.advanceSeconds(1);
        retries.runDue(Set.of(1));

        clock.advanceSeconds(120);

        assertThat(new int[] {retries.runDue(Set.of(1)), attempts.get()}).containsExactly(0, 1);
    }
}
