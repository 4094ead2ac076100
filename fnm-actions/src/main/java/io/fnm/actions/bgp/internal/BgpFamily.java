package io.fnm.actions.bgp.internal;

/**
 * The address families the speaker announces, as (AFI, SAFI) pairs of RFC 4760 and RFC 8955.
 */
public enum BgpFamily
{
    /** IPv4 unicast (AFI 1, SAFI 1): blackhole routes in the UPDATE's own NLRI fields. */
    IPV4_UNICAST(1, 1, "ipv4-unicast"),
    /** IPv6 unicast (AFI 2, SAFI 1): blackhole routes in MP_REACH_NLRI / MP_UNREACH_NLRI. */
    IPV6_UNICAST(2, 1, "ipv6-unicast"),
    /** IPv4 FlowSpec (AFI 1, SAFI 133, RFC 8955). */
    IPV4_FLOWSPEC(1, 133, "ipv4-flowspec"),
    /** IPv6 FlowSpec (AFI 2, SAFI 133, RFC 8956). */
    IPV6_FLOWSPEC(2, 133, "ipv6-flowspec");

    /** Address family identifier of IPv4. */
    public static final int AFI_IPV4 = 1;
    /** Address family identifier of IPv6. */
    public static final int AFI_IPV6 = 2;
    /** Subsequent address family identifier of unicast. */
    public static final int SAFI_UNICAST = 1;
    /** Subsequent address family identifier of FlowSpec. */
    public static final int SAFI_FLOWSPEC = 133;

    private static final BgpFamily[] VALUES = values();

    private final int afi;
    private final int safi;
    private final String text;

    BgpFamily(final int afi, final int safi, final String text)
    {
        this.afi = afi;
        this.safi = safi;
        this.text = text;
    }

    /**
     * @return the AFI.
     */
    public int afi()
    {
        return afi;
    }

    /**
     * @return the SAFI.
     */
    public int safi()
    {
        return safi;
    }

    /**
     * @return GoBGP's name for the family, e.g. {@code ipv4-flowspec}.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return this family's bit in a set of families held as an int.
     */
    public int bit()
    {
        return 1 << ordinal();
    }

    /**
     * @return true for the two FlowSpec families.
     */
    public boolean isFlowSpec()
    {
        return safi == SAFI_FLOWSPEC;
    }

    /**
     * @param afi  the AFI.
     * @param safi the SAFI.
     * @return the family, or null when the speaker does not know it.
     */
    public static BgpFamily of(final int afi, final int safi)
    {
        for (final BgpFamily family : VALUES)
        {
            if (family.afi == afi && family.safi == safi)
            {
                return family;
            }
        }
        return null;
    }
}
