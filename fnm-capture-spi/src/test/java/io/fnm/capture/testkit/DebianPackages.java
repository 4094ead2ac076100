package io.fnm.capture.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the Debian package a test needs when its program is missing, so the README's test command runs on a
 * fresh Debian machine (as root, as CI does). A program that cannot be installed fails the test with apt's own
 * words: a test never passes, or skips, because its server is absent.
 */
public final class DebianPackages
{
    private static final long APT_TIMEOUT_MINUTES = 15;
    private static boolean updated;

    private DebianPackages()
    {
    }

    /**
     * @param program the program the test runs, as an absolute path ({@code /usr/bin/redis-server}).
     * @param packages the Debian packages that provide it.
     * @return the program's path, present and executable.
     * @throws AssertionError when it is missing and cannot be installed, with the reason.
     */
    public static synchronized Path require(final String program, final String... packages)
    {
        final Path path = Path.of(program);
        if (Files.isExecutable(path))
        {
            return path;
        }
        if (!updated)
        {
            run(List.of("apt-get", "update"));
            updated = true;
        }
        final List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        install.addAll(List.of(packages));
        run(install);
        if (!Files.isExecutable(path))
        {
            throw new AssertionError(program + " is still missing after installing " + String.join(" ", packages));
        }
        return path;
    }

    private static void run(final List<String> command)
    {
        try
        {
            final Path log = Files.createTempFile("fnm-apt", ".log");
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            final Process process = builder.start();
            if (!process.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES))
            {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + APT_TIMEOUT_MINUTES +
                    " minutes");
            }
            if (process.exitValue() != 0)
            {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" +
                    tail(Files.readString(log, StandardCharsets.UTF_8)));
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), ex);
        }
    }

    private static String tail(final String text)
    {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
