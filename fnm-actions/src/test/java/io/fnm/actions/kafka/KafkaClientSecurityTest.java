package io.fnm.actions.kafka;

import io.fnm.actions.testkit.KafkaBroker;
import io.fnm.capture.ManualClock;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.fnm.actions.kafka.ScaleOutTraffic.START_MILLIS;
import static io.fnm.actions.kafka.ScaleOutTraffic.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every Kafka client of the library takes the operator's client properties, against a real KRaft broker whose
 * listener takes only clients authenticated by SASL/PLAIN: without the properties nothing connects; with them the
 * engine role (flows consumer, bans and averages producers and restore consumers), the metrics publisher, the cluster
 * view and the inlet all work, and each client's configuration holds an operator property besides.
 */
class KafkaClientSecurityTest
{
    private static final String VICTIM = "10.0.0.9";
    private static final List<String> ROLES = List.of("inlet", "engine", "bans", "bans-restore", "averages",
        "averages-restore", "metrics", "cluster-view");

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(true);

    private static KafkaClientProperties operator(final Map<String, Map<String, Object>> seen)
    {
        final Map<String, String> properties = new HashMap<>(KafkaBroker.saslClientProperties());
        properties.put("metadata.max.age.ms", "12345");
        return KafkaClientProperties.of(KAFKA.broker().saslBootstrapServers(), properties)
            .observed((role, config) -> seen.put(role, Map.copyOf(config)));
    }

    @Test
    void shouldRunEveryClientOverSaslWithTheOperatorsProperties() throws Exception
    {
        final String flows = "secure-flows";
        KAFKA.broker().createTopic(flows, 2, false);
        KAFKA.broker().createTopic(flows + "-bans", 2, true);
        KAFKA.broker().createTopic(flows + "-averages", 2, true);
        KAFKA.broker().createTopic(flows + "-metrics", 1, false);
        final ManualClock clock = new ManualClock(START_MILLIS);
        KAFKA.publishBan(flows + "-bans", ClusterSnapshots.ban(VICTIM, START_MILLIS, START_MILLIS + 3_600_000L));
        final Map<String, Map<String, Object>> seen = new ConcurrentHashMap<>();
        final KafkaClientProperties client = operator(seen);
        final KafkaBanTopic bans = new KafkaBanTopic(client, flows + "-bans", flows);
        final KafkaAveragesTopic averages = new KafkaAveragesTopic(client, flows + "-averages", flows, 0);
        final KafkaEngineSource source = KafkaEngineSource.builder().client(client).topic(flows)
            .groupId(flows + "-engines").clock(clock).onAssigned(bans::restore).onAssigned(averages::assigned).build();
        final KafkaMetricsPublisher publisher = KafkaMetricsPublisher.builder().client(client).topic(flows + "-metrics")
            .instanceId("secure-engine").build();
        try (KafkaClusterView view = KafkaClusterView.builder().client(client).topic(flows + "-metrics").build();
            KafkaInlet inlet = KafkaInlet.builder().client(client).topic(flows)
                .networks(List.of(IpPrefix.parse("10.0.0.0/8"))).build();
            DetectionEngine engine = DetectionEngine.builder(EngineConfig.builder().network("10.0.0.0/8").build())
                .clock(clock).tickThread(false).discoverProviders(false).action(bans).metricsExporter(averages)
                .metricsExporter(publisher).captureSource(source).build())
        {
            bans.bind(engine);
            averages.bind(engine, source);
            view.start();
            engine.start();
            inlet.start();

            await("the ban restored over SASL", () -> engine.banList().stream()
                .anyMatch(b -> b.attack().ip().equals(VICTIM)), 60);
            await("the averages read over SASL", () -> seen.containsKey("averages-restore"), 60);
            publisher.export(ClusterSnapshots.engine(1, 3, 1, START_MILLIS).snapshot());
            await("the cluster view's document over SASL", () -> view.engines().containsKey("secure-engine"), 60);

            assertThat(inlet.partitions()).isEqualTo(2);
            assertThat(seen).containsOnlyKeys(ROLES).allSatisfy((role, config) -> assertThat(config)
                .containsEntry("metadata.max.age.ms", "12345").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", KAFKA.broker().saslBootstrapServers()));
        }
        finally
        {
            bans.close();
        }
    }

    @Test
    void shouldNotConnectToTheSaslListenerWithoutTheOperatorsProperties()
    {
        final KafkaInlet inlet = KafkaInlet.builder().bootstrapServers(KAFKA.broker().saslBootstrapServers())
            .topic("secure-unreachable").startTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(inlet::start).isInstanceOf(TimeoutException.class);
        inlet.close();
    }
}
