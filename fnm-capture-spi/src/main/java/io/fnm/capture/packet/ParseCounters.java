package io.fnm.capture.packet;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;

/**
 * How the frames a {@link PacketHeaderParser} was given ended, by {@link ParseResult}, since it was built; and how
 * many of those counted by their outer packet did so because an unpacked tunnel failed, by reason.
 * <p>
 * Written by the parser's thread only; read it from that thread too (the counts are plain longs).
 */
public final class ParseCounters
{
    /** Frames parsed, by outcome ({@code result} is a {@link ParseResult#label()}). */
    public static final CounterDescriptor PARSE_RESULTS = CounterDescriptor.counter("packet_parse_total", "frames",
        "Frames handed to the packet header parser, by outcome", "result");
    /** Frames counted by their outer packet because an unpacked tunnel failed, by reason. */
    public static final CounterDescriptor INNER_FAILURES = CounterDescriptor.counter(
        "packet_parse_inner_failures_total", "frames",
        "Frames counted by their outer packet because the tunnel inside could not be parsed, by reason", "reason");

    private static final ParseResult[] RESULTS = ParseResult.values();

    final long[] results = new long[RESULTS.length];
    final long[] innerFailures = new long[RESULTS.length];

    ParseCounters()
    {
    }

    /**
     * @param result an outcome.
     * @return how many frames ended with it since the parser was built.
     */
    public long resultCount(final ParseResult result)
    {
        return results[result.ordinal()];
    }

    /**
     * @param reason a failure reason.
     * @return how many frames were counted by their outer packet because an unpacked tunnel failed for it.
     */
    public long innerFailureCount(final ParseResult reason)
    {
        return innerFailures[reason.ordinal()];
    }

    /**
     * Report {@code packet_parse_total{result="..."}} for every outcome and
     * {@code packet_parse_inner_failures_total{reason="..."}} for every reason, zeros included.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        for (final ParseResult result : RESULTS)
        {
            visitor.counter(PARSE_RESULTS, result.label(), results[result.ordinal()]);
        }
        for (final ParseResult result : RESULTS)
        {
            if (result != ParseResult.OK)
            {
                visitor.counter(INNER_FAILURES, result.label(), innerFailures[result.ordinal()]);
            }
        }
    }
}
