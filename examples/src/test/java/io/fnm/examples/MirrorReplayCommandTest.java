package io.fnm.examples;

import io.fnm.capture.mirror.FloodCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorReplayCommandTest
{
    @TempDir
    Path dir;

    private Path config() throws IOException
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "10.0.0.0/16\n2001:db8::/64\n");
        return Files.writeString(dir.resolve("fastnetmon.conf"),
            "networks_list_path = " + networks + "\n" +
            "enable_ban = on\n" +
            "enable_ban_ipv6 = on\n" +
            "ban_for_pps = on\n" +
            "threshold_pps = 1000\n" +
            "average_calculation_time = 3\n" +
            "ban_details_records_count = 3\n");
    }

    private String replay(final String... args) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> command = new ArrayList<>(List.of("replay", "--configuration_file", config().toString()));
        command.addAll(List.of(args));
        final int status = Main.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDetectMirroredTrafficAndPrintTheBansAndAttackDetails() throws IOException
    {
        final String output = replay(FloodCapture.write(dir.resolve("mirror.pcap")).toString());

        assertThat(output).contains("frames of mirrored traffic")
            .contains("BAN 10.0.0.1 incoming syn_flood tcp")
            .contains("BAN 2001:db8::6 incoming ip_fragmentation udp")
            .contains("ATTACK DETAILS 10.0.0.2: 3 records")
            .contains("ban list at ");
    }

    @Test
    void shouldGiveTheSameOutputOnEveryReplayOfAMirrorCapture() throws IOException
    {
        final String capture = FloodCapture.write(dir.resolve("mirror.pcap")).toString();

        assertThat(replay("--traffic", "mirror", capture)).isEqualTo(replay(capture));
    }
}
