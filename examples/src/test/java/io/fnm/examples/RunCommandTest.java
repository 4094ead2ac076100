package io.fnm.examples;

import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.core.spi.AttackActionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldAcceptAValidConfigurationInCheckMode() throws IOException
    {
        final Path conf = writeConfig("enable_ban = on\nthreshold_pps = 20000\n");

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check");

        assertThat(status).as(text(err)).isZero();
        assertThat(text(out)).contains("is valid");
    }

    @Test
    void shouldExitNonZeroNamingFileLineAndKeyWhenAValueIsBad() throws IOException
    {
        final Path conf = writeConfig("enable_ban = on\nban_time = soon\n");

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check");

        assertThat(status).isNotZero();
        assertThat(text(err)).contains(conf.toString() + ":5: ban_time");
    }

    @Test
    void shouldRejectABooleanOtherThanOnOrOffWithAHint() throws IOException
    {
        final Path conf = writeConfig("enable_ban = yes\n");

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check");

        assertThat(status).isNotZero();
        assertThat(text(err)).contains("enable_ban").contains("'on' or 'off'");
    }

    @Test
    void shouldReportNoUnknownKeyWhenEveryKeyTheBundledProvidersDeclareIsSet() throws IOException
    {
        final Set<String> keys = new LinkedHashSet<>();
        ServiceLoader.load(CaptureSourceProvider.class)
            .forEach(provider -> provider.configKeys().forEach(key -> keys.add(key.name())));
        ServiceLoader.load(AttackActionProvider.class)
            .forEach(provider -> provider.configKeys().forEach(key -> keys.add(key.name())));
        final StringBuilder settings = new StringBuilder();
        for (final String key : keys)
        {
            // Every switch off and the keys that switch on by being set (a script, a folder, a URL) left empty, so no
            // provider is created: only recognition is tested.
            final boolean setToEnable = key.equals("notify_script_path") || key.equals("attack_details_folder") ||
                key.equals("webhook_url");
            settings.append(key).append(" = ").append(setToEnable ? "" : "off").append('\n');
        }
        final Path conf = writeConfig(settings.toString());

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check");

        assertThat(keys).contains("netflow_port", "sflow_port", "unpack_ipip", "unpack_mpls_over_udp",
            "notify_script_timeout_seconds", "redis_prefix", "webhook_retries", "collect_attack_pcap_dumps");
        assertThat(status).as(text(err)).isZero();
        // every switch is off, so the one warning is that nothing captures; none is about a key of the file
        assertThat(text(out)).doesNotContain("unknown key").doesNotContain("warning: " + conf);
    }

    @Test
    void shouldReportAnUnknownKeyInCheckMode() throws IOException
    {
        final Path conf = writeConfig("unpack_ipipip = on\n");

        final int status = run("run", "--configuration_file", conf.toString(), "--configuration_check");

        assertThat(status).isZero();
        assertThat(text(out))
            .contains("warning: " + conf + ":4: unpack_ipipip: unknown key; did you mean 'unpack_ipip'?; ignored");
    }

    @Test
    @Timeout(60)
    void shouldExitNonZeroNamingTheKeyWhenTheNetflowPortIsTaken() throws IOException
    {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            final Path conf = writeConfig("netflow = on\nnetflow_host = 127.0.0.1\nnetflow_port = " +
                taken.getLocalPort() + "\n");

            final int status = run("run", "--configuration_file", conf.toString());

            assertThat(status).isEqualTo(1);
            assertThat(text(err))
                .startsWith("error: netflow = on: capture source netflow:" + taken.getLocalPort() + " cannot start: ")
                .doesNotContain("\tat ");
        }
    }

    @Test
    @Timeout(60)
    void shouldExitNonZeroNamingTheKeyWhenTheNetflowHostDoesNotResolve() throws IOException
    {
        final Path conf = writeConfig("netflow = on\nnetflow_host = no-such-host.invalid\nnetflow_port = 2055\n");

        final int status = run("run", "--configuration_file", conf.toString());

        assertThat(status).isEqualTo(1);
        assertThat(text(err)).contains("netflow").contains("no-such-host.invalid").doesNotContain("\tat ");
    }

    @Test
    void shouldFailWhenTheConfigurationFileDoesNotExist()
    {
        final int status = run("run", "--configuration_file", dir.resolve("missing.conf").toString());

        assertThat(status).isNotZero();
        assertThat(text(err)).contains("does not exist");
    }

    @Test
    void shouldPrintUsageForAnUnknownCommand()
    {
        final int status = run("explode");

        assertThat(status).isEqualTo(2);
        assertThat(text(err)).contains("usage:");
    }

    private Path writeConfig(final String extra) throws IOException
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "192.0.2.0/24\n2001:db8::/32\n");
        final Path whitelist = Files.writeString(dir.resolve("networks_whitelist"), "192.0.2.1/32\n");
        return Files.writeString(dir.resolve("fastnetmon.conf"),
            "networks_list_path = " + networks + "\n" +
            "white_list_path = " + whitelist + "\n" +
            "# then the keys of the test\n" +
            extra);
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
