package io.fnm.examples;

import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's wiring of the cluster figures, without a broker (nothing is sent: the engine is not ticked). */
class KafkaClusterRoleTest
{
    @Test
    void shouldAddNothingWhenTheRunnerIsNotAKafkaEngine()
    {
        final DetectionEngine.Builder builder = DetectionEngine.builder(EngineConfig.builder().build());

        assertThat(KafkaClusterRole.addIfEngine(ConfigView.of(Map.of()), builder)).isNull();
    }

    @Test
    void shouldRegisterThePublisherAsAnExporterAndStartTheViewWhenTheRunnerIsAKafkaEngine() throws IOException
    {
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        final ConfigView settings = ConfigView.of(Map.of("kafka_engine", "on", "kafka_bootstrap_servers",
            "127.0.0.1:" + port, "kafka_instance_id", "engine-7", "kafka_metrics_top_hosts", "50"));
        final DetectionEngine.Builder builder = DetectionEngine.builder(EngineConfig.builder().build())
            .tickThread(false).discoverProviders(false);
        final KafkaClusterRole role = KafkaClusterRole.addIfEngine(settings, builder);
        try (role; DetectionEngine engine = builder.build())
        {
            role.bind(engine, true);
            final Map<String, Long> counters = new HashMap<>();
            engine.counters((d, l1, l2, v) -> counters.merge(d.name(), v, Long::sum));

            assertThat(counters).containsKeys("fnm_kafka_metrics_documents_total", "fnm_kafka_metrics_failures_total",
                "fnm_kafka_cluster_documents_dropped_total");
            assertThat(role.view().engines()).isEmpty();
        }
    }
}
