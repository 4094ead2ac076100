package io.fnm.capture.mirror;

import io.fnm.capture.TrafficSink;
import io.fnm.capture.mirror.internal.PfRingLib;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.spi.CaptureContext;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PF_RING capture ({@code mirror}, FastNetMon 1.2.0's switch): one ring opened on {@code interfaces} passed verbatim
 * to {@code pfring_open} (so {@code eth0,eth1}, {@code eth0@1} and {@code zc:eth0} work as in FastNetMon), promiscuous,
 * receive only, application name {@code fnm}, read by one thread {@code fnm-pfring} with zero-copy
 * {@code pfring_recv} (the frame is copied once from the ring into the thread's buffer; a {@code caplen} that is not
 * positive, beyond the 1600-byte snap length or beyond {@code len} is counted under
 * {@value FrameHandler#BAD_CAPTURED_LENGTH} and not read) and
 * {@code pfring_breakloop} on {@link #close}. {@code pfring_sampling_ratio} is every record's multiplier; drops are
 * {@code pfring_stats}' cumulative {@code drop}, read once a second.
 * <p>
 * {@code libpfring} is loaded on first use from the standard library path, or from the directory in the system
 * property {@value #PATH_PROPERTY}; {@code -D}{@value #DISABLE_PROPERTY}{@code =true} switches the binding off.
 */
public final class PfRingSource extends LiveMirrorSource<Pointer>
{
    /** Directory to search for {@code libpfring.so} first. */
    public static final String PATH_PROPERTY = "fnm.pfring.path";
    /** System property that switches the PF_RING binding off. */
    public static final String DISABLE_PROPERTY = "fnm.pfring.disable";

    private static final String THREAD_NAME = "fnm-pfring";
    private static final int SNAP_LENGTH = 1600;
    private static final int HEADER_BYTES = 1024;

    private final PfRingSettings settings;

    /**
     * @param settings the source's settings.
     */
    public PfRingSource(final PfRingSettings settings)
    {
        super(PfRingCaptureSourceProvider.NAME + ":" + settings.device(), "PF_RING",
            PfRingSource::unavailabilityCause);
        this.settings = settings;
    }

    /**
     * @return why PF_RING cannot be used here, or null.
     */
    static Throwable unavailabilityCause()
    {
        return Native.CAUSE;
    }

    @Override
    void open(final List<Pointer> opened) throws IOException
    {
        final PfRingLib lib = Native.LIB;
        final int flags = PfRingLib.PROMISC | PfRingLib.DO_NOT_PARSE;
        final Pointer ring = lib.pfring_open(settings.device(), SNAP_LENGTH, flags);
        if (ring == null || ring.address() == 0)
        {
            throw new IOException("pfring_open(" + settings.device() + ") failed (errno " +
                Native.RUNTIME.getLastError() + "; the pf_ring module loaded? CAP_NET_ADMIN?)");
        }
        lib.pfring_set_application_name(ring, "fnm");
        lib.pfring_set_socket_mode(ring, PfRingLib.RECV_ONLY_MODE);
        if (lib.pfring_enable_ring(ring) != 0)
        {
            lib.pfring_close(ring);
            throw new IOException("pfring_enable_ring(" + settings.device() + ") failed");
        }
        opened.add(ring);
    }

    @Override
    String threadName(final Pointer ring, final int index)
    {
        return THREAD_NAME;
    }

    @Override
    FrameHandler newFrameHandler(final TrafficSink sink)
    {
        return new FrameHandler(sink, settings.parserOptions(), settings.samplingRatio(), false, SNAP_LENGTH);
    }

    @Override
    ChannelReader newReader(final CaptureContext context, final Pointer ring, final FrameHandler handler)
    {
        return new Reader(context, ring, handler);
    }

    @Override
    void wake(final Pointer ring)
    {
        Native.LIB.pfring_breakloop(ring);
    }

    @Override
    void closeChannel(final Pointer ring)
    {
        Native.LIB.pfring_close(ring);
    }

    /** Reads the ring with zero-copy {@code pfring_recv}, into native memory allocated once on the capture thread. */
    private final class Reader extends ChannelReader
    {
        private final Pointer ring;
        private final PfRingLib lib = Native.LIB;
        private final Pointer buffer = Memory.allocateDirect(Native.RUNTIME, 8, true);
        private final Pointer header = Memory.allocateDirect(Native.RUNTIME, HEADER_BYTES, true);
        private final Pointer stats = Memory.allocateDirect(Native.RUNTIME, 64, true);

        Reader(final CaptureContext context, final Pointer ring, final FrameHandler handler)
        {
            super(context, handler);
            this.ring = ring;
        }

        @Override
        void read() throws InterruptedException
        {
            final int result = lib.pfring_recv(ring, buffer, 0, header, (byte)1);
            if (result > 0)
            {
                NativePacketHeader.deliver(handler, header.address(), buffer.getAddress(0),
                    PcapFrame.LINKTYPE_ETHERNET, SNAP_LENGTH);
            }
            else
            {
                handler.flush();
                if (result < 0 && isRunning())
                {
                    caught(new IOException("pfring_recv returned " + result));
                    TimeUnit.MILLISECONDS.sleep(100); // a broken ring must not spin
                }
            }
        }

        @Override
        void readStatistics()
        {
            if (lib.pfring_stats(ring, stats) == 0)
            {
                addDropsSoFar(stats.getLong(8));
            }
        }
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
