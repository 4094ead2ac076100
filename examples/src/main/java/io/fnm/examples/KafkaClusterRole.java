package io.fnm.examples;

import io.fnm.actions.kafka.ClusterMetrics;
import io.fnm.actions.kafka.KafkaClientProperties;
import io.fnm.actions.kafka.KafkaClusterView;
import io.fnm.actions.kafka.KafkaKeys;
import io.fnm.actions.kafka.KafkaMetricsPublisher;
import io.fnm.capture.CounterVisitor;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The runner's wiring of the cluster figures of a Kafka engine ({@code kafka_engine = on}): a
 * {@link KafkaMetricsPublisher} registered as the engine's metrics exporter (its instance id is
 * {@code kafka_instance_id}, or {@code host-pid} when that is empty) and a {@link KafkaClusterView} of the metrics
 * topic for the operator API's {@code /api/v1/cluster/*} (read only when the API is on). The publisher is registered
 * behind {@link WithViewCounters}, so the view's counters (documents accepted, dropped by reason) are in the engine's
 * counters, hence on {@code /metrics}, once the view runs.
 */
final class KafkaClusterRole implements AutoCloseable
{
    private final KafkaMetricsPublisher publisher;
    private final KafkaClusterView view;
    private volatile boolean viewStarted;

    private KafkaClusterRole(final KafkaMetricsPublisher publisher, final KafkaClusterView view)
    {
        this.publisher = publisher;
        this.view = view;
    }

    /**
     * Add the publisher to an engine being built when {@code kafka_engine = on}.
     *
     * @param settings the configuration.
     * @param builder  the engine's builder.
     * @return the role, to {@link #bind} once the engine is built and close after it; or null.
     */
    static KafkaClusterRole addIfEngine(final ConfigView settings, final DetectionEngine.Builder builder)
    {
        if (!settings.bool(KafkaKeys.KAFKA_ENGINE, false))
        {
            return null;
        }
        final KafkaClientProperties client = KafkaRoles.client(settings);
        final String topic = settings.string(KafkaKeys.KAFKA_METRICS_TOPIC, KafkaKeys.DEFAULT_METRICS_TOPIC);
        final String instance = settings.string(KafkaKeys.KAFKA_INSTANCE_ID, "");
        final KafkaMetricsPublisher publisher = KafkaMetricsPublisher.builder().client(client).topic(topic)
            .instanceId(instance.isEmpty() ? defaultInstanceId() : instance)
            .topHosts(settings.intValue(KafkaKeys.KAFKA_METRICS_TOP_HOSTS, KafkaKeys.DEFAULT_METRICS_TOP_HOSTS, 1,
                ClusterMetrics.MAX_TOP_HOSTS)).build();
        final KafkaClusterView view = KafkaClusterView.builder().client(client).topic(topic)
            .expirySeconds(settings.intValue(KafkaKeys.KAFKA_CLUSTER_EXPIRY_SECONDS,
                KafkaKeys.DEFAULT_CLUSTER_EXPIRY_SECONDS, 1, 3600)).build();
        final KafkaClusterRole role = new KafkaClusterRole(publisher, view);
        builder.metricsExporter(role.new WithViewCounters());
        return role;
    }

    /**
     * Publish the engine's ban list with its figures and, when the API serves it, start reading the metrics topic.
     *
     * @param engine    the engine built with the publisher.
     * @param startView whether to start the cluster view (the operator API is on).
     */
    void bind(final DetectionEngine engine, final boolean startView)
    {
        publisher.banList(engine::banList);
        if (startView)
        {
            view.start();
            viewStarted = true;
        }
    }

    /**
     * @return the cluster view, for the operator API.
     */
    KafkaClusterView view()
    {
        return view;
    }

    /**
     * Stop the view (the engine closes the publisher, its exporter).
     */
    @Override
    public void close()
    {
        view.close();
    }

    private static String defaultInstanceId()
    {
        String host;
        try
        {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            host = "engine";
        }
        return host + '-' + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /**
     * The publisher as the engine sees it: its exports, period and top hosts are the publisher's; its counters are the
     * publisher's and, once the view runs, the view's.
     */
    private final class WithViewCounters implements MetricsExporter
    {
        @Override
        public void export(final TrafficSnapshot snapshot) throws Exception
        {
            publisher.export(snapshot);
        }

        @Override
        public String name()
        {
            return publisher.name();
        }

        @Override
        public long pushPeriodMillis()
        {
            return publisher.pushPeriodMillis();
        }

        @Override
        public int topHosts()
        {
            return publisher.topHosts();
        }

        @Override
        public void counters(final CounterVisitor visitor)
        {
            publisher.counters(visitor);
            if (viewStarted)
            {
                view.counters(visitor);
            }
        }

        @Override
        public void close()
        {
            publisher.close();
        }
    }
}
