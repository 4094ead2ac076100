package io.fnm.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(strings = {"run", "replay", "demo", "decode"})
    void shouldPrintUsageWhenASubcommandIsAskedForHelp(final String command)
    {
        final int status = run(command, "--help");

        assertThat(status).isZero();
        assertThat(text(out)).startsWith("usage: fnm " + command);
    }

    @Test
    void shouldPrintACommandsUsageWhenAskedThroughHelp()
    {
        final int status = run("help", "replay");

        assertThat(status).isZero();
        assertThat(text(out)).startsWith("usage: fnm replay").contains("--configuration_file");
    }

    @Test
    void shouldListEveryCommandInTheTopLevelHelp()
    {
        final int status = run("--help");

        assertThat(status).isZero();
        assertThat(text(out)).contains("run", "replay", "demo", "decode", "help", "--configuration_file",
            "--configuration_check", "--log_file", "--version");
    }

    @Test
    void shouldPrintTheVersion()
    {
        final int status = run("--version");

        assertThat(status).isZero();
        assertThat(text(out)).startsWith("fnm ");
    }

    @Test
    void shouldRunWhenGivenOnlyFastNetMonFlags() throws IOException
    {
        final Path conf = writeConfig("enable_ban = on\n");

        final int status = run("--configuration_file", conf.toString(), "--configuration_check", "--log_to_console",
            "--disable_pid_logic");

        assertThat(status).as(text(err)).isZero();
        assertThat(text(out)).contains("is valid");
    }

    @Test
    void shouldRefuseToDaemonize() throws IOException
    {
        final int status = run("--configuration_file", writeConfig("").toString(), "--daemonize");

        assertThat(status).isEqualTo(2);
        assertThat(text(err)).contains("--daemonize is not supported");
    }

    @Test
    void shouldExitTwoWithUsageWhenNeitherCommandNorConfigurationIsGiven()
    {
        final int status = run();

        assertThat(status).isEqualTo(2);
        assertThat(text(err)).contains("usage: fnm");
    }

    @Test
    void shouldSayNoSuchFileWhenADecodeInputIsMissing()
    {
        final int status = run("decode", "netflow", dir.resolve("missing.pcap").toString());

        assertThat(status).isEqualTo(1);
        assertThat(text(err)).contains("missing.pcap: no such file");
    }

    @Test
    void shouldTurnWarningsIntoErrorsWhenStrict() throws IOException
    {
        final Path conf = writeConfig("threshhold_pps = 10\n");

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check", "--strict");

        assertThat(status).isEqualTo(1);
        assertThat(text(err)).contains("error: ").contains("threshhold_pps");
    }

    @Test
    void shouldOnlyWarnWhenNotStrict() throws IOException
    {
        final Path conf = writeConfig("threshhold_pps = 10\n");

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check");

        assertThat(status).isZero();
        assertThat(text(out)).contains("warning: ").contains("threshhold_pps");
    }

    @Test
    void shouldPrintEachHostgroupsEffectiveThresholdsWithWhatItInherits() throws IOException
    {
        final Path conf = writeConfig("enable_ban = on\nban_for_bandwidth = on\nthreshold_mbps = 1000\n" +
            "hostgroup = customers:192.0.2.0/25\ncustomers_ban_for_pps = on\ncustomers_threshold_pps = 500\n");

        final int status = run("--configuration_file", conf.toString(), "--configuration_check");

        assertThat(status).as(text(err)).isZero();
        assertThat(text(out)).contains("  global: enable_ban on, enable_ban_ipv6 off, threshold_mbps > 1000\n")
            .contains("  hostgroup customers [192.0.2.0/25]: enable_ban on (global), enable_ban_ipv6 off (global), " +
                "threshold_pps > 500 (own), threshold_mbps > 1000 (global)\n");
    }

    @Test
    void shouldReadLoggingLevelAsFastNetMonDoes() throws IOException
    {
        assertThat(LoggingSetup.loggingLevel(writeConfig("logging_level = debug\n"))).isEqualTo("debug");
        assertThat(LoggingSetup.loggingLevel(writeConfig("logging_level = verbose\n"))).isEqualTo("info");
        assertThat(LoggingSetup.loggingLevel(writeConfig(""))).isEqualTo("info");
    }

    private Path writeConfig(final String extra) throws IOException
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "192.0.2.0/24\n");
        return Files.writeString(dir.resolve("fastnetmon.conf"), "networks_list_path = " + networks + "\n" + extra);
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
