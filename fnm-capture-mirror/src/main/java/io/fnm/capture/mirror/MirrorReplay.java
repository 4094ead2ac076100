package io.fnm.capture.mirror;

import io.fnm.capture.ManualClock;
import io.fnm.capture.ReplayTimeline;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Replays pcap or pcapng captures of mirrored traffic on the captures' own time: the deterministic path behind
 * {@code fnm.jar replay}, and the one to use for forensics ("what would have been banned").
 * <p>
 * Each frame goes through the shared {@link FrameHandler} into the sink, stamped with its capture time; a
 * {@link ReplayTimeline} moves the engine's {@link ManualClock} to each frame's time and runs the engine's tick at
 * every boundary crossed (the sink flushed first). Everything runs on the caller's thread, as fast as the files can
 * be read, so the same captures give the same counts, ticks and bans on every run. Start the clock at
 * {@link #firstTimestampMillis(List)} and build the engine on it with its tick thread off.
 */
public final class MirrorReplay
{
    private final ReplayTimeline timeline;
    private final FrameHandler handler;
    private final PcapFrame frame = new PcapFrame();
    private final MirrorCounters counters = new MirrorCounters("pcap_file");

    private MirrorReplay(final Builder builder)
    {
        final TrafficSink sink = Objects.requireNonNull(builder.sink, "sink");
        this.handler = counters.register(new FrameHandler(sink, builder.options, builder.samplingRatio,
            builder.lengthFromIpHeader, 2048));
        this.timeline = new ReplayTimeline(Objects.requireNonNull(builder.clock, "clock"), builder.tickIntervalMillis,
            boundary -> sink.flush(), builder.tick);
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
     * @return the capture time of the first frame, epoch milliseconds truncated to the second, or -1 when the files
     * hold no frame.
     * @throws IOException when a file cannot be read or is corrupt before its first frame.
     */
    public static long firstTimestampMillis(final List<Path> files) throws IOException
    {
        final PcapFrame first = new PcapFrame();
        for (final Path file : files)
        {
            try (PcapFileReader reader = PcapFileReader.open(file))
            {
                if (reader.next(first))
                {
                    final long millis = TimeUnit.NANOSECONDS.toMillis(first.timestampNanos());
                    return millis - Math.floorMod(millis, 1000L);
                }
            }
        }
        return -1;
    }

    /**
     * Replay captures, in order, on one continuous timeline. May be called several times.
     *
     * @param files pcap or pcapng files.
     * @throws IOException when a file cannot be read or is corrupt (what came before the damage was replayed).
     */
    public void replay(final List<Path> files) throws IOException
    {
        for (final Path file : files)
        {
            try (PcapFileReader reader = PcapFileReader.open(file))
            {
                while (reader.next(frame))
                {
                    replayFrame(frame);
                }
            }
        }
        handler.flush();
    }

    /**
     * Replay one frame (also for frames from memory, e.g. a benchmark).
     *
     * @param next the frame.
     */
    public void replayFrame(final PcapFrame next)
    {
        timeline.advanceTo(TimeUnit.NANOSECONDS.toMillis(next.timestampNanos()));
        final ByteBuffer data = next.data();
        handler.onFrame(next.timestampNanos(), next.linkType(), data.array(), data.arrayOffset(),
            next.capturedLength(), next.originalLength());
    }

    /**
     * Move the clock forward without traffic (e.g. after the capture, to let bans and attack details complete).
     *
     * @param epochMillis the time to reach.
     */
    public void advanceTo(final long epochMillis)
    {
        timeline.advanceTo(epochMillis);
        handler.flush();
    }

    /**
     * @return the replay's counters (frames, bytes, records, frames not counted by reason).
     */
    public MirrorCounters counters()
    {
        return counters;
    }

    /**
     * @return ticks run.
     */
    public long ticks()
    {
        return timeline.ticks();
    }

    /**
     * Builds a {@link MirrorReplay}.
     */
    public static final class Builder
    {
        private ManualClock clock;
        private TrafficSink sink;
        private Runnable tick = () ->
        {
        };
        private long tickIntervalMillis = 1000;
        private ParserOptions options = ParserOptions.DEFAULTS;
        private long samplingRatio = 1;
        private boolean lengthFromIpHeader;

        private Builder()
        {
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
         * @param value where the records go.
         * @return this builder.
         */
        public Builder sink(final TrafficSink value)
        {
            sink = value;
            return this;
        }

        /**
         * @param intervalMillis time between ticks on the capture's clock, at least 1 ms; 1000 by default.
         * @param callback       run at each boundary, with the clock set to it and the sink flushed.
         * @return this builder.
         */
        public Builder tick(final long intervalMillis, final Runnable callback)
        {
            tickIntervalMillis = intervalMillis;
            tick = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * @param value which encapsulations the parser looks through.
         * @return this builder.
         */
        public Builder parserOptions(final ParserOptions value)
        {
            options = Objects.requireNonNull(value, "options");
            return this;
        }

        /**
         * @param value the multiplier each record carries (1 by default).
         * @return this builder.
         */
        public Builder samplingRatio(final long value)
        {
            samplingRatio = value;
            return this;
        }

        /**
         * @param value count the IP total length instead of the frame length.
         * @return this builder.
         */
        public Builder lengthFromIpHeader(final boolean value)
        {
            lengthFromIpHeader = value;
            return this;
        }

        /**
         * @return the replay.
         */
        public MirrorReplay build()
        {
            return new MirrorReplay(this);
        }
    }
}
