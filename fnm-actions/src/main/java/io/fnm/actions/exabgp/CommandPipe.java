package io.fnm.actions.exabgp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes lines to ExaBGP's command pipe (a named pipe read by an ExaBGP API process; a regular file works too, the
 * lines are appended) and never waits longer than a bound.
 * <p>
 * In Java, opening a FIFO for writing blocks until a reader opens it, and a write to a full FIFO blocks until the
 * reader drains it; neither can be given a timeout. So each batch is written by a short-lived daemon thread of its
 * own ({@code fnm-exabgp-pipe}) while the caller waits at most the bound. When the bound passes:
 * <ul>
 *   <li>still opening (no reader): the caller opens the FIFO read-write itself, which on Linux never blocks and
 *   completes the writer's pending open; the writer sees the batch cancelled and closes without writing
 *   ({@link Result#NO_READER});</li>
 *   <li>still writing (the pipe is full): the caller closes the writer's channel, which wakes the blocked
 *   write ({@link Result#FULL}); lines already written stay written.</li>
 * </ul>
 * A missing pipe fails at once ({@link Result#MISSING}). At most one batch is in flight: if the previous one is
 * still not finished when the next comes (its thread could not be woken; it should never happen), the batch fails
 * as {@link Result#BUSY}.
 * The open, one {@code write} per line (atomic for lines up to {@code PIPE_BUF}, 4096 bytes) and the close follow
 * FastNetMon, which opens the pipe for every message.
 */
final class CommandPipe
{
    /** How a batch ended. */
    enum Result
    {
        /** Every line was written. */
        WRITTEN("written"),
        /** The pipe does not exist. */
        MISSING("missing"),
        /** Nobody opened the pipe for reading within the bound. */
        NO_READER("no_reader"),
        /** The lines could not all be written within the bound (the reader does not drain the pipe). */
        FULL("full"),
        /** An I/O error: permission, broken pipe, not writable. */
        ERROR("error"),
        /** The previous batch has not finished. */
        BUSY("busy");

        private final String label;

        Result(final String label)
        {
            this.label = label;
        }

        /**
         * @return the {@code reason} label of the failure counter.
         */
        String label()
        {
            return label;
        }
    }

    /** How long to wait for a cancelled writer thread to finish. */
    private static final long CANCEL_WAIT_MILLIS = 1_000;

    private final Path path;
    private final Duration timeout;
    private Batch last;

    /**
     * @param path    the pipe.
     * @param timeout the longest a batch may take.
     */
    CommandPipe(final Path path, final Duration timeout)
    {
        this.path = path;
        this.timeout = timeout;
    }

    /**
     * @return the pipe.
     */
    Path path()
    {
        return path;
    }

    /**
     * Write lines, each followed by a new line, with one open and close; one caller at a time.
     *
     * @param lines the lines.
     * @return the outcome and how many lines were written.
     * @throws InterruptedException when the caller is interrupted while waiting (the batch is cancelled first).
     */
    synchronized Outcome write(final List<String> lines) throws InterruptedException
    {
        if (!Files.exists(path))
        {
            return new Outcome(Result.MISSING, 0, "no such file");
        }
        if (last != null && last.done.getCount() > 0)
        {
            return new Outcome(Result.BUSY, 0, "the previous batch has not finished");
        }
        final Batch batch = new Batch(path, lines);
        last = batch;
        final Thread writer = new Thread(batch, "fnm-exabgp-pipe");
        writer.setDaemon(true);
        writer.start();
        try
        {
            if (batch.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                return batch.outcome();
            }
        }
        finally
        {
            if (batch.done.getCount() > 0)
            {
                cancel(batch);
            }
        }
        return batch.outcome();
    }

    private void cancel(final Batch batch) throws InterruptedException
    {
        batch.cancelled = true;
        final FileChannel channel = batch.channel;
        if (channel == null)
        {
            // the writer is (most likely) blocked opening: be the reader it waits for, for an instant
            try (FileChannel unblock = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                batch.done.await(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (final IOException ex)
            {
                // the writer failed or finished on its own meanwhile
            }
        }
        else
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                // closing wakes the blocked write; nothing else to do
            }
        }
        batch.done.await(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The end of a batch.
     *
     * @param result       how it ended.
     * @param linesWritten lines fully written.
     * @param detail       the error or what happened, for the log.
     */
    record Outcome(Result result, int linesWritten, String detail)
    {
    }

    private static final class Batch implements Runnable
    {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean cancelled;
        volatile FileChannel channel;
        private final Path path;
        private final List<String> lines;
        private volatile int written;
        private volatile Result result;
        private volatile String detail = "";

        Batch(final Path path, final List<String> lines)
        {
            this.path = path;
            this.lines = lines;
        }

        @Override
        public void run()
        {
            try (FileChannel opened = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND))
            {
                channel = opened;
                if (cancelled)
                {
                    result = Result.NO_READER;
                    return;
                }
                for (final String line : lines)
                {
                    final ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining())
                    {
                        opened.write(bytes);
                    }
                    written++;
                }
                result = Result.WRITTEN;
            }
            catch (final NoSuchFileException ex)
            {
                result = Result.MISSING;
                detail = "no such file";
            }
            catch (final AsynchronousCloseException ex)
            {
                result = Result.FULL;
                detail = "write did not complete (pipe full?)";
            }
            catch (final IOException | RuntimeException ex)
            {
                result = cancelled ? Result.FULL : Result.ERROR;
                detail = ex.toString();
            }
            finally
            {
                done.countDown();
            }
        }

        Outcome outcome()
        {
            final Result r = result;
            if (r != null)
            {
                return new Outcome(r, written, detail);
            }
            return channel == null ? new Outcome(Result.NO_READER, 0, "nobody opened the pipe for reading") :
                new Outcome(Result.FULL, written, "write did not complete (pipe full?)");
        }
    }
}
