package io.fnm.core.internal;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ban: the attack that caused it, when it ends, the peak rate seen since, and the investigation collecting the
 * attack's records. Tick-owned: used under the engine lock only.
 */
final class Ban
{
    /** The end of a ban that only an unban ends. */
    static final long NEVER = Long.MAX_VALUE;

    private Attack attack;
    private final long bannedAtMillis;
    private final long unbanAtMillis;
    private long peakPps;
    private Investigation investigation;

    private Ban(final Attack attack, final long bannedAtMillis, final long unbanAtMillis)
    {
        this.attack = attack;
        this.bannedAtMillis = bannedAtMillis;
        this.unbanAtMillis = unbanAtMillis;
        this.peakPps = attack.peakPowerPps();
    }

    /**
     * @param attack         the attack detected.
     * @param nowMillis      detection time, epoch milliseconds.
     * @param banTimeSeconds ban_time; 0 bans until a manual unban.
     * @return a ban that is due the first millisecond after ban_time has fully passed.
     */
    static Ban detected(final Attack attack, final long nowMillis, final long banTimeSeconds)
    {
        final long unbanAt = banTimeSeconds == 0 ? NEVER : nowMillis + TimeUnit.SECONDS.toMillis(banTimeSeconds) + 1;
        return new Ban(attack, nowMillis, unbanAt);
    }

    /**
     * @param attack    the manual attack.
     * @param nowMillis ban time, epoch milliseconds.
     * @return a ban that lasts until a manual unban.
     */
    static Ban manual(final Attack attack, final long nowMillis)
    {
        return new Ban(attack, nowMillis, NEVER);
    }

    /**
     * @param attack         the manual attack.
     * @param nowMillis      ban time, epoch milliseconds.
     * @param durationMillis how long it lasts; 0 or less until a manual unban.
     * @return a ban lifted after the duration (whatever the traffic) or by a manual unban.
     */
    static Ban manual(final Attack attack, final long nowMillis, final long durationMillis)
    {
        return new Ban(attack, nowMillis, durationMillis <= 0 ? NEVER : nowMillis + durationMillis);
    }

    /**
     * @return true for a ban made through the API rather than detected.
     */
    boolean isManual()
    {
        return attack.manual();
    }

    /**
     * @return the attack's direction.
     */
    Direction direction()
    {
        return attack.direction();
    }

    /**
     * @param nowMillis epoch milliseconds.
     * @return true once the ban's time is over (never with ban_time 0 or for a manual ban).
     */
    boolean isDue(final long nowMillis)
    {
        return nowMillis >= unbanAtMillis;
    }

    /**
     * @param packetsPerSecond the host's current average in the attack's direction.
     */
    void observe(final long packetsPerSecond)
    {
        peakPps = Math.max(peakPps, packetsPerSecond);
    }

    /**
     * @return the attack with the peak seen so far (never below its initial power).
     */
    Attack current()
    {
        return attack.withPeakPowerPps(Math.max(peakPps, attack.initialPowerPps()));
    }

    /**
     * Give the attack the amplification type its sampled records show (the ban call already made keeps the type
     * of detection; later calls and the ban list carry this one).
     *
     * @param type an amplification type (its traffic is UDP).
     */
    void refine(final AttackType type)
    {
        attack = attack.toBuilder().type(type).protocol(AttackProtocol.UDP).build();
    }

    /**
     * @return the ban list's entry for this ban.
     */
    BanEntry entry()
    {
        return new BanEntry(current(), bannedAtMillis, unbanAtMillis);
    }

    /**
     * @param investigation collects the attack's records from now on.
     */
    void investigate(final Investigation investigation)
    {
        this.investigation = investigation;
    }

    /**
     * @return the open investigation, or null.
     */
    Investigation investigation()
    {
        return investigation;
    }

    /**
     * @param nowMillis epoch milliseconds.
     * @return true when an open investigation is full or past its deadline.
     */
    boolean isInvestigationDue(final long nowMillis)
    {
        return investigation != null && (investigation.isFull() || nowMillis >= investigation.deadlineMillis);
    }

    /**
     * Close the open investigation.
     *
     * @return the records it collected, unmodifiable, or null when none was open.
     */
    List<TrafficRecord> closeInvestigation()
    {
        if (investigation == null)
        {
            return null;
        }
        final List<TrafficRecord> records = Collections.unmodifiableList(investigation.close());
        investigation = null;
        return records;
    }
}
