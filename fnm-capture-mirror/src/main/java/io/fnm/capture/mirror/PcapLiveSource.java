package io.fnm.capture.mirror;

import io.fnm.capture.TrafficSink;
import io.fnm.capture.mirror.internal.PacketLibC;
import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.mirror.internal.PcapLibC;
import io.fnm.capture.spi.CaptureContext;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libpcap live capture ({@code pcap}): one handle and thread ({@code fnm-pcap-<interface>}) per interface. pcap4j
 * finds the device, opens it (promiscuous, {@code pcap_snaplen}, {@code pcap_buffer_size}, a 100 ms timeout so the
 * thread notices {@link #close}) and compiles and sets the BPF {@code pcap_filter}; the packets are then read with
 * {@code pcap_next_ex} bound by jnr-ffi on that same {@code pcap_t} (pcap4j's read methods allocate per packet), the
 * header read at its address ({@link NativePacketHeader}: a {@code caplen} that is not positive, beyond
 * {@code pcap_snapshot} or beyond {@code len} is counted under {@value FrameHandler#BAD_CAPTURED_LENGTH}) and the bytes
 * copied once into the thread's buffer, without allocating. Drops are
 * libpcap's {@code ps_drop} (cumulative; the difference is counted) read once a second.
 * <p>
 * The binding to pcap4j's handle goes through its private {@code handle} field: pcap4j 1.8.2 is its last release, so
 * the field does not move; if it ever cannot be read, {@link #unavailabilityCause()} says so.
 */
public final class PcapLiveSource extends LiveMirrorSource<PcapLiveSource.Channel>
{
    /** System property that switches the live pcap binding off. */
    public static final String DISABLE_PROPERTY = "fnm.pcap.disable";

    private static final int TIMEOUT_MILLIS = 100;

    private final PcapLiveSettings settings;

    /**
     * @param settings the source's settings.
     */
    public PcapLiveSource(final PcapLiveSettings settings)
    {
        super(PcapLiveCaptureSourceProvider.NAME + ":" + String.join(",", settings.interfaces()), "pcap",
            PcapLiveSource::unavailabilityCause);
        this.settings = settings;
    }

    /**
     * @return why live pcap capture cannot run here, or null.
     */
    static Throwable unavailabilityCause()
    {
        return Native.CAUSE;
    }

    @Override
    void open(final List<Channel> opened) throws IOException
    {
        for (final String name : settings.interfaces())
        {
            final PcapHandle handle = open(name);
            try
            {
                final Pointer pcap = Pointer.wrap(Native.RUNTIME, com.sun.jna.Pointer.nativeValue(
                    (com.sun.jna.Pointer)Native.HANDLE_FIELD.get(handle)));
                final int snapshot = Native.LIBC.pcap_snapshot(pcap);
                opened.add(new Channel(name, handle, pcap, nonBlocking(pcap, name), handle.getDlt().value(),
                    snapshot > 0 ? snapshot : settings.snapLength()));
            }
            catch (final IOException | RuntimeException | IllegalAccessException ex)
            {
                handle.close();
                throw ex instanceof IOException io ? io : new IOException(ex.toString(), ex);
            }
        }
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
        catch (final RuntimeException ex)
        {
            throw new IOException(ex.toString(), ex);
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

    @Override
    String threadName(final Channel channel, final int index)
    {
        return "fnm-pcap-" + channel.interfaceName();
    }

    @Override
    FrameHandler newFrameHandler(final TrafficSink sink)
    {
        return new FrameHandler(sink, settings.parserOptions(), 1, false, settings.snapLength());
    }

    @Override
    ChannelReader newReader(final CaptureContext context, final Channel channel, final FrameHandler handler)
    {
        return new Reader(context, channel, handler);
    }

    @Override
    void closeChannel(final Channel channel)
    {
        channel.handle().close();
    }

    /**
     * One opened interface: pcap4j's handle, the {@code pcap_t} under it, its selectable descriptor and link type.
     *
     * @param interfaceName the interface.
     * @param handle        pcap4j's handle, which closes it.
     * @param pcap          the {@code pcap_t} read with {@code pcap_next_ex}.
     * @param selectable    the descriptor polled while nothing is there.
     * @param linkType      the link type of its frames.
     * @param snapLength    the snap length libpcap settled on: a larger {@code caplen} is counted, never read.
     */
    record Channel(String interfaceName, PcapHandle handle, Pointer pcap, int selectable, int linkType,
        int snapLength)
    {
    }

    /** Reads one handle with {@code pcap_next_ex}, into native memory allocated once on the capture thread. */
    private final class Reader extends ChannelReader
    {
        private final Channel channel;
        private final PacketLibC libc = PacketNative.libc();
        private final Pointer pollFd = Memory.allocateDirect(Native.RUNTIME, 8, true);
        private final Pointer headerAddress = Memory.allocateDirect(Native.RUNTIME, 8, true);
        private final Pointer dataAddress = Memory.allocateDirect(Native.RUNTIME, 8, true);

        Reader(final CaptureContext context, final Channel channel, final FrameHandler handler)
        {
            super(context, handler);
            this.channel = channel;
            pollFd.putInt(0, channel.selectable());
            pollFd.putShort(4, PacketLibC.POLLIN);
        }

        @Override
        void read() throws InterruptedException
        {
            final int result = Native.LIBC.pcap_next_ex(channel.pcap(), headerAddress, dataAddress);
            if (result == 1)
            {
                NativePacketHeader.deliver(handler, headerAddress.getAddress(0), dataAddress.getAddress(0),
                    channel.linkType(), channel.snapLength());
            }
            else
            {
                handler.flush();
                if (result == 0)
                {
                    libc.poll(pollFd, 1, TIMEOUT_MILLIS);
                }
                else if (isRunning())
                {
                    caught(new IOException("pcap_next_ex on " + name() + " returned " + result));
                    TimeUnit.MILLISECONDS.sleep(TIMEOUT_MILLIS); // a broken handle must not spin
                }
            }
        }

        @Override
        void readStatistics()
        {
            try
            {
                final PcapStat stat = channel.handle().getStats();
                addDropsSoFar(stat.getNumPacketsDropped() + stat.getNumPacketsDroppedByIf());
            }
            catch (final PcapNativeException | NotOpenException ex)
            {
                // no statistics this time; the next read counts what was missed
            }
        }
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
