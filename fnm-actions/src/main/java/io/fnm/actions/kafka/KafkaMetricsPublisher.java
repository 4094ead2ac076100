package io.fnm.actions.kafka;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.BanEntry;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The engine role's per-tick figures on Kafka: a {@link MetricsExporter} (its own thread, never the tick's) that
 * publishes each snapshot as a {@link ClusterMetrics} document (the totals, the first N hosts of each top list with
 * their rates, the engine's ban list) to the metrics topic, keyed by the engine's instance id, so a
 * {@link KafkaClusterView} anywhere can show the whole cluster.
 * <p>
 * Sending never waits long: the producer's buffer is bounded ({@code buffer.memory}, 1 MiB by default),
 * {@code max.block.ms} is 100 and a document not delivered within 5 s is abandoned (a newer one follows every tick).
 * A document that cannot be sent or delivered is counted in {@value #FAILURES_NAME}.
 */
public final class KafkaMetricsPublisher implements MetricsExporter
{
    /** The name of the failures counter. */
    public static final String FAILURES_NAME = "fnm_kafka_metrics_failures_total";
    /** Documents acknowledged by the broker. */
    public static final CounterDescriptor DOCUMENTS = CounterDescriptor.counter(
        "fnm_kafka_metrics_documents_total", "documents", "ClusterMetrics documents the broker acknowledged");
    /** Documents not sent or not delivered. */
    public static final CounterDescriptor FAILURES = CounterDescriptor.counter(FAILURES_NAME, "documents",
        "ClusterMetrics documents that could not be sent or were not delivered (dropped)");
    /** Bytes of the documents handed to the producer (before compression). */
    public static final CounterDescriptor BYTES = CounterDescriptor.counter(
        "fnm_kafka_metrics_bytes_total", "bytes", "bytes of ClusterMetrics documents handed to the producer");

    private final String topic;
    private final String instanceId;
    private final byte[] key;
    private final int topHosts;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Supplier<? extends Collection<BanEntry>> banList = List::of;
    private volatile int lastDocumentBytes;

    private KafkaMetricsPublisher(final Builder builder)
    {
        topic = Objects.requireNonNull(builder.topic, "topic");
        instanceId = Objects.requireNonNull(builder.instanceId, "instanceId");
        if (instanceId.isEmpty() || instanceId.length() > ClusterMetrics.MAX_ENGINE_ID_CHARS)
        {
            throw new IllegalArgumentException("instance id must have 1 to " + ClusterMetrics.MAX_ENGINE_ID_CHARS
                + " characters");
        }
        key = instanceId.getBytes(StandardCharsets.UTF_8);
        topHosts = builder.topHosts;
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 1024 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "fnm-metrics-" + instanceId);
        props.putAll(builder.producerProperties);
        producer = builder.client.producer("metrics", props);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param bans the engine's ban list, read at each export (e.g. {@code engine::banList} once the engine is built).
     * @return this.
     */
    public KafkaMetricsPublisher banList(final Supplier<? extends Collection<BanEntry>> bans)
    {
        banList = Objects.requireNonNull(bans, "bans");
        return this;
    }

    @Override
    public void export(final TrafficSnapshot snapshot)
    {
        final byte[] document = ClusterMetrics.encode(instanceId, snapshot, topHosts, banList.get());
        lastDocumentBytes = document.length;
        bytes.addAndGet(document.length);
        try
        {
            producer.send(new ProducerRecord<>(topic, key, document), (meta, error) ->
                (error == null ? acknowledged : failed).incrementAndGet());
        }
        catch (final RuntimeException ex)
        {
            failed.incrementAndGet();
            throw ex;
        }
    }

    @Override
    public String name()
    {
        return "kafka_metrics";
    }

    @Override
    public int topHosts()
    {
        return topHosts;
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(DOCUMENTS, acknowledged.get());
        visitor.counter(FAILURES, failed.get());
        visitor.counter(BYTES, bytes.get());
    }

    /**
     * @return this engine's id, the documents' key.
     */
    public String instanceId()
    {
        return instanceId;
    }

    /**
     * @return documents the broker acknowledged.
     */
    public long documentsAcknowledged()
    {
        return acknowledged.get();
    }

    /**
     * @return documents not sent or not delivered.
     */
    public long documentsFailed()
    {
        return failed.get();
    }

    /**
     * @return the size of the last document, bytes before compression.
     */
    public int lastDocumentBytes()
    {
        return lastDocumentBytes;
    }

    /**
     * Close the producer (up to 2 s for what it holds).
     */
    @Override
    public void close()
    {
        producer.close(Duration.ofSeconds(2));
    }

    /** Builds a {@link KafkaMetricsPublisher}. */
    public static final class Builder
    {
        private KafkaClientProperties client = KafkaClientProperties.of(KafkaKeys.DEFAULT_BOOTSTRAP_SERVERS);
        private String topic = KafkaKeys.DEFAULT_METRICS_TOPIC;
        private String instanceId;
        private int topHosts = KafkaKeys.DEFAULT_METRICS_TOP_HOSTS;
        private final Map<String, Object> producerProperties = new HashMap<>();

        private Builder()
        {
        }

        /**
         * @param value Kafka's bootstrap.servers.
         * @return this builder.
         */
        public Builder bootstrapServers(final String value)
        {
            client = KafkaClientProperties.of(value);
            return this;
        }

        /**
         * @param value bootstrap.servers and the operator's client properties (replaces {@link #bootstrapServers}).
         * @return this builder.
         */
        public Builder client(final KafkaClientProperties value)
        {
            client = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param value the metrics topic (default {@value KafkaKeys#DEFAULT_METRICS_TOPIC}).
         * @return this builder.
         */
        public Builder topic(final String value)
        {
            topic = value;
            return this;
        }

        /**
         * @param value the engine's id, the documents' key (required, 1 to 255 characters).
         * @return this builder.
         */
        public Builder instanceId(final String value)
        {
            instanceId = value;
            return this;
        }

        /**
         * @param value hosts of each top list to publish, 1 to {@value ClusterMetrics#MAX_TOP_HOSTS} (default
         *              {@value KafkaKeys#DEFAULT_METRICS_TOP_HOSTS}).
         * @return this builder.
         */
        public Builder topHosts(final int value)
        {
            if (value < 1 || value > ClusterMetrics.MAX_TOP_HOSTS)
            {
                throw new IllegalArgumentException("top hosts must be in [1, " + ClusterMetrics.MAX_TOP_HOSTS + "]");
            }
            topHosts = value;
            return this;
        }

        /**
         * @param name  a Kafka producer property, overriding fnm's (lz4, acks 1, linger.ms 0, buffer.memory 1 MiB,
         *              max.block.ms 100, delivery.timeout.ms 5000).
         * @param value its value.
         * @return this builder.
         */
        public Builder producerProperty(final String name, final Object value)
        {
            producerProperties.put(name, value);
            return this;
        }

        /**
         * @return the publisher, its producer created (it connects when it first sends).
         */
        public KafkaMetricsPublisher build()
        {
            return new KafkaMetricsPublisher(this);
        }
    }
}
