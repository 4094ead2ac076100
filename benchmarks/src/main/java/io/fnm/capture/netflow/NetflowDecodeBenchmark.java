package io.fnm.capture.netflow;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
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

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * NetFlow decode and delivery, no sockets: {@link NetflowDecoder#decode} of generator datagrams (templates already
 * learned, as in steady state) into a sink that only folds each record into a checksum. The score is flow records
 * per second (every datagram holds {@value NetflowDatagrams#RECORDS_PER_DATAGRAM}). Run with {@code -prof gc}: the
 * allocation per record must be 0 B.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class NetflowDecodeBenchmark
{
    private static final int RING = 64;

    /** Export format: v5, v9 or ipfix. */
    @Param({"v5", "v9", "ipfix"})
    public String version;

    private final ChecksumSink sink = new ChecksumSink();
    private NetflowDecoder decoder;
    private InetAddress exporter;
    private ByteBuffer[] datagrams;
    private int next;

    /**
     * Write the datagrams and let the decoder learn the templates from a datagram that carries them.
     *
     * @throws Exception when the exporter address cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        decoder = new NetflowDecoder(NetflowSettings.defaults(), new ManualClock(1_700_000_000_000L));
        exporter = InetAddress.getByAddress(new byte[]{(byte)192, 0, 2, 1});
        final ByteBuffer[] withTemplates = NetflowDatagrams.write(version, 1, 1, 1);
        decoder.decode(withTemplates[0], exporter, sink);
        datagrams = NetflowDatagrams.write(version, RING, Integer.MAX_VALUE, 2);
        final long before = decoder.counter(NetflowCounter.RECORDS);
        for (final ByteBuffer datagram : datagrams)
        {
            decoder.decode(datagram, exporter, sink);
        }
        final long records = decoder.counter(NetflowCounter.RECORDS) - before;
        if (records != (long)RING * NetflowDatagrams.RECORDS_PER_DATAGRAM ||
            decoder.counter(NetflowCounter.MALFORMED) != 0)
        {
            throw new IllegalStateException("decoder delivered " + records + " records, " +
                decoder.counter(NetflowCounter.MALFORMED) + " malformed datagrams");
        }
    }

    /**
     * Decode one datagram and deliver its records.
     *
     * @return the sink's checksum, so the work cannot be eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(NetflowDatagrams.RECORDS_PER_DATAGRAM)
    public long decode()
    {
        final int index = next;
        next = (index + 1) & (RING - 1);
        decoder.decode(datagrams[index], exporter, sink);
        return sink.checksum;
    }

    /**
     * The smallest sink that still reads what the engine reads from a record.
     */
    static final class ChecksumSink implements TrafficSink
    {
        long checksum;

        @Override
        public void accept(final TrafficRecord record)
        {
            checksum += record.dstIpv4() ^ record.srcPort() ^ record.protocol() + record.bytes() * record.packets() +
                record.samplingRatio();
        }
    }
}
