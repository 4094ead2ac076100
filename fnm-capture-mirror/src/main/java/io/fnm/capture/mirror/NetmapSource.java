package io.fnm.capture.mirror;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.mirror.internal.NetmapSys;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import jnr.ffi.LibraryLoader;
import jnr.ffi.mapper.FunctionMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * netmap capture ({@code mirror_netmap}): for each of {@code interfaces} one {@link NetmapPort} registered for all
 * its hardware RX rings, read by one thread {@code fnm-netmap-<interface>} through the shared {@link FrameHandler}
 * (FastNetMon instead opens one ring per thread after a 2 s pause; one thread per port here). netmap gives no
 * per-packet time, so frames are stamped with the engine's clock, as FastNetMon does. {@code netmap_sampling_ratio}
 * is every record's multiplier.
 * <p>
 * The binding is loaded on first use from libc and needs {@code /dev/netmap}; {@code -D}{@value #DISABLE_PROPERTY}
 * {@code =true} switches it off. For the tests only, {@code -D}{@value #STUB_PROPERTY}{@code =DIR} binds the same
 * calls to {@code DIR/libnetmap_stub.so} (functions prefixed {@code netmap_stub_}), which lays out the netmap memory
 * over in-memory frames.
 */
public final class NetmapSource implements CaptureSource
{
    /** System property that switches the netmap binding off. */
    public static final String DISABLE_PROPERTY = "fnm.netmap.disable";
    /** Test hook: a directory holding {@code libnetmap_stub.so} to bind instead of libc. */
    public static final String STUB_PROPERTY = "fnm.netmap.stub";

    private static final String DEVICE = "/dev/netmap";
    private static final int POLL_MILLIS = 100;

    private final NetmapSettings settings;
    private final MirrorCounters counters;
    private final List<NetmapPort> ports = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long errors;
    private boolean started;

    /**
     * @param settings the source's settings.
     */
    public NetmapSource(final NetmapSettings settings)
    {
        this.settings = settings;
        this.counters = new MirrorCounters(name());
    }

    /**
     * @return why netmap cannot be used here, or null.
     */
    static Throwable unavailabilityCause()
    {
        return Native.CAUSE;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return NetmapCaptureSourceProvider.NAME + ":" + String.join(",", settings.interfaces());
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
        if (Native.CAUSE != null)
        {
            throw new IOException("netmap unavailable: " + Native.CAUSE, Native.CAUSE);
        }
        try
        {
            for (final String name : settings.interfaces())
            {
                ports.add(NetmapPort.open(Native.SYS, Native.RUNTIME, DEVICE, name));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            ports.forEach(NetmapPort::close);
            ports.clear();
            throw ex;
        }
        running = true;
        for (final NetmapPort port : ports)
        {
            final String threadName = "fnm-netmap-" + port.name();
            final FrameHandler handler = counters.register(new FrameHandler(context.newSink(threadName),
                settings.parserOptions(), settings.samplingRatio(), settings.lengthFromIpHeader(), 2048));
            final Thread thread = context.threadFactory().newThread(() -> capture(context, port, handler));
            thread.setName(threadName);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void capture(final CaptureContext context, final NetmapPort port, final FrameHandler handler)
    {
        final Clock clock = context.clock();
        try
        {
            while (running)
            {
                try
                {
                    port.readOrWait(handler, TimeUnit.MILLISECONDS.toNanos(clock.epochMillis()), POLL_MILLIS);
                }
                catch (final RuntimeException | VirtualMachineError ex)
                {
                    errors++;
                    MirrorThreads.report(context, ex);
                }
            }
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
            ports.forEach(NetmapPort::close);
            ports.clear();
            threads.clear();
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
     * {@inheritDoc}
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        counters.counters(visitor);
        visitor.counter(AfPacketSource.ERRORS, name(), errors);
    }

    /** Binds the calls on first use; holds why it could not. */
    private static final class Native
    {
        static final NetmapSys SYS;
        static final jnr.ffi.Runtime RUNTIME;
        static final Throwable CAUSE;

        static
        {
            NetmapSys sys = null;
            jnr.ffi.Runtime runtime = null;
            Throwable cause = null;
            try
            {
                if (Boolean.getBoolean(DISABLE_PROPERTY))
                {
                    throw new UnsupportedOperationException("netmap switched off by -D" + DISABLE_PROPERTY);
                }
                final String stub = System.getProperty(STUB_PROPERTY);
                if (stub == null)
                {
                    if (!Files.exists(Path.of(DEVICE)))
                    {
                        throw new UnsupportedOperationException(DEVICE + " is absent (netmap kernel module not " +
                            "loaded; FreeBSD: device netmap)");
                    }
                    sys = LibraryLoader.create(NetmapSys.class).failImmediately().load("c");
                }
                else
                {
                    final FunctionMapper prefixed = (function, context) -> "netmap_stub_" + function;
                    sys = LibraryLoader.create(NetmapSys.class).search(stub).mapper(prefixed).failImmediately()
                        .load("netmap_stub");
                }
                runtime = jnr.ffi.Runtime.getRuntime(sys);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                cause = ex;
                sys = null;
            }
            SYS = sys;
            RUNTIME = runtime;
            CAUSE = cause;
        }

        private Native()
        {
        }
    }
}
