package io.fnm.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The .deb the build makes, installed with {@code dpkg -i} (the build machine and CI run as root) and purged after.
 */
class DebPackageIT
{
    private static final Path SERVICE = Path.of("/lib/systemd/system/fnm.service");

    @BeforeAll
    static void install() throws Exception
    {
        final Path deb;
        try (Stream<Path> files = Files.list(Path.of("target")))
        {
            deb = files.filter(p -> p.getFileName().toString().matches("fnm_.*_all\\.deb")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no fnm_*_all.deb in target: run mvn verify"));
        }
        final Result installed = exec("dpkg", "-i", deb.toString());
        assertThat(installed.status()).as(installed.output()).isZero();
    }

    @AfterAll
    static void purge() throws Exception
    {
        exec("dpkg", "--purge", "fnm");
    }

    @Test
    void shouldPassTheCheckOfTheShippedConfigurationAsTheUnprivilegedUser() throws Exception
    {
        final Result check = exec("runuser", "-u", "fnm", "--", "/usr/bin/fnm", "--configuration_check",
            "--configuration_file", "/etc/fnm/fastnetmon.conf");

        assertThat(check.status()).as(check.output()).isZero();
        assertThat(check.output()).contains("configuration /etc/fnm/fastnetmon.conf is valid")
            .doesNotContain("error:").doesNotContain("warning:");
    }

    @Test
    void shouldInstallTheCommandAndAServiceRunningItAsAnUnprivilegedUserWithCaptureCapabilities() throws Exception
    {
        assertThat(Path.of("/usr/bin/fnm")).isExecutable();
        assertThat(exec("getent", "passwd", "fnm").status()).isZero();
        assertThat(Files.readString(SERVICE, StandardCharsets.UTF_8))
            .contains("ExecStart=/usr/bin/fnm run --configuration_file /etc/fnm/fastnetmon.conf")
            .contains("User=fnm")
            .contains("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN")
            .contains("CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN");
    }

    @Test
    void shouldPrintTheVersionThroughTheInstalledCommand() throws Exception
    {
        final Result version = exec("/usr/bin/fnm", "--version");

        assertThat(version.status()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("fnm ");
    }

    private static Result exec(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int status, String output)
    {
    }
}
