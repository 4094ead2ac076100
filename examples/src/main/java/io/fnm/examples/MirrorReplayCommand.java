package io.fnm.examples;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.mirror.FrameHandler;
import io.fnm.capture.mirror.MirrorCounters;
import io.fnm.capture.mirror.MirrorReplay;
import io.fnm.capture.packet.ParseResult;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mirrored-traffic half of {@code fnm replay}: every frame of the captures is one packet for the engine, through
 * {@link MirrorReplay} on the captures' own clock (ticks every {@code speed_calculation_delay} seconds of capture time,
 * then {@code ban_details_max_wait_seconds} plus one tick without traffic so attack details complete). The parser's
 * encapsulation keys of the file apply. One thread, so the same captures give the same output on every run.
 */
final class MirrorReplayCommand
{
    private MirrorReplayCommand()
    {
    }

    static int replay(final EngineConfig config, final List<Path> captures, final PrintStream out,
        final PrintStream err) throws IOException
    {
        final long startMillis = MirrorReplay.firstTimestampMillis(captures);
        if (startMillis < 0)
        {
            err.println("error: no frame in " + captures);
            return 1;
        }
        final ManualClock clock = new ManualClock(startMillis);
        final List<String> lines = new ArrayList<>();
        final List<BanEntry> bans;
        try (DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).action(new ReplayCommand.PrintingAction(lines)).build())
        {
            engine.start();
            final TrafficSink sink = engine.newSink("replay");
            final MirrorReplay replay = MirrorReplay.builder().clock(clock).sink(sink)
                .tick(TimeUnit.SECONDS.toMillis(config.speedCalculationDelaySeconds()), engine::tick)
                .parserOptions(ParserOptions.from(config.settings())).build();
            replay.replay(captures);
            final long captureEndMillis = clock.epochMillis();
            replay.advanceTo(captureEndMillis + TimeUnit.SECONDS.toMillis(
                config.banDetailsMaxWaitSeconds() + 1L + config.speedCalculationDelaySeconds()));
            bans = engine.banList();
            final MirrorCounters counters = replay.counters();
            out.println("replayed " + counters.frames() + " frames of mirrored traffic (" + counters.records() +
                " counted, " + (counters.frames() - counters.records()) + " not: " + unparsed(counters) + ") over " +
                (captureEndMillis - startMillis) / 1000 + " s of capture, " + replay.ticks() + " ticks");
        }
        ReplayCommand.printOutcome(lines, bans, clock.epochMillis(), out);
        return 0;
    }

    private static String unparsed(final MirrorCounters counters)
    {
        final StringBuilder sb = new StringBuilder();
        for (final ParseResult result : ParseResult.values())
        {
            final long count = result == ParseResult.OK ? 0 : counters.unparsed(result.label());
            if (count > 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(count).append(' ').append(result.label());
            }
        }
        for (final String reason : new String[] {FrameHandler.UNSUPPORTED_LINK_TYPE, FrameHandler.BAD_CAPTURED_LENGTH})
        {
            final long count = counters.unparsed(reason);
            if (count > 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(count).append(' ').append(reason);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
