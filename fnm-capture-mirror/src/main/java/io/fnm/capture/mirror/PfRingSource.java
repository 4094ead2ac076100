package io.fnm.capture.mirror;

import com.kenai.jffi.MemoryIO;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.mirror.internal.PfRingLib;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * PF_RING capture ({@code mirror}, FastNetMon 1.2.0's switch): one ring opened on {@code interfaces} passed verbatim
 * to {@code pfring_open} (so {@code eth0,eth1}, {@code eth0@1} and {@code zc:eth0} work as in FastNetMon), promiscuous,
 * receive only, application name {@code fnm}, read by one thread {@code fnm-pfring} with zero-copy
 * {@code pfring_recv} (the frame is copied once from the ring into the thread's buffer) and
 * {@code pfring_breakloop} on {@link #close}. {@code pfring_sampling_ratio} is every record's multiplier; drops are
 * {@code pfring_stats}' cumulative {@code drop}, read once a second.
 * <p>
 * {@code libpfring} is loaded on first use from the standard library path, or from the directory in the system
 * property {@value #PATH_PROPERTY}; {@code -D}{@value #DISABLE_PROPERTY}{@code =true} switches the binding off.
 */
public final class PfRingSource implements CaptureSource
{
    /** Directory to search for {@code libpfring.so} first. */
    public static final String PATH_PROPERTY = "fnm.pfring.path";
    /** System property that switches the PF_RING binding off. */
    public static final String DISABLE_PROPERTY = "fnm.pfring.disable";

    private static final String THREAD_NAME = "fnm-pfring";
    private static final int SNAP_LENGTH = 1600;
    private static final int HEADER_BYTES = 1024;
    private static final long STATISTICS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PfRingSettings settings;
    private final MirrorCounters counters;
    private volatile boolean running;
    private volatile long errors;
    private Pointer ring;
    private Thread thread;

    /**
     * @param settings the source's settings.
     */
    public PfRingSource(final PfRingSettings settings)
    {
        this.settings = settings;
        this.counters = new MirrorCounters(name());
    }

    /**
     * @return why PF_RING cannot be used here, or null.
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
        return PfRingCaptureSourceProvider.NAME + ":" + settings.device();
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
        if (Native.CAUSE != null)
        {
            throw new IOException("PF_RING unavailable: " + Native.CAUSE, Native.CAUSE);
        }
        final PfRingLib lib = Native.LIB;
        final int flags = PfRingLib.PROMISC | PfRingLib.DO_NOT_PARSE;
        final Pointer opened = lib.pfring_open(settings.device(), SNAP_LENGTH, flags);
        if (opened == null || opened.address() == 0)
        {
            throw new IOException("pfring_open(" + settings.device() + ") failed (errno " +
                Native.RUNTIME.getLastError() + "; the pf_ring module loaded? CAP_NET_ADMIN?)");
        }
        lib.pfring_set_application_name(opened, "fnm");
        lib.pfring_set_socket_mode(opened, PfRingLib.RECV_ONLY_MODE);
        if (lib.pfring_enable_ring(opened) != 0)
        {
            lib.pfring_close(opened);
            throw new IOException("pfring_enable_ring(" + settings.device() + ") failed");
        }
        ring = opened;
        running = true;
        final FrameHandler handler = counters.register(new FrameHandler(context.newSink(THREAD_NAME),
            settings.parserOptions(), settings.samplingRatio(), false, SNAP_LENGTH));
        thread = context.threadFactory().newThread(() -> capture(context, opened, handler));
        thread.setName(THREAD_NAME);
        thread.start();
    }

    private void capture(final CaptureContext context, final Pointer opened, final FrameHandler handler)
    {
        final PfRingLib lib = Native.LIB;
        final Pointer buffer = Memory.allocateDirect(Native.RUNTIME, 8, true);
        final Pointer header = Memory.allocateDirect(Native.RUNTIME, HEADER_BYTES, true);
        final Pointer stats = Memory.allocateDirect(Native.RUNTIME, 64, true);
        final MemoryIO memory = MemoryIO.getInstance();
        long nextStatistics = System.nanoTime() + STATISTICS_NANOS;
        long droppedBefore = 0;
        try
        {
            while (running)
            {
                try
                {
                    final int result = lib.pfring_recv(opened, buffer, 0, header, (byte)1);
                    if (result > 0)
                    {
                        final long seconds = header.getLong(0);
                        final long micros = header.getLong(8);
                        final int captured = header.getInt(16);
                        final int wire = header.getInt(20);
                        if (captured >= 0 && captured <= SNAP_LENGTH)
                        {
                            final byte[] frame = handler.buffer(captured);
                            memory.getByteArray(buffer.getAddress(0), frame, 0, captured);
                            handler.onFrame(seconds * 1_000_000_000L + micros * 1000L, PcapFrame.LINKTYPE_ETHERNET,
                                frame, 0, captured, wire);
                        }
                    }
                    else
                    {
                        handler.flush();
                        if (result < 0 && running)
                        {
                            errors++;
                            MirrorThreads.report(context, new IOException("pfring_recv returned " + result));
                            TimeUnit.MILLISECONDS.sleep(100); // a broken ring must not spin
                        }
                    }
                    final long now = System.nanoTime();
                    if (now - nextStatistics >= 0)
                    {
                        droppedBefore = addDrops(opened, stats, handler, droppedBefore);
                        nextStatistics = now + STATISTICS_NANOS;
                    }
                }
                catch (final RuntimeException | VirtualMachineError ex)
                {
                    errors++;
                    MirrorThreads.report(context, ex);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            addDrops(opened, stats, handler, droppedBefore);
        }
        finally
        {
            handler.close();
        }
    }

    private static long addDrops(final Pointer opened, final Pointer stats, final FrameHandler handler,
        final long before)
    {
        if (Native.LIB.pfring_stats(opened, stats) != 0)
        {
            return before;
        }
        final long dropped = stats.getLong(8);
        handler.addKernelDrops(Math.max(0, dropped - before));
        return Math.max(before, dropped);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        final Thread started;
        final Pointer opened;
        synchronized (this)
        {
            running = false;
            started = thread;
            opened = ring;
            ring = null;
        }
        if (opened != null)
        {
            Native.LIB.pfring_breakloop(opened);
            MirrorThreads.join(started);
            Native.LIB.pfring_close(opened);
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

    /** Loads libpfring on first use; holds why it could not. */
    private static final class Native
    {
        static final PfRingLib LIB;
        static final jnr.ffi.Runtime RUNTIME;
        static final Throwable CAUSE;

        static
        {
            PfRingLib lib = null;
            jnr.ffi.Runtime runtime = null;
            Throwable cause = null;
            try
            {
                if (Boolean.getBoolean(DISABLE_PROPERTY))
                {
                    throw new UnsupportedOperationException("PF_RING switched off by -D" + DISABLE_PROPERTY);
                }
                final LibraryLoader<PfRingLib> loader = LibraryLoader.create(PfRingLib.class).failImmediately();
                final String path = System.getProperty(PATH_PROPERTY);
                if (path != null)
                {
                    loader.search(path);
                }
                lib = loader.load("pfring");
                runtime = jnr.ffi.Runtime.getRuntime(lib);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                cause = ex;
                lib = null;
            }
            LIB = lib;
            RUNTIME = runtime;
            CAUSE = cause;
        }

        private Native()
        {
        }
    }
}
