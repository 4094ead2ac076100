package io.fnm.core.internal;

import io.fnm.capture.ManualClock;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.internal.ActionRunner.CallKind.ATTACK_DETAILS;
import static io.fnm.core.internal.ActionRunner.CallKind.BAN;
import static io.fnm.core.internal.ActionRunner.CallKind.UNBAN;
import static org.assertj.core.api.Assertions.assertThat;

class ActionRunnerTest
{
    private static final long LONG_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1);
    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private ActionRunner runner;

    @AfterEach
    void tearDown()
    {
        gate.countDown();
        if (runner != null)
        {
            runner.close(System.nanoTime(), System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        }
        watchdog.shutdownNow();
    }

    /** An action that records every call as "kind host" and whose calls for host 1 wait for the gate. */
    private final class GatedAction implements AttackAction
    {
        private final int concurrency;

        GatedAction(final int concurrency)
        {
            this.concurrency = concurrency;
        }

        @Override
        public void onBan(final Attack attack)
        {
            // calls are made through the runner's Call lambdas below
        }

        @Override
        public int maxConcurrentCalls()
        {
            return concurrency;
        }

        @Override
        public String name()
        {
            return "gated";
        }
    }

    private ActionRunner runner(final int concurrency, final int capacity)
    {
        runner = new ActionRunner(new GatedAction(concurrency), LONG_TIMEOUT_MILLIS, watchdog, clock::nanoTime,
            capacity);
        return runner;
    }

    private static HostKey host(final int n)
    {
        return new HostKey(false, 0, 0x0A000000L + n);
    }

    /** Submit a call recorded as "kind n"; calls of host 1 block on the gate first. */
    private void submit(final int n, final ActionRunner.CallKind kind, final long power)
    {
        runner.submit(host(n), kind, power, action ->
        {
            if (n == 1)
            {
                gate.await();
            }
            calls.add(kind.label() + " " + n);
        });
    }

    private String next() throws InterruptedException
    {
        final String call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a call within 10 s").isNotNull();
        return call;
    }

    @Test
    void shouldRunTheStrongestBanFirstWhenWeakerBansWait() throws Exception
    {
        runner(1, ActionRunner.DEFAULT_CAPACITY);
        submit(1, BAN, 100);
        awaitRunning();
        for (int n = 2; n < 1_002; n++)
        {
            submit(n, BAN, 100);
        }
        submit(5_000, BAN, 60_000);
        gate.countDown();
        assertThat(next()).isEqualTo("ban 1");
        assertThat(next()).isEqualTo("ban 5000");
        assertThat(next()).isEqualTo("ban 2");
    }

    @Test
    void shouldRunBansBeforeAttackDetailsWhenBothWait() throws Exception
    {
        runner(1, ActionRunner.DEFAULT_CAPACITY);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, ATTACK_DETAILS, 1_000_000);
        submit(3, BAN, 10);
        gate.countDown();
        assertThat(List.of(next(), next(), next())).containsExactly("ban 1", "ban 3", "attack_details 2");
    }

    @Test
    void shouldRunTheNextHostsBanWhileACallForAnotherHostHangsWhenConcurrent() throws Exception
    {
        runner(4, ActionRunner.DEFAULT_CAPACITY);
        submit(1, BAN, 100);
        submit(2, BAN, 100);
        assertThat(next()).isEqualTo("ban 2");
    }

    @Test
    void shouldNeverRunTwoCallsOfOneHostAtOnceWhenConcurrent() throws Exception
    {
        runner(4, ActionRunner.DEFAULT_CAPACITY);
        submit(1, BAN, 100);
        awaitRunning();
        submit(1, ATTACK_DETAILS, 100);
        submit(1, UNBAN, 100);
        submit(2, BAN, 100);
        assertThat(next()).isEqualTo("ban 2");
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        gate.countDown();
        assertThat(List.of(next(), next(), next())).containsExactly("ban 1", "attack_details 1", "unban 1");
    }

    @Test
    void shouldDeliverAWaitingBanAndItsUnbanInOrderWhenNotFull() throws Exception
    {
        runner(1, ActionRunner.DEFAULT_CAPACITY);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, BAN, 100);
        submit(2, ATTACK_DETAILS, 100);
        submit(2, UNBAN, 100);
        gate.countDown();
        assertThat(List.of(next(), next(), next(), next()))
            .containsExactly("ban 1", "ban 2", "attack_details 2", "unban 2");
        assertThat(runner.cancelled(BAN)).isZero();
    }

    @Test
    void shouldCancelAWaitingBanWithItsUnbanToMakeRoomForANewBanWhenFull() throws Exception
    {
        runner(1, 3);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, BAN, 100);
        submit(2, UNBAN, 100);
        submit(3, BAN, 100);
        submit(4, BAN, 100);
        gate.countDown();
        assertThat(List.of(next(), next(), next())).containsExactly("ban 1", "ban 3", "ban 4");
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(runner.cancelled(BAN)).isEqualTo(1);
        assertThat(runner.cancelled(UNBAN)).isEqualTo(1);
        assertThat(runner.dropped(BAN)).isZero();
    }

    @Test
    void shouldDropWaitingAttackDetailsToMakeRoomForABanWhenFull() throws Exception
    {
        runner(1, 2);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, ATTACK_DETAILS, 100);
        submit(3, ATTACK_DETAILS, 100);
        submit(4, BAN, 100);
        gate.countDown();
        assertThat(List.of(next(), next(), next())).containsExactly("ban 1", "ban 4", "attack_details 3");
        assertThat(runner.dropped(ATTACK_DETAILS)).isEqualTo(1);
        assertThat(runner.dropped(BAN)).isZero();
    }

    @Test
    void shouldCountABanDroppedAndCancelItsUnbanWhenFullOfBans() throws Exception
    {
        runner(1, 2);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, BAN, 100);
        submit(3, BAN, 100);
        submit(4, BAN, 100);
        submit(4, ATTACK_DETAILS, 100);
        submit(4, UNBAN, 100);
        gate.countDown();
        assertThat(List.of(next(), next(), next())).containsExactly("ban 1", "ban 2", "ban 3");
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(runner.dropped(BAN)).isEqualTo(1);
        assertThat(runner.cancelled(ATTACK_DETAILS)).isEqualTo(1);
        assertThat(runner.cancelled(UNBAN)).isEqualTo(1);
    }

    @Test
    void shouldDropTheWeakestWaitingBanForAStrongerOneWhenFullOfBans() throws Exception
    {
        runner(1, 2);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, BAN, 200);
        submit(3, BAN, 100);
        submit(4, BAN, 60_000);
        submit(3, ATTACK_DETAILS, 100);
        submit(3, UNBAN, 100);
        gate.countDown();
        assertThat(List.of(next(), next(), next())).containsExactly("ban 1", "ban 4", "ban 2");
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(runner.dropped(BAN)).isEqualTo(1);
        assertThat(runner.cancelled(ATTACK_DETAILS)).isEqualTo(1);
        assertThat(runner.cancelled(UNBAN)).isEqualTo(1);
    }

    @Test
    void shouldQueueTheUnbanOfADeliveredBanEvenWhenFull() throws Exception
    {
        runner(1, 2);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, BAN, 100);
        submit(3, BAN, 100);
        submit(1, UNBAN, 100);
        gate.countDown();
        assertThat(List.of(next(), next(), next(), next())).containsExactly("ban 1", "ban 2", "ban 3", "unban 1");
        assertThat(runner.dropped(UNBAN)).isZero();
    }

    @Test
    void shouldInterruptRunningCallsAndDropWaitingOnesWhenTheDrainEnds() throws Exception
    {
        runner(1, ActionRunner.DEFAULT_CAPACITY);
        submit(1, BAN, 100);
        awaitRunning();
        submit(2, BAN, 100);
        submit(2, ATTACK_DETAILS, 100);
        final long start = System.nanoTime();
        runner.close(start + TimeUnit.MILLISECONDS.toNanos(500), start + TimeUnit.SECONDS.toNanos(2));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        assertThat(runner.dropped(BAN)).isEqualTo(1);
        assertThat(runner.dropped(ATTACK_DETAILS)).isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(t -> t.getName().startsWith("fnm-action-gated") && t.isAlive());
    }

    @Test
    void shouldStillRunTheWaitingCallsWhenClosedWithoutAHungCall() throws Exception
    {
        runner(1, ActionRunner.DEFAULT_CAPACITY);
        for (int n = 2; n < 12; n++)
        {
            submit(n, BAN, 100);
        }
        final long start = System.nanoTime();
        runner.close(start + TimeUnit.SECONDS.toNanos(1), start + TimeUnit.SECONDS.toNanos(2));
        assertThat(calls).hasSize(10);
        assertThat(runner.dropped(BAN)).isZero();
    }

    private void awaitRunning() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.queued() > 0 && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertThat(runner.queued()).as("the first call taken").isZero();
    }
}
