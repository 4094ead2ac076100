package io.fnm.capture.mirror;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code fnm.jar replay} of mirrored traffic as fast as possible: a 200 000-frame pcap (10 s of capture, IPv4 UDP
 * and TCP to 4 096 local hosts) read from the page cache, parsed, counted by the engine with a tick per captured
 * second ({@link MirrorReplay}). Frames per second of one core, file reading included.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MirrorReplayBenchmark
{
    /** Frames in the capture. */
    public static final int FRAMES = 200_000;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;

    private Path capture;

    /**
     * Write the capture.
     *
     * @throws IOException when it cannot be written.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        capture = Files.createTempFile("fnm-replay-benchmark", ".pcap");
        final SplittableRandom random = new SplittableRandom(7);
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer frame = ByteBuffer.allocate(64);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(capture), 1 << 16))
        {
            header.putInt(0xA1B23C4D).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(262144)
                .putInt(PcapFrame.LINKTYPE_ETHERNET);
            out.write(header.array(), 0, 24);
            for (int i = 0; i < FRAMES; i++)
            {
                final long nanos = START_NANOS + i * 50_000L;
                frame.clear();
                frame.putInt(0x02000000).putShort((short)0x0002).putInt(0x02000000).putShort((short)0x0001)
                    .putShort((short)0x0800).put((byte)0x45).put((byte)0).putShort((short)46).putInt(0)
                    .put((byte)64).put((byte)17).putShort((short)0)
                    .putInt(0xC0000000 | random.nextInt(1 << 24)).putInt(0x0A000000 + random.nextInt(4096))
                    .putShort((short)(1024 + random.nextInt(60000))).putShort((short)53).putShort((short)26)
                    .putShort((short)0).put(new byte[18]);
                header.clear();
                header.putInt((int)(nanos / 1_000_000_000L)).putInt((int)(nanos % 1_000_000_000L))
                    .putInt(frame.position()).putInt(frame.position());
                out.write(header.array(), 0, 16);
                out.write(frame.array(), 0, frame.position());
            }
        }
    }

    /**
     * Delete the capture.
     *
     * @throws IOException when it cannot be deleted.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        Files.deleteIfExists(capture);
    }

    /**
     * Replay the whole capture into a fresh engine.
     *
     * @return ticks run.
     * @throws IOException when the capture cannot be read.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long replay() throws IOException
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8"))).build();
        final ManualClock clock = new ManualClock(START_NANOS / 1_000_000L);
        try (DetectionEngine engine = DetectionEngine.builder(config).clock(clock).discoverProviders(false)
            .tickThread(false).build())
        {
            engine.start();
            final TrafficSink sink = engine.newSink("replay");
            final MirrorReplay replay = MirrorReplay.builder().clock(clock).sink(sink).tick(1000, engine::tick)
                .build();
            replay.replay(List.of(capture));
            return replay.ticks();
        }
    }
}
