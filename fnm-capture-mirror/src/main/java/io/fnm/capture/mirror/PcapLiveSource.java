package io.fnm.capture.mirror;

import com.kenai.jffi.MemoryIO;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.mirror.internal.PacketLibC;
import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.mirror.internal.PcapLibC;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libpcap live capture ({@code pcap}): one handle and thread ({@code fnm-pcap-<interface>}) per interface. pcap4j
 * finds the device, opens it (promiscuous, {@code pcap_snaplen}, {@code pcap_buffer_size}, a 100 ms timeout so the
 * thread notices {@link #close}) and compiles and sets the BPF {@code pcap_filter}; the packets are then read with
 * {@code pcap_next_ex} bound by jnr-ffi on that same {@code pcap_t} (pcap4j's read methods allocate per packet), the
 * header read at its address and the bytes copied once into the thread's buffer, without allocating. Drops are
 * libpcap's {@code ps_drop} (cumulative; the difference is counted) read once a second.
 * <p>
 * The binding to pcap4j's handle goes through its private {@code handle} field: pcap4j 1.8.2 is its last release, so
 * the field does not move; if it ever cannot be read, {@link #unavailabilityCause()} says so.
 */
public final class PcapLiveSource implements CaptureSource
{
    /** System property that switches the live pcap binding off. */
    public static final String DISABLE_PROPERTY = "fnm.pcap.disable";

    private static final int TIMEOUT_MILLIS = 100;
    private static final long STATISTICS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long NANOS_PER_MICRO = 1000L;

    private final PcapLiveSettings settings;
    private final MirrorCounters counters;
    private final List<PcapHandle> handles = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long errors;
    private boolean started;

    /**
     * @param settings the source's settings.
     */
    public PcapLiveSource(final PcapLiveSettings settings)
    {
        this.settings = settings;
        this.counters = new MirrorCounters(name());
    }

    /**
     * @return why live pcap capture cannot run here, or null.
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
        return PcapLiveCaptureSourceProvider.NAME + ":" + String.join(",", settings.interfaces());
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
            throw new IOException("pcap unavailable: " + Native.CAUSE, Native.CAUSE);
        }
        final List<Pointer> natives = new ArrayList<>();
        final List<Integer> selectables = new ArrayList<>();
        try
        {
            for (final String name : settings.interfaces())
            {
                final PcapHandle handle = open(name);
                handles.add(handle);
                final Pointer pcap = Pointer.wrap(Native.RUNTIME, com.sun.jna.Pointer.nativeValue(
                    (com.sun.jna.Pointer)Native.HANDLE_FIELD.get(handle)));
                natives.add(pcap);
                selectables.add(nonBlocking(pcap, name));
            }
        }
        catch (final IOException | RuntimeException | IllegalAccessException ex)
        {
            handles.forEach(PcapHandle::close);
            handles.clear();
            throw ex instanceof IOException ? (IOException)ex : new IOException(ex.toString(), ex);
        }
        running = true;
        for (int i = 0; i < handles.size(); i++)
        {
            final PcapHandle handle = handles.get(i);
            final Pointer pcap = natives.get(i);
            final int selectable = selectables.get(i);
            final String threadName = "fnm-pcap-" + settings.interfaces().get(i);
            final int linkType = handle.getDlt().value();
            final FrameHandler handler = counters.register(new FrameHandler(context.newSink(threadName),
                settings.parserOptions(), 1, false, settings.snapLength()));
            final Thread thread = context.threadFactory().newThread(
                () -> capture(context, handle, pcap, selectable, linkType, handler));
            thread.setName(threadName);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private PcapHandle open(final String name) throws IOException
    {
        try
        {
            final PcapNetworkInterface device = Pcaps.getDevByName(name);
            if (device == null)
            {
                throw new IOException("pcap: no device " + name);
            }
            final PcapHandle handle = new PcapHandle.Builder(name).snaplen(settings.snapLength())
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS).timeoutMillis(TIMEOUT_MILLIS)
                .bufferSize(settings.bufferBytes()).build();
            if (!settings.filter().isEmpty())
            {
                try
                {
                    handle.setFilter(settings.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
                }
                catch (final PcapNativeException | NotOpenException ex)
                {
                    handle.close();
                    throw new IOException("pcap_filter '" + settings.filter() + "' on " + name + ": " +
                        ex.getMessage(), ex);
                }
            }
            return handle;
        }
        catch (final PcapNativeException ex)
        {
            throw new IOException("pcap: cannot open " + name + " (needs CAP_NET_RAW): " + ex.getMessage(), ex);
        }
    }

    private static int nonBlocking(final Pointer pcap, final String name) throws IOException
    {
        final Pointer errbuf = Memory.allocateDirect(Native.RUNTIME, 256, true);
        if (Native.LIBC.pcap_setnonblock(pcap, 1, errbuf) != 0)
        {
            throw new IOException("pcap_setnonblock on " + name + ": " + errbuf.getString(0));
        }
        final int fd = Native.LIBC.pcap_get_selectable_fd(pcap);
        if (fd < 0)
        {
            throw new IOException("pcap on " + name + " has no selectable descriptor");
        }
        return fd;
    }

    private void capture(final CaptureContext context, final PcapHandle handle, final Pointer pcap,
        final int selectable, final int linkType, final FrameHandler handler)
    {
        final PacketLibC libc = PacketNative.libc();
        final Pointer pollFd = Memory.allocateDirect(Native.RUNTIME, 8, true);
        pollFd.putInt(0, selectable);
        pollFd.putShort(4, PacketLibC.POLLIN);
        final Pointer headerAddress = Memory.allocateDirect(Native.RUNTIME, 8, true);
        final Pointer dataAddress = Memory.allocateDirect(Native.RUNTIME, 8, true);
        final MemoryIO memory = MemoryIO.getInstance();
        long nextStatistics = System.nanoTime() + STATISTICS_NANOS;
        long droppedBefore = 0;
        try
        {
            while (running)
            {
                try
                {
                    final int result = Native.LIBC.pcap_next_ex(pcap, headerAddress, dataAddress);
                    if (result == 1)
                    {
                        final long header = headerAddress.getAddress(0);
                        final long seconds = memory.getLong(header);
                        final long micros = memory.getLong(header + 8);
                        final int captured = memory.getInt(header + 16);
                        final int wire = memory.getInt(header + 20);
                        if (captured >= 0 && captured <= settings.snapLength())
                        {
                            final byte[] frame = handler.buffer(captured);
                            memory.getByteArray(dataAddress.getAddress(0), frame, 0, captured);
                            handler.onFrame(seconds * 1_000_000_000L + micros * NANOS_PER_MICRO, linkType, frame,
                                0, captured, wire);
                        }
                    }
                    else
                    {
                        handler.flush();
                        if (result == 0)
                        {
                            libc.poll(pollFd, 1, TIMEOUT_MILLIS);
                        }
                        else if (running)
                        {
                            errors++;
                            MirrorThreads.report(context, new IOException("pcap_next_ex on " + name() +
                                " returned " + result));
                            TimeUnit.MILLISECONDS.sleep(TIMEOUT_MILLIS); // a broken handle must not spin
                        }
                    }
                    final long now = System.nanoTime();
                    if (now - nextStatistics >= 0)
                    {
                        droppedBefore = addDrops(handle, handler, droppedBefore);
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
            addDrops(handle, handler, droppedBefore);
        }
        finally
        {
            handler.close();
        }
    }

    private static long addDrops(final PcapHandle handle, final FrameHandler handler, final long before)
    {
        try
        {
            final PcapStat stat = handle.getStats();
            final long dropped = stat.getNumPacketsDropped() + stat.getNumPacketsDroppedByIf();
            handler.addKernelDrops(Math.max(0, dropped - before));
            return Math.max(before, dropped);
        }
        catch (final PcapNativeException | NotOpenException ex)
        {
            return before;
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
            handles.forEach(PcapHandle::close);
            handles.clear();
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

    /** Loads libpcap through pcap4j and jnr-ffi on first use; holds why it could not. */
    private static final class Native
    {
        static final PcapLibC LIBC;
        static final jnr.ffi.Runtime RUNTIME;
        static final Field HANDLE_FIELD;
        static final Throwable CAUSE;

        static
        {
            PcapLibC libc = null;
            jnr.ffi.Runtime runtime = null;
            Field field = null;
            Throwable cause = null;
            try
            {
                if (Boolean.getBoolean(DISABLE_PROPERTY))
                {
                    throw new UnsupportedOperationException("pcap switched off by -D" + DISABLE_PROPERTY);
                }
                Pcaps.libVersion();
                libc = LibraryLoader.create(PcapLibC.class)
                    .load(System.getProperty("org.pcap4j.core.pcapLibName", "pcap"));
                runtime = jnr.ffi.Runtime.getRuntime(libc);
                field = PcapHandle.class.getDeclaredField("handle");
                field.setAccessible(true);
            }
            catch (final RuntimeException | LinkageError | ReflectiveOperationException ex)
            {
                cause = ex;
                libc = null;
            }
            LIBC = libc;
            RUNTIME = runtime;
            HANDLE_FIELD = field;
            CAUSE = cause;
        }

        private Native()
        {
        }
    }
}
