package io.fnm.actions.bgp.internal;

import java.nio.ByteBuffer;

/**
 * UPDATE (RFC 4271 §4.3), after the header:
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * each path attribute: flags(1) type(1) length(1, or 2 with the extended-length flag) value
 * </pre>
 * The speaker writes one route per UPDATE: IPv4 unicast in the UPDATE's own fields with NEXT_HOP, the other families
 * in MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 §3, §4). Attributes, in type order: ORIGIN (IGP), AS_PATH (our AS for
 * eBGP, empty for iBGP; 2-byte with AS_TRANS plus AS4_PATH when the peer lacks 4-octet AS, RFC 6793), NEXT_HOP,
 * LOCAL_PREF 100 (iBGP), COMMUNITIES (RFC 1997), MP_REACH_NLRI, EXTENDED_COMMUNITIES (RFC 4360; FlowSpec actions),
 * LARGE_COMMUNITY (RFC 8092).
 * <p>
 * A received UPDATE is only checked for framing ({@link #validate}): the speaker installs nothing it learns.
 */
public final class BgpUpdate
{
    /** Bytes of the shortest UPDATE. */
    public static final int MIN_LENGTH = BgpHeader.LENGTH + 4;

    static final int FLAG_OPTIONAL = 0x80;
    static final int FLAG_TRANSITIVE = 0x40;
    static final int FLAG_EXTENDED_LENGTH = 0x10;

    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int LOCAL_PREF = 5;
    static final int COMMUNITIES = 8;
    static final int MP_REACH_NLRI = 14;
    static final int MP_UNREACH_NLRI = 15;
    static final int EXTENDED_COMMUNITIES = 16;
    static final int AS4_PATH = 17;
    static final int LARGE_COMMUNITY = 32;

    private static final int ORIGIN_IGP = 0;
    private static final int AS_SEQUENCE = 2;
    private static final int DEFAULT_LOCAL_PREF = 100;

    private int withdrawnCount;
    private int nlriCount;
    private int attributeCount;

    private BgpUpdate()
    {
    }

    /**
     * @return a decoder to reuse.
     */
    public static BgpUpdate decoder()
    {
        return new BgpUpdate();
    }

    /**
     * Write an UPDATE announcing one route.
     *
     * @param out         where to write, at its position; needs room for one message.
     * @param route       the route.
     * @param localAs     our AS.
     * @param ibgp        true when the peer is in our AS (empty AS_PATH, LOCAL_PREF).
     * @param fourOctetAs true when the peer offered 4-octet AS numbers.
     * @param selfNextHop the IPv4 next hop sent instead of an IPv4 route's 0.0.0.0 (our address on the session).
     * @return the message length.
     */
    public static int encodeAnnounce(final ByteBuffer out, final BgpRoute route, final long localAs,
        final boolean ibgp, final boolean fourOctetAs, final byte[] selfNextHop)
    {
        final int start = BgpHeader.begin(out, BgpHeader.UPDATE);
        out.putShort((short)0);
        final int attributesLengthAt = out.position();
        out.putShort((short)0);
        attribute(out, FLAG_TRANSITIVE, ORIGIN, 1).put((byte)ORIGIN_IGP);
        asPath(out, localAs, ibgp, fourOctetAs);
        final BgpFamily family = route.family();
        if (family == BgpFamily.IPV4_UNICAST)
        {
            final byte[] nextHop = route.nextHopArray();
            final boolean self = (nextHop[0] | nextHop[1] | nextHop[2] | nextHop[3]) == 0;
            attribute(out, FLAG_TRANSITIVE, NEXT_HOP, 4).put(self ? selfNextHop : nextHop, 0, 4);
        }
        if (ibgp)
        {
            attribute(out, FLAG_TRANSITIVE, LOCAL_PREF, 4).putInt(DEFAULT_LOCAL_PREF);
        }
        final int[] communities = route.communitiesArray();
        if (communities.length > 0)
        {
            attribute(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, COMMUNITIES, 4 * communities.length);
            for (final int community : communities)
            {
                out.putInt(community);
            }
        }
        if (family != BgpFamily.IPV4_UNICAST)
        {
            final byte[] nextHop = route.nextHopArray();
            final int nlriLength = nlriLength(route);
            attribute(out, FLAG_OPTIONAL, MP_REACH_NLRI, 5 + nextHop.length + nlriLength);
            out.putShort((short)family.afi()).put((byte)family.safi()).put((byte)nextHop.length).put(nextHop);
            out.put((byte)0);
            putNlri(out, route);
        }
        final long[] extended = route.extendedCommunitiesArray();
        if (extended.length > 0)
        {
            attribute(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, EXTENDED_COMMUNITIES, 8 * extended.length);
            for (final long community : extended)
            {
                out.putLong(community);
            }
        }
        if (!ibgp && !fourOctetAs && localAs > 0xFFFF)
        {
            attribute(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, AS4_PATH, 6);
            out.put((byte)AS_SEQUENCE).put((byte)1).putInt((int)localAs);
        }
        final int[] large = route.largeCommunitiesArray();
        if (large.length > 0)
        {
            attribute(out, FLAG_OPTIONAL | FLAG_TRANSITIVE, LARGE_COMMUNITY, 4 * large.length);
            for (final int value : large)
            {
                out.putInt(value);
            }
        }
        out.putShort(attributesLengthAt, (short)(out.position() - attributesLengthAt - 2));
        if (family == BgpFamily.IPV4_UNICAST)
        {
            putNlri(out, route);
        }
        return BgpHeader.finish(out, start);
    }

    /**
     * Write an UPDATE withdrawing one route.
     *
     * @param out   where to write, at its position; needs room for one message.
     * @param route the route.
     * @return the message length.
     */
    public static int encodeWithdraw(final ByteBuffer out, final BgpRoute route)
    {
        final int start = BgpHeader.begin(out, BgpHeader.UPDATE);
        final BgpFamily family = route.family();
        if (family == BgpFamily.IPV4_UNICAST)
        {
            out.putShort((short)route.nlriLength());
            putNlri(out, route);
            out.putShort((short)0);
        }
        else
        {
            out.putShort((short)0);
            final int nlriLength = nlriLength(route);
            final int headerLength = 3 + nlriLength > 255 ? 4 : 3;
            out.putShort((short)(headerLength + 3 + nlriLength));
            attribute(out, FLAG_OPTIONAL, MP_UNREACH_NLRI, 3 + nlriLength);
            out.putShort((short)family.afi()).put((byte)family.safi());
            putNlri(out, route);
        }
        return BgpHeader.finish(out, start);
    }

    private static void asPath(final ByteBuffer out, final long localAs, final boolean ibgp,
        final boolean fourOctetAs)
    {
        if (ibgp)
        {
            attribute(out, FLAG_TRANSITIVE, AS_PATH, 0);
            return;
        }
        if (fourOctetAs)
        {
            attribute(out, FLAG_TRANSITIVE, AS_PATH, 6);
            out.put((byte)AS_SEQUENCE).put((byte)1).putInt((int)localAs);
        }
        else
        {
            attribute(out, FLAG_TRANSITIVE, AS_PATH, 4);
            out.put((byte)AS_SEQUENCE).put((byte)1).putShort((short)(localAs > 0xFFFF ? BgpOpen.AS_TRANS : localAs));
        }
    }

    private static ByteBuffer attribute(final ByteBuffer out, final int flags, final int type, final int length)
    {
        if (length > 255)
        {
            out.put((byte)(flags | FLAG_EXTENDED_LENGTH)).put((byte)type).putShort((short)length);
        }
        else
        {
            out.put((byte)flags).put((byte)type).put((byte)length);
        }
        return out;
    }

    private static int nlriLength(final BgpRoute route)
    {
        final int length = route.nlriLength();
        if (!route.family().isFlowSpec())
        {
            return length;
        }
        return length < 240 ? 1 + length : 2 + length;
    }

    private static void putNlri(final ByteBuffer out, final BgpRoute route)
    {
        if (route.family().isFlowSpec())
        {
            final int length = route.nlriLength();
            if (length < 240)
            {
                out.put((byte)length);
            }
            else
            {
                out.putShort((short)(0xF000 | length));
            }
        }
        out.put(route.nlriArray());
    }

    /**
     * Check a received UPDATE's framing: the withdrawn routes, the path attributes and the NLRI each fit, every
     * attribute's length fits the list, every IPv4 prefix is at most 32 bits long and fits.
     *
     * @param in    a message whose header {@link BgpHeader#validate} accepted.
     * @param at    where the message starts.
     * @param error filled in when the message is malformed.
     * @return true when well formed.
     */
    public boolean validate(final ByteBuffer in, final int at, final BgpError error)
    {
        withdrawnCount = 0;
        nlriCount = 0;
        attributeCount = 0;
        final int end = at + BgpHeader.length(in, at);
        int p = at + BgpHeader.LENGTH;
        final int withdrawnLength = in.getShort(p) & 0xFFFF;
        p += 2;
        if (p + withdrawnLength + 2 > end)
        {
            return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null);
        }
        withdrawnCount = prefixes(in, p, p + withdrawnLength);
        if (withdrawnCount < 0)
        {
            return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null);
        }
        p += withdrawnLength;
        final int attributesLength = in.getShort(p) & 0xFFFF;
        p += 2;
        if (p + attributesLength > end)
        {
            return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null);
        }
        if (!attributes(in, p, p + attributesLength, error))
        {
            return false;
        }
        p += attributesLength;
        nlriCount = prefixes(in, p, end);
        if (nlriCount < 0)
        {
            return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_INVALID_NETWORK_FIELD, null);
        }
        return true;
    }

    private boolean attributes(final ByteBuffer in, final int from, final int end, final BgpError error)
    {
        int p = from;
        while (p < end)
        {
            if (end - p < 3)
            {
                return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null);
            }
            final int flags = in.get(p) & 0xFF;
            final boolean extended = (flags & FLAG_EXTENDED_LENGTH) != 0;
            if (extended && end - p < 4)
            {
                return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_MALFORMED_ATTRIBUTE_LIST, null);
            }
            final int length = extended ? in.getShort(p + 2) & 0xFFFF : in.get(p + 2) & 0xFF;
            final int valueAt = p + (extended ? 4 : 3);
            if (valueAt + length > end)
            {
                return error.set(BgpError.UPDATE_MESSAGE, BgpError.UPDATE_ATTRIBUTE_LENGTH, null);
            }
            attributeCount++;
            p = valueAt + length;
        }
        return true;
    }

    private static int prefixes(final ByteBuffer in, final int from, final int end)
    {
        int count = 0;
        int p = from;
        while (p < end)
        {
            final int bits = in.get(p) & 0xFF;
            if (bits > 32 || p + 1 + (bits + 7) / 8 > end)
            {
                return -1;
            }
            p += 1 + (bits + 7) / 8;
            count++;
        }
        return count;
    }

    /**
     * @return IPv4 prefixes in the withdrawn routes field of the last validated UPDATE.
     */
    public int withdrawnCount()
    {
        return withdrawnCount;
    }

    /**
     * @return IPv4 prefixes in the NLRI field of the last validated UPDATE.
     */
    public int nlriCount()
    {
        return nlriCount;
    }

    /**
     * @return path attributes in the last validated UPDATE.
     */
    public int attributeCount()
    {
        return attributeCount;
    }
}
