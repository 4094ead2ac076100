package io.fnm.capture.mirror;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.mirror.internal.NetmapSys;
import io.fnm.capture.spi.CaptureContext;
import jnr.ffi.LibraryLoader;
import jnr.ffi.mapper.FunctionMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
public final class NetmapSource extends LiveMirrorSource<NetmapPort>
{
    /** Ring headers and slots whose buffer lay outside netmap's memory, per source. */
    public static final CounterDescriptor CORRUPT = CounterDescriptor.counter("mirror_netmap_corrupt_total",
        "slots", "netmap rings and slots whose offsets lay outside the shared memory", "source");
    /** System property that switches the netmap binding off. */
    public static final String DISABLE_PROPERTY = "fnm.netmap.disable";
    /** Test hook: a directory holding {@code libnetmap_stub.so} to bind instead of libc. */
    public static final String STUB_PROPERTY = "fnm.netmap.stub";

    private static final String DEVICE = "/dev/netmap";
    private static final int POLL_MILLIS = 100;

    private final NetmapSettings settings;

    /**
     * @param settings the source's settings.
     */
    public NetmapSource(final NetmapSettings settings)
    {
        super(NetmapCaptureSourceProvider.NAME + ":" + String.join(",", settings.interfaces()), "netmap",
            NetmapSource::unavailabilityCause);
        this.settings = settings;
    }

    /**
     * @return why netmap cannot be used here, or null.
     */
    static Throwable unavailabilityCause()
    {
        return Native.CAUSE;
    }

    @Override
    void open(final List<NetmapPort> opened) throws IOException
    {
        for (final String name : settings.interfaces())
        {
            opened.add(NetmapPort.open(Native.SYS, Native.RUNTIME, DEVICE, name));
        }
    }

    @Override
    String threadName(final NetmapPort port, final int index)
    {
        return "fnm-netmap-" + port.name();
    }

    @Override
    FrameHandler newFrameHandler(final TrafficSink sink)
    {
        return new FrameHandler(sink, settings.parserOptions(), settings.samplingRatio(),
            settings.lengthFromIpHeader(), 2048);
    }

    @Override
    ChannelReader newReader(final CaptureContext context, final NetmapPort port, final FrameHandler handler)
    {
        final Clock clock = context.clock();
        return new ChannelReader(context, handler)
        {
            @Override
            void read()
            {
                port.readOrWait(handler, TimeUnit.MILLISECONDS.toNanos(clock.epochMillis()), POLL_MILLIS);
            }
        };
    }

    @Override
    void closeChannel(final NetmapPort port)
    {
        port.close();
    }

    @Override
    void channelCounters(final CounterVisitor visitor)
    {
        visitor.counter(CORRUPT, name(), sumOverChannels(NetmapPort::corrupt));
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
