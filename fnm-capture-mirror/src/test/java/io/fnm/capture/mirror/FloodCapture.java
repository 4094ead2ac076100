package io.fnm.capture.mirror;

import io.fnm.capture.pcap.PcapFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated capture of mirrored traffic for the tests: ten seconds of background TCP to a few hosts of 10.0.0.0/16
 * and 2001:db8::/64, and from the second second on, one flood per victim at 3 000 packets per second:
 * <ul>
 *   <li>10.0.0.1: TCP SYN flood, 802.1Q tagged;</li>
 *   <li>10.0.0.2: UDP amplification (NTP source port 123, 468-byte replies), QinQ tagged;</li>
 *   <li>10.0.0.3: ICMP echo flood, untagged;</li>
 *   <li>10.0.0.4: IPv4 fragments (first and later fragments), 802.1Q tagged;</li>
 *   <li>2001:db8::5: IPv6 SYN flood, QinQ tagged;</li>
 *   <li>2001:db8::6: IPv6 fragments (fragment header), 802.1Q tagged.</li>
 * </ul>
 */
public final class FloodCapture
{
    /** Capture time of the first frame, epoch nanoseconds. */
    public static final long START_NANOS = 1_700_000_000_000_000_000L;
    static final int SECONDS = 10;
    static final int FLOOD_PPS = 3000;

    private FloodCapture()
    {
    }

    static List<byte[]> victims(final SplittableRandom random)
    {
        final String attacker = "203.0.113." + (1 + random.nextInt(250));
        final String attacker6 = "2001:db8:ffff::" + Integer.toHexString(1 + random.nextInt(250));
        final int sport = 1024 + random.nextInt(60000);
        final List<byte[]> frames = new ArrayList<>();
        frames.add(Frames.ipv4(attacker, "10.0.0.1").vlan(100).tcp(sport, 80, 0x02).payload(0).build());
        frames.add(Frames.ipv4(attacker, "10.0.0.2").qinq(200, 201).udp(123, sport).payload(440).build());
        frames.add(Frames.ipv4(attacker, "10.0.0.3").icmp(8).payload(56).build());
        final boolean firstFragment = random.nextBoolean();
        frames.add(Frames.ipv4(attacker, "10.0.0.4").vlan(100).udp(sport, 4444).payload(1000)
            .fragment(firstFragment, firstFragment ? 0 : 185).build());
        frames.add(Frames.ipv6(attacker6, "2001:db8::5").qinq(300, 301).tcp(sport, 443, 0x02).payload(0).build());
        frames.add(Frames.ipv6(attacker6, "2001:db8::6").vlan(100).udp(sport, 4444).payload(1000)
            .fragment(true, random.nextBoolean() ? 0 : 150).build());
        return frames;
    }

    /**
     * @param file where to write the capture.
     * @return the file.
     * @throws IOException when it cannot be written.
     */
    public static Path write(final Path file) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(7);
        try (PcapWriter writer = new PcapWriter(file, PcapFrame.LINKTYPE_ETHERNET))
        {
            final int stepsPerSecond = FLOOD_PPS;
            for (int second = 0; second < SECONDS; second++)
            {
                for (int step = 0; step < stepsPerSecond; step++)
                {
                    final long nanos = START_NANOS + second * 1_000_000_000L + step * (1_000_000_000L / stepsPerSecond);
                    if (step % 30 == 0)
                    {
                        writer.write(nanos, Frames.ipv4("198.51.100." + (1 + random.nextInt(200)),
                            "10.0.0." + (10 + random.nextInt(10))).tcp(443, 1024 + random.nextInt(60000), 0x10)
                            .payload(1200).build());
                        writer.write(nanos, Frames.ipv6("2001:db8:1::" + (1 + random.nextInt(200)),
                            "2001:db8::" + (10 + random.nextInt(10))).tcp(443, 1024 + random.nextInt(60000), 0x10)
                            .payload(1200).build());
                    }
                    if (second >= 1)
                    {
                        for (final byte[] frame : victims(random))
                        {
                            writer.write(nanos, frame);
                        }
                    }
                }
            }
        }
        return file;
    }
}
