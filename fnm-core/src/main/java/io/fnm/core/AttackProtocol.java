package io.fnm.core;

import java.util.Locale;

/**
 * The dominant protocol of an attack: the largest of TCP, UDP and ICMP packets per second in the attack direction
 * (ties: TCP, then UDP, then ICMP). When all three are zero (pure GRE, ESP...) it is {@link #UNKNOWN}; FastNetMon
 * reports {@code tcp} there, which is wrong.
 */
public enum AttackProtocol
{
    /** TCP. */
    TCP,
    /** UDP. */
    UDP,
    /** ICMP (ICMPv6 for IPv6). */
    ICMP,
    /** None of them, or a manual ban. */
    UNKNOWN;

    private final String text = name().toLowerCase(Locale.ROOT);

    /**
     * @return lower-case name: {@code tcp}, {@code udp}, {@code icmp}, {@code unknown}.
     */
    public String text()
    {
        return text;
    }
}
