package io.fnm.examples.decode;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;

/**
 * Writes a record's flow fields as JSON members under the normalised names the decode tools share with the
 * flow-export corpus goldens: {@code src_addr}, {@code dst_addr}, {@code src_port}, {@code dst_port},
 * {@code protocol}, {@code packets}, {@code bytes}, {@code tcp_flags}, {@code sampling_rate}.
 */
final class TrafficRecordJson
{
    private TrafficRecordJson()
    {
    }

    /**
     * Append the normalised flow members, without the enclosing braces and without a trailing comma.
     *
     * @param sb     where to append.
     * @param record the record.
     * @return sb.
     */
    static StringBuilder appendFlowFields(final StringBuilder sb, final TrafficRecord record)
    {
        sb.append("\"src_addr\":\"");
        IpAddresses.appendSource(sb, record);
        sb.append("\",\"dst_addr\":\"");
        IpAddresses.appendDestination(sb, record);
        return sb.append("\",\"src_port\":").append(record.srcPort())
            .append(",\"dst_port\":").append(record.dstPort())
            .append(",\"protocol\":").append(record.protocol())
            .append(",\"packets\":").append(record.packets())
            .append(",\"bytes\":").append(record.bytes())
            .append(",\"tcp_flags\":").append(record.tcpFlags())
            .append(",\"sampling_rate\":").append(record.samplingRatio());
    }
}
