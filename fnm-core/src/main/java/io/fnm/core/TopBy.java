package io.fnm.core;

/**
 * What {@link DetectionEngine#topHosts(Direction, TopBy, int)} sorts by: the smoothed averages.
 */
public enum TopBy
{
    /** Packets per second. */
    PACKETS,
    /** Bytes per second. */
    BYTES,
    /** Distinct flows per second. */
    FLOWS
}
