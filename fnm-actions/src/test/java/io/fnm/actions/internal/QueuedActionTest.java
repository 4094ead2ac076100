package io.fnm.actions.internal;

import io.fnm.actions.json.AttackEvent;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuedActionTest
{
    private static final String NAME = "queued-action-test";

    @Test
    void shouldWriteEachEventWithTheClocksTimeInOrderOnItsOwnThread() throws Exception
    {
        final ManualClock clock = new ManualClock(1_000_000L);
        final List<String> written = new CopyOnWriteArrayList<>();
        try (Recording action = new Recording(clock, written))
        {
            final Attack attack = attack();
            action.onBan(attack);
            clock.advanceSeconds(5);
            action.onAttackDetails(attack, List.of(new TrafficRecord()));
            clock.advanceSeconds(5);
            action.onUnban(attack);

            assertThat(action.awaitWritten(Duration.ofSeconds(10))).isTrue();
            assertThat(written).containsExactly("ban 0 1000000 fnm-output-" + NAME,
                "attack_details 1 1005000 fnm-output-" + NAME, "unban 0 1010000 fnm-output-" + NAME);
            assertThat(action.delivery().written()).isEqualTo(3);
        }
    }

    @Test
    void shouldLeaveNoThreadWhenTheSubclassConstructorFails()
    {
        assertThatThrownBy(() -> new Failing(new ManualClock(0))).isInstanceOf(IllegalStateException.class);

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("fnm-output-failing"));
    }

    @Test
    void shouldReleaseItsResourcesAfterTheQueueOnClose() throws Exception
    {
        final List<String> written = new CopyOnWriteArrayList<>();
        final Recording action = new Recording(new ManualClock(0), written);
        action.onBan(attack());

        action.close();

        assertThat(written).hasSize(2).endsWith("released");
    }

    private static Attack attack()
    {
        return Attack.builder().address(IpAddresses.parseLiteral("10.0.0.5")).build();
    }

    private static final class Recording extends QueuedAction
    {
        private final List<String> written;

        Recording(final ManualClock clock, final List<String> written)
        {
            super(NAME, RetryPolicy.ONCE, clock);
            this.written = written;
        }

        @Override
        protected Delivery.Write prepare(final Attack attack, final AttackEvent event,
            final List<TrafficRecord> records, final Instant now)
        {
            return () -> written.add(event.text() + ' ' + records.size() + ' ' + now.toEpochMilli() + ' ' +
                Thread.currentThread().getName());
        }

        @Override
        protected void release()
        {
            written.add("released");
        }
    }

    private static final class Failing extends QueuedAction
    {
        Failing(final ManualClock clock)
        {
            super("failing", RetryPolicy.ONCE, clock);
            throw new IllegalStateException("the server's address does not resolve");
        }

        @Override
        protected Delivery.Write prepare(final Attack attack, final AttackEvent event,
            final List<TrafficRecord> records, final Instant now)
        {
            return () ->
            {
            };
        }
    }
}
