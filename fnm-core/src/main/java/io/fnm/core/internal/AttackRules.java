package io.fnm.core.internal;

import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.ThresholdKind;
import io.fnm.core.TrafficClass;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rules describing a detected attack from the host's averages and the threshold that fired: its direction, its
 * protocol and its type. Pure functions of the averages, so each rule is testable on its own.
 * <p>
 * <b>Direction: not FastNetMon's rule.</b> FastNetMon ({@code fill_attack_information}) takes the direction with
 * more packets per second, and when incoming and outgoing differ by less than 1 000 pps the one with more bytes. A
 * SYN flood of 1 058 pps against a host answering with 97 pps of 1 413-byte packets is then reported as an
 * outgoing attack of 97 pps, although only the incoming threshold fired. fnm reports the direction whose threshold
 * fired: for each direction the first kind (in {@link ThresholdKind} order) whose average in that direction is
 * strictly above its threshold; the direction whose kind comes first wins; when the same kind fired in both, the
 * direction with the larger average wins, and incoming on a tie. {@link #firedDirections} says whether both fired.
 */
public final class AttackRules
{
    private static final double CLASS_SHARE = 0.9;

    private AttackRules()
    {
    }

    /**
     * @param rates      averages of the host.
     * @param kind       one threshold kind.
     * @param direction  INCOMING or OUTGOING.
     * @return the average the kind compares in that direction (megabits per second for bandwidth kinds).
     */
    public static long valueOf(final HostRates rates, final ThresholdKind kind, final Direction direction)
    {
        return switch (kind)
        {
            case PPS -> rates.packetsPerSecond(direction, TrafficClass.TOTAL);
            case MBPS -> rates.megabitsPerSecond(direction, TrafficClass.TOTAL);
            case FLOWS -> rates.flowsPerSecond(direction);
            case TCP_PPS -> rates.packetsPerSecond(direction, TrafficClass.TCP);
            case UDP_PPS -> rates.packetsPerSecond(direction, TrafficClass.UDP);
            case ICMP_PPS -> rates.packetsPerSecond(direction, TrafficClass.ICMP);
            case TCP_MBPS -> rates.megabitsPerSecond(direction, TrafficClass.TCP);
            case UDP_MBPS -> rates.megabitsPerSecond(direction, TrafficClass.UDP);
            case ICMP_MBPS -> rates.megabitsPerSecond(direction, TrafficClass.ICMP);
            case TCP_SYN_PPS -> rates.packetsPerSecond(direction, TrafficClass.TCP_SYN);
            case FRAGMENTED_PPS -> rates.packetsPerSecond(direction, TrafficClass.FRAGMENTED);
        };
    }

    /**
     * @param rates      averages of the host.
     * @param direction  INCOMING or OUTGOING.
     * @param thresholds threshold values by kind ordinal, {@link EngineView#OFF} when disabled.
     * @return the first kind whose average in that direction is strictly above its threshold, or -1.
     */
    public static int firstFiredKind(final HostRates rates, final Direction direction, final long[] thresholds)
    {
        for (int k = 0; k < thresholds.length; k++)
        {
            if (thresholds[k] != EngineView.OFF && valueOf(rates, ThresholdKind.of(k), direction) > thresholds[k])
            {
                return k;
            }
        }
        return -1;
    }

    /**
     * @param rates      averages of the host.
     * @param thresholds threshold values by kind ordinal, {@link EngineView#OFF} when disabled.
     * @return INCOMING and/or OUTGOING: the directions in which some threshold fired.
     */
    public static Set<Direction> firedDirections(final HostRates rates, final long[] thresholds)
    {
        final Set<Direction> fired = EnumSet.noneOf(Direction.class);
        if (firstFiredKind(rates, Direction.INCOMING, thresholds) >= 0)
        {
            fired.add(Direction.INCOMING);
        }
        if (firstFiredKind(rates, Direction.OUTGOING, thresholds) >= 0)
        {
            fired.add(Direction.OUTGOING);
        }
        return fired;
    }

    /**
     * The attack's direction: the one whose threshold fired (see the class comment).
     *
     * @param rates      averages of the host.
     * @param fired      the kind the threshold check reported (the first that fired in either direction).
     * @param thresholds threshold values by kind ordinal, {@link EngineView#OFF} when disabled.
     * @return INCOMING or OUTGOING.
     */
    public static Direction directionOf(final HostRates rates, final ThresholdKind fired, final long[] thresholds)
    {
        final int in = firstFiredKind(rates, Direction.INCOMING, thresholds);
        final int out = firstFiredKind(rates, Direction.OUTGOING, thresholds);
        if (in >= 0 && (out < 0 || in < out))
        {
            return Direction.INCOMING;
        }
        if (out >= 0 && (in < 0 || out < in))
        {
            return Direction.OUTGOING;
        }
        // the same kind fired both ways (or, defensively, the averages moved since the check): the larger one
        final ThresholdKind kind = in >= 0 ? ThresholdKind.of(in) : fired;
        return valueOf(rates, kind, Direction.OUTGOING) > valueOf(rates, kind, Direction.INCOMING) ?
            Direction.OUTGOING : Direction.INCOMING;
    }

    /**
     * @param rates     averages.
     * @param direction attack direction.
     * @param kind      the threshold that fired (null: decide from the averages alone).
     * @return the threshold's protocol for the TCP, SYN, UDP and ICMP kinds; otherwise the largest of tcp, udp and
     *     icmp pps (ties tcp, udp, icmp), UNKNOWN when all are zero.
     */
    public static AttackProtocol protocolOf(final HostRates rates, final Direction direction,
        final ThresholdKind kind)
    {
        if (kind != null)
        {
            switch (kind)
            {
                case TCP_PPS, TCP_MBPS, TCP_SYN_PPS ->
                {
                    return AttackProtocol.TCP;
                }
                case UDP_PPS, UDP_MBPS ->
                {
                    return AttackProtocol.UDP;
                }
                case ICMP_PPS, ICMP_MBPS ->
                {
                    return AttackProtocol.ICMP;
                }
                default ->
                {
                    // total kinds: the averages decide
                }
            }
        }
        final long tcp = rates.packetsPerSecond(direction, TrafficClass.TCP);
        final long udp = rates.packetsPerSecond(direction, TrafficClass.UDP);
        final long icmp = rates.packetsPerSecond(direction, TrafficClass.ICMP);
        if (tcp == 0 && udp == 0 && icmp == 0)
        {
            return AttackProtocol.UNKNOWN;
        }
        if (tcp >= udp && tcp >= icmp)
        {
            return AttackProtocol.TCP;
        }
        return udp >= icmp ? AttackProtocol.UDP : AttackProtocol.ICMP;
    }

    /**
     * @param rates     averages.
     * @param direction attack direction.
     * @param kind      the threshold that fired (null: decide from the averages alone).
     * @return SYN_FLOOD for tcp_syn_pps, IP_FRAGMENTATION for ip_fragments_pps, UDP_FLOOD for the UDP kinds,
     *     ICMP_FLOOD for the ICMP kinds; for the TCP kinds SYN_FLOOD when SYN packets are strictly above 90% of the
     *     TCP packets, else UNKNOWN; for the total kinds FastNetMon's type: the first of syn, icmp, fragments, udp
     *     strictly above 90% of the total pps.
     */
    public static AttackType typeOf(final HostRates rates, final Direction direction, final ThresholdKind kind)
    {
        if (kind != null)
        {
            switch (kind)
            {
                case TCP_SYN_PPS ->
                {
                    return AttackType.SYN_FLOOD;
                }
                case FRAGMENTED_PPS ->
                {
                    return AttackType.IP_FRAGMENTATION;
                }
                case UDP_PPS, UDP_MBPS ->
                {
                    return AttackType.UDP_FLOOD;
                }
                case ICMP_PPS, ICMP_MBPS ->
                {
                    return AttackType.ICMP_FLOOD;
                }
                case TCP_PPS, TCP_MBPS ->
                {
                    return rates.packetsPerSecond(direction, TrafficClass.TCP_SYN) >
                        CLASS_SHARE * rates.packetsPerSecond(direction, TrafficClass.TCP) ?
                        AttackType.SYN_FLOOD : AttackType.UNKNOWN;
                }
                default ->
                {
                    // total kinds: FastNetMon's rule
                }
            }
        }
        return fastNetMonTypeOf(rates, direction);
    }

    private static AttackType fastNetMonTypeOf(final HostRates rates, final Direction direction)
    {
        final double limit = CLASS_SHARE * rates.packetsPerSecond(direction, TrafficClass.TOTAL);
        if (rates.packetsPerSecond(direction, TrafficClass.TCP_SYN) > limit)
        {
            return AttackType.SYN_FLOOD;
        }
        if (rates.packetsPerSecond(direction, TrafficClass.ICMP) > limit)
        {
            return AttackType.ICMP_FLOOD;
        }
        if (rates.packetsPerSecond(direction, TrafficClass.FRAGMENTED) > limit)
        {
            return AttackType.IP_FRAGMENTATION;
        }
        if (rates.packetsPerSecond(direction, TrafficClass.UDP) > limit)
        {
            return AttackType.UDP_FLOOD;
        }
        return AttackType.UNKNOWN;
    }
}
