package io.fnm.capture.mirror;

import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Mirrored frames from memory through one capture thread's {@link FrameHandler} (header parser, reused record with the
 * frame attached) into the engine's counting partitions: the per-core cost of every mirror backend once a frame is
 * out of its ring. 65 536 distinct Ethernet frames (UDP and TCP SYN from random remote hosts to 4 096 local hosts,
 * IPv4 or IPv6, optionally 802.1Q tagged) laid out in one array, as a ring's copy would be. Run with {@code -prof gc}:
 * the allocation per frame must be 0.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MirrorFrameBenchmark
{
    /** Frames per benchmark invocation. */
    public static final int BATCH = 1024;
    private static final int FRAMES = 65_536;
    private static final int SLOT = 128;

    /** IP version of the frames. */
    @Param({"4", "6"})
    public int ipVersion;

    /** Whether the frames carry an 802.1Q tag. */
    @Param({"false", "true"})
    public boolean vlan;

    private DetectionEngine engine;
    private FrameHandler handler;
    private TrafficSink sink;
    private byte[] frames;
    private int[] lengths;
    private int next;

    /**
     * Build an engine driven by hand and the frames.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("2001:db8::/32")))
            .build();
        engine = DetectionEngine.builder(config).discoverProviders(false).tickThread(false).build();
        engine.start();
        sink = engine.newSink("benchmark");
        handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        frames = new byte[FRAMES * SLOT];
        lengths = new int[FRAMES];
        final SplittableRandom random = new SplittableRandom(7);
        final ByteBuffer out = ByteBuffer.wrap(frames);
        for (int i = 0; i < FRAMES; i++)
        {
            out.position(i * SLOT);
            lengths[i] = writeFrame(out, random, i % 4096);
        }
    }

    private int writeFrame(final ByteBuffer out, final SplittableRandom random, final int host)
    {
        final int start = out.position();
        out.putInt(0x02000000).putShort((short)0x0002).putInt(0x02000000).putShort((short)0x0001);
        if (vlan)
        {
            out.putShort((short)0x8100).putShort((short)(1 + random.nextInt(4094)));
        }
        final boolean tcp = random.nextBoolean();
        final int l4 = tcp ? 20 : 8 + 18;
        if (ipVersion == 4)
        {
            out.putShort((short)0x0800).put((byte)0x45).put((byte)0).putShort((short)(20 + l4)).putInt(0)
                .put((byte)64).put((byte)(tcp ? 6 : 17)).putShort((short)0)
                .putInt(0xC0000000 | random.nextInt(1 << 24)).putInt(0x0A000000 + host);
        }
        else
        {
            out.putShort((short)0x86DD).putInt(0x60000000).putShort((short)l4).put((byte)(tcp ? 6 : 17))
                .put((byte)64).putLong(0x20010db9ffff0000L).putLong(random.nextLong())
                .putLong(0x20010db800000000L).putLong(host);
        }
        out.putShort((short)(1024 + random.nextInt(60000))).putShort((short)80);
        if (tcp)
        {
            out.putInt(1).putInt(0).putShort((short)0x5002).putShort((short)0xFFFF).putInt(0);
        }
        else
        {
            out.putShort((short)(8 + 18)).putShort((short)0).put(new byte[18]);
        }
        return out.position() - start;
    }

    /**
     * Close the engine.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
    }

    /**
     * Let a tick merge and clear the counts, as the tick thread would every second.
     */
    @TearDown(Level.Iteration)
    public void tick()
    {
        sink.flush();
        engine.tick();
    }

    /**
     * One batch of frames through the frame path into the engine.
     *
     * @return records delivered, so the work cannot be optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long frames()
    {
        final byte[] all = frames;
        final int[] length = lengths;
        int index = next;
        long delivered = 0;
        for (int i = 0; i < BATCH; i++)
        {
            if (handler.onFrame(1_700_000_000_000_000_000L, PcapFrame.LINKTYPE_ETHERNET, all, index * SLOT,
                length[index], length[index]))
            {
                delivered++;
            }
            index = (index + 1) & (FRAMES - 1);
        }
        next = index;
        return delivered;
    }
}
