package io.fnm.actions.kafka;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The engine role's capture source: consumes the flows topic in a consumer group (static membership when an instance
 * id is set), decodes each {@link FlowBatch} and hands its records to the engine's sink. A Kafka record that is not a
 * valid version-1 batch is counted ({@link #batchesMalformed()}) and dropped whole; nothing thrown escapes the thread.
 */
public final class KafkaEngineSource implements CaptureSource
{
    /** Traffic records handed to the engine. */
    public static final CounterDescriptor RECORDS = CounterDescriptor.counter("fnm_kafka_engine_records_total",
        "records", "Traffic records decoded from the flows topic and handed to the engine");
    /** Kafka records of the flows topic by outcome. */
    public static final CounterDescriptor BATCHES = CounterDescriptor.counter("fnm_kafka_engine_batches_total",
        "batches", "Kafka records of the flows topic by outcome: consumed (a valid batch), malformed (dropped whole), "
            + "skipped (older than the averages checkpoint of a partition taken over)", "outcome");
    /** Partition listeners that threw. */
    public static final CounterDescriptor LISTENER_FAILURES = CounterDescriptor.counter(
        "fnm_kafka_engine_listener_failures_total", "listeners",
        "Partition listeners (restores at assignment, hand-overs at revocation) that threw");
    /** Flows partitions held. */
    public static final CounterDescriptor PARTITIONS = CounterDescriptor.gauge("fnm_kafka_engine_partitions",
        "partitions", "Flows partitions this engine holds");
    /** The consumer's largest lag. */
    public static final CounterDescriptor LAG = CounterDescriptor.gauge("fnm_kafka_engine_lag_records", "records",
        "The largest lag of the flows partitions held, in Kafka records (the consumer's records-lag-max, read at most "
            + "once a second)");

    private static final Duration POLL = Duration.ofMillis(100);
    private static final long LAG_PERIOD_NANOS = 1_000_000_000L;

    private final Builder settings;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEngineSource.class);

    private final AtomicLong recordsConsumed = new AtomicLong();
    private final AtomicLong batchesConsumed = new AtomicLong();
    private final AtomicLong batchesMalformed = new AtomicLong();
    private final AtomicLong batchesSkipped = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    /** Per flows partition: Kafka records stamped before this (epoch milliseconds) are skipped; copy on write. */
    private volatile long[] skipBefore = new long[0];
    private volatile Set<Integer> assigned = Set.of();
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long lagRecords;
    private long lagReadNanos;
    private final RestoreRetries retries;
    private Thread thread;

    private KafkaEngineSource(final Builder builder)
    {
        settings = builder;
        retries = new RestoreRetries(builder.topic, builder.clock);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    @Override
    public String name()
    {
        return "kafka:" + settings.topic;
    }

    @Override
    public synchronized void start(final CaptureContext context)
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        if (settings.instanceId != null)
        {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId);
        }
        props.putAll(settings.consumerProperties);
        consumer = settings.client.consumer("engine", props);
        consumer.subscribe(List.of(settings.topic), new Listener());
        running = true;
        thread = context.threadFactory().newThread(() -> consume(context));
        thread.setName("fnm-kafka-engine-" + settings.topic);
        thread.start();
    }

    /**
     * @return the flows partitions this engine holds now (a new assignment shows once its
     *     {@link Builder#onAssigned} listeners returned).
     */
    public Set<Integer> assignedPartitions()
    {
        return assigned;
    }

    /**
     * @return traffic records handed to the engine.
     */
    public long recordsConsumed()
    {
        return recordsConsumed.get();
    }

    /**
     * @return valid batches consumed.
     */
    public long batchesConsumed()
    {
        return batchesConsumed.get();
    }

    /**
     * @return Kafka records dropped because they are not a valid batch (bad magic, version, length...).
     */
    public long batchesMalformed()
    {
        return batchesMalformed.get();
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(RECORDS, recordsConsumed.get());
        visitor.counter(BATCHES, "consumed", batchesConsumed.get());
        visitor.counter(BATCHES, "malformed", batchesMalformed.get());
        visitor.counter(BATCHES, "skipped", batchesSkipped.get());
        visitor.counter(LISTENER_FAILURES, listenerFailures.get());
        visitor.counter(PARTITIONS, assigned.size());
        visitor.counter(LAG, lagRecords);
        retries.counters(visitor);
    }

    /**
     * @param reason why restores failed.
     * @return restores at assignment that failed for that reason (each is retried).
     */
    long restoreFailures(final RestoreRetries.Reason reason)
    {
        return retries.failures(reason);
    }

    @Override
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            if (!running)
            {
                return;
            }
            running = false;
            t = thread;
        }
        consumer.wakeup();
        try
        {
            t.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void consume(final CaptureContext context)
    {
        final TrafficSink sink = context.newSink(name());
        final FlowBatch batch = new FlowBatch();
        final TrafficRecord record = new TrafficRecord();
        try
        {
            while (running)
            {
                try
                {
                    retries.runDue(assigned);
                    final ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                    for (final ConsumerRecord<byte[], byte[]> r : polled)
                    {
                        if (skips(r.partition(), r))
                        {
                            batchesSkipped.incrementAndGet();
                            continue;
                        }
                        deliver(batch, r.value(), record, sink);
                    }
                    sink.flush();
                    readLag();
                }
                catch (final WakeupException ex)
                {
                    break;
                }
                catch (final RuntimeException ex)
                {
                    context.onError(ex);
                }
            }
        }
        finally
        {
            sink.close();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void readLag()
    {
        final long now = settings.clock.nanoTime();
        if (now - lagReadNanos < LAG_PERIOD_NANOS && lagReadNanos != 0)
        {
            return;
        }
        lagReadNanos = now;
        for (final Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet())
        {
            final MetricName name = m.getKey();
            if ("records-lag-max".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
                && !name.tags().containsKey("topic") && m.getValue().metricValue() instanceof Double lag)
            {
                lagRecords = lag.isNaN() || lag < 0 ? 0 : lag.longValue();
            }
        }
    }

    /**
     * @return batches (Kafka records) skipped because they are older than their partition's checkpoint
     *     ({@link #skipBefore}).
     */
    public long batchesSkipped()
    {
        return batchesSkipped.get();
    }

    /**
     * @return partition listeners ({@link Builder#onAssigned}, {@link Builder#onRevoked}, {@link Builder#onLost}) that
     *     threw; each is logged, and the others still ran.
     */
    public long listenerFailures()
    {
        return listenerFailures.get();
    }

    /**
     * Skip the batches of a flows partition sent before a time (by the inlet's clock, its
     * {@link KafkaInlet#SENT_HEADER} header; a batch without it is never skipped): those an averages checkpoint
     * already holds, when a partition is taken over and its records since the group's last committed offset are read
     * again. Meant for an {@link Builder#onAssigned} listener (it runs before the partition's records are polled).
     *
     * @param partition   a flows partition.
     * @param epochMillis batches sent before this are skipped.
     */
    public synchronized void skipBefore(final int partition, final long epochMillis)
    {
        final long[] now = java.util.Arrays.copyOf(skipBefore, Math.max(skipBefore.length, partition + 1));
        now[partition] = epochMillis;
        skipBefore = now;
    }

    /**
     * @param partition a flows partition.
     * @param record    one of its Kafka records.
     * @return true when the record is to be skipped ({@link #skipBefore}).
     */
    private boolean skips(final int partition, final ConsumerRecord<byte[], byte[]> record)
    {
        final long[] skip = skipBefore;
        if (partition >= skip.length || skip[partition] == 0)
        {
            return false;
        }
        final Header sent = record.headers().lastHeader(KafkaInlet.SENT_HEADER);
        return skips(partition, KafkaInlet.sentAt(sent == null ? null : sent.value()));
    }

    /**
     * @param partition a flows partition.
     * @param sentMillis when the inlet sent a record of it ({@link KafkaInlet#SENT_HEADER}).
     * @return true when the record is to be skipped ({@link #skipBefore}).
     */
    boolean skips(final int partition, final long sentMillis)
    {
        final long[] skip = skipBefore;
        return partition < skip.length && sentMillis < skip[partition];
    }

    /**
     * Decode one Kafka record's value into the sink.
     *
     * @param batch  the reused flyweight.
     * @param value  the value (may be null or anything).
     * @param record the reused record.
     * @param sink   the engine's sink.
     * @return the records delivered, or -1 when the value was dropped as malformed.
     */
    int deliver(final FlowBatch batch, final byte[] value, final TrafficRecord record, final TrafficSink sink)
    {
        if (value == null || batch.wrap(ByteBuffer.wrap(value), 0, value.length) != null)
        {
            batchesMalformed.incrementAndGet();
            return -1;
        }
        int n = 0;
        while (batch.next(record))
        {
            sink.accept(record);
            n++;
        }
        recordsConsumed.addAndGet(n);
        batchesConsumed.incrementAndGet();
        return n;
    }

    /** Tracks the assignment and tells the builder's listener. */
    private final class Listener implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
            final Set<Integer> revoked = remove(partitions);
            if (!revoked.isEmpty())
            {
                tell(settings.onRevoked, revoked);
            }
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
            final Set<Integer> now = new TreeSet<>(assigned);
            partitions.forEach(p -> now.add(p.partition()));
            // the listeners first: who sees the new assignment sees it handed over (bans restored, averages seeded)
            try
            {
                tellAssigned(Set.copyOf(now));
            }
            finally
            {
                assigned = Set.copyOf(now);
            }
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions)
        {
            final Set<Integer> lost = remove(partitions);
            if (!lost.isEmpty())
            {
                tell(settings.onLost, lost);
            }
        }

        private Set<Integer> remove(final Collection<TopicPartition> partitions)
        {
            final Set<Integer> now = new TreeSet<>(assigned);
            final Set<Integer> removed = new TreeSet<>();
            partitions.forEach(p ->
            {
                now.remove(p.partition());
                removed.add(p.partition());
            });
            assigned = Set.copyOf(now);
            return Set.copyOf(removed);
        }

        private void tellAssigned(final Set<Integer> partitions)
        {
            for (final Consumer<Set<Integer>> listener : settings.onAssigned)
            {
                try
                {
                    listener.accept(partitions);
                    retries.succeeded(listener);
                }
                catch (final RuntimeException ex)
                {
                    // a restore that failed (broker or topic unavailable) is tried again with backoff, logged once
                    listenerFailures.incrementAndGet();
                    retries.failed(listener, ex);
                }
            }
        }

        private void tell(final List<Consumer<Set<Integer>>> listeners, final Set<Integer> partitions)
        {
            for (final Consumer<Set<Integer>> listener : listeners)
            {
                try
                {
                    listener.accept(partitions);
                }
                catch (final RuntimeException ex)
                {
                    // one hand-over failing (a bans topic unreachable) must not keep the others from running
                    listenerFailures.incrementAndGet();
                    LOG.warn("Kafka engine source {}: a partition listener failed for {}: {}", settings.topic,
                        partitions, ex.toString());
                }
            }
        }
    }

    /**
     * Settings of a {@link KafkaEngineSource}.
     */
    public static final class Builder
    {
        private KafkaClientProperties client = KafkaClientProperties.of(KafkaKeys.DEFAULT_BOOTSTRAP_SERVERS);
        private String topic = KafkaKeys.DEFAULT_TOPIC;
        private String groupId = KafkaKeys.DEFAULT_GROUP_ID;
        private String instanceId;
        private final List<Consumer<Set<Integer>>> onAssigned = new ArrayList<>();
        private final List<Consumer<Set<Integer>>> onRevoked = new ArrayList<>();
        private final List<Consumer<Set<Integer>>> onLost = new ArrayList<>();
        private final Map<String, Object> consumerProperties = new HashMap<>();
        private Clock clock = Clock.SYSTEM;

        private Builder()
        {
        }

        /**
         * @param value the clock of the restores' retry delays and of the lag's reading (default the system's).
         * @return this builder.
         */
        public Builder clock(final Clock value)
        {
            clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param servers Kafka's {@code bootstrap.servers}.
         * @return this builder.
         */
        public Builder bootstrapServers(final String servers)
        {
            client = KafkaClientProperties.of(servers);
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
         * @param name the flows topic.
         * @return this builder.
         */
        public Builder topic(final String name)
        {
            topic = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param id the consumer group every engine of the deployment shares.
         * @return this builder.
         */
        public Builder groupId(final String id)
        {
            groupId = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * @param id this engine's {@code group.instance.id} (static membership: a restart within the session timeout
         *           keeps its partitions without a rebalance), or null for dynamic membership.
         * @return this builder.
         */
        public Builder instanceId(final String id)
        {
            instanceId = id;
            return this;
        }

        /**
         * @param listener told the full set of partitions held after each assignment (on the consuming thread, before
         *                 the new partitions' records are polled), e.g. a ban restore (repeatable: in order).
         *                 One that throws is run again, with the partitions held then, after 1 s, 2 s, 4 s... (at
         *                 most 60 s, on the {@link #clock}) until it returns: it must be safe to repeat.
         * @return this builder.
         */
        public Builder onAssigned(final Consumer<Set<Integer>> listener)
        {
            onAssigned.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param listener told the partitions given up in a rebalance (on the consuming thread, before another engine
         *                 gets them: the moment to hand them over, e.g. an averages checkpoint) (repeatable).
         * @return this builder.
         */
        public Builder onRevoked(final Consumer<Set<Integer>> listener)
        {
            onRevoked.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param listener told the partitions lost (the session expired: another engine may hold them already, so
         *                 nothing should be published for them any more) (repeatable).
         * @return this builder.
         */
        public Builder onLost(final Consumer<Set<Integer>> listener)
        {
            onLost.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param name  a Kafka consumer property, overriding fnm's.
         * @param value its value.
         * @return this builder.
         */
        public Builder consumerProperty(final String name, final Object value)
        {
            consumerProperties.put(name, value);
            return this;
        }

        /**
         * @return a new source, not started.
         */
        public KafkaEngineSource build()
        {
            return new KafkaEngineSource(this);
        }
    }
}
