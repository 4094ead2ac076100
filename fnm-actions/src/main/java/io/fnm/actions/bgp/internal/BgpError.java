package io.fnm.actions.bgp.internal;

import java.util.Arrays;

/**
 * What a decoder found wrong with a received message: the NOTIFICATION error code, subcode and data of RFC 4271
 * §4.5 and §6 to send back. Mutable and reused by one session; decoders fill it and return false instead of
 * throwing.
 */
public final class BgpError
{
    /** Message Header Error. */
    public static final int MESSAGE_HEADER = 1;
    /** OPEN Message Error. */
    public static final int OPEN_MESSAGE = 2;
    /** UPDATE Message Error. */
    public static final int UPDATE_MESSAGE = 3;
    /** Hold Timer Expired. */
    public static final int HOLD_TIMER_EXPIRED = 4;
    /** Finite State Machine Error. */
    public static final int FSM = 5;
    /** Cease. */
    public static final int CEASE = 6;
    /** ROUTE-REFRESH Message Error (RFC 7313). */
    public static final int ROUTE_REFRESH_MESSAGE = 7;

    /** Header subcode: Connection Not Synchronized. */
    public static final int HEADER_NOT_SYNCHRONIZED = 1;
    /** Header subcode: Bad Message Length. */
    public static final int HEADER_BAD_LENGTH = 2;
    /** Header subcode: Bad Message Type. */
    public static final int HEADER_BAD_TYPE = 3;
    /** OPEN subcode: Unsupported Version Number. */
    public static final int OPEN_UNSUPPORTED_VERSION = 1;
    /** OPEN subcode: Bad Peer AS. */
    public static final int OPEN_BAD_PEER_AS = 2;
    /** OPEN subcode: Bad BGP Identifier. */
    public static final int OPEN_BAD_IDENTIFIER = 3;
    /** OPEN subcode: Unsupported Optional Parameter. */
    public static final int OPEN_UNSUPPORTED_PARAMETER = 4;
    /** OPEN subcode: Unacceptable Hold Time. */
    public static final int OPEN_UNACCEPTABLE_HOLD_TIME = 6;
    /** UPDATE subcode: Malformed Attribute List. */
    public static final int UPDATE_MALFORMED_ATTRIBUTE_LIST = 1;
    /** UPDATE subcode: Attribute Length Error. */
    public static final int UPDATE_ATTRIBUTE_LENGTH = 5;
    /** UPDATE subcode: Invalid Network Field. */
    public static final int UPDATE_INVALID_NETWORK_FIELD = 10;
    /** FSM subcode (RFC 6608): unexpected message in OpenSent. */
    public static final int FSM_IN_OPEN_SENT = 1;
    /** FSM subcode (RFC 6608): unexpected message in OpenConfirm. */
    public static final int FSM_IN_OPEN_CONFIRM = 2;
    /** FSM subcode (RFC 6608): unexpected message in Established. */
    public static final int FSM_IN_ESTABLISHED = 3;
    /** Cease subcode (RFC 4486): Administrative Shutdown. */
    public static final int CEASE_ADMINISTRATIVE_SHUTDOWN = 2;
    /** ROUTE-REFRESH subcode (RFC 7313): Invalid Message Length. */
    public static final int ROUTE_REFRESH_INVALID_LENGTH = 1;

    private static final byte[] NONE = new byte[0];

    private int code;
    private int subcode;
    private byte[] data = NONE;

    /**
     * @param errorCode    the error code.
     * @param errorSubcode the subcode.
     * @param errorData    the data field (copied), or null for none.
     * @return false, so a decoder can {@code return error.set(...)}.
     */
    public boolean set(final int errorCode, final int errorSubcode, final byte[] errorData)
    {
        code = errorCode;
        subcode = errorSubcode;
        data = errorData == null ? NONE : errorData.clone();
        return false;
    }

    /**
     * @param errorCode    the error code.
     * @param errorSubcode the subcode.
     * @param value        a data field of two bytes (a length, a version).
     * @return false.
     */
    public boolean setShortData(final int errorCode, final int errorSubcode, final int value)
    {
        return set(errorCode, errorSubcode, new byte[] {(byte)(value >>> 8), (byte)value});
    }

    /**
     * Forget the last error.
     */
    public void clear()
    {
        code = 0;
        subcode = 0;
        data = NONE;
    }

    /**
     * @return the error code, 0 when none.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the subcode.
     */
    public int subcode()
    {
        return subcode;
    }

    /**
     * @return the data field (a copy).
     */
    public byte[] data()
    {
        return data.clone();
    }

    @Override
    public String toString()
    {
        return BgpNotification.describe(code, subcode) + (data.length == 0 ? "" : " data=" + Arrays.toString(data));
    }
}
