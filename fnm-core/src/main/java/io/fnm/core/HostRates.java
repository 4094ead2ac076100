package io.fnm.core;

import java.util.Arrays;

/**
 * An immutable snapshot of smoothed rates (FastNetMon's moving average over {@code average_calculation_time}) of one
 * host, one network, or a total: packets and bytes per second per {@link Direction} and {@link TrafficClass}, and
 * distinct flows per second per direction.
 * <p>
 * For a host or a network only {@link Direction#INCOMING} and {@link Direction#OUTGOING} carry values; totals carry
 * all four directions. Per-host averages are held as unsigned 32-bit values, so a host's bytes per second saturate
 * at 2^32-1 (34 Gbit/s per host and class); network and total averages are 64-bit.
 */
public final class HostRates
{
    /** All rates zero. */
    public static final HostRates ZERO = new HostRates(new long[sizeWithFlows()]);

    private static final int DIRECTIONS = 4;
    private static final int CLASSES = 7;

    private final long[] values;

    private HostRates(final long[] values)
    {
        this.values = values;
    }

    private static int sizeWithFlows()
    {
        return DIRECTIONS * CLASSES * 2 + DIRECTIONS;
    }

    /**
     * @param direction the direction.
     * @param trafficClass the class.
     * @return packets per second.
     */
    public long packetsPerSecond(final Direction direction, final TrafficClass trafficClass)
    {
        return values[index(direction.ordinal(), trafficClass.ordinal(), false)];
    }

    /**
     * @param direction the direction.
     * @param trafficClass the class.
     * @return bytes per second.
     */
    public long bytesPerSecond(final Direction direction, final TrafficClass trafficClass)
    {
        return values[index(direction.ordinal(), trafficClass.ordinal(), true)];
    }

    /**
     * @param direction the direction.
     * @param trafficClass the class.
     * @return bits per second (bytes per second times 8, saturating).
     */
    public long bitsPerSecond(final Direction direction, final TrafficClass trafficClass)
    {
        final long bytes = bytesPerSecond(direction, trafficClass);
        return bytes > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : bytes * 8;
    }

    /**
     * @param direction the direction.
     * @param trafficClass the class.
     * @return decimal megabits per second, truncated: {@code floor(bytes * 8 / 10^6)} (what thresholds compare).
     */
    public long megabitsPerSecond(final Direction direction, final TrafficClass trafficClass)
    {
        return toMegabits(bytesPerSecond(direction, trafficClass));
    }

    /**
     * @param direction the direction.
     * @return distinct flows per second (0 when connection tracking is off).
     */
    public long flowsPerSecond(final Direction direction)
    {
        return values[DIRECTIONS * CLASSES * 2 + direction.ordinal()];
    }

    /**
     * @param bytesPerSecond bytes per second, not negative.
     * @return {@code floor(bytesPerSecond * 8 / 10^6)} computed exactly.
     */
    public static long toMegabits(final long bytesPerSecond)
    {
        // bytes * 8 / 1e6 == bytes / 125000, exact in integers and free of overflow
        return bytesPerSecond / 125_000L;
    }

    /**
     * @return a builder of a snapshot (for the engine and for tests of actions).
     */
    public static Builder builder()
    {
        return new Builder();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof HostRates && Arrays.equals(values, ((HostRates)o).values);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString()
    {
        return "HostRates{in_pps=" + packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL) +
            ", out_pps=" + packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL) +
            ", in_bps=" + bitsPerSecond(Direction.INCOMING, TrafficClass.TOTAL) +
            ", out_bps=" + bitsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL) +
            ", in_flows=" + flowsPerSecond(Direction.INCOMING) +
            ", out_flows=" + flowsPerSecond(Direction.OUTGOING) + '}';
    }

    private static int index(final int direction, final int trafficClass, final boolean bytes)
    {
        return (direction * CLASSES + trafficClass) * 2 + (bytes ? 1 : 0);
    }

    /**
     * Builds a {@link HostRates}; not thread-safe.
     */
    public static final class Builder
    {
        private final long[] values = new long[sizeWithFlows()];

        private Builder()
        {
        }

        /**
         * @param direction the direction.
         * @param trafficClass the class.
         * @param value packets per second.
         * @return this builder.
         */
        public Builder packetsPerSecond(final Direction direction, final TrafficClass trafficClass, final long value)
        {
            values[index(direction.ordinal(), trafficClass.ordinal(), false)] = value;
            return this;
        }

        /**
         * @param direction the direction.
         * @param trafficClass the class.
         * @param value bytes per second.
         * @return this builder.
         */
        public Builder bytesPerSecond(final Direction direction, final TrafficClass trafficClass, final long value)
        {
            values[index(direction.ordinal(), trafficClass.ordinal(), true)] = value;
            return this;
        }

        /**
         * @param direction the direction.
         * @param value distinct flows per second.
         * @return this builder.
         */
        public Builder flowsPerSecond(final Direction direction, final long value)
        {
            values[DIRECTIONS * CLASSES * 2 + direction.ordinal()] = value;
            return this;
        }

        /**
         * @return the snapshot.
         */
        public HostRates build()
        {
            return new HostRates(values.clone());
        }
    }
}
