package io.fnm.capture.sflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.sflow.generator.SflowDatagramWriter;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * sFlow decode and deliver: flow samples per second through {@link SflowDecoder} (datagram walk, raw header parse,
 * record fill) into a sink that only sums a field, from datagrams built by the project's generator
 * ({@link SflowDatagramWriter}: Ethernet/IPv4 headers, 60 % TCP, 30 % UDP, 10 % ICMP). Each invocation decodes
 * {@value #SAMPLES} samples, packed {@code samples} per datagram, so the score is samples/s. Run with
 * {@code -prof gc}: the allocation per sample must be 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SflowDecodeBenchmark
{
    /** Samples decoded per invocation: a multiple of every {@link #samples} value. */
    public static final int SAMPLES = 840;

    /** Flow samples per datagram. */
    @Param({"1", "5", "10"})
    public int samples;

    private final SumSink sink = new SumSink();
    private SflowDecoder decoder;
    private ByteBuffer datagrams;
    private int[] offsets;
    private int[] lengths;

    /**
     * Build {@value #SAMPLES} samples' worth of datagrams, back to back in one direct buffer.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int count = SAMPLES / samples;
        offsets = new int[count];
        lengths = new int[count];
        datagrams = ByteBuffer.allocateDirect(count * (28 + samples * SflowDatagramWriter.MAX_SAMPLE_BYTES))
            .order(ByteOrder.BIG_ENDIAN);
        final SflowDatagramWriter writer = new SflowDatagramWriter(0xC0000201).samplingRate(1000);
        final SplittableRandom random = new SplittableRandom(7);
        final TrafficRecord record = new TrafficRecord();
        for (int d = 0; d < count; d++)
        {
            offsets[d] = datagrams.position();
            writer.begin(datagrams);
            for (int s = 0; s < samples; s++)
            {
                final int kind = random.nextInt(10);
                record.reset()
                    .ipv4(0xC6336400 | random.nextInt(256), 0x0A000000 | random.nextInt(1 << 16))
                    .protocol(kind < 6 ? TrafficRecord.PROTOCOL_TCP : kind < 9 ? TrafficRecord.PROTOCOL_UDP :
                        TrafficRecord.PROTOCOL_ICMP)
                    .ports(1024 + random.nextInt(60000), 443)
                    .tcpFlags(TrafficRecord.TCP_SYN)
                    .bytes(64 + random.nextInt(1400))
                    .interfaces(1, 2);
                if (!writer.addFlowSample(record))
                {
                    throw new IllegalStateException("sample does not fit");
                }
            }
            lengths[d] = writer.finish();
        }
        decoder = new SflowDecoder(ParserOptions.DEFAULTS, false);
        final long before = sink.records;
        decode();
        if (sink.records - before != SAMPLES)
        {
            throw new IllegalStateException("decoded " + (sink.records - before) + " of " + SAMPLES + " samples");
        }
    }

    /**
     * Decode {@value #SAMPLES} samples.
     *
     * @return the sink's running sum, so nothing can be eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long decode()
    {
        final ByteBuffer buffer = datagrams;
        final int[] at = offsets;
        final int[] length = lengths;
        for (int i = 0; i < at.length; i++)
        {
            decoder.decode(buffer, at[i], length[i], sink);
            sink.flush();
        }
        return sink.bytes;
    }

    /**
     * The least a sink can do: count and sum, so the decoder's work is observable.
     */
    static final class SumSink implements TrafficSink
    {
        long records;
        long bytes;

        @Override
        public void accept(final TrafficRecord record)
        {
            records++;
            bytes += record.bytes() + record.dstIpv4() + record.dstPort();
        }
    }
}
