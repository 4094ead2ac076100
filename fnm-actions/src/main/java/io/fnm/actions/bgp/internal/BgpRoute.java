package io.fnm.actions.bgp.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One route the speaker announces: a family, the NLRI and the attributes that vary per route (next hop, communities,
 * large communities, extended communities). Immutable. Two routes are {@link #equals equal} when their family and
 * NLRI are (a route table holds one route per NLRI); {@link #sameAttributes} compares the rest.
 * <p>
 * The NLRI is held encoded: for unicast the prefix-length byte and the significant prefix bytes (RFC 4271 §4.3);
 * for FlowSpec the components without the NLRI length (RFC 8955 §4).
 */
public final class BgpRoute
{
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];

    private final BgpFamily family;
    private final byte[] nlri;
    private final byte[] nextHop;
    private final int[] communities;
    private final int[] largeCommunities;
    private final long[] extendedCommunities;
    private final String text;
    private final int hash;

    /**
     * @param family              the family.
     * @param nlri                the encoded NLRI (copied).
     * @param nextHop             the next hop, 4 or 16 bytes for unicast, empty for FlowSpec (copied).
     * @param communities         RFC 1997 communities, each {@code asn << 16 | value}.
     * @param largeCommunities    RFC 8092 large communities, three ints each (global admin, data 1, data 2).
     * @param extendedCommunities RFC 4360 extended communities (FlowSpec actions), 8 bytes each.
     * @param text                how logs show the route.
     */
    public BgpRoute(final BgpFamily family, final byte[] nlri, final byte[] nextHop, final int[] communities,
        final int[] largeCommunities, final long[] extendedCommunities, final String text)
    {
        this.family = Objects.requireNonNull(family, "family");
        this.nlri = nlri.clone();
        this.nextHop = nextHop == null ? new byte[0] : nextHop.clone();
        this.communities = communities == null ? NO_INTS : communities.clone();
        this.largeCommunities = largeCommunities == null ? NO_INTS : largeCommunities.clone();
        if (this.largeCommunities.length % 3 != 0)
        {
            throw new IllegalArgumentException("large communities come in threes");
        }
        this.extendedCommunities = extendedCommunities == null ? NO_LONGS : extendedCommunities.clone();
        this.text = Objects.requireNonNull(text, "text");
        this.hash = family.hashCode() * 31 + Arrays.hashCode(this.nlri);
    }

    /**
     * @param prefixLength the prefix length.
     * @param address      the address bytes (4 or 16).
     * @return the unicast NLRI: the length byte and ceil(length / 8) address bytes.
     */
    public static byte[] prefixNlri(final int prefixLength, final byte[] address)
    {
        final int bytes = (prefixLength + 7) / 8;
        final byte[] nlri = new byte[1 + bytes];
        nlri[0] = (byte)prefixLength;
        System.arraycopy(address, 0, nlri, 1, bytes);
        if (prefixLength % 8 != 0)
        {
            nlri[bytes] &= (byte)(0xFF << (8 - prefixLength % 8));
        }
        return nlri;
    }

    /**
     * @return the family.
     */
    public BgpFamily family()
    {
        return family;
    }

    /**
     * @return bytes of the encoded NLRI.
     */
    public int nlriLength()
    {
        return nlri.length;
    }

    /**
     * @return the encoded NLRI (a copy).
     */
    public byte[] nlri()
    {
        return nlri.clone();
    }

    byte[] nlriArray()
    {
        return nlri;
    }

    byte[] nextHopArray()
    {
        return nextHop;
    }

    int[] communitiesArray()
    {
        return communities;
    }

    int[] largeCommunitiesArray()
    {
        return largeCommunities;
    }

    long[] extendedCommunitiesArray()
    {
        return extendedCommunities;
    }

    /**
     * @param other another route.
     * @return true when next hop and communities of all kinds are the same.
     */
    public boolean sameAttributes(final BgpRoute other)
    {
        return Arrays.equals(nextHop, other.nextHop) && Arrays.equals(communities, other.communities) &&
            Arrays.equals(largeCommunities, other.largeCommunities) &&
            Arrays.equals(extendedCommunities, other.extendedCommunities);
    }

    /**
     * @return how logs show the route.
     */
    public String text()
    {
        return text;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof BgpRoute && family == ((BgpRoute)o).family && Arrays.equals(nlri, ((BgpRoute)o).nlri);
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public String toString()
    {
        return family.text() + ' ' + text;
    }
}
