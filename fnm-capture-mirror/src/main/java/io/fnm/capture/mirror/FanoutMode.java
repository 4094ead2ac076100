package io.fnm.capture.mirror;

import java.util.Locale;

/**
 * How the kernel spreads an interface's packets over the sockets of one {@code PACKET_FANOUT} group
 * ({@code mirror_af_packet_fanout_mode}, FastNetMon's names). FastNetMon parses the key as a boolean and always ends
 * up with {@link #CPU}; fnm applies the mode named.
 */
public enum FanoutMode
{
    /** {@code PACKET_FANOUT_HASH}: by the flow hash, so one flow stays on one socket. */
    HASH("hash", 0),
    /** {@code PACKET_FANOUT_LB}: round robin. */
    LB("lb", 1),
    /** {@code PACKET_FANOUT_CPU}: by the CPU that received the packet (FastNetMon's default). */
    CPU("cpu", 2),
    /** {@code PACKET_FANOUT_ROLLOVER}: fill one socket, move on when its ring is full. */
    ROLLOVER("rollover", 3),
    /** {@code PACKET_FANOUT_RND}: random. */
    RANDOM("random", 4),
    /** {@code PACKET_FANOUT_QM}: by the NIC's receive queue. */
    QUEUE_MAPPING("queue_mapping", 5);

    private final String text;
    private final int kernelMode;

    FanoutMode(final String text, final int kernelMode)
    {
        this.text = text;
        this.kernelMode = kernelMode;
    }

    /**
     * @return the config value.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return the kernel's {@code PACKET_FANOUT_*} number.
     */
    public int kernelMode()
    {
        return kernelMode;
    }

    /**
     * @param value a config value (case-insensitive).
     * @return the mode, or null when the value names none.
     */
    public static FanoutMode parse(final String value)
    {
        final String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (final FanoutMode mode : values())
        {
            if (mode.text.equals(wanted))
            {
                return mode;
            }
        }
        return null;
    }
}
