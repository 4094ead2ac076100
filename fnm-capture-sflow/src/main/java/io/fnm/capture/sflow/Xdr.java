package io.fnm.capture.sflow;

import java.nio.ByteBuffer;

/**
 * XDR (RFC 4506) integers as sFlow encodes them: big-endian, read byte by byte so the buffer's byte order does not
 * matter and the buffer is never modified.
 */
final class Xdr
{
    private Xdr()
    {
    }

    /**
     * @return the unsigned 32-bit integer at {@code index}.
     */
    static long u32(final ByteBuffer buffer, final int index)
    {
        return s32(buffer, index) & 0xFFFF_FFFFL;
    }

    /**
     * @return the 32-bit integer at {@code index}.
     */
    static int s32(final ByteBuffer buffer, final int index)
    {
        return ((buffer.get(index) & 0xFF) << 24) | ((buffer.get(index + 1) & 0xFF) << 16) |
            ((buffer.get(index + 2) & 0xFF) << 8) | (buffer.get(index + 3) & 0xFF);
    }

    /**
     * @return the 64-bit integer at {@code index}.
     */
    static long s64(final ByteBuffer buffer, final int index)
    {
        return ((long)s32(buffer, index) << 32) | (s32(buffer, index + 4) & 0xFFFF_FFFFL);
    }
}
