package io.fnm.core.internal;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reflection/amplification classification of an attack from its sampled records (the records collected for
 * {@code onAttackDetails}): when UDP from one source port carries more than half of the sampled packets in the
 * attack direction, weighted by sampling ratio, and that port is a well-known reflector's
 * ({@link AttackType#amplificationOf}), the attack is of that amplification type. Runs on the tick thread once per
 * delivered investigation, over at most {@code ban_details_records_count} records.
 */
public final class AmplificationRules
{
    /** The share of the sampled packets one UDP source port must exceed. */
    static final double DOMINANT_SHARE = 0.5;

    private AmplificationRules()
    {
    }

    /**
     * @param records   the attack's sampled records (of the host, both directions).
     * @param ipv6      the host's version.
     * @param high      high 64 bits of the host (0 for IPv4).
     * @param low       low 64 bits of the host (an IPv4 address unsigned).
     * @param direction the attack's direction: INCOMING counts records to the host, OUTGOING records from it.
     * @return the amplification type, or null when no well-known reflector port dominates.
     */
    public static AttackType classify(final List<TrafficRecord> records, final boolean ipv6, final long high,
        final long low, final Direction direction)
    {
        if (records == null || records.isEmpty() ||
            direction != Direction.INCOMING && direction != Direction.OUTGOING)
        {
            return null;
        }
        final boolean toHost = direction == Direction.INCOMING;
        long total = 0;
        final Map<Integer, Long> udpBySourcePort = new HashMap<>();
        for (final TrafficRecord record : records)
        {
            if (!isOfHost(record, ipv6, high, low, toHost))
            {
                continue;
            }
            final long weight = weight(record);
            total = saturatedAdd(total, weight);
            if (record.protocol() == TrafficRecord.PROTOCOL_UDP)
            {
                udpBySourcePort.merge(record.srcPort(), weight, AmplificationRules::saturatedAdd);
            }
        }
        int port = -1;
        long most = 0;
        for (final Map.Entry<Integer, Long> entry : udpBySourcePort.entrySet())
        {
            if (entry.getValue() > most)
            {
                most = entry.getValue();
                port = entry.getKey();
            }
        }
        if (port < 0 || most <= DOMINANT_SHARE * total)
        {
            return null;
        }
        return AttackType.amplificationOf(port);
    }

    private static boolean isOfHost(final TrafficRecord record, final boolean ipv6, final long high, final long low,
        final boolean toHost)
    {
        if (ipv6)
        {
            return record.ipVersion() == 6 && (toHost ?
                record.dstIpv6High() == high && record.dstIpv6Low() == low :
                record.srcIpv6High() == high && record.srcIpv6Low() == low);
        }
        return record.ipVersion() == 4 &&
            ((toHost ? record.dstIpv4() : record.srcIpv4()) & 0xFFFFFFFFL) == low;
    }

    private static long weight(final TrafficRecord record)
    {
        final long packets = Math.max(0, record.packets());
        final long ratio = record.samplingRatio();
        return packets != 0 && ratio > Long.MAX_VALUE / packets ? Long.MAX_VALUE : packets * ratio;
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
