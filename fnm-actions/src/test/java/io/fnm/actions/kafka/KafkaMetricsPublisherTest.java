package io.fnm.actions.kafka;

import io.fnm.capture.CounterDescriptor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.fnm.actions.kafka.ScaleOutTraffic.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link KafkaMetricsPublisher} without a broker: what it counts when nothing answers.
 */
class KafkaMetricsPublisherTest
{
    @Test
    void shouldCountAFailedDocumentWithoutWaitingWhenNoBrokerAnswers() throws IOException
    {
        final int port;
        try (ServerSocket free = new ServerSocket(0))
        {
            port = free.getLocalPort();
        }
        try (KafkaMetricsPublisher publisher = KafkaMetricsPublisher.builder()
            .bootstrapServers("127.0.0.1:" + port).topic("nowhere").instanceId("engine-a").build())
        {
            final long start = System.nanoTime();
            try
            {
                publisher.export(ClusterSnapshots.engine(1, 3, 1, 0).snapshot());
            }
            catch (final RuntimeException ex)
            {
                // the engine counts a throwing export too; the publisher's own counter is what is checked
            }
            final long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            await("the failure", () -> publisher.documentsFailed() == 1, 10);

            assertThat(waitedMillis).isLessThan(2000);
            assertThat(publisher.documentsAcknowledged()).isZero();
            assertThat(publisher.lastDocumentBytes()).isPositive();
            final Map<String, Long> counters = new HashMap<>();
            publisher.counters((CounterDescriptor d, String l1, String l2, long v) -> counters.put(d.name(), v));
            assertThat(counters).containsEntry(KafkaMetricsPublisher.FAILURES_NAME, 1L)
                .containsEntry("fnm_kafka_metrics_documents_total", 0L);
        }
    }

    @Test
    void shouldRefuseAnEmptyInstanceIdOrAnOutOfRangeTopN()
    {
        assertThatThrownBy(() -> KafkaMetricsPublisher.builder().instanceId("").build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance id");
        assertThatThrownBy(() -> KafkaMetricsPublisher.builder().topHosts(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top hosts");
        assertThat(List.of(KafkaKeys.KAFKA_METRICS_TOPIC, KafkaKeys.KAFKA_CLUSTER_EXPIRY_SECONDS,
            KafkaKeys.KAFKA_METRICS_TOP_HOSTS)).allSatisfy(key ->
                assertThat(KafkaKeys.configKeys()).anySatisfy(k -> assertThat(k.name()).isEqualTo(key)));
    }
}
