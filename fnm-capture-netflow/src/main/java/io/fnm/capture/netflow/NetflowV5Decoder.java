package io.fnm.capture.netflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.netflow.internal.NetflowV5Header;
import io.fnm.capture.netflow.internal.NetflowV5Record;

import java.nio.ByteBuffer;

/**
 * Decodes NetFlow v5 datagrams: a fixed header (sampling in its low 14 bits, 0 meaning 1) and up to 30 fixed
 * records. Every protocol number is kept (FastNetMon zeroes all but TCP, UDP and ICMP); ICMP records get ports 0 and
 * the type/code v5 carries in the destination port.
 */
final class NetflowV5Decoder
{
    /** Returned by {@link #decode} for a datagram too short for its header or its record count. */
    static final int MALFORMED = -1;

    private final TrafficRecord record;

    /**
     * @param record the decoder's reused record.
     */
    NetflowV5Decoder(final TrafficRecord record)
    {
        this.record = record;
    }

    /**
     * Deliver every record of one v5 datagram.
     *
     * @param b        the datagram (big-endian).
     * @param start    where the v5 header starts.
     * @param end      where the datagram ends.
     * @param exporter the exporter it came from.
     * @param sink     where records go.
     * @return records delivered, or {@link #MALFORMED} (then none was).
     */
    int decode(final ByteBuffer b, final int start, final int end, final ExporterState exporter, final TrafficSink sink)
    {
        if (end - start < NetflowV5Header.LENGTH)
        {
            return MALFORMED;
        }
        final int count = NetflowV5Header.count(b, start);
        if (count < 1 || count > NetflowV5Header.MAX_COUNT ||
            end - start < NetflowV5Header.LENGTH + count * NetflowV5Record.LENGTH)
        {
            return MALFORMED;
        }
        final long uptime = NetflowV5Header.sysUptimeMillis(b, start);
        final long exportTime = NetflowV5Header.exportMillis(b, start);
        final int sampling = NetflowV5Header.samplingInterval(b, start);
        // reported, but not kept as the v9/IPFIX rate of the exporter: a v5 header says nothing about other versions
        exporter.set(ExporterState.SAMPLING_RATE, sampling);
        final TrafficRecord r = record;
        int offset = start + NetflowV5Header.LENGTH;
        for (int i = 0; i < count; i++, offset += NetflowV5Record.LENGTH)
        {
            r.reset();
            r.ipv4(
                b.getInt(offset + NetflowV5Record.SRC_ADDR_OFFSET), b.getInt(offset + NetflowV5Record.DST_ADDR_OFFSET));
            final int proto = b.get(offset + NetflowV5Record.PROTOCOL_OFFSET) & 0xFF;
            final int sport = b.getShort(offset + NetflowV5Record.SRC_PORT_OFFSET) & 0xFFFF;
            final int dport = b.getShort(offset + NetflowV5Record.DST_PORT_OFFSET) & 0xFFFF;
            r.protocol(proto);
            if (proto == TrafficRecord.PROTOCOL_ICMP)
            {
                r.icmp(dport >>> 8, dport & 0xFF).ports(0, 0);
            }
            else
            {
                r.ports(sport, dport);
            }
            r.tcpFlags(b.get(offset + NetflowV5Record.TCP_FLAGS_OFFSET) & 0xFF)
                .packets(b.getInt(offset + NetflowV5Record.PACKETS_OFFSET) & 0xFFFF_FFFFL)
                .bytes(b.getInt(offset + NetflowV5Record.OCTETS_OFFSET) & 0xFFFF_FFFFL)
                .interfaces(
                    b.getShort(offset + NetflowV5Record.INPUT_OFFSET) & 0xFFFF,
                    b.getShort(offset + NetflowV5Record.OUTPUT_OFFSET) & 0xFFFF)
                .asns(
                    b.getShort(offset + NetflowV5Record.SRC_AS_OFFSET) & 0xFFFF,
                    b.getShort(offset + NetflowV5Record.DST_AS_OFFSET) & 0xFFFF)
                .flowTimes(
                    FieldValues.uptimeToEpoch(
                        b.getInt(offset + NetflowV5Record.FIRST_OFFSET) & 0xFFFF_FFFFL, uptime, exportTime),
                    FieldValues.uptimeToEpoch(
                        b.getInt(offset + NetflowV5Record.LAST_OFFSET) & 0xFFFF_FFFFL, uptime, exportTime))
                .samplingRatio(sampling)
                .timestampMillis(exportTime);
            exporter.stampAgent(r);
            sink.accept(r);
        }
        return count;
    }
}
