package io.fnm.actions.exabgp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.fnm.actions.exabgp.ExaBgpFixture.mkfifo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded writes to a real named pipe (mkfifo).
 */
class CommandPipeTest
{
    private static final Duration BOUND = Duration.ofMillis(300);
    /** The bound plus the time to cancel, generously: the call must never take longer. */
    private static final long LONGEST_MILLIS = 3_000;

    @TempDir
    Path dir;

    @Test
    void shouldFailAsNoReaderWithinTheBoundWhenNobodyReads() throws Exception
    {
        final CommandPipe pipe = new CommandPipe(mkfifo(dir.resolve("cmd")), BOUND);

        final long start = System.nanoTime();
        final CommandPipe.Outcome outcome = pipe.write(List.of("announce route 10.0.0.5/32 next-hop 192.0.2.1"));
        final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(outcome.result()).isEqualTo(CommandPipe.Result.NO_READER);
        assertThat(outcome.linesWritten()).isZero();
        assertThat(tookMillis).isGreaterThanOrEqualTo(BOUND.toMillis()).isLessThan(LONGEST_MILLIS);
    }

    @Test
    void shouldWriteAgainOnceAReaderComesAfterANoReaderFailure() throws Exception
    {
        final Path fifo = mkfifo(dir.resolve("cmd"));
        final CommandPipe pipe = new CommandPipe(fifo, Duration.ofSeconds(5));
        assertThat(new CommandPipe(fifo, BOUND).write(List.of("lost")).result())
            .isEqualTo(CommandPipe.Result.NO_READER);
        final CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> firstLine(fifo));

        final CommandPipe.Outcome outcome = pipe.write(List.of("announce route 10.0.0.5/32 next-hop 192.0.2.1"));

        assertThat(outcome.result()).isEqualTo(CommandPipe.Result.WRITTEN);
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("announce route 10.0.0.5/32 next-hop 192.0.2.1");
    }

    @Test
    void shouldFailAsFullWithinTheBoundWhenTheReaderDoesNotDrain() throws Exception
    {
        final Path fifo = mkfifo(dir.resolve("cmd"));
        // a reader that never reads (read-write, so opening never blocks), and the pipe filled to its 64 KiB
        try (FileChannel stalled = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final CompletableFuture<Integer> fill = CompletableFuture.supplyAsync(() -> fill(stalled));
            assertThat(fill.get(10, TimeUnit.SECONDS)).isEqualTo(65_536);
            final CommandPipe pipe = new CommandPipe(fifo, BOUND);

            final long start = System.nanoTime();
            final CommandPipe.Outcome outcome = pipe.write(List.of("withdraw route 10.0.0.5/32 next-hop 192.0.2.1"));
            final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(outcome.result()).isEqualTo(CommandPipe.Result.FULL);
            assertThat(tookMillis).isLessThan(LONGEST_MILLIS);
        }
    }

    @Test
    void shouldFailAsMissingAtOnceWhenThePipeDoesNotExist() throws Exception
    {
        final CommandPipe pipe = new CommandPipe(dir.resolve("absent"), Duration.ofSeconds(30));

        final long start = System.nanoTime();
        final CommandPipe.Outcome outcome = pipe.write(List.of("x"));

        assertThat(outcome.result()).isEqualTo(CommandPipe.Result.MISSING);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(LONGEST_MILLIS);
        assertThat(Files.exists(dir.resolve("absent"))).isFalse();
    }

    @Test
    void shouldFailAsErrorWhenThePipeIsADirectory() throws Exception
    {
        final CommandPipe pipe = new CommandPipe(Files.createDirectory(dir.resolve("d")), BOUND);

        assertThat(pipe.write(List.of("x")).result()).isEqualTo(CommandPipe.Result.ERROR);
    }

    private static String firstLine(final Path fifo)
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo),
            StandardCharsets.UTF_8)))
        {
            return reader.readLine();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static int fill(final FileChannel channel)
    {
        try
        {
            return channel.write(ByteBuffer.allocate(65_536));
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
