package io.fnm.actions.bgp.internal;

import java.nio.ByteBuffer;

/**
 * The header every BGP message starts with (RFC 4271 §4.1), big-endian:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker (16 x 0xFF)                  |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Length counts the whole message, header included: 19..4096 (no RFC 8654 extended messages).
 */
public final class BgpHeader
{
    /** Bytes of the marker. */
    public static final int MARKER_LENGTH = 16;
    /** Offset of the length field. */
    public static final int LENGTH_OFFSET = 16;
    /** Offset of the type field. */
    public static final int TYPE_OFFSET = 18;
    /** Bytes of the header, and of a KEEPALIVE. */
    public static final int LENGTH = 19;
    /** Largest message (RFC 4271 §4). */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    /** OPEN. */
    public static final int OPEN = 1;
    /** UPDATE. */
    public static final int UPDATE = 2;
    /** NOTIFICATION. */
    public static final int NOTIFICATION = 3;
    /** KEEPALIVE. */
    public static final int KEEPALIVE = 4;
    /** ROUTE-REFRESH (RFC 2918). */
    public static final int ROUTE_REFRESH = 5;

    private BgpHeader()
    {
    }

    /**
     * Write a header with a length to be filled in by {@link #finish}.
     *
     * @param out  where to write, at its position.
     * @param type the message type.
     * @return the position of the message's first byte.
     */
    public static int begin(final ByteBuffer out, final int type)
    {
        final int start = out.position();
        for (int i = 0; i < MARKER_LENGTH; i++)
        {
            out.put((byte)0xFF);
        }
        out.putShort((short)0);
        out.put((byte)type);
        return start;
    }

    /**
     * Fill in the length of a message begun with {@link #begin}.
     *
     * @param out   the buffer, its position just after the message.
     * @param start what {@link #begin} returned.
     * @return the message length.
     */
    public static int finish(final ByteBuffer out, final int start)
    {
        final int length = out.position() - start;
        if (length > MAX_MESSAGE_LENGTH)
        {
            throw new IllegalStateException("BGP message of " + length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
        }
        out.putShort(start + LENGTH_OFFSET, (short)length);
        return length;
    }

    /**
     * Check the header at {@code offset}: marker all ones, length within bounds and right for the type, type known.
     *
     * @param in     the received bytes.
     * @param offset where the header starts; at least {@link #LENGTH} bytes must follow.
     * @param error  filled in when the header is bad.
     * @return true when the header is good; then {@link #length} and {@link #type} may be read.
     */
    public static boolean validate(final ByteBuffer in, final int offset, final BgpError error)
    {
        for (int i = 0; i < MARKER_LENGTH; i++)
        {
            if (in.get(offset + i) != (byte)0xFF)
            {
                return error.set(BgpError.MESSAGE_HEADER, BgpError.HEADER_NOT_SYNCHRONIZED, null);
            }
        }
        final int length = length(in, offset);
        final int type = type(in, offset);
        if (length < LENGTH || length > MAX_MESSAGE_LENGTH)
        {
            return error.setShortData(BgpError.MESSAGE_HEADER, BgpError.HEADER_BAD_LENGTH, length);
        }
        final int min;
        final int max;
        switch (type)
        {
            case OPEN -> { min = BgpOpen.MIN_LENGTH; max = MAX_MESSAGE_LENGTH; }
            case UPDATE -> { min = BgpUpdate.MIN_LENGTH; max = MAX_MESSAGE_LENGTH; }
            case NOTIFICATION -> { min = BgpNotification.MIN_LENGTH; max = MAX_MESSAGE_LENGTH; }
            case KEEPALIVE -> { min = LENGTH; max = LENGTH; }
            case ROUTE_REFRESH -> { min = BgpRouteRefresh.LENGTH; max = MAX_MESSAGE_LENGTH; }
            default ->
            {
                return error.set(BgpError.MESSAGE_HEADER, BgpError.HEADER_BAD_TYPE, new byte[] {(byte)type});
            }
        }
        if (length < min || length > max)
        {
            return error.setShortData(BgpError.MESSAGE_HEADER, BgpError.HEADER_BAD_LENGTH, length);
        }
        return true;
    }

    /**
     * @param in     the bytes.
     * @param offset where the header starts.
     * @return the length field, unsigned.
     */
    public static int length(final ByteBuffer in, final int offset)
    {
        return in.getShort(offset + LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param in     the bytes.
     * @param offset where the header starts.
     * @return the type field, unsigned.
     */
    public static int type(final ByteBuffer in, final int offset)
    {
        return in.get(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * @param type a message type.
     * @return its name for logs.
     */
    public static String typeName(final int type)
    {
        return switch (type)
        {
            case OPEN -> "OPEN";
            case UPDATE -> "UPDATE";
            case NOTIFICATION -> "NOTIFICATION";
            case KEEPALIVE -> "KEEPALIVE";
            case ROUTE_REFRESH -> "ROUTE-REFRESH";
            default -> "type " + type;
        };
    }
}
