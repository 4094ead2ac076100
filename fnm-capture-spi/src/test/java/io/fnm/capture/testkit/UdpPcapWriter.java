package io.fnm.capture.testkit;

import io.fnm.capture.pcap.PcapFrame;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes UDP datagrams over IPv4 into a classic pcap file (nanosecond timestamps, LINKTYPE_RAW), to build captures
 * for replay tests from the project's generators.
 */
public final class UdpPcapWriter implements Closeable
{
    private static final int NANOSECOND_MAGIC = 0xA1B23C4D;
    private static final int HEADERS = 20 + 8;

    private final OutputStream out;
    private final ByteBuffer record = ByteBuffer.allocate(16 + HEADERS + 65535).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * @param file the file to create or replace.
     * @throws IOException when it cannot be written.
     */
    public UdpPcapWriter(final Path file) throws IOException
    {
        out = new BufferedOutputStream(Files.newOutputStream(file));
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(NANOSECOND_MAGIC).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535)
            .putInt(PcapFrame.LINKTYPE_RAW);
        out.write(header.array());
    }

    /**
     * Append one datagram.
     *
     * @param timestampNanos capture time, nanoseconds since the epoch.
     * @param srcIpv4        source address.
     * @param srcPort        source port.
     * @param dstIpv4        destination address.
     * @param dstPort        destination port.
     * @param payload        the UDP payload from its position to its limit (unchanged).
     * @throws IOException when it cannot be written.
     */
    public void write(final long timestampNanos, final int srcIpv4, final int srcPort, final int dstIpv4,
        final int dstPort, final ByteBuffer payload) throws IOException
    {
        final int length = payload.remaining();
        record.clear();
        record.putInt((int)(timestampNanos / 1_000_000_000L)).putInt((int)(timestampNanos % 1_000_000_000L))
            .putInt(HEADERS + length).putInt(HEADERS + length);
        record.order(ByteOrder.BIG_ENDIAN);
        record.put((byte)0x45).put((byte)0).putShort((short)(HEADERS + length)).putInt(0).put((byte)64)
            .put((byte)17).putShort((short)0).putInt(srcIpv4).putInt(dstIpv4);
        record.putShort((short)srcPort).putShort((short)dstPort).putShort((short)(8 + length)).putShort((short)0);
        record.put(payload.duplicate());
        record.order(ByteOrder.LITTLE_ENDIAN);
        out.write(record.array(), 0, record.position());
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
