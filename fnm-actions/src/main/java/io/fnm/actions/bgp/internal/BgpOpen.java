package io.fnm.actions.bgp.internal;

import java.nio.ByteBuffer;

/**
 * OPEN (RFC 4271 §4.2) with the capabilities optional parameter (RFC 5492), after the header:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (type 2 = capabilities)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Capabilities sent and understood: multiprotocol (code 1, RFC 4760: AFI(2) reserved(1) SAFI(1)), route refresh
 * (code 2, RFC 2918) and 4-octet AS (code 65, RFC 6793: the AS as 4 bytes; My Autonomous System is then AS_TRANS,
 * 23456, when the AS does not fit 2 bytes). Other capabilities are skipped.
 */
public final class BgpOpen
{
    /** Bytes of an OPEN without optional parameters. */
    public static final int MIN_LENGTH = BgpHeader.LENGTH + 10;
    /** The only BGP version. */
    public static final int VERSION = 4;
    /** The 2-byte stand-in for a 4-byte AS (RFC 6793). */
    public static final int AS_TRANS = 23456;

    /** Optional parameter type: capabilities. */
    static final int PARAM_CAPABILITIES = 2;
    /** Capability code: multiprotocol extensions. */
    static final int CAP_MULTIPROTOCOL = 1;
    /** Capability code: route refresh. */
    static final int CAP_ROUTE_REFRESH = 2;
    /** Capability code: 4-octet AS number. */
    static final int CAP_FOUR_OCTET_AS = 65;

    private int version;
    private long peerAs;
    private int holdTimeSeconds;
    private int identifier;
    private int families;
    private boolean routeRefresh;
    private boolean fourOctetAs;

    /**
     * @param out             where to write, at its position.
     * @param localAs         our AS, 1..4294967295.
     * @param holdTimeSeconds our hold time: 0 or 3..65535.
     * @param routerId        our BGP identifier, as an IPv4 address in an int.
     * @param familyBits      the families to offer ({@link BgpFamily#bit()} ORed).
     * @return the message length.
     */
    public static int encode(final ByteBuffer out, final long localAs, final int holdTimeSeconds, final int routerId,
        final int familyBits)
    {
        final int start = BgpHeader.begin(out, BgpHeader.OPEN);
        out.put((byte)VERSION);
        out.putShort((short)(localAs > 0xFFFF ? AS_TRANS : localAs));
        out.putShort((short)holdTimeSeconds);
        out.putInt(routerId);
        final int optLengthAt = out.position();
        out.put((byte)0);
        out.put((byte)PARAM_CAPABILITIES);
        final int paramLengthAt = out.position();
        out.put((byte)0);
        for (final BgpFamily family : BgpFamily.values())
        {
            if ((familyBits & family.bit()) != 0)
            {
                out.put((byte)CAP_MULTIPROTOCOL).put((byte)4);
                out.putShort((short)family.afi()).put((byte)0).put((byte)family.safi());
            }
        }
        out.put((byte)CAP_ROUTE_REFRESH).put((byte)0);
        out.put((byte)CAP_FOUR_OCTET_AS).put((byte)4).putInt((int)localAs);
        out.put(paramLengthAt, (byte)(out.position() - paramLengthAt - 1));
        out.put(optLengthAt, (byte)(out.position() - optLengthAt - 1));
        return BgpHeader.finish(out, start);
    }

    /**
     * Decode and check a received OPEN.
     *
     * @param in         a message whose header {@link BgpHeader#validate} accepted.
     * @param at         where the message starts.
     * @param expectedAs the AS configured for the peer.
     * @param error      filled in when the message is bad or unacceptable.
     * @return true when it is acceptable; the accessors then describe it.
     */
    public boolean wrap(final ByteBuffer in, final int at, final long expectedAs, final BgpError error)
    {
        final int length = BgpHeader.length(in, at);
        int p = at + BgpHeader.LENGTH;
        version = in.get(p) & 0xFF;
        final int myAs = in.getShort(p + 1) & 0xFFFF;
        holdTimeSeconds = in.getShort(p + 3) & 0xFFFF;
        identifier = in.getInt(p + 5);
        final int optLength = in.get(p + 9) & 0xFF;
        families = 0;
        routeRefresh = false;
        fourOctetAs = false;
        peerAs = myAs;
        if (version != VERSION)
        {
            return error.setShortData(BgpError.OPEN_MESSAGE, BgpError.OPEN_UNSUPPORTED_VERSION, VERSION);
        }
        if (MIN_LENGTH + optLength != length)
        {
            return error.setShortData(BgpError.MESSAGE_HEADER, BgpError.HEADER_BAD_LENGTH, length);
        }
        if (holdTimeSeconds == 1 || holdTimeSeconds == 2)
        {
            return error.set(BgpError.OPEN_MESSAGE, BgpError.OPEN_UNACCEPTABLE_HOLD_TIME, null);
        }
        if (identifier == 0)
        {
            return error.set(BgpError.OPEN_MESSAGE, BgpError.OPEN_BAD_IDENTIFIER, null);
        }
        p += 10;
        final int end = at + length;
        while (p < end)
        {
            if (end - p < 2)
            {
                return error.set(BgpError.OPEN_MESSAGE, 0, null);
            }
            final int type = in.get(p) & 0xFF;
            final int paramLength = in.get(p + 1) & 0xFF;
            if (p + 2 + paramLength > end)
            {
                return error.set(BgpError.OPEN_MESSAGE, 0, null);
            }
            if (type != PARAM_CAPABILITIES)
            {
                return error.set(BgpError.OPEN_MESSAGE, BgpError.OPEN_UNSUPPORTED_PARAMETER, null);
            }
            if (!capabilities(in, p + 2, p + 2 + paramLength, error))
            {
                return false;
            }
            p += 2 + paramLength;
        }
        if (families == 0)
        {
            families = BgpFamily.IPV4_UNICAST.bit();
        }
        if (peerAs != expectedAs)
        {
            final byte[] data = {(byte)(myAs >>> 8), (byte)myAs};
            return error.set(BgpError.OPEN_MESSAGE, BgpError.OPEN_BAD_PEER_AS, data);
        }
        return true;
    }

    private boolean capabilities(final ByteBuffer in, final int from, final int end, final BgpError error)
    {
        int p = from;
        while (p < end)
        {
            if (end - p < 2)
            {
                return error.set(BgpError.OPEN_MESSAGE, 0, null);
            }
            final int code = in.get(p) & 0xFF;
            final int capLength = in.get(p + 1) & 0xFF;
            if (p + 2 + capLength > end)
            {
                return error.set(BgpError.OPEN_MESSAGE, 0, null);
            }
            if (code == CAP_MULTIPROTOCOL && capLength == 4)
            {
                final BgpFamily family = BgpFamily.of(in.getShort(p + 2) & 0xFFFF, in.get(p + 5) & 0xFF);
                if (family != null)
                {
                    families |= family.bit();
                }
            }
            else if (code == CAP_ROUTE_REFRESH)
            {
                routeRefresh = true;
            }
            else if (code == CAP_FOUR_OCTET_AS && capLength == 4)
            {
                fourOctetAs = true;
                peerAs = in.getInt(p + 2) & 0xFFFF_FFFFL;
            }
            p += 2 + capLength;
        }
        return true;
    }

    /**
     * @return the version field.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return the peer's AS: from the 4-octet capability when present, else My Autonomous System.
     */
    public long peerAs()
    {
        return peerAs;
    }

    /**
     * @return the peer's hold time in seconds.
     */
    public int holdTimeSeconds()
    {
        return holdTimeSeconds;
    }

    /**
     * @return the peer's BGP identifier.
     */
    public int identifier()
    {
        return identifier;
    }

    /**
     * @return the families the peer offers ({@link BgpFamily#bit()} ORed); IPv4 unicast alone when it names none.
     */
    public int families()
    {
        return families;
    }

    /**
     * @return true when the peer offers route refresh.
     */
    public boolean routeRefresh()
    {
        return routeRefresh;
    }

    /**
     * @return true when the peer offers 4-octet AS numbers.
     */
    public boolean fourOctetAs()
    {
        return fourOctetAs;
    }
}
