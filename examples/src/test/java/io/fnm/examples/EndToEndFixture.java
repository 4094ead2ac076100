package io.fnm.examples;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests share: a fastnetmon.conf in a temporary directory, a FastNetMon-style notify script that
 * records each call (argv and stdin) in a file of its own, and a traffic plan of background traffic plus floods.
 */
final class EndToEndFixture
{
    static final String NETWORK = "203.0.113.0/24";
    static final String UDP_VICTIM = "203.0.113.77";
    static final String SYN_VICTIM = "203.0.113.88";
    static final int THRESHOLD_PPS = 5_000;
    static final int FLOOD_PPS = 15_000;
    static final int BACKGROUND_HOSTS = 20;
    static final int BACKGROUND_PPS = 400;

    private final Path dir;
    private final Path calls;

    EndToEndFixture(final Path dir) throws IOException
    {
        this.dir = dir;
        this.calls = Files.createDirectories(dir.resolve("calls"));
    }

    static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * @param captureKeys the capture keys, e.g. {@code netflow = on\nnetflow_port = 2055\n}.
     * @return the configuration file.
     */
    Path writeConfig(final String captureKeys) throws IOException
    {
        return writeConfig(captureKeys, 300);
    }

    /**
     * @param captureKeys    the capture keys.
     * @param banTimeSeconds ban_time.
     * @return the configuration file (its state directory is {@link #stateDirectory()}).
     */
    Path writeConfig(final String captureKeys, final int banTimeSeconds) throws IOException
    {
        final Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\n" +
            "f=$(mktemp -p '" + calls + "' call.XXXXXX)\n" +
            "{ echo \"ARGV $1 $2 $3 $4\"; cat; } > \"$f.tmp\" && mv \"$f.tmp\" \"$f.done\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("networks_list"), NETWORK + "\n2001:db8::/32\n");
        Files.writeString(dir.resolve("networks_whitelist"), "203.0.113.1/32\n");
        return Files.writeString(dir.resolve("fastnetmon.conf"), String.join("\n",
            "# end-to-end test configuration, FastNetMon syntax",
            "networks_list_path = " + dir.resolve("networks_list"),
            "white_list_path = " + dir.resolve("networks_whitelist"),
            "enable_ban = on",
            "enable_ban_ipv6 = on",
            "ban_for_pps = on",
            "ban_for_bandwidth = off",
            "threshold_pps = " + THRESHOLD_PPS,
            "average_calculation_time = 2",
            "speed_calculation_delay = 1",
            "ban_time = " + banTimeSeconds,
            "state_directory = " + stateDirectory(),
            "ban_details_records_count = 5",
            "notify_script_path = " + script,
            captureKeys,
            ""));
    }

    /**
     * @return the runner's state directory (the ban list), in the test's directory.
     */
    Path stateDirectory()
    {
        return dir.resolve("state");
    }

    /**
     * @return each completed notify-script call: first line "ARGV ip direction pps action", then its stdin.
     */
    List<String> notifyCalls() throws IOException
    {
        final List<String> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(calls))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.toString().endsWith(".done"))::iterator)
            {
                result.add(Files.readString(file));
            }
        }
        return result;
    }

    List<String> bannedAddresses() throws IOException
    {
        final List<String> banned = new ArrayList<>();
        for (final String call : notifyCalls())
        {
            final String[] argv = call.lines().findFirst().orElse("").split(" ");
            if (argv.length == 5 && "ban".equals(argv[4]))
            {
                banned.add(argv[1]);
            }
        }
        return banned;
    }

    String banCallFor(final String address) throws IOException
    {
        for (final String call : notifyCalls())
        {
            if (call.startsWith("ARGV " + address + " ") && call.lines().findFirst().orElse("").endsWith(" ban"))
            {
                return call;
            }
        }
        return null;
    }

    /**
     * Wait until the runner serves /metrics, which it does once its capture sources are listening.
     */
    static void awaitReady(final FnmJar runner, final int prometheusPort) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && runner.process().isAlive())
        {
            try
            {
                httpGet(prometheusPort, "/metrics");
                return;
            }
            catch (final IOException notYet)
            {
                Thread.sleep(100); // waiting for another process to start, not for a tick
            }
        }
        throw new AssertionError("runner not ready: " + runner.output());
    }

    /**
     * The notify script got a ban for each flood victim with the right direction and attack type, and no other.
     */
    void assertFloodVictimsBannedOnly(final FnmJar runner) throws IOException
    {
        assertThat(bannedAddresses()).as(runner.output()).containsExactlyInAnyOrder(UDP_VICTIM, SYN_VICTIM);
        assertThat(banCallFor(UDP_VICTIM)).startsWith("ARGV " + UDP_VICTIM + " incoming ")
            .contains("Attack type: udp_flood");
        assertThat(banCallFor(SYN_VICTIM)).startsWith("ARGV " + SYN_VICTIM + " incoming ")
            .contains("Attack type: syn_flood");
    }

    /**
     * SIGTERM stops the runner with status 0 within 2 s.
     */
    static void assertStopsCleanlyOnSigterm(final FnmJar runner) throws InterruptedException
    {
        runner.process().destroy(); // SIGTERM
        assertThat(runner.process().waitFor(2, TimeUnit.SECONDS)).as(runner.output()).isTrue();
        assertThat(runner.process().exitValue()).as(runner.output()).isZero();
    }

    /**
     * Send records as NetFlow v9 datagrams, the templates (and the sampling options) in the first.
     *
     * @param datagram      a reused buffer of 65 507 bytes.
     * @param samplingRatio the sampling rate announced, or 1.
     */
    static void sendV9(final NetflowGenerator generator, final NetflowUdpSender sender, final ByteBuffer datagram,
        final List<TrafficRecord> records, final long samplingRatio) throws IOException
    {
        int next = 0;
        boolean first = true;
        while (next < records.size())
        {
            datagram.clear();
            next = generator.writeV9(datagram, records, next, first, samplingRatio, System.currentTimeMillis());
            first = false;
            datagram.flip();
            sender.send(datagram);
        }
    }

    static String httpGet(final int port, final String path) throws IOException, InterruptedException
    {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /**
     * One step of traffic as sampled packets: background to and from the hosts of the network, a UDP flood and a
     * SYN flood. Each emitted record stands for one sampled packet; at sampling ratio N, a rate of R pps is emitted
     * as R/N records per second (the remainder carried over between steps).
     */
    static final class TrafficPlan
    {
        private final SplittableRandom random = new SplittableRandom(2026);
        private final long samplingRatio;
        private final TrafficRecord record = new TrafficRecord();
        private final double[] carry = new double[BACKGROUND_HOSTS + 2];
        private final int network = IpAddresses.parseIpv4("203.0.113.0");

        TrafficPlan(final long samplingRatio)
        {
            this.samplingRatio = samplingRatio;
        }

        interface Emitter
        {
            void emit(TrafficRecord record) throws IOException;
        }

        void step(final double seconds, final Emitter out) throws IOException
        {
            for (int host = 0; host < BACKGROUND_HOSTS; host++)
            {
                final int count = take(host, BACKGROUND_PPS * seconds);
                for (int i = 0; i < count; i++)
                {
                    final int local = network + 10 + host;
                    final int remote = 0xC6336400 | random.nextInt(256);
                    final boolean in = random.nextBoolean();
                    out.emit(record.reset()
                        .ipv4(in ? remote : local, in ? local : remote)
                        .protocol(TrafficRecord.PROTOCOL_TCP)
                        .tcpFlags(TrafficRecord.TCP_ACK)
                        .ports(in ? 40000 + random.nextInt(20000) : 443, in ? 443 : 40000 + random.nextInt(20000))
                        .packets(1)
                        .bytes(900)
                        .samplingRatio(samplingRatio));
                }
            }
            final int udp = take(BACKGROUND_HOSTS, FLOOD_PPS * seconds);
            for (int i = 0; i < udp; i++)
            {
                out.emit(record.reset()
                    .ipv4(0x0B000000 | random.nextInt(0xFFFFFF), IpAddresses.parseIpv4(UDP_VICTIM))
                    .protocol(TrafficRecord.PROTOCOL_UDP)
                    .ports(1024 + random.nextInt(60000), 53)
                    .packets(1)
                    .bytes(512)
                    .samplingRatio(samplingRatio));
            }
            final int syn = take(BACKGROUND_HOSTS + 1, FLOOD_PPS * seconds);
            for (int i = 0; i < syn; i++)
            {
                out.emit(record.reset()
                    .ipv4(0x0C000000 | random.nextInt(0xFFFFFF), IpAddresses.parseIpv4(SYN_VICTIM))
                    .protocol(TrafficRecord.PROTOCOL_TCP)
                    .tcpFlags(TrafficRecord.TCP_SYN)
                    .ports(1024 + random.nextInt(60000), 80)
                    .packets(1)
                    .bytes(60)
                    .samplingRatio(samplingRatio));
            }
        }

        private int take(final int slot, final double packets)
        {
            carry[slot] += packets / samplingRatio;
            final int whole = (int)carry[slot];
            carry[slot] -= whole;
            return whole;
        }
    }
}
