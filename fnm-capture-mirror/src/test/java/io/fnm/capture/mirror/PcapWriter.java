package io.fnm.capture.mirror;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file (little-endian, nanosecond timestamps) of frames of one link type, for the tests.
 */
final class PcapWriter implements AutoCloseable
{
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

    PcapWriter(final Path file, final int linkType) throws IOException
    {
        out = new BufferedOutputStream(Files.newOutputStream(file));
        header.putInt(0xA1B23C4D).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(262144)
            .putInt(linkType);
        out.write(header.array(), 0, 24);
    }

    void write(final long nanos, final byte[] frame) throws IOException
    {
        header.clear();
        header.putInt((int)(nanos / 1_000_000_000L)).putInt((int)(nanos % 1_000_000_000L)).putInt(frame.length)
            .putInt(frame.length);
        out.write(header.array(), 0, 16);
        out.write(frame);
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
