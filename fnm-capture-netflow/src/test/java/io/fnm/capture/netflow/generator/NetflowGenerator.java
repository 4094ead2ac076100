package io.fnm.capture.netflow.generator;

import io.fnm.capture.TrafficRecord;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes NetFlow v5, v9 and IPFIX datagrams from {@link TrafficRecord}s: the project's own load generator, used by
 * the demo, the end-to-end tests and the benchmarks. v9 and IPFIX datagrams may carry their templates (IPv4 template
 * {@link #IPV4_TEMPLATE_ID}, IPv6 template {@link #IPV6_TEMPLATE_ID}) and an options template plus options record
 * announcing the sampling rate (IE 34). Not thread-safe (it keeps sequence numbers).
 */
public final class NetflowGenerator
{
    /** Template id of the IPv4 data template. */
    public static final int IPV4_TEMPLATE_ID = 256;
    /** Template id of the IPv6 data template. */
    public static final int IPV6_TEMPLATE_ID = 257;
    /** Template id of the sampling options template. */
    public static final int OPTIONS_TEMPLATE_ID = 258;
    /** Largest v9 or IPFIX datagram written (a v5 datagram of 30 records is 1464 bytes, as the format fixes). */
    public static final int MAX_DATAGRAM = 1400;

    private static final int[][] IPV4_FIELDS = {
        {8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {1, 8}, {2, 8}, {10, 4}, {14, 4}, {22, 4}, {21, 4}};
    private static final int[][] IPV6_FIELDS = {
        {27, 16}, {28, 16}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {1, 8}, {2, 8}, {10, 4}, {14, 4}, {22, 4}, {21, 4}};
    private static final int IPV4_RECORD_LENGTH = 46;
    private static final int IPV6_RECORD_LENGTH = 70;

    private final long sourceId;
    private final long bootMillis;
    private int v5Sequence;
    private int v9Sequence;
    private int ipfixSequence;

    /**
     * @param sourceId   v9 source id / IPFIX observation domain.
     * @param bootMillis the exporter's boot time in epoch milliseconds (for sysUptime fields).
     */
    public NetflowGenerator(final long sourceId, final long bootMillis)
    {
        this.sourceId = sourceId;
        this.bootMillis = bootMillis;
    }

    /**
     * Write one NetFlow v5 datagram with up to 30 IPv4 records (IPv6 records are skipped).
     *
     * @param out              where to write, from its position.
     * @param records          the records.
     * @param from             index of the first record to write.
     * @param samplingInterval sampling interval for the header (1..16383).
     * @param exportMillis     export time.
     * @return index of the first record not written.
     */
    public int writeV5(
        final ByteBuffer out, final List<TrafficRecord> records, final int from, final int samplingInterval,
        final long exportMillis)
    {
        out.order(ByteOrder.BIG_ENDIAN);
        final int start = out.position();
        out.position(start + 24);
        int count = 0;
        int index = from;
        while (index < records.size() && count < 30)
        {
            final TrafficRecord r = records.get(index++);
            if (r.ipVersion() != TrafficRecord.IPV4)
            {
                continue;
            }
            out.putInt(r.srcIpv4()).putInt(r.dstIpv4()).putInt(0)
                .putShort((short)r.inputInterface()).putShort((short)r.outputInterface())
                .putInt((int)r.packets()).putInt((int)r.bytes())
                .putInt((int)uptime(r.flowStartMillis(), exportMillis))
                .putInt((int)uptime(r.flowEndMillis(), exportMillis))
                .putShort((short)r.srcPort()).putShort((short)r.dstPort())
                .put((byte)0).put((byte)r.tcpFlags()).put((byte)r.protocol()).put((byte)0)
                .putShort((short)r.srcAsn()).putShort((short)r.dstAsn())
                .put((byte)0).put((byte)0).putShort((short)0);
            count++;
        }
        out.putShort(start, (short)5)
            .putShort(start + 2, (short)count)
            .putInt(start + 4, (int)(exportMillis - bootMillis))
            .putInt(start + 8, (int)(exportMillis / 1000))
            .putInt(start + 12, (int)((exportMillis % 1000) * 1_000_000))
            .putInt(start + 16, v5Sequence)
            .putShort(start + 20, (short)0)
            .putShort(start + 22, (short)(samplingInterval & 0x3FFF));
        v5Sequence += count;
        return index;
    }

    /**
     * Write one NetFlow v9 datagram.
     *
     * @param out           where to write, from its position.
     * @param records       the records.
     * @param from          index of the first record to write.
     * @param withTemplates include the data templates (and the options template when sampling is announced).
     * @param samplingRate  sampling rate to announce in options data, or 0 for none.
     * @param exportMillis  export time.
     * @return index of the first record not written.
     */
    public int writeV9(
        final ByteBuffer out, final List<TrafficRecord> records, final int from, final boolean withTemplates,
        final long samplingRate, final long exportMillis)
    {
        out.order(ByteOrder.BIG_ENDIAN);
        final int start = out.position();
        out.position(start + 20);
        if (withTemplates)
        {
            templateSet(out, 0, false);
            if (samplingRate > 0)
            {
                out.putShort((short)1).putShort((short)(4 + 6 + 8)).putShort((short)OPTIONS_TEMPLATE_ID)
                    .putShort((short)4).putShort((short)4)
                    .putShort((short)1).putShort((short)4)
                    .putShort((short)34).putShort((short)4);
            }
        }
        if (samplingRate > 0)
        {
            out.putShort((short)OPTIONS_TEMPLATE_ID).putShort((short)12)
                .putInt((int)sourceId).putInt((int)samplingRate);
        }
        final int next = dataSets(out, start, records, from, exportMillis);
        // RFC 3954: the count is every record of the packet (template, options template, options data and data)
        final int templateRecords = withTemplates ? 2 + (samplingRate > 0 ? 1 : 0) : 0;
        final int count = templateRecords + (samplingRate > 0 ? 1 : 0) + dataRecords(records, from, next);
        out.putShort(start, (short)9)
            .putShort(start + 2, (short)count)
            .putInt(start + 4, (int)(exportMillis - bootMillis))
            .putInt(start + 8, (int)(exportMillis / 1000))
            .putInt(start + 12, v9Sequence++)
            .putInt(start + 16, (int)sourceId);
        return next;
    }

    /**
     * Write one IPFIX message.
     *
     * @param out           where to write, from its position.
     * @param records       the records.
     * @param from          index of the first record to write.
     * @param withTemplates include the data templates (and the options template when sampling is announced).
     * @param samplingRate  sampling rate to announce in options data (IE 34), or 0 for none.
     * @param exportMillis  export time.
     * @return index of the first record not written.
     */
    public int writeIpfix(
        final ByteBuffer out, final List<TrafficRecord> records, final int from, final boolean withTemplates,
        final long samplingRate, final long exportMillis)
    {
        out.order(ByteOrder.BIG_ENDIAN);
        final int start = out.position();
        out.position(start + 16);
        if (withTemplates)
        {
            templateSet(out, 2, true);
            if (samplingRate > 0)
            {
                out.putShort((short)3).putShort((short)(4 + 6 + 8)).putShort((short)OPTIONS_TEMPLATE_ID)
                    .putShort((short)2).putShort((short)1)
                    .putShort((short)149).putShort((short)4)
                    .putShort((short)34).putShort((short)4);
            }
        }
        if (samplingRate > 0)
        {
            out.putShort((short)OPTIONS_TEMPLATE_ID).putShort((short)12)
                .putInt((int)sourceId).putInt((int)samplingRate);
        }
        final int before = out.position();
        final int next = dataSets(out, start, records, from, exportMillis);
        final int written = next - from;
        out.putShort(start, (short)10)
            .putShort(start + 2, (short)(out.position() - start))
            .putInt(start + 4, (int)(exportMillis / 1000))
            .putInt(start + 8, ipfixSequence)
            .putInt(start + 12, (int)sourceId);
        ipfixSequence += out.position() > before ? written : 0;
        return next;
    }

    private static int dataRecords(final List<TrafficRecord> records, final int from, final int to)
    {
        int n = 0;
        for (int i = from; i < to; i++)
        {
            final int version = records.get(i).ipVersion();
            if (version == TrafficRecord.IPV4 || version == TrafficRecord.IPV6)
            {
                n++;
            }
        }
        return n;
    }

    private void templateSet(final ByteBuffer out, final int setId, final boolean ipfix)
    {
        final int length = 4 + 4 + IPV4_FIELDS.length * 4 + 4 + IPV6_FIELDS.length * 4;
        out.putShort((short)setId).putShort((short)length);
        template(out, IPV4_TEMPLATE_ID, IPV4_FIELDS);
        template(out, IPV6_TEMPLATE_ID, IPV6_FIELDS);
    }

    private static void template(final ByteBuffer out, final int id, final int[][] fields)
    {
        out.putShort((short)id).putShort((short)fields.length);
        for (final int[] field : fields)
        {
            out.putShort((short)field[0]).putShort((short)field[1]);
        }
    }

    private int dataSets(
        final ByteBuffer out, final int start, final List<TrafficRecord> records, final int from,
        final long exportMillis)
    {
        int index = from;
        int setStart = -1;
        int setVersion = 0;
        while (index < records.size())
        {
            final TrafficRecord r = records.get(index);
            final int version = r.ipVersion();
            if (version != TrafficRecord.IPV4 && version != TrafficRecord.IPV6)
            {
                index++;
                continue;
            }
            final int recordLength = version == TrafficRecord.IPV4 ? IPV4_RECORD_LENGTH : IPV6_RECORD_LENGTH;
            final boolean newSet = setStart < 0 || version != setVersion;
            final int needed = recordLength + (newSet ? 4 + 3 : 3);
            if (out.position() - start + needed > MAX_DATAGRAM || out.remaining() < needed)
            {
                break;
            }
            if (newSet)
            {
                closeSet(out, setStart);
                setStart = out.position();
                setVersion = version;
                out.putShort((short)(version == TrafficRecord.IPV4 ? IPV4_TEMPLATE_ID : IPV6_TEMPLATE_ID))
                    .putShort((short)0);
            }
            if (version == TrafficRecord.IPV4)
            {
                out.putInt(r.srcIpv4()).putInt(r.dstIpv4());
            }
            else
            {
                out.putLong(r.srcIpv6High()).putLong(r.srcIpv6Low()).putLong(r.dstIpv6High()).putLong(r.dstIpv6Low());
            }
            out.putShort((short)r.srcPort()).putShort((short)r.dstPort())
                .put((byte)r.protocol()).put((byte)r.tcpFlags())
                .putLong(r.bytes()).putLong(r.packets())
                .putInt((int)r.inputInterface()).putInt((int)r.outputInterface())
                .putInt((int)uptime(r.flowStartMillis(), exportMillis))
                .putInt((int)uptime(r.flowEndMillis(), exportMillis));
            index++;
        }
        closeSet(out, setStart);
        return index;
    }

    private static void closeSet(final ByteBuffer out, final int setStart)
    {
        if (setStart < 0)
        {
            return;
        }
        while (((out.position() - setStart) & 3) != 0)
        {
            out.put((byte)0);
        }
        out.putShort(setStart + 2, (short)(out.position() - setStart));
    }

    private long uptime(final long epochMillis, final long exportMillis)
    {
        return (epochMillis > 0 ? epochMillis : exportMillis) - bootMillis;
    }
}
