package io.fnm.capture.mirror;

import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * Frames paired with a captured length their packet header would lie with, for the backends whose header carries
 * {@code caplen} and {@code len} (pcap, PF_RING): each argument is (what, frame to {@code 10.0.0.66}, caplen), the
 * frame's {@code len} being its true length.
 */
final class LyingCaplens
{
    /** Destination of the lying frames, so a test can tell them from good ones. */
    static final String LYING_DESTINATION = "10.0.0.66";

    private LyingCaplens()
    {
    }

    /**
     * @param dst          destination address.
     * @param payloadBytes UDP payload bytes.
     * @return an Ethernet/IPv4/UDP frame.
     */
    static byte[] udp(final String dst, final int payloadBytes)
    {
        return Frames.ipv4("198.51.100.7", dst).udp(123, 4444).payload(payloadBytes).build();
    }

    /**
     * @param snapLength the snap length of the backend under test.
     * @return negative, zero, past the snap length (yet within {@code len}), past {@code len} (yet within the snap
     *         length).
     */
    static Stream<Arguments> upTo(final int snapLength)
    {
        final byte[] small = udp(LYING_DESTINATION, 100);
        final byte[] large = udp(LYING_DESTINATION, snapLength + 100);
        return Stream.of(
            Arguments.of("negative", small, -1),
            Arguments.of("zero", small, 0),
            Arguments.of("past the snap length", large, snapLength + 1),
            Arguments.of("past the wire length", small, small.length + 1));
    }
}
