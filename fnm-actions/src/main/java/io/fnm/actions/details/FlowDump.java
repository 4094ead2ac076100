package io.fnm.actions.details;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FastNetMon's "Flow dump" text (reference §5.3 part 6) built from an attack's sampled records: the records to and
 * from the attacked host grouped into flows (protocol, local port, remote address and port), with packets and bytes
 * scaled by the sampling ratio, per direction and protocol:
 * <pre>
 * Incoming
 *
 * UDP flows: 2
 * 192.0.2.10:53 &lt; 198.51.100.1:1234 61440 bytes 120 packets
 * 192.0.2.10:53 &lt; 198.51.100.2:1234 512 bytes 1 packets
 *
 * Outgoing
 * ...
 * </pre>
 * FastNetMon fills it from its per-host connection table of the current second (IPv4 only, empty when connection
 * tracking is off); fnm has no such table, so it uses the sampled records, for IPv4 and IPv6. A protocol list stops
 * after {@code maxLines} flows with FastNetMon's {@code Flows have cropped due to very long list.}. A manual ban gets
 * {@value AttackReport#MANUAL_FLOW_DUMP}, as in FastNetMon.
 */
public final class FlowDump
{
    /** FastNetMon's line after a cropped list. */
    public static final String CROPPED = "Flows have cropped due to very long list.";

    private static final String[] PROTOCOL_LABELS = {"TCP", "UDP", "ICMP", "Other"};

    private FlowDump()
    {
    }

    /**
     * @param attack   the attack.
     * @param records  its sampled records.
     * @param maxLines flows listed per direction and protocol before the list is cropped.
     * @return the text; empty when no record belongs to the host.
     */
    public static String of(final Attack attack, final List<TrafficRecord> records, final int maxLines)
    {
        if (attack.manual())
        {
            return AttackReport.MANUAL_FLOW_DUMP;
        }
        final List<Map<String, long[]>> incoming = newTables();
        final List<Map<String, long[]>> outgoing = newTables();
        final StringBuilder key = new StringBuilder(96);
        for (final TrafficRecord record : records)
        {
            final String src = IpAddresses.appendSource(new StringBuilder(40), record).toString();
            final String dst = IpAddresses.appendDestination(new StringBuilder(40), record).toString();
            final boolean in = attack.ip().equals(dst);
            if (!in && !attack.ip().equals(src))
            {
                continue;
            }
            key.setLength(0);
            if (in)
            {
                key.append(dst).append(':').append(record.dstPort()).append(" < ").append(src).append(':')
                    .append(record.srcPort());
            }
            else
            {
                key.append(src).append(':').append(record.srcPort()).append(" > ").append(dst).append(':')
                    .append(record.dstPort());
            }
            final long ratio = Math.max(1, record.samplingRatio());
            final long[] sums = (in ? incoming : outgoing).get(protocolIndex(record))
                .computeIfAbsent(key.toString(), k -> new long[2]);
            sums[0] += record.bytes() * ratio;
            sums[1] += record.packets() * ratio;
        }
        final StringBuilder sb = new StringBuilder(256);
        appendDirection(sb, "Incoming", incoming, maxLines);
        appendDirection(sb, "Outgoing", outgoing, maxLines);
        return sb.toString();
    }

    private static List<Map<String, long[]>> newTables()
    {
        final List<Map<String, long[]>> tables = new ArrayList<>(PROTOCOL_LABELS.length);
        for (int i = 0; i < PROTOCOL_LABELS.length; i++)
        {
            tables.add(new LinkedHashMap<>());
        }
        return tables;
    }

    private static int protocolIndex(final TrafficRecord record)
    {
        if (record.protocol() == TrafficRecord.PROTOCOL_TCP)
        {
            return 0;
        }
        if (record.protocol() == TrafficRecord.PROTOCOL_UDP)
        {
            return 1;
        }
        return record.isIcmp() ? 2 : 3;
    }

    private static void appendDirection(final StringBuilder sb, final String title,
        final List<Map<String, long[]>> tables, final int maxLines)
    {
        if (tables.stream().allMatch(Map::isEmpty))
        {
            return;
        }
        if (sb.length() > 0)
        {
            sb.append('\n');
        }
        sb.append(title).append("\n\n");
        for (int p = 0; p < PROTOCOL_LABELS.length; p++)
        {
            final Map<String, long[]> flows = tables.get(p);
            if (flows.isEmpty())
            {
                continue;
            }
            sb.append(PROTOCOL_LABELS[p]).append(" flows: ").append(flows.size()).append('\n');
            int lines = 0;
            for (final Map.Entry<String, long[]> flow : flows.entrySet())
            {
                if (lines++ == maxLines)
                {
                    sb.append(CROPPED).append('\n');
                    break;
                }
                sb.append(flow.getKey()).append(' ').append(flow.getValue()[0]).append(" bytes ")
                    .append(flow.getValue()[1]).append(" packets\n");
            }
            sb.append('\n');
        }
    }
}
