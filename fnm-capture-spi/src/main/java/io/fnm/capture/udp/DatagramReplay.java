package io.fnm.capture.udp;

import io.fnm.capture.ManualClock;
import io.fnm.capture.ReplayTimeline;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.pcap.UdpDatagram;
import io.fnm.capture.pcap.UdpDatagramExtractor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Replays pcap or pcapng captures of UDP flow exports (NetFlow/IPFIX, sFlow, anything with a
 * {@link DatagramDecoder}) on the capture's own time, so the same capture gives the same counts, ticks and bans on
 * every run, on any machine, at any speed.
 * <p>
 * Each UDP datagram goes to the decoder registered for its destination port, stamped with its capture time. Time is a
 * {@link ManualClock} the replay moves forward to each datagram's capture time (never backwards: an out-of-order
 * frame is decoded at the current time). Before a datagram at or past the next tick boundary is decoded, the replay
 * calls each decoder's {@link DatagramDecoder#onIdle}, flushes the sink, sets the clock exactly to the boundary and
 * runs the tick callback (e.g. {@code engine::tick}), for every boundary crossed; boundaries lie every
 * {@code tickInterval} after the clock's time at {@link Builder#build()}. Start the clock at the capture's start
 * ({@link #firstTimestampMillis(List)}), build the engine on it with its tick thread off, and tick it from here.
 * <p>
 * Single-threaded: everything (decoding, the sink, ticks) runs on the caller's thread, which is what makes it
 * deterministic. Frames that are not UDP, datagrams cut short by the capture's snap length and datagrams to ports with
 * no decoder are counted and skipped.
 */
public final class DatagramReplay
{
    private final Map<Integer, DatagramDecoder> decoders;
    private final ManualClock clock;
    private final TrafficSink sink;
    private final ReplayTimeline timeline;
    private final PcapFrame frame = new PcapFrame();
    private final UdpDatagram udp = new UdpDatagram();
    private long frames;
    private long datagrams;
    private long notUdp;
    private long truncated;
    private long unmatched;
    private boolean closed;

    private DatagramReplay(final Builder builder)
    {
        this.decoders = Collections.unmodifiableMap(new TreeMap<>(builder.decoders));
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.sink = Objects.requireNonNull(builder.sink, "sink");
        this.timeline = new ReplayTimeline(clock, builder.tickIntervalMillis, boundary ->
        {
            idleWork(boundary);
            flush();
        }, Objects.requireNonNull(builder.tick, "tick"));
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param files captures, in replay order.
     * @return the capture time of the first UDP datagram, in epoch milliseconds truncated to the second, or -1 when
     * there is none.
     * @throws IOException when a file cannot be read or is corrupt before its first UDP datagram.
     */
    public static long firstTimestampMillis(final List<Path> files) throws IOException
    {
        final PcapFrame frame = new PcapFrame();
        final UdpDatagram udp = new UdpDatagram();
        for (final Path file : files)
        {
            try (PcapFileReader reader = PcapFileReader.open(file))
            {
                while (reader.next(frame))
                {
                    if (UdpDatagramExtractor.extract(frame.linkType(), frame.data(), udp))
                    {
                        final long millis = TimeUnit.NANOSECONDS.toMillis(frame.timestampNanos());
                        return millis - Math.floorMod(millis, 1000L);
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Replay captures, in order, on one continuous timeline. May be called several times (e.g. once per file).
     *
     * @param files pcap or pcapng files.
     * @throws IOException when a file cannot be read or is corrupt (what came before the damage was replayed).
     */
    public void replay(final List<Path> files) throws IOException
    {
        ensureOpen();
        for (final Path file : files)
        {
            try (PcapFileReader reader = PcapFileReader.open(file))
            {
                while (reader.next(frame))
                {
                    frames++;
                    replayFrame();
                }
            }
        }
        flush();
    }

    private void replayFrame()
    {
        final ByteBuffer data = frame.data();
        if (!UdpDatagramExtractor.extract(frame.linkType(), data, udp))
        {
            notUdp++;
            return;
        }
        final long captureMillis = TimeUnit.NANOSECONDS.toMillis(frame.timestampNanos());
        advanceTo(captureMillis);
        if (udp.truncated())
        {
            truncated++;
            return;
        }
        final DatagramDecoder decoder = decoders.get(udp.dstPort());
        if (decoder == null)
        {
            unmatched++;
            return;
        }
        datagrams++;
        data.limit(udp.payloadOffset() + udp.payloadLength()).position(udp.payloadOffset());
        decoder.decode(data, udp.sourceAddress(), clock.epochMillis(), sink);
    }

    /**
     * Move the clock forward to a time, running every tick whose boundary is at or before it (e.g. after the capture,
     * to let bans and attack details complete). Never moves the clock backwards.
     *
     * @param epochMillis the time to reach.
     */
    public void advanceTo(final long epochMillis)
    {
        ensureOpen();
        timeline.advanceTo(epochMillis);
    }

    /**
     * Hand every decoder's held-back records to the sink and flush it; the replay cannot be used afterwards. Runs no
     * tick: advance past the next boundary first to have them counted.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final DatagramDecoder decoder : decoders.values())
        {
            decoder.close(sink);
        }
        flush();
    }

    private void idleWork(final long nowMillis)
    {
        for (final DatagramDecoder decoder : decoders.values())
        {
            decoder.onIdle(nowMillis, sink);
        }
    }

    private void flush()
    {
        sink.flush();
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("replay closed");
        }
    }

    /**
     * @return the distinct decoders, in port order.
     */
    public Collection<DatagramDecoder> decoders()
    {
        final List<DatagramDecoder> distinct = new ArrayList<>();
        for (final DatagramDecoder decoder : decoders.values())
        {
            if (!distinct.contains(decoder))
            {
                distinct.add(decoder);
            }
        }
        return Collections.unmodifiableList(distinct);
    }

    /**
     * @return frames read.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * @return datagrams handed to a decoder.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return frames that held no unfragmented UDP datagram.
     */
    public long notUdp()
    {
        return notUdp;
    }

    /**
     * @return UDP datagrams cut short by the capture's snap length (skipped).
     */
    public long truncated()
    {
        return truncated;
    }

    /**
     * @return UDP datagrams to a port with no decoder (skipped).
     */
    public long unmatched()
    {
        return unmatched;
    }

    /**
     * @return ticks run.
     */
    public long ticks()
    {
        return timeline.ticks();
    }

    /**
     * Builds a {@link DatagramReplay}.
     */
    public static final class Builder
    {
        private final Map<Integer, DatagramDecoder> decoders = new TreeMap<>();
        private ManualClock clock;
        private TrafficSink sink;
        private Runnable tick = () ->
        {
        };
        private long tickIntervalMillis = 1000;

        private Builder()
        {
        }

        /**
         * @param port    a UDP destination port.
         * @param decoder decodes datagrams sent to it (one decoder may serve several ports).
         * @return this builder.
         * @throws IllegalArgumentException when the port already has a decoder or is out of range.
         */
        public Builder decoder(final int port, final DatagramDecoder decoder)
        {
            if (port < 0 || port > 65535)
            {
                throw new IllegalArgumentException("port out of range [0, 65535]: " + port);
            }
            if (decoders.putIfAbsent(port, Objects.requireNonNull(decoder, "decoder")) != null)
            {
                throw new IllegalArgumentException("port " + port + " has two decoders");
            }
            return this;
        }

        /**
         * @param value the clock the replay moves (the engine's); tick boundaries count from its time at build.
         * @return this builder.
         */
        public Builder clock(final ManualClock value)
        {
            clock = value;
            return this;
        }

        /**
         * @param value where every decoder delivers its records.
         * @return this builder.
         */
        public Builder sink(final TrafficSink value)
        {
            sink = value;
            return this;
        }

        /**
         * @param intervalMillis time between ticks on the capture's clock (the engine's
         *                       {@code speed_calculation_delay}), at least 1 ms; 1000 by default.
         * @param callback       run at each tick boundary, with the clock set to the boundary and the sink flushed.
         * @return this builder.
         */
        public Builder tick(final long intervalMillis, final Runnable callback)
        {
            if (intervalMillis < 1)
            {
                throw new IllegalArgumentException("tick interval must be at least 1 ms: " + intervalMillis);
            }
            tickIntervalMillis = intervalMillis;
            tick = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * @return the replay.
         */
        public DatagramReplay build()
        {
            return new DatagramReplay(this);
        }
    }
}
