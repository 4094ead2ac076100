package io.fnm.actions.kafka;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole cluster as the engines publish it ({@link KafkaMetricsPublisher}): a consumer of the metrics topic on its
 * own thread (no consumer group: it assigns itself every partition and starts a few records before the end of each,
 * so it shows the live engines at once) keeps the latest {@link ClusterMetrics} of each engine and answers, from any
 * thread: the cluster's totals (the sums over the engines: their moving averages are linear, so the sum is the
 * average of the whole), the global top hosts (each host belongs to one engine, so merging the engines' top N lists
 * gives the exact global top N) and the global ban list (the union).
 * <p>
 * An engine not heard from for the expiry ({@code kafka_cluster_expiry_seconds}) is left out, and a record older than
 * that when it is read is skipped. Bounded: at most {@link Builder#maxEngines} engines (a document of a new engine
 * past that is counted and dropped) and documents of at most {@link Builder#maxDocumentBytes} (larger ones are
 * counted and dropped before parsing); a document that is not valid is counted and dropped.
 */
public final class KafkaClusterView implements AutoCloseable
{
    /** Default most engines kept. */
    public static final int DEFAULT_MAX_ENGINES = 1024;
    /** Default largest document read. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024;
    /** Records per partition read back before the end at start. */
    public static final int REPLAY_RECORDS_PER_PARTITION = 64;

    /** Documents accepted. */
    public static final CounterDescriptor ACCEPTED = CounterDescriptor.counter("fnm_kafka_cluster_documents_total",
        "documents", "ClusterMetrics documents the cluster view accepted");
    /** Documents dropped, by reason. */
    public static final CounterDescriptor DROPPED = CounterDescriptor.counter(
        "fnm_kafka_cluster_documents_dropped_total", "documents",
        "ClusterMetrics documents the cluster view dropped, by reason", "reason");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterView.class);

    private final Builder settings;
    private final Clock clock;
    private final long expiryMillis;
    private final Map<String, Heard> engines = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    private KafkaClusterView(final Builder builder)
    {
        settings = builder;
        clock = builder.clock;
        expiryMillis = TimeUnit.SECONDS.toMillis(builder.expirySeconds);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Start consuming the metrics topic on a thread of its own ({@code fnm-kafka-cluster-view}); the topic may not
     * exist yet (it is looked for again every second).
     *
     * @return this.
     */
    public synchronized KafkaClusterView start()
    {
        if (running)
        {
            return this;
        }
        Objects.requireNonNull(settings.client, "client");
        running = true;
        thread = new Thread(this::consume, "fnm-kafka-cluster-view");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Take one document (what the consumer thread does with each record; an application reading the topic itself
     * may call it). Never throws for bad input: it is counted.
     *
     * @param document        the record's value, untrusted.
     * @param timestampMillis the record's timestamp, epoch milliseconds; older than the expiry means skipped.
     * @return whether it was accepted.
     */
    public boolean accept(final byte[] document, final long timestampMillis)
    {
        if (document != null && document.length > settings.maxDocumentBytes)
        {
            oversize.incrementAndGet();
            return false;
        }
        final ClusterMetrics metrics;
        try
        {
            metrics = ClusterMetrics.decode(document);
        }
        catch (final RuntimeException ex)
        {
            malformed.incrementAndGet();
            return false;
        }
        final long now = clock.epochMillis();
        if (now - timestampMillis >= expiryMillis)
        {
            stale.incrementAndGet();
            return false;
        }
        if (!engines.containsKey(metrics.engine()) && engines.size() >= settings.maxEngines)
        {
            expire(now);
            if (engines.size() >= settings.maxEngines)
            {
                rejected.incrementAndGet();
                return false;
            }
        }
        engines.put(metrics.engine(), new Heard(metrics, now));
        accepted.incrementAndGet();
        return true;
    }

    /**
     * @return the latest document of each live engine, by engine id.
     */
    public Map<String, ClusterMetrics> engines()
    {
        final long now = clock.epochMillis();
        final Map<String, ClusterMetrics> live = new LinkedHashMap<>();
        engines.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        {
            if (now - e.getValue().heardAtMillis < expiryMillis)
            {
                live.put(e.getKey(), e.getValue().metrics);
            }
        });
        return live;
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the sums over the live engines of their totals of that version (saturating).
     */
    public HostRates totals(final int ipVersion)
    {
        if (ipVersion != 4 && ipVersion != 6)
        {
            throw new IllegalArgumentException("ipVersion must be 4 or 6: " + ipVersion);
        }
        final List<HostRates> all = new ArrayList<>();
        engines().values().forEach(m -> all.add(m.totals(ipVersion)));
        final HostRates.Builder sum = HostRates.builder();
        for (final Direction direction : Direction.values())
        {
            for (final TrafficClass trafficClass : TrafficClass.values())
            {
                long packets = 0;
                long bytes = 0;
                for (final HostRates rates : all)
                {
                    packets = add(packets, rates.packetsPerSecond(direction, trafficClass));
                    bytes = add(bytes, rates.bytesPerSecond(direction, trafficClass));
                }
                sum.packetsPerSecond(direction, trafficClass, packets).bytesPerSecond(direction, trafficClass, bytes);
            }
            long flows = 0;
            for (final HostRates rates : all)
            {
                flows = add(flows, rates.flowsPerSecond(direction));
            }
            sum.flowsPerSecond(direction, flows);
        }
        return sum.build();
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @param by        the measure.
     * @param n         how many.
     * @return the first {@code n} hosts of the merged top lists of the live engines, largest first (ties by
     *         address), each with the engine that holds it; exact for {@code n} up to the engines' published N.
     */
    public List<TopHost> topHosts(final Direction direction, final TopBy by, final int n)
    {
        final List<TopHost> merged = new ArrayList<>();
        for (final ClusterMetrics metrics : engines().values())
        {
            for (final HostTraffic host : metrics.topHosts(direction, by))
            {
                merged.add(new TopHost(metrics.engine(), host));
            }
        }
        merged.sort(Comparator.comparingLong((TopHost h) -> ClusterMetrics.measure(h.host().rates(), direction, by))
            .reversed().thenComparing(h -> h.host().ip()));
        return List.copyOf(merged.subList(0, Math.min(Math.max(n, 0), merged.size())));
    }

    /**
     * @return the union of the live engines' bans, by address; an address banned by two engines (during a move)
     *         is listed once, with its earliest ban.
     */
    public List<ClusterMetrics.Ban> bans()
    {
        final Map<String, ClusterMetrics.Ban> union = new HashMap<>();
        for (final ClusterMetrics metrics : engines().values())
        {
            for (final ClusterMetrics.Ban ban : metrics.bans())
            {
                union.merge(ban.ip(), ban, (a, b) -> a.bannedAtMillis() <= b.bannedAtMillis() ? a : b);
            }
        }
        final List<ClusterMetrics.Ban> list = new ArrayList<>(union.values());
        list.sort(Comparator.comparing(ClusterMetrics.Ban::ip));
        return list;
    }

    /**
     * @return documents accepted.
     */
    public long documentsAccepted()
    {
        return accepted.get();
    }

    /**
     * @return documents larger than the limit, dropped unread.
     */
    public long documentsOversize()
    {
        return oversize.get();
    }

    /**
     * @return documents that were not valid, dropped.
     */
    public long documentsMalformed()
    {
        return malformed.get();
    }

    /**
     * @return documents older than the expiry when read, skipped.
     */
    public long documentsStale()
    {
        return stale.get();
    }

    /**
     * @return documents of a new engine dropped because the view held its most engines.
     */
    public long enginesRejected()
    {
        return rejected.get();
    }

    /**
     * @param visitor receives the view's counters.
     */
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(ACCEPTED, accepted.get());
        visitor.counter(DROPPED, "oversize", null, oversize.get());
        visitor.counter(DROPPED, "malformed", null, malformed.get());
        visitor.counter(DROPPED, "stale", null, stale.get());
        visitor.counter(DROPPED, "too_many_engines", null, rejected.get());
    }

    /**
     * Stop the consumer thread (up to 2 s).
     */
    @Override
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
        }
        final KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null)
        {
            c.wakeup();
        }
        if (t != null)
        {
            t.interrupt();
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(2));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void expire(final long now)
    {
        engines.values().removeIf(heard -> now - heard.heardAtMillis >= expiryMillis);
    }

    private static long add(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private void consume()
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fnm-cluster-view");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, settings.maxDocumentBytes + 64 * 1024);
        props.putAll(settings.consumerProperties);
        try (KafkaConsumer<byte[], byte[]> c = settings.client.consumer("cluster-view", props))
        {
            consumer = c;
            if (!running || !assign(c))
            {
                return;
            }
            while (running)
            {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)))
                {
                    accept(r.value(), r.timestamp());
                }
                expire(clock.epochMillis());
            }
        }
        catch (final WakeupException ex)
        {
            // closing
        }
        catch (final RuntimeException ex)
        {
            if (running)
            {
                LOG.error("cluster view of {} stopped: {}", settings.topic, ex.toString());
            }
        }
    }

    private boolean assign(final KafkaConsumer<byte[], byte[]> c)
    {
        List<PartitionInfo> partitions = List.of();
        while (running && partitions.isEmpty())
        {
            try
            {
                partitions = c.partitionsFor(settings.topic, Duration.ofSeconds(1));
            }
            catch (final org.apache.kafka.common.errors.TimeoutException ex)
            {
                partitions = List.of();
            }
            if (partitions.isEmpty() && running)
            {
                try
                {
                    Thread.sleep(1000);
                }
                catch (final InterruptedException ex)
                {
                    return false;
                }
            }
        }
        final List<TopicPartition> parts = partitions.stream()
            .map(p -> new TopicPartition(settings.topic, p.partition())).toList();
        c.assign(parts);
        final Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
        final Map<TopicPartition, Long> end = c.endOffsets(parts);
        for (final TopicPartition p : parts)
        {
            c.seek(p, Math.max(begin.get(p), end.get(p) - REPLAY_RECORDS_PER_PARTITION));
        }
        LOG.info("cluster view reading {} ({} partitions)", settings.topic, parts.size());
        return running;
    }

    /**
     * A host of the global top list and the engine holding it.
     *
     * @param engine the engine's id.
     * @param host   the host and its rates.
     */
    public record TopHost(String engine, HostTraffic host)
    {
    }

    private record Heard(ClusterMetrics metrics, long heardAtMillis)
    {
    }

    /** Builds a {@link KafkaClusterView}. */
    public static final class Builder
    {
        private KafkaClientProperties client = KafkaClientProperties.of(KafkaKeys.DEFAULT_BOOTSTRAP_SERVERS);
        private String topic = KafkaKeys.DEFAULT_METRICS_TOPIC;
        private long expirySeconds = KafkaKeys.DEFAULT_CLUSTER_EXPIRY_SECONDS;
        private int maxEngines = DEFAULT_MAX_ENGINES;
        private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private Clock clock = Clock.SYSTEM;
        private final Map<String, Object> consumerProperties = new HashMap<>();

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
            topic = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param seconds how long an engine stays in the view after its last document, at least 1 (default
         *                {@value KafkaKeys#DEFAULT_CLUSTER_EXPIRY_SECONDS}).
         * @return this builder.
         */
        public Builder expirySeconds(final long seconds)
        {
            if (seconds < 1)
            {
                throw new IllegalArgumentException("expiry must be at least 1 s: " + seconds);
            }
            expirySeconds = seconds;
            return this;
        }

        /**
         * @param value the most engines kept (default {@value #DEFAULT_MAX_ENGINES}).
         * @return this builder.
         */
        public Builder maxEngines(final int value)
        {
            maxEngines = Math.max(1, value);
            return this;
        }

        /**
         * @param value the largest document read, bytes (default {@value #DEFAULT_MAX_DOCUMENT_BYTES}).
         * @return this builder.
         */
        public Builder maxDocumentBytes(final int value)
        {
            maxDocumentBytes = Math.max(64, value);
            return this;
        }

        /**
         * @param value the clock the expiry is measured on.
         * @return this builder.
         */
        public Builder clock(final Clock value)
        {
            clock = Objects.requireNonNull(value, "value");
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
         * @return the view, not consuming until {@link KafkaClusterView#start()}.
         */
        public KafkaClusterView build()
        {
            return new KafkaClusterView(this);
        }
    }
}
