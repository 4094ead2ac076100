package io.fnm.examples;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.netflow.NetflowDatagramDecoder;
import io.fnm.capture.netflow.NetflowSettings;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.pcap.UdpDatagram;
import io.fnm.capture.pcap.UdpDatagramExtractor;
import io.fnm.capture.sflow.SflowSettings;
import io.fnm.capture.sflow.SflowDatagramDecoder;
import io.fnm.capture.udp.DatagramDecoder;
import io.fnm.capture.udp.DatagramReplay;
import io.fnm.config.ConfigException;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.AttackReport;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.config.FastNetMonConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fnm replay --configuration_file FILE [--traffic auto|flows|mirror] CAPTURE...}: runs the detection engine of
 * FILE over pcap or pcapng captures, of NetFlow v5/v9/IPFIX and sFlow exports or of mirrored traffic, on the captures'
 * own clock, prints every ban, attack details and unban, then the ban list, and exits.
 * <p>
 * <b>Flows or mirrored traffic.</b> {@code --traffic flows} decodes the captures' UDP datagrams as flow exports,
 * {@code --traffic mirror} counts every frame as a mirrored packet ({@code fnm-capture-mirror}'s {@code MirrorReplay}:
 * each frame one packet, sampling ratio 1). The default, {@code auto}, looks at the first
 * {@value #DETECTION_FRAMES} frames: when more than half are UDP datagrams to one of the NetFlow or sFlow ports below,
 * the captures are flows, otherwise mirrored traffic (a mirror of a collector's link would be misread as flows: name
 * the mode then).
 * <p>
 * Datagrams go to the NetFlow decoder when sent to one of {@code netflow_port}'s ports and to the sFlow decoder when
 * sent to one of {@code sflow_port}'s (each key's default when unset), whether or not {@code netflow} / {@code sflow}
 * are switched on. The engine ticks every {@code speed_calculation_delay} seconds of capture time; after the last
 * datagram the clock runs on, without traffic, for {@code ban_details_max_wait_seconds} plus one tick so that attack
 * details complete. No action of the file runs (no script, no BGP announcement): a replay only prints. Everything
 * happens on one thread, so the same captures and file give the same output on every run (times in UTC; attack
 * UUIDs, which are random, are not printed).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisHeading = "usage: ", description = {"Run FILE's detection over pcap captures of NetFlow/IPFIX/sFlow " +
        "exports or of mirrored traffic", "on their own clock; print bans, attack details and the ban list. " +
        "No action of FILE runs."})
final class ReplayCommand implements Callable<Integer>
{
    /** Frames looked at to tell flow exports from mirrored traffic. */
    static final int DETECTION_FRAMES = 1000;

    @Option(names = "--configuration_file", paramLabel = "FILE", required = true,
        description = "FastNetMon configuration file")
    Path file;

    @Option(names = "--traffic", paramLabel = "MODE", defaultValue = "auto",
        description = "auto, flows or mirror (auto: flows when most of the first frames go to a flow port)")
    String traffic = "auto";

    @Parameters(paramLabel = "CAPTURE", arity = "1..*", description = "pcap or pcapng captures, replayed in order")
    List<Path> captures = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call()
    {
        if (!List.of("auto", "flows", "mirror").contains(traffic))
        {
            err.println("error: --traffic needs auto, flows or mirror");
            return 2;
        }
        if (!Files.isRegularFile(file))
        {
            err.println("error: configuration file " + file + " does not exist");
            return 1;
        }
        try
        {
            final EngineConfig config = FastNetMonConfig.load(file, List.of()).config();
            final boolean mirror = "mirror".equals(traffic) ||
                "auto".equals(traffic) && !looksLikeFlows(config, captures);
            return mirror ? MirrorReplayCommand.replay(config, captures, out, err) : replay(config, captures, out, err);
        }
        catch (final ConfigException | IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
    }

    private static int replay(final EngineConfig config, final List<Path> captures, final PrintStream out,
        final PrintStream err) throws IOException
    {
        final long startMillis = DatagramReplay.firstTimestampMillis(captures);
        if (startMillis < 0)
        {
            err.println("error: no UDP datagram in " + captures);
            return 1;
        }
        final ManualClock clock = new ManualClock(startMillis);
        final List<String> lines = new ArrayList<>();
        final List<BanEntry> bans;
        try (DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).action(new PrintingAction(lines)).build())
        {
            engine.start();
            final TrafficSink sink = engine.newSink("replay");
            final DatagramReplay.Builder builder = DatagramReplay.builder().clock(clock).sink(sink)
                .tick(TimeUnit.SECONDS.toMillis(config.speedCalculationDelaySeconds()), engine::tick);
            addDecoders(builder, config, clock);
            final DatagramReplay replay = builder.build();
            replay.replay(captures);
            final long captureEndMillis = clock.epochMillis();
            replay.advanceTo(captureEndMillis + TimeUnit.SECONDS.toMillis(
                config.banDetailsMaxWaitSeconds() + 1L + config.speedCalculationDelaySeconds()));
            replay.close();
            bans = engine.banList();
            out.println("replayed " + replay.datagrams() + " datagrams (" + replay.frames() + " frames, " +
                replay.notUdp() + " not UDP, " + replay.truncated() + " truncated, " + replay.unmatched() +
                " to other ports) over " + (captureEndMillis - startMillis) / 1000 + " s of capture, " +
                replay.ticks() + " ticks");
        }
        printOutcome(lines, bans, clock.epochMillis(), out);
        return 0;
    }

    /**
     * Print what the engine decided, then the ban list.
     *
     * @param lines     the {@link PrintingAction}'s lines.
     * @param bans      the ban list at the end.
     * @param endMillis the replay's end time.
     * @param out       where to print.
     */
    static void printOutcome(final List<String> lines, final List<BanEntry> bans, final long endMillis,
        final PrintStream out)
    {
        synchronized (lines)
        {
            lines.forEach(out::println);
        }
        out.println("ban list at " + Instant.ofEpochMilli(endMillis) + ": " + bans.size() + " hosts");
        for (final BanEntry ban : bans)
        {
            out.println("  " + ban.attack().ip() + " banned " + Instant.ofEpochMilli(ban.bannedAtMillis()) +
                (ban.unbanAtMillis() == Long.MAX_VALUE ? "" : " until " + Instant.ofEpochMilli(ban.unbanAtMillis())));
        }
    }

    private static boolean looksLikeFlows(final EngineConfig config, final List<Path> captures) throws IOException
    {
        final Set<Integer> ports = new HashSet<>(NetflowSettings.from(config.settings()).ports());
        ports.addAll(SflowSettings.from(config.settings()).ports());
        final PcapFrame frame = new PcapFrame();
        final UdpDatagram udp = new UdpDatagram();
        int frames = 0;
        int flows = 0;
        for (final Path capture : captures)
        {
            try (PcapFileReader reader = PcapFileReader.open(capture))
            {
                while (frames < DETECTION_FRAMES && reader.next(frame))
                {
                    frames++;
                    if (UdpDatagramExtractor.extract(frame.linkType(), frame.data(), udp) &&
                        ports.contains(udp.dstPort()))
                    {
                        flows++;
                    }
                }
            }
        }
        return flows * 2 > frames;
    }

    private static void addDecoders(final DatagramReplay.Builder builder, final EngineConfig config,
        final ManualClock clock)
    {
        final NetflowSettings netflow = NetflowSettings.from(config.settings());
        final SflowSettings sflow = SflowSettings.from(config.settings());
        final DatagramDecoder netflowDecoder = new NetflowDatagramDecoder(netflow, clock);
        final DatagramDecoder sflowDecoder = new SflowDatagramDecoder(sflow);
        for (final int port : netflow.ports())
        {
            builder.decoder(port, netflowDecoder);
        }
        for (final int port : sflow.ports())
        {
            if (netflow.ports().contains(port))
            {
                throw config.settings().error(SflowSettings.PORT_KEY, "port " + port + " is also a netflow_port");
            }
            builder.decoder(port, sflowDecoder);
        }
    }

    /** Prints what the engine decides, in order, without anything random. */
    static final class PrintingAction implements AttackAction
    {
        private final List<String> lines;

        PrintingAction(final List<String> lines)
        {
            this.lines = lines;
        }

        @Override
        public void onBan(final Attack attack)
        {
            add("BAN " + attack.ip() + " " + attack.direction().text() + " " + attack.type().text() + " " +
                attack.protocol().text() + " " + attack.initialPowerPps() + " pps (threshold " +
                (attack.threshold() == null ? "manual" : attack.threshold().displayName()) + ", hostgroup " +
                attack.hostgroup() + ") at " + Instant.ofEpochMilli(attack.detectedAtMillis()));
        }

        @Override
        public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
        {
            add("ATTACK DETAILS " + attack.ip() + ": " + records.size() + " records\n" +
                AttackReport.withDump(attack, records, "", ZoneOffset.UTC));
        }

        @Override
        public void onUnban(final Attack attack)
        {
            add("UNBAN " + attack.ip() + " peak " + attack.peakPowerPps() + " pps");
        }

        @Override
        public String name()
        {
            return "replay";
        }

        private void add(final String line)
        {
            synchronized (lines)
            {
                lines.add(line);
            }
        }
    }
}
