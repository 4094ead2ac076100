package io.fnm.actions.kafka;

import io.fnm.actions.prometheus.PrometheusMetrics;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flows source's counters on {@code /metrics}: rendered by the library's Prometheus exposition from the engine's
 * counters, as the runner's endpoint serves them (no broker needed: the consumer is created, nothing answers).
 */
class KafkaEngineSourceMetricsTest
{
    private KafkaEngineSource source;
    private DetectionEngine engine;

    @BeforeEach
    void startEngine() throws IOException
    {
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        source = KafkaEngineSource.builder().bootstrapServers("127.0.0.1:" + port).topic("metrics-flows")
            .clock(new ManualClock(ScaleOutTraffic.START_MILLIS)).build();
        engine = DetectionEngine.builder(EngineConfig.builder().network("10.0.0.0/8").build())
            .clock(new ManualClock(ScaleOutTraffic.START_MILLIS)).tickThread(false).discoverProviders(false)
            .captureSource(source).build();
        engine.start();
    }

    @AfterEach
    void closeEngine()
    {
        engine.close();
    }

    private String scrape()
    {
        return new PrometheusMetrics(0).scrape(engine::counters);
    }

    @Test
    void shouldRenderEachCounterOfTheSourceOnceWithItsType()
    {
        final String text = scrape();

        assertThat(text).contains("# TYPE fnm_kafka_engine_records_total counter\n",
            "# TYPE fnm_kafka_engine_batches_total counter\n",
            "# TYPE fnm_kafka_engine_listener_failures_total counter\n",
            "# TYPE fnm_kafka_engine_restore_failures_total counter\n", "# TYPE fnm_kafka_engine_partitions gauge\n",
            "# TYPE fnm_kafka_engine_lag_records gauge\n", "# TYPE fnm_kafka_engine_restores_pending gauge\n");
        assertThat(Arrays.stream(text.split("\n")).filter(l -> l.startsWith("# TYPE fnm_kafka_engine_")))
            .doesNotHaveDuplicates().hasSize(7);
    }

    @Test
    void shouldShowAMalformedBatchOnMetrics()
    {
        final TrafficRecord record = new TrafficRecord();
        source.deliver(new FlowBatch(), new byte[] {1, 2, 3}, record, r ->
        {
        });

        assertThat(scrape()).contains("fnm_kafka_engine_batches_total{outcome=\"malformed\"} 1\n",
            "fnm_kafka_engine_batches_total{outcome=\"consumed\"} 0\n");
    }
}
