package io.fnm.capture.mirror;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.config.FastNetMonConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorReplayTest
{
    @TempDir
    Path dir;

    private EngineConfig config() throws IOException
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "10.0.0.0/16\n2001:db8::/64\n");
        final Path file = Files.writeString(dir.resolve("fastnetmon.conf"),
            "networks_list_path = " + networks + "\n" +
            "enable_ban = on\n" +
            "enable_ban_ipv6 = on\n" +
            "ban_for_pps = on\n" +
            "threshold_pps = 1000\n" +
            "average_calculation_time = 3\n" +
            "ban_details_records_count = 5\n");
        return FastNetMonConfig.load(file);
    }

    private List<String> replay(final EngineConfig config, final Path capture) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        final ManualClock clock = new ManualClock(MirrorReplay.firstTimestampMillis(List.of(capture)));
        try (DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).action(new Recorder(lines)).build())
        {
            engine.start();
            final TrafficSink sink = engine.newSink("replay");
            final MirrorReplay replay = MirrorReplay.builder().clock(clock).sink(sink).tick(1000, engine::tick).build();
            replay.replay(List.of(capture));
            replay.advanceTo(clock.epochMillis() + TimeUnit.SECONDS.toMillis(config.banDetailsMaxWaitSeconds() + 3));
            assertThat(replay.counters().records()).isEqualTo(replay.counters().frames());
        }
        synchronized (lines)
        {
            return new ArrayList<>(lines);
        }
    }

    @Test
    void shouldGiveIdenticalBansAndDetailsWhenTheSameCaptureIsReplayedTwice() throws IOException
    {
        final EngineConfig config = config();
        final Path capture = FloodCapture.write(dir.resolve("flood.pcap"));

        final List<String> first = replay(config, capture);
        final List<String> second = replay(config, capture);

        assertThat(first).anyMatch(line -> line.startsWith("BAN 10.0.0.1 "));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldBanEachFloodWithItsAttackTypeWhenReplayingTaggedIpv4AndIpv6Traffic() throws IOException
    {
        final List<String> lines = replay(config(), FloodCapture.write(dir.resolve("flood.pcap")));

        assertThat(lines.stream().filter(line -> line.startsWith("BAN ")).sorted()).containsExactly(
            "BAN 10.0.0.1 incoming syn_flood tcp",
            "BAN 10.0.0.2 incoming udp_flood udp",
            "BAN 10.0.0.3 incoming icmp_flood icmp",
            "BAN 10.0.0.4 incoming ip_fragmentation udp",
            "BAN 2001:db8::5 incoming syn_flood tcp",
            "BAN 2001:db8::6 incoming ip_fragmentation udp");
    }

    @Test
    void shouldKeepTheRawFramesOfTheAttackInItsDetails() throws IOException
    {
        final List<String> lines = replay(config(), FloodCapture.write(dir.resolve("flood.pcap")));

        assertThat(lines).contains("DETAILS 10.0.0.2 5 records, 5 with frames, link type 1, first frame 490 bytes");
    }

    /** Records what the engine decides, without anything random. */
    private static final class Recorder implements AttackAction
    {
        private final List<String> lines;

        Recorder(final List<String> lines)
        {
            this.lines = lines;
        }

        @Override
        public void onBan(final Attack attack)
        {
            add("BAN " + attack.ip() + " " + attack.direction().text() + " " + attack.type().text() + " " +
                attack.protocol().text());
        }

        @Override
        public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
        {
            final long withFrames = records.stream().filter(record -> record.packet().isPresent()).count();
            add("DETAILS " + attack.ip() + " " + records.size() + " records, " + withFrames +
                " with frames, link type " + records.get(0).packet().linkType() + ", first frame " +
                records.get(0).packet().capturedLength() + " bytes");
        }

        @Override
        public String name()
        {
            return "recorder";
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
