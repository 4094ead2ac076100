package io.fnm.capture.mirror;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays pcap / pcapng files of mirrored traffic into a running engine, on one thread named
 * {@code fnm-pcap-file}, through the shared {@link FrameHandler}.
 * <p>
 * The engine keeps its own clock (its tick thread decides when a second ends), so records are stamped with the
 * engine's time: at {@code recorded} speed each frame is delivered when as much engine time has passed since the
 * first frame as capture time had, which reproduces the capture's rates; at {@code max} speed frames go as fast as the
 * files can be read, compressing time. Neither is deterministic across runs, since the engine's ticks fall wherever
 * they fall; {@link MirrorReplay} is. A corrupt file ends that file (reported through
 * {@link CaptureContext#onError}); the thread goes on with the next one and exits after the last.
 */
public final class PcapFileSource implements CaptureSource
{
    private static final long PACE_PARK_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PcapFileSettings settings;
    private final MirrorCounters counters = new MirrorCounters(PcapFileCaptureSourceProvider.NAME);
    private volatile boolean running;
    private Thread thread;

    /**
     * @param settings the source's settings.
     */
    public PcapFileSource(final PcapFileSettings settings)
    {
        this.settings = settings;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return PcapFileCaptureSourceProvider.NAME + ":" + settings.files().get(0).getFileName() +
            (settings.files().size() > 1 ? "+" + (settings.files().size() - 1) : "");
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized void start(final CaptureContext context) throws IOException
    {
        if (thread != null)
        {
            throw new IllegalStateException("already started");
        }
        for (final Path file : settings.files())
        {
            if (!Files.isReadable(file))
            {
                throw new IOException("cannot read " + file);
            }
        }
        final String threadName = "fnm-pcap-file";
        final FrameHandler handler = counters.register(new FrameHandler(context.newSink(threadName),
            settings.parserOptions(), 1, settings.lengthFromIpHeader(), 2048));
        running = true;
        thread = context.threadFactory().newThread(() -> run(context, handler));
        thread.setName(threadName);
        thread.start();
    }

    private void run(final CaptureContext context, final FrameHandler handler)
    {
        final Clock clock = context.clock();
        final PcapFrame frame = new PcapFrame();
        long firstCaptureNanos = Long.MIN_VALUE;
        long startNanos = 0;
        try
        {
            for (final Path file : settings.files())
            {
                try (PcapFileReader reader = PcapFileReader.open(file))
                {
                    while (running && reader.next(frame))
                    {
                        if (firstCaptureNanos == Long.MIN_VALUE)
                        {
                            firstCaptureNanos = frame.timestampNanos();
                            startNanos = clock.nanoTime();
                        }
                        if (settings.recordedSpeed() &&
                            !pace(clock, startNanos + frame.timestampNanos() - firstCaptureNanos, handler))
                        {
                            break;
                        }
                        final ByteBuffer data = frame.data();
                        handler.onFrame(TimeUnit.MILLISECONDS.toNanos(clock.epochMillis()), frame.linkType(),
                            data.array(), data.arrayOffset(), frame.capturedLength(), frame.originalLength());
                    }
                }
                catch (final IOException | RuntimeException ex)
                {
                    MirrorThreads.report(context, new IOException("pcap_file " + file + ": " + ex.getMessage(), ex));
                }
                catch (final VirtualMachineError ex)
                {
                    MirrorThreads.report(context, ex);
                }
                handler.flush();
            }
        }
        finally
        {
            handler.close();
        }
    }

    /* Waits (without spinning) until the engine's clock reaches the frame's due time; false when closed meanwhile. */
    private boolean pace(final Clock clock, final long dueNanos, final FrameHandler handler)
    {
        long wait = dueNanos - clock.nanoTime();
        if (wait > 0)
        {
            handler.flush();
        }
        while (wait > 0 && running)
        {
            LockSupport.parkNanos(Math.min(wait, PACE_PARK_LIMIT_NANOS));
            wait = dueNanos - clock.nanoTime();
        }
        return running;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        final Thread started;
        synchronized (this)
        {
            running = false;
            started = thread;
        }
        if (started != null)
        {
            LockSupport.unpark(started);
            MirrorThreads.join(started);
        }
    }

    /**
     * @return the source's counters.
     */
    public MirrorCounters mirrorCounters()
    {
        return counters;
    }

    /**
     * @return true once the replay thread has finished every file (or was closed).
     */
    public boolean finished()
    {
        final Thread started = thread;
        return started != null && !started.isAlive();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        counters.counters(visitor);
    }
}
