package io.fnm.core;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;

import java.util.List;

/**
 * What to do about an attack: blackhole it, announce it, notify someone. Register one in code
 * ({@link DetectionEngine.Builder#action(AttackAction)}, a lambda will do) or through
 * {@link io.fnm.core.spi.AttackActionProvider}.
 * <p>
 * The engine calls an action on threads of its own, never on a capture or tick thread: up to
 * {@link #maxConcurrentCalls()} calls at once (one by default), never two for one host, and for one host in order
 * (ban, then details, then unban for one attack). Under a backlog, bans and unbans go before attack details and the
 * strongest attack first; waiting calls are bounded (details are dropped first) and every drop is counted
 * ({@code fnm_action_calls_dropped_total}). Each call has a timeout ({@code action_timeout_seconds}) after which it is
 * interrupted; a call that throws, hangs or is slow is logged and counted and never delays detection or any other
 * action. When the engine stops, waiting calls still run for up to 1 s; then running calls are interrupted.
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
     * Called once for each ban restored at start from the {@link BanStore} (a ban made before a restart that is not
     * over yet). By default the same as {@link #onBan(Attack)}: an action holding external state that did not
     * survive the restart (a BGP session, an ExaBGP announcement) announces the route again. An action whose ban is
     * a notification (a script, a mail) overrides it to do nothing. Its {@link #onUnban(Attack)} comes when the
     * restored ban ends; a ban that ended while fnm was down gets only its {@code onUnban}, at start.
     *
     * @param ban the restored ban (its attack, when it was banned, when it ends).
     * @throws Exception anything; it is logged and counted.
     */
    default void onRestore(final BanEntry ban) throws Exception
    {
        onBan(ban.attack());
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
     * How many calls the engine may make at once, for different hosts (calls about one host never overlap). Return
     * more than 1 only when the action is safe to call from several threads at once and each call mostly waits (a
     * process, a network round trip), so that one slow or hung call does not hold back the next victim's ban.
     *
     * @return 1 to 64; 1 by default (one call at a time).
     */
    default int maxConcurrentCalls()
    {
        return 1;
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
