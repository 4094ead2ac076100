package io.fnm.core.internal;

import io.fnm.capture.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogLimiterTest
{
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final List<Throwable> traces = new ArrayList<>();
    private final LogLimiter limiter = new LogLimiter("action x: ", INTERVAL_NANOS, clock::nanoTime, (line, ex) ->
    {
        lines.add(line);
        if (ex != null)
        {
            traces.add(ex);
        }
    });

    @Test
    void shouldLogTheFirstEventOfAKindAtOnceWithItsStackTrace()
    {
        limiter.event("ban failed", "10.0.0.1: boom", new IllegalStateException("boom"));
        assertThat(lines).containsExactly("action x: ban failed: 10.0.0.1: boom");
        assertThat(traces).hasSize(1);
    }

    @Test
    void shouldWriteOneSummaryLineWithoutStackTraceForAStormOfOneKindPerInterval()
    {
        for (int i = 0; i < 100_000; i++)
        {
            limiter.event("ban calls dropped: queue full", "ban 10.0.0." + (i & 255), new IllegalStateException());
        }
        clock.advanceSeconds(10);
        limiter.flush();
        limiter.flush();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("action x: ban calls dropped: queue full: 99999 more in the last 10 s");
        assertThat(traces).hasSize(1);
    }

    @Test
    void shouldKeepKindsApartSoThatARareKindIsNotHiddenByAFrequentOne()
    {
        for (int i = 0; i < 1_000; i++)
        {
            limiter.event("attack_details calls dropped", "details", null);
        }
        limiter.event("ban calls dropped", "ban 10.0.0.9", null);
        assertThat(lines).containsExactly("action x: attack_details calls dropped: details",
            "action x: ban calls dropped: ban 10.0.0.9");
    }

    @Test
    void shouldNotTrackMoreKindsThanTheBound()
    {
        for (int i = 0; i < LogLimiter.MAX_KINDS * 4; i++)
        {
            limiter.event("kind " + i, "event", null);
        }
        assertThat(lines).hasSize(LogLimiter.MAX_KINDS + 1);
        assertThat(lines.get(LogLimiter.MAX_KINDS)).isEqualTo("action x: other kinds: event");
    }
}
