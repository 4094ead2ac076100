package io.fnm.actions.graphite;

import io.fnm.capture.testkit.DebianPackages;
import io.fnm.capture.testkit.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real carbon-cache (Debian's graphite-carbon) on loopback in a test directory, whisper files under
 * {@code whisper/}, one-second retention for an hour; and whisper-fetch (python3-whisper) to read points back.
 */
final class CarbonCache implements AutoCloseable
{
    private final Path dir;
    private final int port;
    private ServerProcess process;

    CarbonCache(final Path dir, final int port) throws IOException
    {
        DebianPackages.require("/usr/bin/carbon-cache", "graphite-carbon");
        DebianPackages.require("/usr/bin/whisper-fetch", "python3-whisper");
        this.dir = dir;
        this.port = port;
        Files.createDirectories(dir.resolve("whisper"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("carbon.conf"), String.join("\n",
            "[cache]",
            "STORAGE_DIR = " + dir,
            "LOCAL_DATA_DIR = " + dir.resolve("whisper"),
            "WHITELISTS_DIR = " + dir,
            "CONF_DIR = " + dir,
            "LOG_DIR = " + dir.resolve("log"),
            "PID_DIR = " + dir,
            "ENABLE_LOGROTATION = False",
            "ENABLE_TAGS = False",
            "MAX_CACHE_SIZE = inf",
            "MAX_UPDATES_PER_SECOND = 100000",
            "MAX_CREATES_PER_MINUTE = inf",
            "CACHE_WRITE_STRATEGY = max",
            "LINE_RECEIVER_INTERFACE = 127.0.0.1",
            "LINE_RECEIVER_PORT = " + port,
            "ENABLE_UDP_LISTENER = False",
            "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
            "PICKLE_RECEIVER_PORT = " + ServerProcess.freePort(),
            "CACHE_QUERY_INTERFACE = 127.0.0.1",
            "CACHE_QUERY_PORT = " + ServerProcess.freePort(),
            "LOG_LISTENER_CONNECTIONS = False",
            ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("storage-schemas.conf"),
            "[default]\npattern = .*\nretentions = 1s:1h\n", StandardCharsets.UTF_8);
    }

    CarbonCache start()
    {
        process = ServerProcess.start("carbon-cache", dir, List.of("/usr/bin/carbon-cache",
            "--config=" + dir.resolve("carbon.conf"), "--pidfile=" + dir.resolve("carbon.pid"),
            "--logdir=" + dir.resolve("log"), "--nodaemon", "start"))
            .awaitPort(port, Duration.ofSeconds(30));
        return this;
    }

    void stop()
    {
        if (process != null)
        {
            process.close();
            process = null;
        }
    }

    /**
     * @param path a metric path.
     * @return its whisper file.
     */
    Path whisperFile(final String path)
    {
        return dir.resolve("whisper").resolve(path.replace('.', '/') + ".wsp");
    }

    /**
     * Wait (carbon writes its cache out asynchronously) until the metric has a point at the given second.
     *
     * @param path    the metric path.
     * @param seconds the point's timestamp.
     * @return its value, or null when it never landed within 20 s.
     */
    Double awaitPoint(final String path, final long seconds) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do
        {
            final Double value = point(path, seconds);
            if (value != null)
            {
                return value;
            }
            TimeUnit.MILLISECONDS.sleep(100); // carbon's writer thread, not a tick
        }
        while (System.nanoTime() < deadline);
        return null;
    }

    private Double point(final String path, final long seconds) throws IOException, InterruptedException
    {
        final Path file = whisperFile(path);
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final Process fetch = new ProcessBuilder("/usr/bin/whisper-fetch", "--from=" + (seconds - 1),
            "--until=" + (seconds + 1), file.toString()).redirectErrorStream(true).start();
        final String out = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        fetch.waitFor(10, TimeUnit.SECONDS);
        final List<String> lines = new ArrayList<>(List.of(out.split("\n")));
        for (final String line : lines)
        {
            final String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(Long.toString(seconds)) && !"None".equals(parts[1]))
            {
                return Double.valueOf(parts[1]);
            }
        }
        return null;
    }

    String log()
    {
        return process == null ? "(stopped)" : process.logTail();
    }

    @Override
    public void close()
    {
        stop();
    }
}
