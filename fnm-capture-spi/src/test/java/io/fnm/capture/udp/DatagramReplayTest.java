package io.fnm.capture.udp;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.testkit.UdpPcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DatagramReplayTest
{
    private static final long START_MILLIS = 1_700_000_000_000L;
    private static final int EXPORTER = IpAddresses.parseIpv4("192.0.2.9");
    private static final int COLLECTOR = IpAddresses.parseIpv4("192.0.2.1");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START_MILLIS);
    private final List<String> events = new ArrayList<>();
    private final TrafficSink sink = new TrafficSink()
    {
        @Override
        public void accept(final TrafficRecord record)
        {
            events.add("record " + record.timestampMillis());
        }

        @Override
        public void flush()
        {
            events.add("flush");
        }
    };

    private Path capture(final long... offsetsMillis) throws IOException
    {
        final Path file = dir.resolve("capture.pcap");
        try (UdpPcapWriter writer = new UdpPcapWriter(file))
        {
            for (final long offset : offsetsMillis)
            {
                final int port = offset < 0 ? 9999 : 2055;
                writer.write(TimeUnit.MILLISECONDS.toNanos(START_MILLIS + Math.abs(offset)) + 123, EXPORTER, 40000,
                    COLLECTOR, port, ByteBuffer.wrap(new byte[]{1, 2, 3}));
            }
        }
        return file;
    }

    private DatagramReplay replay(final RecordingDecoder decoder)
    {
        return DatagramReplay.builder()
            .decoder(2055, decoder)
            .clock(clock)
            .sink(sink)
            .tick(1000, () -> events.add("tick " + (clock.epochMillis() - START_MILLIS)))
            .build();
    }

    @Test
    void shouldTickOnEveryBoundaryCrossedWithTheClockOnItAndTheSinkFlushedFirst() throws IOException
    {
        final DatagramReplay replay = replay(new RecordingDecoder(clock));
        replay.replay(List.of(capture(200, 700, 1300, 3500)));
        assertThat(events).containsExactly(
            "record " + (START_MILLIS + 200), "record " + (START_MILLIS + 700),
            "flush", "tick 1000",
            "record " + (START_MILLIS + 1300),
            "flush", "tick 2000", "flush", "tick 3000",
            "record " + (START_MILLIS + 3500),
            "flush");
        assertThat(replay.ticks()).isEqualTo(3);
        assertThat(clock.epochMillis()).isEqualTo(START_MILLIS + 3500);
    }

    @Test
    void shouldTickThroughTheTimeAdvancedToAfterTheCaptureAndHandHeldRecordsOverOnClose() throws IOException
    {
        final RecordingDecoder decoder = new RecordingDecoder(clock);
        final DatagramReplay replay = replay(decoder);
        replay.replay(List.of(capture(100)));
        events.clear();
        replay.advanceTo(START_MILLIS + 2000);
        replay.close();
        assertThat(events).containsExactly("flush", "tick 1000", "flush", "tick 2000", "record 0", "flush");
        assertThat(decoder.idleCalls).containsExactly(START_MILLIS + 1000, START_MILLIS + 2000);
    }

    @Test
    void shouldHandTheDecoderTheCaptureTimeAndTheExporterAddress() throws IOException
    {
        final RecordingDecoder decoder = new RecordingDecoder(clock);
        replay(decoder).replay(List.of(capture(250)));
        assertThat(decoder.arrivals).containsExactly(START_MILLIS + 250);
        assertThat(decoder.clockAtDecode).containsExactly(START_MILLIS + 250);
        assertThat(decoder.sources).containsExactly(IpAddresses.toInetAddress(EXPORTER));
        assertThat(decoder.lengths).containsExactly(3);
    }

    @Test
    void shouldNeverMoveTheClockBackwardsForAnOutOfOrderFrame() throws IOException
    {
        final RecordingDecoder decoder = new RecordingDecoder(clock);
        replay(decoder).replay(List.of(capture(600, 400)));
        assertThat(decoder.clockAtDecode).containsExactly(START_MILLIS + 600, START_MILLIS + 600);
    }

    @Test
    void shouldCountAndSkipDatagramsToAPortWithoutDecoder() throws IOException
    {
        final RecordingDecoder decoder = new RecordingDecoder(clock);
        final DatagramReplay replay = replay(decoder);
        replay.replay(List.of(capture(100, -200, 300)));
        assertThat(replay.frames()).isEqualTo(3);
        assertThat(replay.datagrams()).isEqualTo(2);
        assertThat(replay.unmatched()).isEqualTo(1);
        assertThat(decoder.arrivals).hasSize(2);
    }

    @Test
    void shouldFindTheCapturesFirstSecond() throws IOException
    {
        assertThat(DatagramReplay.firstTimestampMillis(List.of(capture(1750, 2500)))).isEqualTo(START_MILLIS + 1000);
    }

    /** Delivers one record per datagram stamped with its arrival; holds one record back for close. */
    private static final class RecordingDecoder implements DatagramDecoder
    {
        final ManualClock clock;
        final List<Long> arrivals = new ArrayList<>();
        final List<Long> clockAtDecode = new ArrayList<>();
        final List<InetAddress> sources = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final List<Long> idleCalls = new ArrayList<>();
        final TrafficRecord record = new TrafficRecord();

        RecordingDecoder(final ManualClock clock)
        {
            this.clock = clock;
        }

        @Override
        public void decode(final ByteBuffer datagram, final InetAddress source, final long arrivalMillis,
            final TrafficSink sink)
        {
            arrivals.add(arrivalMillis);
            clockAtDecode.add(clock.epochMillis());
            sources.add(source);
            lengths.add(datagram.remaining());
            sink.accept(record.reset().timestampMillis(arrivalMillis));
        }

        @Override
        public int onIdle(final long nowMillis, final TrafficSink sink)
        {
            idleCalls.add(nowMillis);
            return 0;
        }

        @Override
        public void close(final TrafficSink sink)
        {
            sink.accept(record.reset());
        }

        @Override
        public long datagrams()
        {
            return arrivals.size();
        }

        @Override
        public long droppedDatagrams()
        {
            return 0;
        }

        @Override
        public void counters(final CounterVisitor visitor)
        {
        }
    }
}
