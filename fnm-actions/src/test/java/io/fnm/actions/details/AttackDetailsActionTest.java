package io.fnm.actions.details;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.actions.Floods;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.core.DetectionEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AttackDetailsActionTest
{
    @TempDir
    Path dir;

    private AttackDetailsAction action;
    private DetectionEngine engine;

    @AfterEach
    void close()
    {
        if (engine != null)
        {
            engine.close();
        }
        if (action != null)
        {
            action.close();
        }
    }

    @Test
    void shouldWriteTextJsonAndPcapThatTsharkReadsWhenMirroredFloodIsBanned() throws Exception
    {
        final Path tshark = DebianPackages.require("/usr/bin/tshark", "tshark");
        final Path folder = flood("10.0.0.5", true);

        final String base = "10.0.0.5_14_11_23_22-13-21";
        assertThat(Files.readString(folder.resolve(base + ".txt")))
            .startsWith("IP: 10.0.0.5\nAttack type: udp_flood\n")
            .contains("\n\nAttack traffic dump\n\n")
            .contains(" 198.51.100.1:1024 > 10.0.0.5:53 protocol: udp frag: 0  packets: 1 size: 46 bytes ttl: 64")
            .contains("\n\nFlow dump\n\nIncoming\n\nUDP flows: ");
        final JsonNode json = AttackJson.read(Files.readString(folder.resolve(base + ".json")));
        assertThat(json.get("action").asText()).isEqualTo("attack_details");
        assertThat(json.get("packet_dump_detailed")).hasSize(Floods.DETAILS_RECORDS);
        final List<String> lines = run(tshark.toString(), "-r", folder.resolve(base + ".pcap").toString(), "-T",
            "fields", "-e", "ip.dst", "-e", "udp.dstport", "-e", "frame.len", "-e", "frame.time_epoch");
        assertThat(lines).hasSize(Floods.DETAILS_RECORDS)
            .allSatisfy(line -> assertThat(line).startsWith("10.0.0.5\t53\t60\t1700000001."));
        assertThat(lines.get(1)).contains("1700000001.000001000");
    }

    @Test
    void shouldWriteRecordsAsCsvWhenFloodComesFromFlowSource() throws Exception
    {
        final Path folder = flood("10.0.0.6", false);

        final String base = "10.0.0.6_14_11_23_22-13-21";
        assertThat(folder.resolve(base + ".pcap")).doesNotExist();
        final List<String> csv = Files.readAllLines(folder.resolve(base + ".records.csv"));
        assertThat(csv).hasSize(Floods.DETAILS_RECORDS + 1).first().isEqualTo(RecordsCsv.HEADER);
        assertThat(csv.get(1)).isEqualTo(
            "2023-11-14T22:13:21Z,,,4,198.51.100.1,1024,10.0.0.6,53,17,,0,1,46,1,64,0,0,,unknown");
    }

    @Test
    void shouldNameIpv6FilesWithoutColonsWhenIpv6FloodIsBanned() throws Exception
    {
        final Path tshark = DebianPackages.require("/usr/bin/tshark", "tshark");
        final Path folder = flood("2001:db8::7", true);

        final String base = "2001-db8--7_14_11_23_22-13-21";
        try (Stream<Path> files = Files.list(folder))
        {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder(base + ".txt", base + ".json", base + ".pcap")
                .noneMatch(name -> name.contains(":"));
        }
        assertThat(Files.readString(folder.resolve(base + ".txt"))).startsWith("IP: 2001:db8::7\n");
        assertThat(AttackJson.read(Files.readString(folder.resolve(base + ".json"))).get("ip").asText())
            .isEqualTo("2001:db8::7");
        assertThat(run(tshark.toString(), "-r", folder.resolve(base + ".pcap").toString(), "-T", "fields", "-e",
            "ipv6.dst")).hasSize(Floods.DETAILS_RECORDS).containsOnly("2001:db8::7");
    }

    @Test
    void shouldRewriteJsonWithUnbanTimeWhenBanEnds() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        final Path folder = dir.resolve("attacks");
        action = new AttackDetailsAction(folder, false, ZoneOffset.UTC, clock);
        engine = Floods.engine(clock, action);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, "10.0.0.8", 5000, false);
        Floods.second(engine, clock, sink, "10.0.0.8", 100, false);
        clock.advanceSeconds(61);
        engine.tick();

        assertThat(action.delivery().awaitHandled(3, Duration.ofSeconds(10))).isTrue();
        final JsonNode json = AttackJson.read(Files.readString(folder.resolve("10.0.0.8_14_11_23_22-13-21.json")));
        assertThat(json.get("action").asText()).isEqualTo("unban");
        assertThat(json.at("/attack_details/unbanned_at").asText()).isEqualTo("2023-11-14T22:14:23Z");
        assertThat(json.at("/attack_details/detected_at").asText()).isEqualTo("2023-11-14T22:13:21Z");
    }

    @Test
    void shouldCountFailureWhenFolderCannotBeCreated() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        action = new AttackDetailsAction(file.resolve("attacks"), false, ZoneOffset.UTC, Clock.SYSTEM);

        action.onBan(io.fnm.core.Attack.builder().address(io.fnm.capture.IpAddresses.parseLiteral("10.0.0.1"))
            .build());

        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(10))).isTrue();
        final List<String> series = new ArrayList<>();
        action.counters((d, l1, l2, v) -> series.add(d.series(l1, l2) + " " + v));
        assertThat(series).contains("fnm_output_write_failures_total{action=\"attack_details_folder\"} 1",
            "fnm_output_writes_total{action=\"attack_details_folder\"} 0");
    }

    private Path flood(final String target, final boolean withFrames) throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        final Path folder = dir.resolve("attacks");
        action = new AttackDetailsAction(folder, true, ZoneOffset.UTC, clock);
        engine = Floods.engine(clock, action);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, target, 5000, withFrames);
        assertThat(engine.banList()).hasSize(1);
        Floods.second(engine, clock, sink, target, 100, withFrames);
        assertThat(action.delivery().awaitHandled(2, Duration.ofSeconds(10))).isTrue();
        return folder;
    }

    static List<String> run(final String... command) throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile("fnm-tshark", ".out");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status of " + String.join(" ", command)).isZero();
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return lines;
    }
}
