package io.fnm.examples.decode;

import io.fnm.capture.TrafficRecord;

/**
 * Hand-written JSON helpers for the decode tools.
 */
final class Json
{
    private Json()
    {
    }

    static String quote(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static void appendFlow(final StringBuilder sb, final TrafficRecord record)
    {
        TrafficRecordJson.appendFlowFields(sb, record)
            .append(",\"input_if\":").append(record.inputInterface())
            .append(",\"output_if\":").append(record.outputInterface())
            .append(",\"vlans\":[");
        if (record.vlan() != TrafficRecord.NO_VLAN)
        {
            sb.append(record.vlan());
            if (record.innerVlan() != TrafficRecord.NO_VLAN)
            {
                sb.append(',').append(record.innerVlan());
            }
        }
        sb.append("],\"dropped\":").append(record.dropped())
            .append(",\"icmp_type\":").append(record.icmpType())
            .append(",\"icmp_code\":").append(record.icmpCode())
            .append(",\"src_as\":").append(record.srcAsn())
            .append(",\"dst_as\":").append(record.dstAsn());
    }
}
