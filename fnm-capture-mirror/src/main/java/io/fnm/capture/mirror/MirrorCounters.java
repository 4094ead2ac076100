package io.fnm.capture.mirror;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.packet.ParseResult;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operational counters of one mirror source, summed over its capture threads' {@link FrameHandler}s: frames and
 * wire bytes seen, records delivered, frames the kernel dropped, and frames not counted by reason (the parser's
 * {@link ParseResult} labels plus {@value FrameHandler#UNSUPPORTED_LINK_TYPE} and
 * {@value FrameHandler#BAD_CAPTURED_LENGTH}). Every series carries the source's
 * name, so that two mirror sources, or a mirror source and the sFlow collector, never emit the same series.
 */
public final class MirrorCounters
{
    /** Frames handed to the parser, per source. */
    public static final CounterDescriptor FRAMES = CounterDescriptor.counter("mirror_frames_total", "frames",
        "Frames captured by a mirror source", "source");
    /** Wire bytes of those frames, per source. */
    public static final CounterDescriptor BYTES = CounterDescriptor.counter("mirror_bytes_total", "bytes",
        "Wire bytes of the frames captured by a mirror source", "source");
    /** Records delivered to the engine, per source. */
    public static final CounterDescriptor RECORDS = CounterDescriptor.counter("mirror_records_total", "records",
        "Records a mirror source delivered to the engine", "source");
    /** Frames dropped by the kernel or capture library before the source read them, per source. */
    public static final CounterDescriptor KERNEL_DROPS = CounterDescriptor.counter("mirror_kernel_drops_total",
        "frames", "Frames the kernel or capture library dropped before a mirror source read them", "source");
    /** Frames that gave no record, per source and reason. */
    public static final CounterDescriptor UNPARSED = CounterDescriptor.counter("mirror_frames_unparsed_total",
        "frames", "Frames a mirror source could not count, by reason", "source", "reason");

    private static final ParseResult[] RESULTS = ParseResult.values();

    private final String source;
    private final List<FrameHandler> handlers = new CopyOnWriteArrayList<>();
    private long retiredDrops;

    /**
     * @param source the source's name, the {@code source} label.
     */
    public MirrorCounters(final String source)
    {
        this.source = source;
    }

    /**
     * Count a capture thread's handler in (call once, when the thread starts).
     *
     * @param handler the thread's handler.
     * @return the handler.
     */
    public FrameHandler register(final FrameHandler handler)
    {
        handlers.add(handler);
        return handler;
    }

    /**
     * Add kernel drops learnt outside any capture thread (e.g. a last statistics read at close).
     *
     * @param count frames dropped.
     */
    public synchronized void addKernelDrops(final long count)
    {
        retiredDrops += count;
    }

    /**
     * @return frames captured, over every thread.
     */
    public long frames()
    {
        long total = 0;
        for (final FrameHandler handler : handlers)
        {
            total += handler.frames;
        }
        return total;
    }

    /**
     * @return frames captured by each thread, in the order the threads registered.
     */
    public long[] framesPerThread()
    {
        return handlers.stream().mapToLong(FrameHandler::frames).toArray();
    }

    /**
     * @return records delivered, over every thread.
     */
    public long records()
    {
        long total = 0;
        for (final FrameHandler handler : handlers)
        {
            total += handler.delivered;
        }
        return total;
    }

    /**
     * @return frames dropped by the kernel, over every thread.
     */
    public synchronized long kernelDrops()
    {
        long total = retiredDrops;
        for (final FrameHandler handler : handlers)
        {
            total += handler.kernelDrops;
        }
        return total;
    }

    /**
     * @param reason a {@link ParseResult} label, {@value FrameHandler#UNSUPPORTED_LINK_TYPE} or
     *               {@value FrameHandler#BAD_CAPTURED_LENGTH}.
     * @return frames not counted for that reason, over every thread.
     */
    public long unparsed(final String reason)
    {
        long total = 0;
        for (final FrameHandler handler : handlers)
        {
            if (FrameHandler.UNSUPPORTED_LINK_TYPE.equals(reason))
            {
                total += handler.unsupportedLinkType;
            }
            else if (FrameHandler.BAD_CAPTURED_LENGTH.equals(reason))
            {
                total += handler.badCapturedLength;
            }
            else
            {
                for (final ParseResult result : RESULTS)
                {
                    if (result != ParseResult.OK && result.label().equals(reason))
                    {
                        total += handler.parser().counts().resultCount(result);
                    }
                }
            }
        }
        return total;
    }

    /**
     * Report every series once, zeros included.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(FRAMES, source, frames());
        long bytes = 0;
        for (final FrameHandler handler : handlers)
        {
            bytes += handler.bytes;
        }
        visitor.counter(BYTES, source, bytes);
        visitor.counter(RECORDS, source, records());
        visitor.counter(KERNEL_DROPS, source, kernelDrops());
        for (final ParseResult result : RESULTS)
        {
            if (result != ParseResult.OK)
            {
                visitor.counter(UNPARSED, source, result.label(), unparsed(result.label()));
            }
        }
        visitor.counter(UNPARSED, source, FrameHandler.UNSUPPORTED_LINK_TYPE,
            unparsed(FrameHandler.UNSUPPORTED_LINK_TYPE));
        visitor.counter(UNPARSED, source, FrameHandler.BAD_CAPTURED_LENGTH,
            unparsed(FrameHandler.BAD_CAPTURED_LENGTH));
    }
}
