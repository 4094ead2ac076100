package io.fnm.capture.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server a test starts on loopback (redis-server, gobgpd, carbon-cache, influxd...): its output goes to a
 * log file in the test's directory, {@link #awaitPort} waits until it accepts connections (or fails the test with
 * the log's tail), and {@link #close} kills it and its children.
 */
public final class ServerProcess implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(final String name, final Process process, final Path log)
    {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param name      what to call it in failures.
     * @param directory its working directory (a {@code @TempDir}); the log is written there.
     * @param command   the command line.
     * @return the started process.
     */
    public static ServerProcess start(final String name, final Path directory, final List<String> command)
    {
        final Path log = directory.resolve(name + ".log");
        try
        {
            final Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ServerProcess(name, process, log);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot start " + name + " (" + String.join(" ", command) + "): " + ex, ex);
        }
    }

    /**
     * @return a TCP port free on loopback now.
     */
    public static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Waits until the server accepts TCP connections on loopback.
     *
     * @param port    its port.
     * @param timeout how long to wait.
     * @return this.
     * @throws AssertionError when it exited or never listened, with its log's tail.
     */
    public ServerProcess awaitPort(final int port, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before listening:\n" +
                    logTail());
            }
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            }
            catch (final IOException ex)
            {
                pause();
            }
        }
        throw new AssertionError(name + " did not listen on 127.0.0.1:" + port + " within " + timeout + ":\n" +
            logTail());
    }

    /**
     * @return whether it is still running.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return the last part of what it printed.
     */
    public String logTail()
    {
        try
        {
            final String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public void close()
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(50);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }
}
