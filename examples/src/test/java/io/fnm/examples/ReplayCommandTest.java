package io.fnm.examples;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.testkit.UdpPcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCommandTest
{
    private static final long START_MILLIS = 1_700_000_000_000L;
    private static final int EXPORTER = IpAddresses.parseIpv4("192.0.2.250");
    private static final int COLLECTOR = IpAddresses.parseIpv4("192.0.2.251");
    private static final int VICTIM = IpAddresses.parseIpv4("10.0.0.5");

    @TempDir
    Path dir;

    /**
     * Ten seconds of NetFlow v9 from one exporter, 10 datagrams a second: background traffic to 20 hosts of
     * 10.0.0.0/16 (a few hundred pps each) and, from the third second on, a UDP flood of 30 000 pps against 10.0.0.5.
     */
    private Path floodCapture() throws IOException
    {
        final Path file = dir.resolve("flood.pcap");
        final NetflowGenerator generator = new NetflowGenerator(1, START_MILLIS - 3_600_000);
        final SplittableRandom random = new SplittableRandom(42);
        final ByteBuffer buffer = ByteBuffer.allocate(NetflowGenerator.MAX_DATAGRAM);
        try (UdpPcapWriter writer = new UdpPcapWriter(file))
        {
            for (int tenth = 0; tenth < 100; tenth++)
            {
                final long millis = START_MILLIS + tenth * 100L + random.nextInt(50);
                final List<TrafficRecord> records = new ArrayList<>();
                for (int i = 0; i < 10; i++)
                {
                    records.add(new TrafficRecord().ipv4(0xC6336400 | random.nextInt(256), 0x0A000100 + i)
                        .ports(1024 + random.nextInt(60000), 443).protocol(TrafficRecord.PROTOCOL_TCP)
                        .tcpFlags(TrafficRecord.TCP_ACK).packets(20 + random.nextInt(20)).bytes(30_000)
                        .flowTimes(millis - 1000, millis));
                }
                if (tenth >= 20)
                {
                    for (int i = 0; i < 10; i++)
                    {
                        records.add(new TrafficRecord().ipv4(0xCB007100 | random.nextInt(256), VICTIM)
                            .ports(random.nextInt(65536), 53).protocol(TrafficRecord.PROTOCOL_UDP)
                            .packets(300).bytes(300 * 512).flowTimes(millis - 1000, millis));
                    }
                }
                int next = 0;
                while (next < records.size())
                {
                    next = generator.writeV9(buffer.clear(), records, next, true, 0, millis);
                    writer.write(TimeUnit.MILLISECONDS.toNanos(millis), EXPORTER, 50000, COLLECTOR, 2055,
                        buffer.flip());
                }
            }
        }
        return file;
    }

    private Path config() throws IOException
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "10.0.0.0/16\n");
        return Files.writeString(dir.resolve("fastnetmon.conf"),
            "networks_list_path = " + networks + "\n" +
            "netflow = on\n" +
            "netflow_port = 2055\n" +
            "enable_ban = on\n" +
            "ban_for_pps = on\n" +
            "threshold_pps = 10000\n" +
            "average_calculation_time = 3\n" +
            "ban_details_records_count = 5\n");
    }

    private String replay(final Path config, final Path capture)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(List.of("replay", "--configuration_file", config.toString(), capture.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldGiveTheSameBansAndAttackDetailsOnEveryReplayOfACapture() throws IOException
    {
        final Path config = config();
        final Path capture = floodCapture();

        final String first = replay(config, capture);
        final String second = replay(config, capture);

        assertThat(first).contains("BAN 10.0.0.5 incoming udp_flood udp")
            .contains("ATTACK DETAILS 10.0.0.5: 5 records").contains("Attack traffic dump");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldBanOnlyTheVictimOnTheCapturesClock() throws IOException
    {
        final String output = replay(config(), floodCapture());

        assertThat(output.lines().filter(line -> line.startsWith("BAN "))).singleElement().asString()
            .startsWith("BAN 10.0.0.5 ").contains(" at 2023-11-14T22:13:2");
        assertThat(output).contains("replayed ").contains("ban list at ")
            .contains("  10.0.0.5 banned 2023-11-14T22:13:2");
    }

    @Test
    void shouldRefuseToRunWithoutACapture() throws IOException
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(List.of("replay", "--configuration_file", config().toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: fnm replay");
    }
}
