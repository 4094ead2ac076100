package io.fnm.actions.bgp.internal;

import java.nio.ByteBuffer;

/**
 * KEEPALIVE (RFC 4271 §4.4): the header alone, 19 bytes, type 4. {@link BgpHeader#validate} checks a received one
 * completely (its length must be exactly 19).
 */
public final class BgpKeepalive
{
    private BgpKeepalive()
    {
    }

    /**
     * @param out where to write, at its position.
     * @return the message length (19).
     */
    public static int encode(final ByteBuffer out)
    {
        return BgpHeader.finish(out, BgpHeader.begin(out, BgpHeader.KEEPALIVE));
    }
}
