package io.fnm.examples.decode;

import java.nio.ByteBuffer;

/**
 * Finds where an sFlow v5 datagram ends inside concatenated payloads (files recorded with {@code nc -k -u -l}): the
 * header, then each sample's length field. sFlow v5 has no total length of its own.
 */
final class SflowDatagramSplitter
{
    private SflowDatagramSplitter()
    {
    }

    /**
     * @return the datagram's length, or -1 when the bytes are not a complete v5 datagram.
     */
    static int datagramLength(final ByteBuffer buffer, final int offset, final int length)
    {
        final long end = (long)offset + length;
        if (length < 28 || u32(buffer, offset) != 5)
        {
            return -1;
        }
        final long type = u32(buffer, offset + 4);
        long position = offset + (type == 1 ? 12 : type == 2 ? 24 : -1_000_000L);
        if (position < offset || position + 16 > end)
        {
            return -1;
        }
        final long samples = u32(buffer, (int)position + 12);
        position += 16;
        for (long i = 0; i < samples; i++)
        {
            if (position + 8 > end)
            {
                return -1;
            }
            position += 8 + u32(buffer, (int)position + 4);
            if (position > end)
            {
                return -1;
            }
        }
        return (int)(position - offset);
    }

    private static long u32(final ByteBuffer buffer, final int index)
    {
        return (((buffer.get(index) & 0xFF) << 24) | ((buffer.get(index + 1) & 0xFF) << 16) |
            ((buffer.get(index + 2) & 0xFF) << 8) | (buffer.get(index + 3) & 0xFF)) & 0xFFFF_FFFFL;
    }
}
