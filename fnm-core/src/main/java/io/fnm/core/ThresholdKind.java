package io.fnm.core;

/**
 * The per-host thresholds, in FastNetMon's check order ({@code we_should_ban_this_entity}) followed by the two that
 * only FastNetMon Advanced has (TCP SYN and fragmented packets per second, fastnetmon#815). The first enabled kind
 * that fires decides the threshold reported for an attack.
 * <p>
 * Each kind has the {@code fastnetmon.conf} key of its on/off switch ({@link #switchKey()}) and of its value
 * ({@link #thresholdKey()}); the same keys prefixed by {@code <hostgroup>_} apply to a hostgroup. Packet and flow
 * thresholds are per second; bandwidth thresholds are decimal megabits per second, truncated
 * ({@code floor(bytes * 8 / 10^6)}). A check fires when the incoming or the outgoing average is strictly greater.
 * <p>
 * {@link #displayName()} is the name FastNetMon's log line uses for the threshold type ("packets per second",
 * "mbps", "flows", "tcp_pps", ...), extended in the same style for the two additional kinds.
 */
public enum ThresholdKind
{
    /** Total packets per second. */
    PPS("ban_for_pps", "threshold_pps", "packets per second"),
    /** Total megabits per second. */
    MBPS("ban_for_bandwidth", "threshold_mbps", "mbps"),
    /** Distinct flows per second (needs connection tracking). */
    FLOWS("ban_for_flows", "threshold_flows", "flows"),
    /** TCP packets per second. */
    TCP_PPS("ban_for_tcp_pps", "threshold_tcp_pps", "tcp_pps"),
    /** UDP packets per second. */
    UDP_PPS("ban_for_udp_pps", "threshold_udp_pps", "udp_pps"),
    /** ICMP packets per second. */
    ICMP_PPS("ban_for_icmp_pps", "threshold_icmp_pps", "icmp_pps"),
    /** TCP megabits per second. */
    TCP_MBPS("ban_for_tcp_bandwidth", "threshold_tcp_mbps", "tcp_mbps"),
    /** UDP megabits per second. */
    UDP_MBPS("ban_for_udp_bandwidth", "threshold_udp_mbps", "udp_mbps"),
    /** ICMP megabits per second. */
    ICMP_MBPS("ban_for_icmp_bandwidth", "threshold_icmp_mbps", "icmp_mbps"),
    /** TCP SYN packets per second (FastNetMon Advanced key names; Community lacks it). */
    TCP_SYN_PPS("ban_for_tcp_syn_pps", "threshold_tcp_syn_pps", "tcp_syn_pps"),
    /** Fragmented IP packets per second (FastNetMon Advanced key names; Community lacks it). */
    FRAGMENTED_PPS("ban_for_ip_fragments_pps", "threshold_ip_fragments_pps", "ip_fragments_pps");

    private static final ThresholdKind[] VALUES = values();

    private final String switchKey;
    private final String thresholdKey;
    private final String displayName;

    ThresholdKind(final String switchKey, final String thresholdKey, final String displayName)
    {
        this.switchKey = switchKey;
        this.thresholdKey = thresholdKey;
        this.displayName = displayName;
    }

    /**
     * @return the on/off key, e.g. {@code ban_for_pps}.
     */
    public String switchKey()
    {
        return switchKey;
    }

    /**
     * @return the value key, e.g. {@code threshold_pps}.
     */
    public String thresholdKey()
    {
        return thresholdKey;
    }

    /**
     * @return the name used in log lines, e.g. {@code packets per second}.
     */
    public String displayName()
    {
        return displayName;
    }

    /**
     * @return true for the megabits-per-second kinds.
     */
    public boolean isBandwidth()
    {
        return this == MBPS || this == TCP_MBPS || this == UDP_MBPS || this == ICMP_MBPS;
    }

    /**
     * @param ordinal an ordinal.
     * @return the constant, without allocating a values() array.
     */
    public static ThresholdKind of(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /**
     * @return the number of kinds.
     */
    public static int count()
    {
        return VALUES.length;
    }
}
