package io.fnm.core;

import io.fnm.capture.IpAddresses;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable description of a detected (or manually triggered) attack against one host, as FastNetMon's
 * {@code fill_attack_information} builds it, plus what FastNetMon lacks: a real random UUID, the threshold that
 * fired, the directions in which thresholds fired, and the peak power tracked while the attack lasts.
 * <p>
 * The direction, protocol, type and power are those of the threshold that fired (FastNetMon decides the direction
 * by packets, or by bytes when the packet rates differ by less than 1 000 pps, and can report a flood's replies
 * instead of the flood). When thresholds fired in both directions the attack has the direction whose threshold
 * comes first in {@link ThresholdKind} order (on the same kind, the larger average; incoming on a tie) and
 * {@link #firedDirections()} holds both.
 * <p>
 * An attack delivered to {@link AttackAction#onAttackDetails} or {@link AttackAction#onUnban} carries the peak
 * tracked so far; {@link #rates()} are always the averages at detection.
 */
public final class Attack
{
    private final UUID uuid;
    private final InetAddress address;
    private final String ip;
    private final Direction direction;
    private final Set<Direction> firedDirections;
    private final AttackProtocol protocol;
    private final AttackType type;
    private final ThresholdKind threshold;
    private final String hostgroup;
    private final IpPrefix customerNetwork;
    private final long initialPowerPps;
    private final long peakPowerPps;
    private final HostRates rates;
    private final long detectedAtMillis;
    private final long banTimeSeconds;
    private final boolean manual;
    private final String reason;

    private Attack(final Builder b)
    {
        this.uuid = Objects.requireNonNull(b.uuid, "uuid");
        this.address = Objects.requireNonNull(b.address, "address");
        this.ip = textOf(address);
        this.direction = Objects.requireNonNull(b.direction, "direction");
        this.firedDirections = firedOf(b.firedDirections, direction);
        this.protocol = Objects.requireNonNull(b.protocol, "protocol");
        this.type = Objects.requireNonNull(b.type, "type");
        this.threshold = b.threshold;
        this.hostgroup = b.hostgroup == null ? Hostgroup.GLOBAL : b.hostgroup;
        this.customerNetwork = b.customerNetwork;
        this.initialPowerPps = b.initialPowerPps;
        this.peakPowerPps = Math.max(b.peakPowerPps, b.initialPowerPps);
        this.rates = b.rates == null ? HostRates.ZERO : b.rates;
        this.detectedAtMillis = b.detectedAtMillis;
        this.banTimeSeconds = b.banTimeSeconds;
        this.manual = b.manual;
        this.reason = b.reason;
    }

    /**
     * @return a builder (used by the engine; handy for testing actions).
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param peakPps the peak power so far.
     * @return a copy with that peak (never lower than the initial power).
     */
    public Attack withPeakPowerPps(final long peakPps)
    {
        if (peakPps == peakPowerPps)
        {
            return this;
        }
        return toBuilder().peakPowerPps(peakPps).build();
    }

    /**
     * @return a builder holding this attack's values.
     */
    public Builder toBuilder()
    {
        return new Builder().uuid(uuid).address(address).direction(direction).firedDirections(firedDirections)
            .protocol(protocol).type(type)
            .threshold(threshold).hostgroup(hostgroup).customerNetwork(customerNetwork)
            .initialPowerPps(initialPowerPps).peakPowerPps(peakPowerPps).rates(rates)
            .detectedAtMillis(detectedAtMillis).banTimeSeconds(banTimeSeconds).manual(manual).reason(reason);
    }

    /**
     * @return a random (version 4) UUID identifying this attack (FastNetMon always sends the nil UUID).
     */
    public UUID uuid()
    {
        return uuid;
    }

    /**
     * @return the attacked (or attacking) host of our networks.
     */
    public InetAddress address()
    {
        return address;
    }

    /**
     * @return the host's address as text: dotted quad, or RFC 5952 for IPv6 (FastNetMon prints 0.0.0.0 there).
     */
    public String ip()
    {
        return ip;
    }

    /**
     * @return 4 or 6.
     */
    public int ipVersion()
    {
        return address instanceof Inet6Address ? 6 : 4;
    }

    /**
     * @return INCOMING or OUTGOING for a detected attack, OTHER for a manual ban.
     */
    public Direction direction()
    {
        return direction;
    }

    /**
     * @return the directions in which a threshold fired at detection: {@link #direction()} alone, or INCOMING and
     *     OUTGOING when both fired; empty for a manual ban.
     */
    public Set<Direction> firedDirections()
    {
        return firedDirections;
    }

    /**
     * @return the protocol: the threshold's for protocol thresholds, else the dominant one.
     */
    public AttackProtocol protocol()
    {
        return protocol;
    }

    /**
     * @return the attack type.
     */
    public AttackType type()
    {
        return type;
    }

    /**
     * @return the threshold that fired, or null for a manual ban.
     */
    public ThresholdKind threshold()
    {
        return threshold;
    }

    /**
     * @return the hostgroup whose thresholds applied, {@value Hostgroup#GLOBAL} when none.
     */
    public String hostgroup()
    {
        return hostgroup;
    }

    /**
     * @return the matched {@code networks_list} prefix, or null when unknown.
     */
    public IpPrefix customerNetwork()
    {
        return customerNetwork;
    }

    /**
     * @return packets per second in the attack direction at detection.
     */
    public long initialPowerPps()
    {
        return initialPowerPps;
    }

    /**
     * @return the highest packets per second in the attack direction seen so far while the attack lasts.
     */
    public long peakPowerPps()
    {
        return peakPowerPps;
    }

    /**
     * @return the host's averages at detection ({@link HostRates#ZERO} for a manual ban).
     */
    public HostRates rates()
    {
        return rates;
    }

    /**
     * @return detection time, epoch milliseconds on the engine clock.
     */
    public long detectedAtMillis()
    {
        return detectedAtMillis;
    }

    /**
     * @return detection time on the engine clock (the same instant as {@link #detectedAtMillis()}).
     */
    public Instant detectedAt()
    {
        return Instant.ofEpochMilli(detectedAtMillis);
    }

    /**
     * @return ban duration in seconds, 0 = never unbanned automatically.
     */
    public long banTimeSeconds()
    {
        return banTimeSeconds;
    }

    /**
     * @return how long the ban lasts; empty when it is never lifted automatically ({@code ban_time = 0}, or a
     * manual ban without a duration).
     */
    public Optional<Duration> banTime()
    {
        return banTimeSeconds <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(banTimeSeconds));
    }

    /**
     * @return true for a manual ban.
     */
    public boolean manual()
    {
        return manual;
    }

    /**
     * @return why a manual ban was made, as its caller said; empty for a detected attack.
     */
    public Optional<String> reason()
    {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString()
    {
        return "Attack{" + ip + ' ' + direction.text() + (firedDirections.size() > 1 ? " (both fired)" : "") +
            ' ' + type.text() + ' ' + protocol.text() +
            ", threshold=" + (threshold == null ? "manual" : threshold.displayName()) +
            ", hostgroup=" + hostgroup + ", initial=" + initialPowerPps + " pps, peak=" + peakPowerPps +
            " pps, uuid=" + uuid + '}';
    }

    private static Set<Direction> firedOf(final Set<Direction> given, final Direction direction)
    {
        final Set<Direction> fired = given == null || given.isEmpty() ? EnumSet.noneOf(Direction.class) :
            EnumSet.copyOf(given);
        if (direction == Direction.INCOMING || direction == Direction.OUTGOING)
        {
            fired.add(direction);
        }
        return fired.isEmpty() ? Set.of() : Collections.unmodifiableSet(fired);
    }

    private static String textOf(final InetAddress address)
    {
        final byte[] b = address.getAddress();
        if (b.length == 4)
        {
            return IpAddresses.ipv4ToString(
                ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++)
        {
            high = (high << 8) | (b[i] & 0xFFL);
            low = (low << 8) | (b[8 + i] & 0xFFL);
        }
        return IpAddresses.ipv6ToString(high, low);
    }

    /**
     * Builds an {@link Attack}; not thread-safe.
     */
    public static final class Builder
    {
        private UUID uuid = UUID.randomUUID();
        private InetAddress address;
        private Direction direction = Direction.OTHER;
        private Set<Direction> firedDirections;
        private AttackProtocol protocol = AttackProtocol.UNKNOWN;
        private AttackType type = AttackType.UNKNOWN;
        private ThresholdKind threshold;
        private String hostgroup;
        private IpPrefix customerNetwork;
        private long initialPowerPps;
        private long peakPowerPps;
        private HostRates rates;
        private long detectedAtMillis;
        private long banTimeSeconds;
        private boolean manual;
        private String reason;

        private Builder()
        {
        }

        /**
         * @param value the UUID (random by default).
         * @return this builder.
         */
        public Builder uuid(final UUID value)
        {
            uuid = value;
            return this;
        }

        /**
         * @param value the host.
         * @return this builder.
         */
        public Builder address(final InetAddress value)
        {
            address = value;
            return this;
        }

        /**
         * @param value the direction.
         * @return this builder.
         */
        public Builder direction(final Direction value)
        {
            direction = value;
            return this;
        }

        /**
         * @param value the directions in which thresholds fired (the direction, when INCOMING or OUTGOING, is
         *              always included).
         * @return this builder.
         */
        public Builder firedDirections(final Set<Direction> value)
        {
            firedDirections = value;
            return this;
        }

        /**
         * @param value the protocol.
         * @return this builder.
         */
        public Builder protocol(final AttackProtocol value)
        {
            protocol = value;
            return this;
        }

        /**
         * @param value the type.
         * @return this builder.
         */
        public Builder type(final AttackType value)
        {
            type = value;
            return this;
        }

        /**
         * @param value the threshold that fired, null for manual.
         * @return this builder.
         */
        public Builder threshold(final ThresholdKind value)
        {
            threshold = value;
            return this;
        }

        /**
         * @param value the hostgroup name.
         * @return this builder.
         */
        public Builder hostgroup(final String value)
        {
            hostgroup = value;
            return this;
        }

        /**
         * @param value the matched networks_list prefix.
         * @return this builder.
         */
        public Builder customerNetwork(final IpPrefix value)
        {
            customerNetwork = value;
            return this;
        }

        /**
         * @param value packets per second at detection.
         * @return this builder.
         */
        public Builder initialPowerPps(final long value)
        {
            initialPowerPps = value;
            return this;
        }

        /**
         * @param value peak packets per second.
         * @return this builder.
         */
        public Builder peakPowerPps(final long value)
        {
            peakPowerPps = value;
            return this;
        }

        /**
         * @param value averages at detection.
         * @return this builder.
         */
        public Builder rates(final HostRates value)
        {
            rates = value;
            return this;
        }

        /**
         * @param value epoch milliseconds.
         * @return this builder.
         */
        public Builder detectedAtMillis(final long value)
        {
            detectedAtMillis = value;
            return this;
        }

        /**
         * @param value seconds, 0 = never.
         * @return this builder.
         */
        public Builder banTimeSeconds(final long value)
        {
            banTimeSeconds = value;
            return this;
        }

        /**
         * @param value true for a manual ban.
         * @return this builder.
         */
        public Builder manual(final boolean value)
        {
            manual = value;
            return this;
        }

        /**
         * @param value why a manual ban was made, or null.
         * @return this builder.
         */
        public Builder reason(final String value)
        {
            reason = value;
            return this;
        }

        /**
         * @return the attack.
         */
        public Attack build()
        {
            return new Attack(this);
        }
    }
}
