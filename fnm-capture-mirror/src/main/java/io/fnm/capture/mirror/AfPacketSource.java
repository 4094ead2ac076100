package io.fnm.capture.mirror;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AF_PACKET capture ({@code mirror_afpacket}): for each of {@code interfaces}, {@code mirror_af_packet_threads}
 * sockets with a TPACKET_V3 ring each ({@link AfPacketRing}), joined in one {@code PACKET_FANOUT} group per interface
 * in {@code mirror_af_packet_fanout_mode} when there is more than one, each read by a thread of its own named
 * {@code fnm-afpacket-<interface>-<n>} through the shared {@link FrameHandler}.
 * <p>
 * Every socket is opened in {@link #start}, on the caller's thread (and so in its network namespace); a failure
 * closes what was opened and names the call and errno. The fanout group id is derived from the process id, the
 * interface index and a per-source sequence, so two sources in one process never share a group. A thread waits for
 * a block at most {@value #POLL_MILLIS} ms, so {@link #close} returns within that; drops are read from
 * {@code PACKET_STATISTICS} once a second and when the thread ends.
 */
public final class AfPacketSource implements CaptureSource
{
    /** Blocks whose layout was inconsistent, per source. */
    public static final CounterDescriptor CORRUPT_BLOCKS = CounterDescriptor.counter(
        "mirror_afpacket_corrupt_blocks_total", "blocks", "AF_PACKET ring blocks whose layout was inconsistent",
        "source");
    /** Unexpected errors caught in the capture loops, per source. */
    public static final CounterDescriptor ERRORS = CounterDescriptor.counter("mirror_capture_errors_total", "errors",
        "Unexpected errors a mirror capture thread caught and carried on after", "source");

    static final int POLL_MILLIS = 100;
    private static final long STATISTICS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final AfPacketSettings settings;
    private final MirrorCounters counters;
    private final List<AfPacketRing> rings = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int sequence = SEQUENCE.getAndIncrement();
    private volatile boolean running;
    private volatile long errors;
    private boolean started;

    /**
     * @param settings the source's settings.
     */
    public AfPacketSource(final AfPacketSettings settings)
    {
        this.settings = settings;
        this.counters = new MirrorCounters(name());
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return AfPacketCaptureSourceProvider.NAME + ":" + String.join(",", settings.interfaces());
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized void start(final CaptureContext context) throws IOException
    {
        if (started)
        {
            throw new IllegalStateException("already started");
        }
        started = true;
        try
        {
            for (final String name : settings.interfaces())
            {
                final int group = fanoutGroup(name);
                for (int i = 0; i < settings.threads(); i++)
                {
                    rings.add(AfPacketRing.open(name, settings, group));
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            rings.forEach(AfPacketRing::close);
            rings.clear();
            throw ex;
        }
        running = true;
        final int perInterface = settings.threads();
        for (int i = 0; i < rings.size(); i++)
        {
            final AfPacketRing ring = rings.get(i);
            final String threadName = "fnm-afpacket-" + ring.interfaceName() + "-" + i % perInterface;
            final FrameHandler handler = counters.register(new FrameHandler(context.newSink(threadName),
                settings.parserOptions(), settings.samplingRatio(), settings.lengthFromIpHeader(), 2048));
            final Thread thread = context.threadFactory().newThread(() -> capture(context, ring, handler));
            thread.setName(threadName);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private int fanoutGroup(final String interfaceName)
    {
        if (settings.threads() < 2)
        {
            return -1;
        }
        final int ifindex = PacketNative.libc().if_nametoindex(interfaceName);
        final int id = (int)(ProcessHandle.current().pid() + ifindex + 257L * sequence) & 0xFFFF;
        return id | settings.fanoutMode().kernelMode() << 16;
    }

    private void capture(final CaptureContext context, final AfPacketRing ring, final FrameHandler handler)
    {
        long nextStatistics = System.nanoTime() + STATISTICS_NANOS;
        try
        {
            while (running)
            {
                try
                {
                    ring.readOrWait(handler, POLL_MILLIS);
                    final long now = System.nanoTime();
                    if (now - nextStatistics >= 0)
                    {
                        ring.readStatistics(handler);
                        nextStatistics = now + STATISTICS_NANOS;
                    }
                }
                catch (final RuntimeException ex)
                {
                    errors++;
                    MirrorThreads.report(context, ex);
                }
                catch (final VirtualMachineError ex)
                {
                    errors++;
                    MirrorThreads.report(context, ex);
                }
            }
            ring.readStatistics(handler);
        }
        finally
        {
            handler.close();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        final List<Thread> toJoin;
        synchronized (this)
        {
            running = false;
            toJoin = new ArrayList<>(threads);
        }
        toJoin.forEach(MirrorThreads::join);
        synchronized (this)
        {
            rings.forEach(AfPacketRing::close);
            rings.clear();
            threads.clear();
        }
    }

    /**
     * @return the source's counters (frames, bytes, records, kernel drops, frames not counted by reason).
     */
    public MirrorCounters mirrorCounters()
    {
        return counters;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        counters.counters(visitor);
        long corrupt = 0;
        synchronized (this)
        {
            for (final AfPacketRing ring : rings)
            {
                corrupt += ring.corruptBlocks();
            }
        }
        visitor.counter(CORRUPT_BLOCKS, name(), corrupt);
        visitor.counter(ERRORS, name(), errors);
    }
}
