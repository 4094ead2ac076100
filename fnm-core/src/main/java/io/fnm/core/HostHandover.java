package io.fnm.core;

import java.util.List;

/**
 * Hands hosts from one engine to another ({@link DetectionEngine#handover()}): when the hosts an engine detects for
 * move to another engine (a scale-out deployment rebalancing its partitions, a crash), the heir takes over their bans
 * and their moving averages, so that it decides for them as the engine that held them would have.
 * <p>
 * <b>Bans.</b> {@link #restoreBans(List)} takes bans through the same path as the bans a {@link BanStore} restores at
 * a restart: a restored ban keeps its attack (type, direction, protocol, UUID, power, threshold), its banned-at and
 * its unban-at; each action gets {@link AttackAction#onRestore(BanEntry)}; the engine unbans it at the first tick past
 * its unban time, like any ban.
 * <p>
 * <b>Averages.</b> {@link #forEachHost(HostVisitor)} reads the moving averages of every tracked host (a checkpoint);
 * {@link #seed(byte[], long[], long)} queues a host's checkpointed averages for the heir's next tick, which sets the
 * host's averages to them, decayed for the time since the checkpoint by FastNetMon's formula with no traffic
 * ({@code avg × exp(-seconds / average_calculation_time)}, truncated). The tick then folds its interval's counts into
 * them as usual, so a slow ramp is judged on its whole history. The queue holds at most twice
 * {@code max_tracked_hosts} seeds; a seed beyond is dropped and counted ({@link #seedsDropped()}), as is a seed that
 * finds the host table full.
 * <p>
 * <b>Averages layout.</b> A host's averages are {@link #VALUES} unsigned 32-bit values in a {@code long[]}: for
 * incoming then outgoing, for each {@link TrafficClass} in order, packets then bytes per second; then distinct flows
 * per second incoming and outgoing ({@link #packetsIndex}, {@link #bytesIndex}, {@link #flowsIndex}).
 * <p>
 * Every method may be called from any thread: the ban restore and the host visit take the engine's lock (they see the
 * state between two ticks and delay the next tick while they run); a seed is only queued.
 */
public interface HostHandover
{
    /** Averages of a host. */
    int VALUES = 30;

    /**
     * Restore bans made by another engine (or before a restart): a ban still running is listed with its attack,
     * banned-at and unban-at and its actions get {@link AttackAction#onRestore(BanEntry)}; one whose unban time has
     * passed is ended now (its actions get {@link AttackAction#onUnban(Attack)}, so what was announced for it is
     * withdrawn). A host already banned here keeps its ban. Neither counts as a new ban; networks, whitelist and
     * {@code max_banned_hosts} are not applied again.
     *
     * @param bans the bans.
     * @return how many were restored (the others were ended or already banned here).
     */
    int restoreBans(List<BanEntry> bans);

    /**
     * Visit every tracked host with its averages as of the last tick, under the engine's lock (keep the visitor
     * short: the next tick waits).
     *
     * @param visitor receives each host; the arrays are reused between calls.
     * @return hosts visited.
     */
    int forEachHost(HostVisitor visitor);

    /**
     * Queue a host's checkpointed averages for the next tick (see the class comment).
     *
     * @param address  the host's address, 4 or 16 bytes, network order (copied).
     * @param averages its {@link #VALUES} averages (copied), as {@link #forEachHost} gives them.
     * @param atMillis when they were read, epoch milliseconds on the clock of the engine that read them.
     * @return false when the seed was dropped (queue full).
     * @throws IllegalArgumentException when the address is not 4 or 16 bytes or the averages not {@link #VALUES}.
     */
    boolean seed(byte[] address, long[] averages, long atMillis);

    /**
     * @return seeds applied to a host's averages.
     */
    long seedsApplied();

    /**
     * @return seeds dropped: the queue was full, or the host table was (no idle host to evict).
     */
    long seedsDropped();

    /**
     * @param direction    INCOMING or OUTGOING.
     * @param trafficClass the class.
     * @return where its packets per second are in a host's averages.
     */
    static int packetsIndex(final Direction direction, final TrafficClass trafficClass)
    {
        return checkHostDirection(direction) * 2 * TrafficClass.values().length + trafficClass.ordinal() * 2;
    }

    /**
     * @param direction    INCOMING or OUTGOING.
     * @param trafficClass the class.
     * @return where its bytes per second are in a host's averages.
     */
    static int bytesIndex(final Direction direction, final TrafficClass trafficClass)
    {
        return packetsIndex(direction, trafficClass) + 1;
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @return where its flows per second are in a host's averages.
     */
    static int flowsIndex(final Direction direction)
    {
        return 4 * TrafficClass.values().length + checkHostDirection(direction);
    }

    private static int checkHostDirection(final Direction direction)
    {
        if (direction != Direction.INCOMING && direction != Direction.OUTGOING)
        {
            throw new IllegalArgumentException("a host's averages are incoming or outgoing: " + direction);
        }
        return direction.ordinal();
    }

    /**
     * Receives the hosts of {@link HostHandover#forEachHost}.
     */
    @FunctionalInterface
    interface HostVisitor
    {
        /**
         * Called once, before the hosts, under the same lock.
         *
         * @param tickMillis when the tick whose averages follow ran, epoch milliseconds on the engine's clock (the
         *                   time to give {@link HostHandover#seed} with them).
         */
        default void begin(final long tickMillis)
        {
        }

        /**
         * @param address  the host's address, 4 or 16 bytes, network order (reused: copy what you keep).
         * @param averages its {@link HostHandover#VALUES} averages (reused: copy what you keep).
         */
        void host(byte[] address, long[] averages);
    }
}
