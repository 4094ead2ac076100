package io.fnm.actions.bgp.internal;

import java.nio.ByteBuffer;

/**
 * NOTIFICATION (RFC 4271 §4.5), after the header:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The connection is closed after one is sent or received.
 */
public final class BgpNotification
{
    /** Bytes of the shortest message. */
    public static final int MIN_LENGTH = BgpHeader.LENGTH + 2;

    private ByteBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param out     where to write, at its position.
     * @param code    the error code.
     * @param subcode the subcode.
     * @param data    the data, possibly empty (truncated to fit one message).
     * @return the message length.
     */
    public static int encode(final ByteBuffer out, final int code, final int subcode, final byte[] data)
    {
        final int start = BgpHeader.begin(out, BgpHeader.NOTIFICATION);
        out.put((byte)code).put((byte)subcode);
        out.put(data, 0, Math.min(data.length, BgpHeader.MAX_MESSAGE_LENGTH - MIN_LENGTH));
        return BgpHeader.finish(out, start);
    }

    /**
     * @param in a message whose header {@link BgpHeader#validate} accepted (so it has at least 21 bytes).
     * @param at where the message starts.
     */
    public void wrap(final ByteBuffer in, final int at)
    {
        buffer = in;
        offset = at;
        length = BgpHeader.length(in, at);
    }

    /**
     * @return the error code.
     */
    public int code()
    {
        return buffer.get(offset + BgpHeader.LENGTH) & 0xFF;
    }

    /**
     * @return the subcode.
     */
    public int subcode()
    {
        return buffer.get(offset + BgpHeader.LENGTH + 1) & 0xFF;
    }

    /**
     * @return bytes of the data field.
     */
    public int dataLength()
    {
        return length - MIN_LENGTH;
    }

    /**
     * @param code    an error code.
     * @param subcode a subcode.
     * @return the RFC's name for them, for logs.
     */
    public static String describe(final int code, final int subcode)
    {
        final String name = switch (code)
        {
            case BgpError.MESSAGE_HEADER -> "Message Header Error";
            case BgpError.OPEN_MESSAGE -> "OPEN Message Error";
            case BgpError.UPDATE_MESSAGE -> "UPDATE Message Error";
            case BgpError.HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case BgpError.FSM -> "Finite State Machine Error";
            case BgpError.CEASE -> "Cease";
            case BgpError.ROUTE_REFRESH_MESSAGE -> "ROUTE-REFRESH Message Error";
            default -> "error code " + code;
        };
        return name + " (" + code + "/" + subcode + ")";
    }
}
