package io.fnm.core;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;

import java.util.List;

/**
 * What to do about an attack: blackhole it, announce it, notify someone. Register one in code
 * ({@link DetectionEngine.Builder#action(AttackAction)}, a lambda will do) or through
 * {@link io.fnm.core.spi.AttackActionProvider}.
 * <p>
 * The engine calls an action on an executor of its own, never on a capture or tick thread, one call at a time per
 * action and in order (ban, then details, then unban for one attack). Each call has a timeout
 * ({@code action_timeout_seconds}) after which it is interrupted; a call that throws, hangs or is slow is logged and
 * counted and never delays detection or any other action.
 */
@FunctionalInterface
public interface AttackAction
{
    /**
     * Called once when a host is banned (at detection, or by a manual ban).
     *
     * @param attack the attack.
     * @throws Exception anything; it is logged and counted.
     */
    void onBan(Attack attack) throws Exception;

    /**
     * Called once after a detected ban with the records of the attack collected since detection: up to
     * {@code ban_details_records_count} copies, or what arrived within {@code ban_details_max_wait_seconds} (possibly
     * none). Not called for manual bans.
     *
     * @param attack  the attack, with the peak power so far.
     * @param records the records (copies the action may keep).
     * @throws Exception anything; it is logged and counted.
     */
    default void onAttackDetails(final Attack attack, final List<TrafficRecord> records) throws Exception
    {
    }

    /**
     * Called once when the ban ends (after {@code ban_time}, or by a manual unban).
     *
     * @param attack the attack, with the peak power tracked while it lasted.
     * @throws Exception anything; it is logged and counted.
     */
    default void onUnban(final Attack attack) throws Exception
    {
    }

    /**
     * @return a name for logs and the {@code action} label of counters; the class's simple name by default.
     */
    default String name()
    {
        final String simple = getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$Lambda") || simple.contains("$Lambda") ? "lambda" : simple;
    }

    /**
     * Report this action's own operational counters (sessions up, routes announced, writes failed, queue drops...),
     * each series once per call, declared as {@link io.fnm.capture.CounterDescriptor} constants with an
     * {@code action} label; the engine calls it from {@link DetectionEngine#counters} after its own. Must be cheap
     * and must not block: a scrape calls it.
     *
     * @param visitor receives each counter.
     */
    default void counters(final CounterVisitor visitor)
    {
    }
}
