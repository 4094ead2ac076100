package io.fnm.actions.details;

import io.fnm.actions.json.AttackJson;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The sampled records of an attack from a flow source (NetFlow, IPFIX, sFlow without the sampled header), where no
 * packet exists to write as pcap: one CSV line per record (RFC 4180, {@code \n} line ends, a header line), counts as
 * the exporter reported them (before sampling) with the ratio beside them, times as ISO-8601 instants (empty when
 * unknown).
 */
public final class RecordsCsv
{
    /** The header line. */
    public static final String HEADER = "timestamp,flow_start,flow_end,ip_version,source_ip,source_port," +
        "destination_ip,destination_port,protocol,tcp_flags,fragmented,packets,bytes,sample_ratio,ttl," +
        "input_interface,output_interface,agent_address,forwarding_status";

    private static final String[] FORWARDING = {"unknown", "forwarded", "dropped", "consumed"};

    private RecordsCsv()
    {
    }

    /**
     * @param file    the file to create or replace.
     * @param records the records to write (all of them).
     * @throws IOException when it cannot be written.
     */
    public static void write(final Path file, final List<TrafficRecord> records) throws IOException
    {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            out.write(HEADER);
            out.write('\n');
            final StringBuilder line = new StringBuilder(256);
            for (final TrafficRecord record : records)
            {
                line.setLength(0);
                out.write(appendLine(line, record).append('\n').toString());
            }
        }
    }

    /**
     * @param sb     where to append.
     * @param record the record.
     * @return sb, with one CSV line (no line end).
     */
    public static StringBuilder appendLine(final StringBuilder sb, final TrafficRecord record)
    {
        appendTime(sb, record.timestampMillis()).append(',');
        appendTime(sb, record.flowStartMillis()).append(',');
        appendTime(sb, record.flowEndMillis()).append(',');
        sb.append(record.ipVersion()).append(',');
        IpAddresses.appendSource(sb, record).append(',').append(record.srcPort()).append(',');
        IpAddresses.appendDestination(sb, record).append(',').append(record.dstPort()).append(',');
        sb.append(record.protocol()).append(',');
        sb.append(record.protocol() == TrafficRecord.PROTOCOL_TCP ? '"' + AttackJson.tcpFlags(record.tcpFlags()) +
            '"' : "").append(',');
        sb.append(record.fragmented() ? 1 : 0).append(',');
        sb.append(record.packets()).append(',').append(record.bytes()).append(',').append(record.samplingRatio());
        sb.append(',').append(record.ttl()).append(',');
        sb.append(record.inputInterface()).append(',').append(record.outputInterface()).append(',');
        if (record.agentIpVersion() == TrafficRecord.IPV4)
        {
            IpAddresses.appendIpv4(sb, record.agentIpv4());
        }
        else if (record.agentIpVersion() == TrafficRecord.IPV6)
        {
            IpAddresses.appendIpv6(sb, record.agentIpv6High(), record.agentIpv6Low());
        }
        final int status = record.forwardingStatus();
        sb.append(',').append(status >= 0 && status < FORWARDING.length ? FORWARDING[status] : "unknown");
        return sb;
    }

    private static StringBuilder appendTime(final StringBuilder sb, final long epochMillis)
    {
        if (epochMillis > 0)
        {
            sb.append(Instant.ofEpochMilli(epochMillis));
        }
        return sb;
    }
}
