package io.fnm.core;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the ban list: immutable snapshot.
 */
public final class BanEntry
{
    private final Attack attack;
    private final long bannedAtMillis;
    private final long unbanAtMillis;

    /**
     * @param attack         the attack (with the peak tracked so far).
     * @param bannedAtMillis when the ban was made, epoch milliseconds.
     * @param unbanAtMillis  the earliest automatic unban, or {@link Long#MAX_VALUE} for never.
     */
    public BanEntry(final Attack attack, final long bannedAtMillis, final long unbanAtMillis)
    {
        this.attack = attack;
        this.bannedAtMillis = bannedAtMillis;
        this.unbanAtMillis = unbanAtMillis;
    }

    /**
     * @return the attack.
     */
    public Attack attack()
    {
        return attack;
    }

    /**
     * @return when the host was banned, epoch milliseconds.
     */
    public long bannedAtMillis()
    {
        return bannedAtMillis;
    }

    /**
     * @return the earliest automatic unban (later if {@code unban_only_if_attack_finished} keeps it), or
     * {@link Long#MAX_VALUE} when never (manual ban, or {@code ban_time = 0}).
     */
    public long unbanAtMillis()
    {
        return unbanAtMillis;
    }

    /**
     * @return when the host was banned.
     */
    public Instant bannedAt()
    {
        return Instant.ofEpochMilli(bannedAtMillis);
    }

    /**
     * @return the earliest automatic unban (later if {@code unban_only_if_attack_finished} keeps it); empty when
     * never (a manual ban without a duration, or {@code ban_time = 0}).
     */
    public Optional<Instant> unbanAt()
    {
        return unbanAtMillis == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(unbanAtMillis));
    }

    /**
     * @return true for a manual ban.
     */
    public boolean manual()
    {
        return attack.manual();
    }

    @Override
    public String toString()
    {
        return "BanEntry{" + attack + ", bannedAt=" + bannedAtMillis + ", unbanAt=" + unbanAtMillis + '}';
    }
}
