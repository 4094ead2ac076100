package io.fnm.actions.bgp.internal;

import java.nio.ByteBuffer;

/**
 * ROUTE-REFRESH (RFC 2918 §3; the reserved byte is RFC 7313's message subtype), after the header:
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Res.  | SAFI  |
 * +-------+-------+-------+-------+
 * </pre>
 * A peer sends it to ask for our Adj-RIB-Out of one family again; we answer by re-sending every route of the family.
 */
public final class BgpRouteRefresh
{
    /** Bytes of the whole message. */
    public static final int LENGTH = BgpHeader.LENGTH + 4;

    private ByteBuffer buffer;
    private int offset;

    /**
     * @param out    where to write, at its position.
     * @param afi    the AFI.
     * @param safi   the SAFI.
     * @return the message length (23).
     */
    public static int encode(final ByteBuffer out, final int afi, final int safi)
    {
        final int start = BgpHeader.begin(out, BgpHeader.ROUTE_REFRESH);
        out.putShort((short)afi).put((byte)0).put((byte)safi);
        return BgpHeader.finish(out, start);
    }

    /**
     * @param in     a message whose header {@link BgpHeader#validate} accepted.
     * @param at     where the message starts.
     * @param error  filled in when the message is bad.
     * @return true when it is well formed (exactly 23 bytes, RFC 7313 §5).
     */
    public boolean wrap(final ByteBuffer in, final int at, final BgpError error)
    {
        buffer = in;
        offset = at;
        final int length = BgpHeader.length(in, at);
        if (length != LENGTH)
        {
            final byte[] data = new byte[length - BgpHeader.LENGTH];
            in.get(at + BgpHeader.LENGTH, data);
            return error.set(BgpError.ROUTE_REFRESH_MESSAGE, BgpError.ROUTE_REFRESH_INVALID_LENGTH, data);
        }
        return true;
    }

    /**
     * @return the AFI asked for.
     */
    public int afi()
    {
        return buffer.getShort(offset + BgpHeader.LENGTH) & 0xFFFF;
    }

    /**
     * @return the message subtype (0 = normal request, RFC 7313).
     */
    public int subtype()
    {
        return buffer.get(offset + BgpHeader.LENGTH + 2) & 0xFF;
    }

    /**
     * @return the SAFI asked for.
     */
    public int safi()
    {
        return buffer.get(offset + BgpHeader.LENGTH + 3) & 0xFF;
    }
}
