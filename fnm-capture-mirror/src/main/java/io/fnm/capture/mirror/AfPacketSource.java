package io.fnm.capture.mirror;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;

import java.io.IOException;
import java.util.List;
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
public final class AfPacketSource extends LiveMirrorSource<AfPacketRing>
{
    /** Blocks whose layout was inconsistent, per source. */
    public static final CounterDescriptor CORRUPT_BLOCKS = CounterDescriptor.counter(
        "mirror_afpacket_corrupt_blocks_total", "blocks", "AF_PACKET ring blocks whose layout was inconsistent",
        "source");
    /** Unexpected errors caught in the capture loops, per source (every live mirror source reports it). */
    public static final CounterDescriptor ERRORS = CAPTURE_ERRORS;

    static final int POLL_MILLIS = 100;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final AfPacketSettings settings;
    private final int sequence = SEQUENCE.getAndIncrement();

    /**
     * @param settings the source's settings.
     */
    public AfPacketSource(final AfPacketSettings settings)
    {
        // no binding check before opening: PacketNative.libc() refuses as the first ring opens, naming the cause
        super(AfPacketCaptureSourceProvider.NAME + ":" + String.join(",", settings.interfaces()));
        this.settings = settings;
    }

    @Override
    void open(final List<AfPacketRing> opened) throws IOException
    {
        for (final String name : settings.interfaces())
        {
            final int group = fanoutGroup(name);
            for (int i = 0; i < settings.threads(); i++)
            {
                opened.add(AfPacketRing.open(name, settings, group));
            }
        }
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

    @Override
    String threadName(final AfPacketRing ring, final int index)
    {
        return "fnm-afpacket-" + ring.interfaceName() + "-" + index % settings.threads();
    }

    @Override
    FrameHandler newFrameHandler(final TrafficSink sink)
    {
        return new FrameHandler(sink, settings.parserOptions(), settings.samplingRatio(),
            settings.lengthFromIpHeader(), 2048);
    }

    @Override
    ChannelReader newReader(final CaptureContext context, final AfPacketRing ring, final FrameHandler handler)
    {
        return new ChannelReader(context, handler)
        {
            @Override
            void read()
            {
                ring.readOrWait(handler, POLL_MILLIS);
            }

            @Override
            void readStatistics()
            {
                ring.readStatistics(handler);
            }
        };
    }

    @Override
    void closeChannel(final AfPacketRing ring)
    {
        ring.close();
    }

    @Override
    void channelCounters(final CounterVisitor visitor)
    {
        visitor.counter(CORRUPT_BLOCKS, name(), sumOverChannels(AfPacketRing::corruptBlocks));
    }
}
