package io.fnm.core.internal;

import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.TrafficClass;

/**
 * FastNetMon's rules for describing a detected attack from the host's averages: its direction, its protocol and its
 * type. Pure functions of the averages, so each rule is testable on its own.
 */
public final class AttackRules
{
    /** Below this difference of incoming and outgoing pps the direction is decided by bytes instead. */
    static final long DIRECTION_PPS_TIE = 1000;

    private AttackRules()
    {
    }

    /**
     * @param rates averages of the host.
     * @return the direction with more packets per second; when the two differ by less than 1000 pps, the direction
     * with strictly more bytes per second is INCOMING, otherwise OUTGOING (equal bytes are OUTGOING).
     */
    public static Direction directionOf(final HostRates rates)
    {
        final long inPps = rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL);
        final long outPps = rates.packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL);
        if (Math.abs(inPps - outPps) < DIRECTION_PPS_TIE)
        {
            return rates.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL) >
                rates.bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL) ? Direction.INCOMING : Direction.OUTGOING;
        }
        return inPps > outPps ? Direction.INCOMING : Direction.OUTGOING;
    }

    /**
     * @param rates     averages.
     * @param direction attack direction.
     * @return the largest of tcp, udp and icmp pps (ties tcp, udp, icmp), UNKNOWN when all are zero.
     */
    public static AttackProtocol protocolOf(final HostRates rates, final Direction direction)
    {
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
     * @return FastNetMon's type: the first of syn, icmp, fragments, udp strictly above 90% of the total pps.
     */
    public static AttackType typeOf(final HostRates rates, final Direction direction)
    {
        final double limit = 0.9 * rates.packetsPerSecond(direction, TrafficClass.TOTAL);
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
