package io.fnm.core;

/**
 * The traffic classes counted for every host, network and total, as FastNetMon's {@code subnet_counter_t}: every
 * record counts in {@link #TOTAL}, and in each other class it belongs to.
 */
public enum TrafficClass
{
    /** Everything. */
    TOTAL,
    /** IP protocol 6. */
    TCP,
    /** IP protocol 17. */
    UDP,
    /** IP protocol 1 for IPv4, 58 (ICMPv6) for IPv6. */
    ICMP,
    /** TCP with the SYN bit set (SYN-ACK included; for a flow record, the OR of its packets' flags). */
    TCP_SYN,
    /** IP fragments. */
    FRAGMENTED,
    /** Traffic the exporter reported as dropped (NetFlow forwarding status, sFlow discard). */
    DROPPED;

    private static final TrafficClass[] VALUES = values();

    /**
     * @param ordinal an ordinal.
     * @return the constant, without allocating.
     */
    public static TrafficClass of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
