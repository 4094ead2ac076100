package io.fnm.capture.sflow.generator;

import io.fnm.capture.TrafficRecord;

import java.nio.ByteBuffer;

/**
 * Writes sFlow v5 datagrams for load generation and tests: flow samples whose raw packet header record holds an
 * Ethernet / IPv4 or IPv6 / TCP, UDP or ICMP frame built from a {@link TrafficRecord}. Reusable, allocation-free.
 * <pre>
 *   writer.begin(buffer);           // datagram header, sample count patched by finish()
 *   writer.addFlowSample(record);   // as many as fit (see {@link #fits(int)})
 *   int length = writer.finish();   // bytes written from the buffer's start index
 * </pre>
 * The frame length reported is {@code record.bytes()} when it is at least the built header, else the header
 * length; {@code record.samplingRatio()} is the sampling rate unless {@link #samplingRate(long)} overrides it.
 */
public final class SflowDatagramWriter
{
    /** Bytes one flow sample takes at most (IPv6 + TCP header). */
    public static final int MAX_SAMPLE_BYTES = 8 + 32 + 8 + 16 + 14 + 40 + 20 + 4;

    private final byte[] frame = new byte[128];
    private int agentIpv4;
    private long samplingRate;
    private long sequence;
    private long sampleSequence;
    private long samplePool;
    private ByteBuffer out;
    private int start;
    private int position;
    private int samples;

    /**
     * @param agentIpv4 the agent address written in each datagram, network order.
     */
    public SflowDatagramWriter(final int agentIpv4)
    {
        this.agentIpv4 = agentIpv4;
    }

    /**
     * @param rate sampling rate written in every sample (0 = take each record's sampling ratio).
     * @return this writer.
     */
    public SflowDatagramWriter samplingRate(final long rate)
    {
        samplingRate = rate;
        return this;
    }

    /**
     * @param address agent IPv4 address, network order.
     * @return this writer.
     */
    public SflowDatagramWriter agentIpv4(final int address)
    {
        agentIpv4 = address;
        return this;
    }

    /**
     * Start a datagram at the buffer's position.
     *
     * @param buffer where to write; needs at least 28 bytes plus the samples.
     */
    public void begin(final ByteBuffer buffer)
    {
        out = buffer;
        start = buffer.position();
        position = start;
        samples = 0;
        putInt(5);
        putInt(1);
        putInt(agentIpv4);
        putInt(0);
        putInt((int)++sequence);
        putInt((int)(System.nanoTime() / 1_000_000));
        putInt(0);
    }

    /**
     * @param sampleCount samples to add.
     * @return true when that many more samples fit in the buffer.
     */
    public boolean fits(final int sampleCount)
    {
        return out.limit() - position >= sampleCount * MAX_SAMPLE_BYTES;
    }

    /**
     * Append one flow sample (format 1) with one raw packet header record.
     *
     * @param record addresses, ports, protocol, flags, bytes and interfaces of the sampled packet.
     * @return false when it does not fit (nothing written).
     */
    public boolean addFlowSample(final TrafficRecord record)
    {
        if (!fits(1))
        {
            return false;
        }
        final int headerLength = buildFrame(record);
        final long rate = samplingRate > 0 ? samplingRate : record.samplingRatio();
        final int paddedHeader = (headerLength + 3) & ~3;
        final int recordLength = 16 + paddedHeader;
        final int sampleLength = 32 + 8 + recordLength;
        samplePool += rate;
        putInt(1);
        putInt(sampleLength);
        putInt((int)++sampleSequence);
        putInt((int)record.inputInterface());
        putInt((int)rate);
        putInt((int)samplePool);
        putInt(0);
        putInt((int)record.inputInterface());
        putInt((int)record.outputInterface());
        putInt(1);
        putInt(1);
        putInt(recordLength);
        putInt(1);
        putInt((int)Math.max(record.bytes(), headerLength));
        putInt(0);
        putInt(headerLength);
        for (int i = 0; i < paddedHeader; i++)
        {
            out.put(position++, i < headerLength ? frame[i] : 0);
        }
        samples++;
        return true;
    }

    /**
     * Patch the sample count and set the buffer's position after the datagram.
     *
     * @return the datagram length in bytes.
     */
    public int finish()
    {
        out.putInt(start + 24, samples);
        out.position(position);
        return position - start;
    }

    private int buildFrame(final TrafficRecord record)
    {
        int p = 0;
        for (int i = 0; i < 12; i++)
        {
            frame[p++] = (byte)(i < 6 ? 0x02 : 0x04);
        }
        final boolean ipv6 = record.ipVersion() == TrafficRecord.IPV6;
        p = put16(p, ipv6 ? 0x86DD : 0x0800);
        final int l4Length = record.protocol() == TrafficRecord.PROTOCOL_TCP ? 20 :
            record.protocol() == TrafficRecord.PROTOCOL_UDP || record.isIcmp() ? 8 : 0;
        final int ipHeader = ipv6 ? 40 : 20;
        final int frameLength = (int)Math.max(record.bytes(), 14 + ipHeader + l4Length);
        final int ipLength = Math.min(65535, frameLength - 14);
        final int ttl = record.ttl() == 0 ? 64 : record.ttl();
        if (ipv6)
        {
            p = put32(p, 0x60000000);
            p = put16(p, ipLength - 40);
            frame[p++] = (byte)record.protocol();
            frame[p++] = (byte)ttl;
            p = put64(p, record.srcIpv6High());
            p = put64(p, record.srcIpv6Low());
            p = put64(p, record.dstIpv6High());
            p = put64(p, record.dstIpv6Low());
        }
        else
        {
            p = put16(p, 0x4500);
            p = put16(p, ipLength);
            p = put32(p, 0);
            frame[p++] = (byte)ttl;
            frame[p++] = (byte)record.protocol();
            p = put16(p, 0);
            p = put32(p, record.srcIpv4());
            p = put32(p, record.dstIpv4());
        }
        if (record.protocol() == TrafficRecord.PROTOCOL_TCP)
        {
            p = put16(p, record.srcPort());
            p = put16(p, record.dstPort());
            p = put32(p, 1);
            p = put32(p, 0);
            frame[p++] = 0x50;
            frame[p++] = (byte)record.tcpFlags();
            p = put16(p, 65535);
            p = put32(p, 0);
        }
        else if (record.protocol() == TrafficRecord.PROTOCOL_UDP)
        {
            p = put16(p, record.srcPort());
            p = put16(p, record.dstPort());
            p = put16(p, Math.max(8, ipLength - ipHeader));
            p = put16(p, 0);
        }
        else if (record.isIcmp())
        {
            frame[p++] = (byte)record.icmpType();
            frame[p++] = (byte)record.icmpCode();
            p = put16(p, 0);
            p = put32(p, 0);
        }
        return p;
    }

    private int put16(final int p, final int value)
    {
        frame[p] = (byte)(value >>> 8);
        frame[p + 1] = (byte)value;
        return p + 2;
    }

    private int put32(final int p, final int value)
    {
        put16(p, value >>> 16);
        return put16(p + 2, value);
    }

    private int put64(final int p, final long value)
    {
        put32(p, (int)(value >>> 32));
        return put32(p + 4, (int)value);
    }

    private void putInt(final int value)
    {
        out.put(position, (byte)(value >>> 24));
        out.put(position + 1, (byte)(value >>> 16));
        out.put(position + 2, (byte)(value >>> 8));
        out.put(position + 3, (byte)value);
        position += 4;
    }
}
