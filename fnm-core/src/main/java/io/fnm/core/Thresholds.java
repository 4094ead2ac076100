package io.fnm.core;

import java.util.Arrays;

/**
 * An immutable set of ban thresholds: per {@link ThresholdKind} an on/off switch and a value, plus the two master
 * switches {@code enable_ban} (IPv4) and {@code enable_ban_ipv6}. Defaults are FastNetMon's code defaults: every
 * switch off, every value 0.
 * <p>
 * Built with {@link #builder()}. A hostgroup's settings are a {@link Overrides}: a partial set that records which
 * keys were given; {@link Overrides#overlay(Thresholds)} takes every other key from the global thresholds
 * (FastNetMon builds a group from scratch and inherits nothing, the cause of most "hostgroup not working" reports).
 */
public final class Thresholds
{
    private static final Thresholds NONE = builder().build();

    private final boolean[] enabled;
    private final long[] values;
    private final boolean enableBan;
    private final boolean enableBanIpv6;

    private Thresholds(final boolean[] enabled, final long[] values, final boolean enableBan,
        final boolean enableBanIpv6)
    {
        this.enabled = enabled;
        this.values = values;
        this.enableBan = enableBan;
        this.enableBanIpv6 = enableBanIpv6;
    }

    /**
     * @return a builder with every switch off and every value 0.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return thresholds with every switch off and every value 0.
     */
    public static Thresholds none()
    {
        return NONE;
    }

    /**
     * @param kind the threshold.
     * @return true when the check is switched on.
     */
    public boolean enabled(final ThresholdKind kind)
    {
        return enabled[kind.ordinal()];
    }

    /**
     * @param kind the threshold.
     * @return its value (packets, flows or megabits per second).
     */
    public long value(final ThresholdKind kind)
    {
        return values[kind.ordinal()];
    }

    /**
     * @return the IPv4 master switch ({@code enable_ban}).
     */
    public boolean enableBan()
    {
        return enableBan;
    }

    /**
     * @return the IPv6 master switch ({@code enable_ban_ipv6}).
     */
    public boolean enableBanIpv6()
    {
        return enableBanIpv6;
    }

    /**
     * @return a builder holding these values.
     */
    public Builder toBuilder()
    {
        final Builder builder = new Builder();
        System.arraycopy(enabled, 0, builder.enabled, 0, enabled.length);
        System.arraycopy(values, 0, builder.values, 0, values.length);
        builder.enableBan = enableBan;
        builder.enableBanIpv6 = enableBanIpv6;
        return builder;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Thresholds))
        {
            return false;
        }
        final Thresholds that = (Thresholds)o;
        return enableBan == that.enableBan && enableBanIpv6 == that.enableBanIpv6 &&
            Arrays.equals(enabled, that.enabled) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode()
    {
        int h = Arrays.hashCode(enabled);
        h = 31 * h + Arrays.hashCode(values);
        h = 31 * h + Boolean.hashCode(enableBan);
        return 31 * h + Boolean.hashCode(enableBanIpv6);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Thresholds{enable_ban=").append(enableBan ? "on" : "off")
            .append(", enable_ban_ipv6=").append(enableBanIpv6 ? "on" : "off");
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            if (enabled[kind.ordinal()])
            {
                sb.append(", ").append(kind.thresholdKey()).append('=').append(values[kind.ordinal()]);
            }
        }
        return sb.append('}').toString();
    }

    private static void checkValue(final ThresholdKind kind, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(kind.thresholdKey() + " must not be negative: " + value);
        }
    }

    /**
     * Builds {@link Thresholds}; every switch starts off and every value at 0.
     */
    public static final class Builder
    {
        private final boolean[] enabled = new boolean[ThresholdKind.count()];
        private final long[] values = new long[ThresholdKind.count()];
        private boolean enableBan;
        private boolean enableBanIpv6;

        private Builder()
        {
        }

        /**
         * @param kind the threshold.
         * @param on   its switch ({@code ban_for_*}).
         * @return this.
         */
        public Builder enable(final ThresholdKind kind, final boolean on)
        {
            enabled[kind.ordinal()] = on;
            return this;
        }

        /**
         * @param kind  the threshold.
         * @param value its value ({@code threshold_*}), not negative.
         * @return this.
         * @throws IllegalArgumentException when the value is negative.
         */
        public Builder value(final ThresholdKind kind, final long value)
        {
            checkValue(kind, value);
            values[kind.ordinal()] = value;
            return this;
        }

        /**
         * Switch a threshold on and set its value.
         *
         * @param kind  the threshold.
         * @param value its value, not negative.
         * @return this.
         */
        public Builder threshold(final ThresholdKind kind, final long value)
        {
            return value(kind, value).enable(kind, true);
        }

        /**
         * @param on the IPv4 master switch ({@code enable_ban}).
         * @return this.
         */
        public Builder enableBan(final boolean on)
        {
            enableBan = on;
            return this;
        }

        /**
         * @param on the IPv6 master switch ({@code enable_ban_ipv6}).
         * @return this.
         */
        public Builder enableBanIpv6(final boolean on)
        {
            enableBanIpv6 = on;
            return this;
        }

        /**
         * @return the thresholds.
         */
        public Thresholds build()
        {
            return new Thresholds(enabled.clone(), values.clone(), enableBan, enableBanIpv6);
        }
    }

    /**
     * The settings a hostgroup gives explicitly ({@code <group>_ban_for_pps = on}, ...). Every key it does not set
     * comes from the global {@link Thresholds} in {@link #overlay(Thresholds)}. Mutable while being filled; a
     * {@link Hostgroup} keeps its own copy.
     */
    public static final class Overrides
    {
        private final boolean[] enabled = new boolean[ThresholdKind.count()];
        private final boolean[] enabledSet = new boolean[ThresholdKind.count()];
        private final long[] values = new long[ThresholdKind.count()];
        private final boolean[] valueSet = new boolean[ThresholdKind.count()];
        private boolean enableBan;
        private boolean enableBanSet;
        private boolean enableBanIpv6;
        private boolean enableBanIpv6Set;

        /**
         * An empty set: {@link #overlay(Thresholds)} returns the global thresholds.
         */
        public Overrides()
        {
        }

        /**
         * @param kind the threshold.
         * @param on   its switch.
         * @return this.
         */
        public Overrides enable(final ThresholdKind kind, final boolean on)
        {
            enabled[kind.ordinal()] = on;
            enabledSet[kind.ordinal()] = true;
            return this;
        }

        /**
         * @param kind  the threshold.
         * @param value its value, not negative.
         * @return this.
         * @throws IllegalArgumentException when the value is negative.
         */
        public Overrides value(final ThresholdKind kind, final long value)
        {
            checkValue(kind, value);
            values[kind.ordinal()] = value;
            valueSet[kind.ordinal()] = true;
            return this;
        }

        /**
         * Switch a threshold on and set its value.
         *
         * @param kind  the threshold.
         * @param value its value, not negative.
         * @return this.
         */
        public Overrides threshold(final ThresholdKind kind, final long value)
        {
            return value(kind, value).enable(kind, true);
        }

        /**
         * @param on the group's IPv4 master switch.
         * @return this.
         */
        public Overrides enableBan(final boolean on)
        {
            enableBan = on;
            enableBanSet = true;
            return this;
        }

        /**
         * @param on the group's IPv6 master switch.
         * @return this.
         */
        public Overrides enableBanIpv6(final boolean on)
        {
            enableBanIpv6 = on;
            enableBanIpv6Set = true;
            return this;
        }

        /**
         * @param kind the threshold.
         * @return true when the group sets the switch.
         */
        public boolean isEnableSet(final ThresholdKind kind)
        {
            return enabledSet[kind.ordinal()];
        }

        /**
         * @param kind the threshold.
         * @return true when the group sets the value.
         */
        public boolean isValueSet(final ThresholdKind kind)
        {
            return valueSet[kind.ordinal()];
        }

        /**
         * @return true when the group sets {@code enable_ban}.
         */
        public boolean isEnableBanSet()
        {
            return enableBanSet;
        }

        /**
         * @return true when the group sets {@code enable_ban_ipv6}.
         */
        public boolean isEnableBanIpv6Set()
        {
            return enableBanIpv6Set;
        }

        /**
         * @return true when the group sets nothing.
         */
        public boolean isEmpty()
        {
            if (enableBanSet || enableBanIpv6Set)
            {
                return false;
            }
            for (int i = 0; i < enabledSet.length; i++)
            {
                if (enabledSet[i] || valueSet[i])
                {
                    return false;
                }
            }
            return true;
        }

        /**
         * @param global the global thresholds.
         * @return the group's thresholds: its own value for every key it sets, the global value for the others.
         */
        public Thresholds overlay(final Thresholds global)
        {
            final boolean[] effectiveEnabled = global.enabled.clone();
            final long[] effectiveValues = global.values.clone();
            for (int i = 0; i < effectiveEnabled.length; i++)
            {
                if (enabledSet[i])
                {
                    effectiveEnabled[i] = enabled[i];
                }
                if (valueSet[i])
                {
                    effectiveValues[i] = values[i];
                }
            }
            return new Thresholds(effectiveEnabled, effectiveValues,
                enableBanSet ? enableBan : global.enableBan,
                enableBanIpv6Set ? enableBanIpv6 : global.enableBanIpv6);
        }

        /**
         * @return an independent copy.
         */
        public Overrides copy()
        {
            final Overrides copy = new Overrides();
            System.arraycopy(enabled, 0, copy.enabled, 0, enabled.length);
            System.arraycopy(enabledSet, 0, copy.enabledSet, 0, enabledSet.length);
            System.arraycopy(values, 0, copy.values, 0, values.length);
            System.arraycopy(valueSet, 0, copy.valueSet, 0, valueSet.length);
            copy.enableBan = enableBan;
            copy.enableBanSet = enableBanSet;
            copy.enableBanIpv6 = enableBanIpv6;
            copy.enableBanIpv6Set = enableBanIpv6Set;
            return copy;
        }

        @Override
        public boolean equals(final Object o)
        {
            if (this == o)
            {
                return true;
            }
            if (!(o instanceof Overrides))
            {
                return false;
            }
            final Overrides that = (Overrides)o;
            return enableBanSet == that.enableBanSet && enableBanIpv6Set == that.enableBanIpv6Set &&
                (!enableBanSet || enableBan == that.enableBan) &&
                (!enableBanIpv6Set || enableBanIpv6 == that.enableBanIpv6) &&
                Arrays.equals(enabledSet, that.enabledSet) && Arrays.equals(valueSet, that.valueSet) &&
                Arrays.equals(enabled, that.enabled) && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode()
        {
            int h = Arrays.hashCode(enabledSet);
            h = 31 * h + Arrays.hashCode(valueSet);
            h = 31 * h + Arrays.hashCode(enabled);
            return 31 * h + Arrays.hashCode(values);
        }

        @Override
        public String toString()
        {
            final StringBuilder sb = new StringBuilder("Overrides{");
            String separator = "";
            if (enableBanSet)
            {
                sb.append("enable_ban=").append(enableBan ? "on" : "off");
                separator = ", ";
            }
            if (enableBanIpv6Set)
            {
                sb.append(separator).append("enable_ban_ipv6=").append(enableBanIpv6 ? "on" : "off");
                separator = ", ";
            }
            for (final ThresholdKind kind : ThresholdKind.values())
            {
                if (enabledSet[kind.ordinal()])
                {
                    sb.append(separator).append(kind.switchKey()).append('=')
                        .append(enabled[kind.ordinal()] ? "on" : "off");
                    separator = ", ";
                }
                if (valueSet[kind.ordinal()])
                {
                    sb.append(separator).append(kind.thresholdKey()).append('=').append(values[kind.ordinal()]);
                    separator = ", ";
                }
            }
            return sb.append('}').toString();
        }
    }
}
