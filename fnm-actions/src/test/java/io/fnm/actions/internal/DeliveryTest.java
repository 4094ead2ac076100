package io.fnm.actions.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTest
{
    private final CountDownLatch release = new CountDownLatch(1);
    private Delivery delivery;

    @AfterEach
    void close()
    {
        release.countDown();
        delivery.close();
    }

    @Test
    void shouldDropAndCountWritesWhenQueueIsFull() throws Exception
    {
        delivery = new Delivery("test", 2, RetryPolicy.ONCE);
        final CountDownLatch started = new CountDownLatch(1);
        delivery.submit("ban", () ->
        {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(delivery.submit("ban", () -> { })).isTrue();
        assertThat(delivery.submit("ban", () -> { })).isTrue();
        assertThat(delivery.submit("ban", () -> { })).isFalse();

        release.countDown();
        assertThat(delivery.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(delivery.dropped()).isEqualTo(1);
        assertThat(delivery.written()).isEqualTo(3);
    }

    @Test
    void shouldRunWritesInSubmissionOrderWhenSeveralAreQueued() throws Exception
    {
        delivery = new Delivery("test", 100, RetryPolicy.ONCE);
        final List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            final int n = i;
            delivery.submit("ban", () -> order.add(n));
        }

        assertThat(delivery.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(order).hasSize(50).isSorted();
    }

    @Test
    void shouldCountRetriesAndFailureWhenEveryAttemptFails() throws Exception
    {
        delivery = new Delivery("test", 10, new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4)));

        delivery.submit("ban", () ->
        {
            throw new java.io.IOException("down");
        });

        assertThat(delivery.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(delivery.retried()).isEqualTo(3);
        assertThat(delivery.failed()).isEqualTo(1);
        assertThat(delivery.written()).isZero();
    }

    @Test
    void shouldDoubleBackoffUpToMaximumWhenAttemptsFail()
    {
        final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(3));
        delivery = new Delivery("test", 1, policy);

        assertThat(List.of(policy.backoffAfter(1), policy.backoffAfter(2), policy.backoffAfter(3),
            policy.backoffAfter(4), policy.backoffAfter(40))).containsExactly(Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }
}
