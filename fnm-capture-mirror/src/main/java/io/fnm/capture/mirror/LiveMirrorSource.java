package io.fnm.capture.mirror;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The lifecycle the live mirror sources (AF_PACKET, libpcap, PF_RING, netmap) share, written once. A source says
 * only what is its own: how it opens its channels (a socket with its ring, a handle, a ring, a port), what each
 * capture thread is called, how its {@link FrameHandler} is set up, and how a thread reads its channel
 * ({@link ChannelReader}).
 * <p>
 * {@link #start} refuses a second call and an unavailable native binding, opens every channel on the caller's thread
 * (and so in its network namespace), closing those already open when one fails, then starts one thread per channel
 * from the context's thread factory, each with a handler of its own registered in {@link #mirrorCounters()}. Every
 * thread runs the same loop: read (the reader waits a bounded time, so the loop notices {@link #close}), read the
 * kernel statistics once a second and once more after the last read; nothing thrown escapes it (counted as
 * {@code mirror_capture_errors_total} and reported, see {@link MirrorThreads}). {@link #close} stops the loops, wakes
 * any read that would not return by itself, joins every thread and only then closes the channels.
 *
 * @param <C> what one capture thread reads.
 */
abstract class LiveMirrorSource<C> implements CaptureSource
{
    /** Unexpected errors caught in the capture loops, per source. */
    static final CounterDescriptor CAPTURE_ERRORS = CounterDescriptor.counter("mirror_capture_errors_total",
        "errors", "Unexpected errors a mirror capture thread caught and carried on after", "source");

    private static final long STATISTICS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final String binding;
    private final Supplier<Throwable> unavailabilityCause;
    private final MirrorCounters counters;
    private final List<C> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running;
    private boolean started;

    /**
     * For a source whose binding is checked as its channels open.
     *
     * @param name the source's name, for logs and metric labels.
     */
    LiveMirrorSource(final String name)
    {
        this(name, "", () -> null);
    }

    /**
     * @param name                the source's name, for logs and metric labels.
     * @param binding             what the native binding is called when it is unavailable, e.g. {@code pcap}.
     * @param unavailabilityCause why the binding cannot be used, or null; asked first in {@link #start}, not before
     *                            (the binding is loaded on first use).
     */
    LiveMirrorSource(final String name, final String binding, final Supplier<Throwable> unavailabilityCause)
    {
        this.name = name;
        this.binding = binding;
        this.unavailabilityCause = unavailabilityCause;
        this.counters = new MirrorCounters(name);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final String name()
    {
        return name;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final synchronized void start(final CaptureContext context) throws IOException
    {
        if (started)
        {
            throw new IllegalStateException("already started");
        }
        started = true;
        final Throwable cause = unavailabilityCause.get();
        if (cause != null)
        {
            throw new IOException(binding + " unavailable: " + cause, cause);
        }
        try
        {
            open(channels);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeChannels();
            throw ex;
        }
        running = true;
        final List<FrameHandler> handlers = new ArrayList<>();
        int started = 0;
        try
        {
            for (int i = 0; i < channels.size(); i++)
            {
                final C channel = channels.get(i);
                final String threadName = threadName(channel, i);
                final FrameHandler handler = counters.register(newFrameHandler(context.newSink(threadName)));
                handlers.add(handler);
                final Thread thread = context.threadFactory().newThread(() -> capture(context, channel, handler));
                thread.setName(threadName);
                threads.add(thread);
            }
            for (final Thread thread : threads)
            {
                thread.start();
                started++;
            }
        }
        catch (final RuntimeException | Error ex)
        {
            stop();
            threads.forEach(MirrorThreads::join);
            threads.clear();
            // a started thread closes its own handler; the others' sinks are closed here
            handlers.subList(started, handlers.size()).forEach(FrameHandler::close);
            closeChannels();
            throw ex;
        }
    }

    private void capture(final CaptureContext context, final C channel, final FrameHandler handler)
    {
        try
        {
            final ChannelReader reader;
            try
            {
                reader = newReader(context, channel, handler);
            }
            catch (final RuntimeException | VirtualMachineError ex)
            {
                // the thread's own set-up (native buffers, the binding) failed: counted and reported, never thrown
                errors.incrementAndGet();
                MirrorThreads.report(context, ex);
                return;
            }
            long nextStatistics = System.nanoTime() + STATISTICS_NANOS;
            while (running)
            {
                try
                {
                    reader.read();
                    final long now = System.nanoTime();
                    if (now - nextStatistics >= 0)
                    {
                        reader.readStatistics();
                        nextStatistics = now + STATISTICS_NANOS;
                    }
                }
                catch (final RuntimeException | VirtualMachineError ex)
                {
                    reader.caught(ex);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reader.readStatistics();
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
    public final void close()
    {
        final List<Thread> toJoin;
        synchronized (this)
        {
            stop();
            toJoin = new ArrayList<>(threads);
        }
        toJoin.forEach(MirrorThreads::join);
        synchronized (this)
        {
            closeChannels();
            threads.clear();
        }
    }

    private void stop()
    {
        running = false;
        channels.forEach(this::wake);
    }

    private void closeChannels()
    {
        channels.forEach(this::closeChannel);
        channels.clear();
    }

    /**
     * @return the source's counters (frames, bytes, records, kernel drops, frames not counted by reason).
     */
    public final MirrorCounters mirrorCounters()
    {
        return counters;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final void counters(final CounterVisitor visitor)
    {
        counters.counters(visitor);
        channelCounters(visitor);
        visitor.counter(CAPTURE_ERRORS, name, errors.get());
    }

    /**
     * For {@link #channelCounters}: a value summed over the open channels.
     *
     * @param value what one channel counted.
     * @return the sum over the channels open now.
     */
    final synchronized long sumOverChannels(final ToLongFunction<? super C> value)
    {
        long sum = 0;
        for (final C channel : channels)
        {
            sum += value.applyAsLong(channel);
        }
        return sum;
    }

    /**
     * Open every channel on the calling thread, adding each to {@code opened} as soon as it is open: when this throws,
     * the channels in {@code opened} are closed. A channel it opened but did not add yet is its own to close.
     *
     * @param opened where the open channels go, in the order of their threads.
     * @throws IOException when a channel cannot be opened, naming it.
     */
    abstract void open(List<C> opened) throws IOException;

    /**
     * @param channel a channel.
     * @param index   its position among the source's channels.
     * @return the name of the thread that reads it, also the name of its sink.
     */
    abstract String threadName(C channel, int index);

    /**
     * @param sink the sink of one capture thread.
     * @return the handler that thread parses its frames with.
     */
    abstract FrameHandler newFrameHandler(TrafficSink sink);

    /**
     * Called once on the capture thread, before its first read, so what the reader allocates is allocated there.
     *
     * @param context the engine's context.
     * @param channel the channel the thread reads.
     * @param handler the thread's handler.
     * @return what reads the channel into the handler.
     */
    abstract ChannelReader newReader(CaptureContext context, C channel, FrameHandler handler);

    /**
     * Release a channel; called once per channel, after every thread has ended (or when {@link #start} fails).
     *
     * @param channel the channel.
     */
    abstract void closeChannel(C channel);

    /**
     * Make a read blocked on the channel return now; for a source whose reads do not return by themselves within a
     * bounded time. Called under the source's lock once the loops were told to stop, before they are joined. The
     * default does nothing.
     *
     * @param channel an open channel.
     */
    void wake(final C channel)
    {
    }

    /**
     * Report the counters of the source's own, between {@link MirrorCounters}' and the capture errors. The default
     * reports none.
     *
     * @param visitor receives each counter.
     */
    void channelCounters(final CounterVisitor visitor)
    {
    }

    /**
     * What one capture thread does with its channel, inside the shared loop; it does not allocate per frame. Created
     * by {@link #newReader} on the thread it serves.
     */
    abstract class ChannelReader
    {
        /** The handler of the reader's thread. */
        final FrameHandler handler;
        private final CaptureContext context;
        private long droppedSoFar;

        /**
         * @param context the engine's context.
         * @param handler the handler of the reader's thread.
         */
        ChannelReader(final CaptureContext context, final FrameHandler handler)
        {
            this.context = context;
            this.handler = handler;
        }

        /**
         * Read what the channel holds into the handler, or wait for it a bounded time (about 100 ms).
         *
         * @throws InterruptedException when the thread was interrupted while it waited; the thread then ends.
         */
        abstract void read() throws InterruptedException;

        /**
         * Add to the handler what the kernel dropped since the last call: once a second and once after the last read.
         * The default reads nothing.
         */
        void readStatistics()
        {
        }

        /**
         * @return whether the source still runs (false once {@link #close} began).
         */
        final boolean isRunning()
        {
            return running;
        }

        /**
         * Count an error the thread carries on after (as {@code mirror_capture_errors_total}) and report it.
         *
         * @param error what went wrong.
         */
        final void caught(final Throwable error)
        {
            errors.incrementAndGet();
            MirrorThreads.report(context, error);
        }

        /**
         * For a kernel that reports its drops as a running total: add to the handler what was added to it since.
         *
         * @param dropped the kernel's running total of drops on this channel.
         */
        final void addDropsSoFar(final long dropped)
        {
            handler.addKernelDrops(Math.max(0, dropped - droppedSoFar));
            droppedSoFar = Math.max(droppedSoFar, dropped);
        }
    }
}
