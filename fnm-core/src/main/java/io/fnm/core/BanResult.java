package io.fnm.core;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a manual ban ({@link DetectionEngine#ban(InetAddress, java.time.Duration, String)}) did, and why it did
 * nothing when it did nothing.
 */
public final class BanResult
{
    /** The outcome. */
    public enum Outcome
    {
        /** Banned now; the actions run. */
        BANNED,
        /** Not banned: the host is not inside {@code networks_list}. */
        OUTSIDE_NETWORKS,
        /** Not banned: the host is banned already (detected or by hand); {@link #entry()} is that ban. */
        ALREADY_BANNED,
        /** Not banned: the host is inside {@code networks_whitelist}. */
        WHITELISTED
    }

    private final InetAddress address;
    private final Outcome outcome;
    private final BanEntry entry;

    /**
     * @param address the host.
     * @param outcome what happened.
     * @param entry   the ban made or found, or null.
     */
    public BanResult(final InetAddress address, final Outcome outcome, final BanEntry entry)
    {
        this.address = Objects.requireNonNull(address, "address");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.entry = entry;
    }

    /**
     * @return the host.
     */
    public InetAddress address()
    {
        return address;
    }

    /**
     * @return what happened.
     */
    public Outcome outcome()
    {
        return outcome;
    }

    /**
     * @return true when the host was banned by this call.
     */
    public boolean banned()
    {
        return outcome == Outcome.BANNED;
    }

    /**
     * @return the ban made ({@link Outcome#BANNED}) or already in force ({@link Outcome#ALREADY_BANNED}).
     */
    public Optional<BanEntry> entry()
    {
        return Optional.ofNullable(entry);
    }

    /**
     * @return e.g. {@code 10.0.0.5: not banned: whitelisted}.
     */
    @Override
    public String toString()
    {
        final String host = address.getHostAddress();
        return switch (outcome)
        {
            case BANNED -> host + ": banned";
            case OUTSIDE_NETWORKS -> host + ": not banned: outside networks_list";
            case ALREADY_BANNED -> host + ": not banned: already banned";
            case WHITELISTED -> host + ": not banned: whitelisted (networks_whitelist)";
        };
    }
}
