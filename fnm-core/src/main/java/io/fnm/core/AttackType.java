package io.fnm.core;

/**
 * FastNetMon's attack type: the class holding more than 90% of the packets per second in the attack direction,
 * checked in this order (SYN, ICMP, fragments, UDP), else {@link #UNKNOWN}.
 */
public enum AttackType
{
    /** TCP SYN packets above 90%. */
    SYN_FLOOD("syn_flood"),
    /** ICMP packets above 90%. */
    ICMP_FLOOD("icmp_flood"),
    /** IP fragments above 90% (FastNetMon prints exactly {@code ip_fragmentation}). */
    IP_FRAGMENTATION("ip_fragmentation"),
    /** UDP packets above 90%. */
    UDP_FLOOD("udp_flood"),
    /** No class above 90%, or a manual ban. */
    UNKNOWN("unknown");

    private final String text;

    AttackType(final String text)
    {
        this.text = text;
    }

    /**
     * @return the name FastNetMon prints.
     */
    public String text()
    {
        return text;
    }
}
