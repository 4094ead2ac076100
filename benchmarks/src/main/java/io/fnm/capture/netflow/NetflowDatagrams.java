package io.fnm.capture.netflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Datagrams written by the project's {@link NetflowGenerator} for the benchmarks: every datagram carries exactly
 * {@link #RECORDS_PER_DATAGRAM} IPv4 flow records (random addresses and ports, TCP/UDP/ICMP mix), whatever the
 * version, so that the scores of v5, v9 and IPFIX are records per second and comparable.
 */
final class NetflowDatagrams
{
    /** Flow records in every datagram (v5 holds at most 30). */
    static final int RECORDS_PER_DATAGRAM = 24;

    private static final long EXPORT_MILLIS = 1_700_000_000_000L;
    private static final int SAMPLING_RATE = 1000;

    private NetflowDatagrams()
    {
    }

    /**
     * @param version        "v5", "v9" or "ipfix".
     * @param count          datagrams to write.
     * @param templatesEvery write the templates (and the sampling options) into every n-th datagram, starting with
     *                       the first; ignored for v5.
     * @param seed           seed of the record contents.
     * @return direct buffers, each holding one datagram from position 0 to its limit.
     */
    static ByteBuffer[] write(final String version, final int count, final int templatesEvery, final long seed)
    {
        final NetflowGenerator generator = new NetflowGenerator(1, EXPORT_MILLIS - 3_600_000L);
        final SplittableRandom random = new SplittableRandom(seed);
        final ByteBuffer[] datagrams = new ByteBuffer[count];
        for (int d = 0; d < count; d++)
        {
            final List<TrafficRecord> records = new ArrayList<>(RECORDS_PER_DATAGRAM);
            for (int i = 0; i < RECORDS_PER_DATAGRAM; i++)
            {
                records.add(record(random));
            }
            final ByteBuffer out = ByteBuffer.allocateDirect(NetflowGenerator.MAX_DATAGRAM);
            final boolean templates = d % templatesEvery == 0;
            final int written;
            switch (version)
            {
                case "v5":
                    written = generator.writeV5(out, records, 0, SAMPLING_RATE, EXPORT_MILLIS);
                    break;
                case "v9":
                    written = generator.writeV9(out, records, 0, templates, SAMPLING_RATE, EXPORT_MILLIS);
                    break;
                case "ipfix":
                    written = generator.writeIpfix(out, records, 0, templates, SAMPLING_RATE, EXPORT_MILLIS);
                    break;
                default:
                    throw new IllegalArgumentException("unknown version " + version);
            }
            if (written != RECORDS_PER_DATAGRAM)
            {
                throw new IllegalStateException(version + " datagram holds " + written + " records");
            }
            datagrams[d] = out.flip();
        }
        return datagrams;
    }

    private static TrafficRecord record(final SplittableRandom random)
    {
        final int kind = random.nextInt(10);
        final long packets = 1 + random.nextInt(100);
        return new TrafficRecord()
            .ipv4(0xC6336400 | random.nextInt(256), 0x0A000000 | random.nextInt(1 << 16))
            .protocol(kind < 6 ? TrafficRecord.PROTOCOL_TCP : kind < 9 ? TrafficRecord.PROTOCOL_UDP :
                TrafficRecord.PROTOCOL_ICMP)
            .ports(1024 + random.nextInt(60000), 443)
            .tcpFlags(TrafficRecord.TCP_SYN | TrafficRecord.TCP_ACK)
            .packets(packets)
            .bytes(packets * (64 + random.nextInt(1400)))
            .interfaces(1, 2)
            .flowTimes(EXPORT_MILLIS - 30_000, EXPORT_MILLIS - 1000);
    }
}
