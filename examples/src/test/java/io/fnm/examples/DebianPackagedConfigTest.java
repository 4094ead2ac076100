package io.fnm.examples;

import io.fnm.capture.testkit.DebianPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's packaged {@code /etc/fastnetmon.conf}, copied unchanged at test time from the installed {@code fastnetmon}
 * package (installed when missing), checked by fnm and by FastNetMon itself.
 */
class DebianPackagedConfigTest
{
    private static final Path PACKAGED = Path.of("/etc/fastnetmon.conf");

    @TempDir
    static Path dir;
    private static Path fastnetmon;
    private static Path conf;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void copyThePackagedConfig() throws IOException
    {
        fastnetmon = DebianPackages.require("/usr/sbin/fastnetmon", "fastnetmon");
        conf = Files.copy(PACKAGED, dir.resolve("fastnetmon.conf"));
    }

    @Test
    @Timeout(120)
    void shouldPassOrFailTheCheckAsFastNetMonDoes() throws Exception
    {
        final Process process = new ProcessBuilder(fastnetmon.toString(), "--configuration_check",
            "--configuration_file", conf.toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("fastnetmon.out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        final int status = check();

        assertThat(status).as(text(err)).isEqualTo(process.exitValue());
    }

    @Test
    void shouldReportTheMissingNotifyScriptAsOneErrorLineWithoutAStackTrace()
    {
        check();

        assertThat(text(err).lines().filter(line -> line.contains("notify_script_path"))).singleElement()
            .asString().startsWith("error: ").contains("/usr/local/bin/notify_about_attack.sh");
        assertThat(text(err) + text(out)).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void shouldWarnThatNothingCapturesWhenNoSourceIsOn()
    {
        check();

        assertThat(text(out)).contains("warning: no capture source is on");
    }

    @Test
    void shouldServeTheApiAndReportTheSwitchedOffFeaturesAsNotes()
    {
        check();

        // enable_api = on is the runner's HTTP API (api_host/api_port, README "Operator view"), not an error
        assertThat(text(err) + text(out)).doesNotContain("enable_api");
        assertThat(text(out)).contains("note: ").contains("`kafka_traffic_export = off`: not supported by fnm yet");
    }

    @Test
    void shouldPrintTheEffectiveGlobalThresholds()
    {
        check();

        assertThat(text(out)).contains("effective thresholds:")
            .contains("  global: enable_ban on, enable_ban_ipv6 on, threshold_pps > 20000, threshold_mbps > 1000");
    }

    @Test
    void shouldFailWhenStrictSinceTheFileHasWarnings()
    {
        assertThat(run("--configuration_file", conf.toString(), "--configuration_check", "--strict")).isEqualTo(1);
    }

    private int check()
    {
        return run("--configuration_file", conf.toString(), "--configuration_check");
    }

    private int run(final String... args)
    {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
