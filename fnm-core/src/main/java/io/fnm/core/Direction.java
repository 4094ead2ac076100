package io.fnm.core;

/**
 * Direction of traffic relative to the protected networks ({@code networks_list}), decided by longest-prefix match
 * of both addresses (FastNetMon's table): destination inside only = incoming, source inside only = outgoing, both =
 * internal, neither = other. For a host, INCOMING is traffic it receives and OUTGOING traffic it sends.
 */
public enum Direction
{
    /** Towards a host of our networks from outside. */
    INCOMING("incoming"),
    /** From a host of our networks to outside. */
    OUTGOING("outgoing"),
    /** Between two hosts of our networks (counted in totals only). */
    INTERNAL("internal"),
    /** Neither address in our networks (counted in totals only); also the direction of a manual ban. */
    OTHER("other");

    private static final Direction[] VALUES = values();

    private final String text;

    Direction(final String text)
    {
        this.text = text;
    }

    /**
     * @return the lower-case name FastNetMon prints: {@code incoming}, {@code outgoing}, {@code internal},
     * {@code other}.
     */
    public String text()
    {
        return text;
    }

    /**
     * @param ordinal an ordinal.
     * @return the constant, without allocating.
     */
    public static Direction of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
