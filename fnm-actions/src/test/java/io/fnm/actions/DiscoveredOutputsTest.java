package io.fnm.actions;

import io.fnm.capture.ManualClock;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveredOutputsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportOutputCountersThroughEngineWhenOutputsAreDiscovered()
    {
        try (DetectionEngine engine = engine())
        {
            final List<String> series = new ArrayList<>();
            engine.counters((d, l1, l2, v) -> series.add(d.series(l1, l2)));

            assertThat(series).contains("fnm_output_writes_total{action=\"webhook\"}",
                "fnm_output_write_failures_total{action=\"attack_details_folder\"}",
                "fnm_output_write_retries_total{action=\"webhook\"}",
                "fnm_output_writes_dropped_total{action=\"attack_details_folder\"}");
        }
    }

    @Test
    void shouldStopOutputThreadsWhenEngineCloses() throws Exception
    {
        final DetectionEngine engine = engine();
        assertThat(outputThreads()).as("an output starts its thread at its first write")
            .doesNotContain("fnm-output-webhook", "fnm-output-attack_details_folder");
        engine.ban(InetAddress.getByName("10.0.0.7"));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!outputThreads().containsAll(List.of("fnm-output-webhook", "fnm-output-attack_details_folder"))
            && System.nanoTime() < deadline)
        {
            Thread.sleep(10); // the engine's action threads hand the ban to the outputs asynchronously
        }
        assertThat(outputThreads()).contains("fnm-output-webhook", "fnm-output-attack_details_folder");

        engine.close();

        assertThat(outputThreads()).doesNotContain("fnm-output-webhook", "fnm-output-attack_details_folder");
    }

    private DetectionEngine engine()
    {
        final EngineConfig config = Floods.config().toBuilder().settings(ConfigView.of(Map.of(
            "webhook_url", "http://127.0.0.1:9/hook", "attack_details_folder", dir.toString()))).build();
        final DetectionEngine engine = DetectionEngine.builder(config).clock(new ManualClock(Floods.START_MILLIS))
            .tickThread(false).build();
        engine.start();
        assertThat(engine.problems()).isEmpty();
        return engine;
    }

    private static List<String> outputThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(name -> name.startsWith("fnm-output-")).toList();
    }
}
