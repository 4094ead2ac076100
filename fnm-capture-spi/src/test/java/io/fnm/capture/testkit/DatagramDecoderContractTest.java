package io.fnm.capture.testkit;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.udp.DatagramDecoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The contract every {@link DatagramDecoder} keeps. Each implementation in the project has a subclass that supplies a
 * fresh decoder and a few valid datagrams of its protocol.
 */
public abstract class DatagramDecoderContractTest
{
    /** Arrival time handed to the decoder. */
    protected static final long ARRIVAL_MILLIS = 1_700_000_123_456L;
    private static final int HOSTILE_DATAGRAMS = 20_000;

    private DatagramDecoder decoder;
    private GuardedSink sink;

    /**
     * @return a new decoder with its default settings.
     */
    protected abstract DatagramDecoder newDecoder();

    /**
     * @return datagrams that each decode, on their own and in a fresh decoder, into at least one record (a
     * template-based protocol puts its templates in the same datagram).
     */
    protected abstract List<byte[]> validDatagrams();

    /**
     * @return the exporter's or agent's source address.
     */
    protected InetAddress source()
    {
        return IpAddresses.parseLiteral("192.0.2.1");
    }

    @BeforeEach
    void newDecoderAndSink()
    {
        decoder = newDecoder();
        sink = new GuardedSink();
    }

    @Test
    void shouldDeliverTheRecordsOfAValidDatagramThroughTheSinkDuringTheCall()
    {
        for (final byte[] datagram : validDatagrams())
        {
            final int before = sink.records.size();
            decode(ByteBuffer.wrap(datagram));
            assertThat(sink.records.size()).as("records of a valid datagram").isGreaterThan(before);
        }
        assertThat(sink.outsideCall).as("records delivered outside decode").isZero();
        assertThat(decoder.datagrams()).isEqualTo(validDatagrams().size());
        assertThat(decoder.droppedDatagrams()).isZero();
    }

    @Test
    void shouldNeitherFlushNorCloseTheSink()
    {
        for (final byte[] datagram : validDatagrams())
        {
            decode(ByteBuffer.wrap(datagram));
        }
        assertThat(sink.flushes).isZero();
        assertThat(sink.closes).isZero();
    }

    @Test
    void shouldGiveEveryRecordATime()
    {
        for (final byte[] datagram : validDatagrams())
        {
            decode(ByteBuffer.wrap(datagram));
        }
        assertThat(sink.records).isNotEmpty().allSatisfy(r -> assertThat(r.timestampMillis()).isPositive());
    }

    @Test
    void shouldCountAndDropAnEmptyDatagram()
    {
        decode(ByteBuffer.allocate(0));
        assertThat(sink.records).isEmpty();
        assertThat(decoder.datagrams()).isEqualTo(1);
        assertThat(decoder.droppedDatagrams()).isEqualTo(1);
    }

    @Test
    void shouldCountOrShortenEveryTruncatedDatagram()
    {
        for (final byte[] datagram : validDatagrams())
        {
            final int whole = recordsOf(datagram);
            for (int length = 0; length < datagram.length; length++)
            {
                final DatagramDecoder fresh = newDecoder();
                final GuardedSink prefixSink = new GuardedSink();
                final long dropped = fresh.droppedDatagrams();
                final ByteBuffer prefix = ByteBuffer.wrap(Arrays.copyOf(datagram, length));
                prefixSink.inCall = true;
                fresh.decode(prefix, source(), ARRIVAL_MILLIS, prefixSink);
                prefixSink.inCall = false;
                assertThat(fresh.droppedDatagrams() > dropped || prefixSink.records.size() < whole)
                    .as("a datagram cut to %d of %d bytes is counted as dropped or gives fewer records", length,
                        datagram.length)
                    .isTrue();
            }
        }
    }

    @Test
    void shouldNeverThrowForHostileBytesAndCountEveryDatagram()
    {
        final SplittableRandom random = new SplittableRandom(20_261_202L);
        final List<byte[]> seeds = validDatagrams();
        for (int i = 0; i < HOSTILE_DATAGRAMS; i++)
        {
            final byte[] bytes;
            if (i % 4 == 0)
            {
                bytes = new byte[random.nextInt(1500)];
                random.nextBytes(bytes);
            }
            else
            {
                final byte[] seed = seeds.get(random.nextInt(seeds.size()));
                bytes = Arrays.copyOf(seed, Math.max(0, seed.length + random.nextInt(-8, 9)));
                for (int flips = 1 + random.nextInt(4); flips > 0 && bytes.length > 0; flips--)
                {
                    bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                }
            }
            final int index = i;
            assertThatCode(() -> decode(ByteBuffer.wrap(bytes))).as("datagram %d", index).doesNotThrowAnyException();
        }
        assertThat(decoder.datagrams()).isEqualTo(HOSTILE_DATAGRAMS);
        assertThat(decoder.droppedDatagrams()).isPositive().isLessThanOrEqualTo(HOSTILE_DATAGRAMS);
        assertThat(sink.outsideCall).isZero();
        assertThatCode(() -> decoder.counters((descriptor, label1, label2, value) ->
        {
        })).doesNotThrowAnyException();
    }

    @Test
    void shouldDecodeTheBytesBetweenPositionAndLimitAndLeaveBothUnchanged()
    {
        for (final byte[] datagram : validDatagrams())
        {
            final int whole = recordsOf(datagram);
            final ByteBuffer large = ByteBuffer.allocateDirect(datagram.length + 200);
            for (int i = 0; i < large.capacity(); i++)
            {
                large.put(i, (byte)0xA5);
            }
            large.position(100);
            large.put(datagram);
            large.limit(100 + datagram.length).position(100);
            final int before = sink.records.size();
            decode(large);
            assertThat(sink.records.size() - before).isEqualTo(whole);
            assertThat(large.position()).isEqualTo(100);
            assertThat(large.limit()).isEqualTo(100 + datagram.length);
        }
    }

    @Test
    void shouldReportItsCounters()
    {
        decode(ByteBuffer.wrap(validDatagrams().get(0)));
        final List<String> names = new ArrayList<>();
        decoder.counters((descriptor, label1, label2, value) -> names.add(descriptor.name()));
        assertThat(names).isNotEmpty();
    }

    @Test
    void shouldToleratePeriodicWorkAndCloseWithNothingHeldBack()
    {
        decode(ByteBuffer.wrap(validDatagrams().get(0)));
        final int records = sink.records.size();
        sink.inCall = true;
        assertThat(decoder.onIdle(ARRIVAL_MILLIS, sink)).isNotNegative();
        decoder.close(sink);
        sink.inCall = false;
        assertThat(sink.records).hasSize(records);
    }

    private int recordsOf(final byte[] datagram)
    {
        final DatagramDecoder fresh = newDecoder();
        final GuardedSink counting = new GuardedSink();
        counting.inCall = true;
        fresh.decode(ByteBuffer.wrap(datagram), source(), ARRIVAL_MILLIS, counting);
        return counting.records.size();
    }

    private void decode(final ByteBuffer datagram)
    {
        sink.inCall = true;
        try
        {
            decoder.decode(datagram, source(), ARRIVAL_MILLIS, sink);
        }
        finally
        {
            sink.inCall = false;
        }
    }

    /** Copies records and counts deliveries made while no decoder call is running. */
    private static final class GuardedSink implements TrafficSink
    {
        final List<TrafficRecord> records = new ArrayList<>();
        boolean inCall;
        int outsideCall;
        int flushes;
        int closes;

        @Override
        public void accept(final TrafficRecord record)
        {
            if (!inCall)
            {
                outsideCall++;
            }
            records.add(new TrafficRecord().copyFrom(record));
        }

        @Override
        public void flush()
        {
            flushes++;
        }

        @Override
        public void close()
        {
            closes++;
        }
    }
}
