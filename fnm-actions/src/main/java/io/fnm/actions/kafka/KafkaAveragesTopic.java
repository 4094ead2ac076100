package io.fnm.actions.kafka;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.DetectionEngine;
import io.fnm.core.HostHandover;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine role's moving averages in Kafka, so that a host whose flows partition moves to another engine keeps its
 * history: every {@code kafka_averages_checkpoint_seconds} of the engine's clock (as a {@link MetricsExporter}, on a
 * thread of its own after a tick) and when the engine gives partitions up ({@link #revoked}), it publishes the moving
 * averages of the hosts of its partitions to a compacted topic ({@link AveragesCheckpoint}: key flows partition and
 * chunk, value the hosts of that chunk with the time of the tick they are from); when the engine is assigned
 * partitions ({@link #assigned}) it reads the latest checkpoint of each new one and seeds the engine with it
 * ({@link HostHandover#seed}: applied at the next tick, decayed for the time since the checkpoint), and tells the
 * {@link KafkaEngineSource} to skip the records older than the checkpoint (they are in the averages already; without
 * it, the records read again since the group's last committed offset would be counted twice).
 * <p>
 * Flows partition {@code p} goes to partition {@code p % A} of the averages topic (A its partition count: make it the
 * flows topic's, and compacted). A checkpoint with fewer chunks than the one before deletes the chunks left over
 * (tombstones), so the topic holds one checkpoint per partition once compacted. Only the partitions the engine holds
 * are published; none after they are lost.
 */
public final class KafkaAveragesTopic implements MetricsExporter
{
    /** Checkpoints made. */
    public static final CounterDescriptor CHECKPOINTS = CounterDescriptor.counter(
        "fnm_kafka_averages_checkpoints_total", "checkpoints",
        "Averages checkpoints made (periodic and at revocation)");
    /** Hosts of the checkpoints by outcome. */
    public static final CounterDescriptor HOSTS = CounterDescriptor.counter(
        "fnm_kafka_averages_hosts_total", "hosts",
        "Hosts of the averages checkpoints: published by this engine, or read and queued to seed it", "outcome");
    /** Checkpoint chunks by outcome. */
    public static final CounterDescriptor CHUNKS = CounterDescriptor.counter("fnm_kafka_averages_chunks_total",
        "chunks", "Averages checkpoint chunks: published (acknowledged, tombstones included), failed (not taken by " +
            "the broker), malformed (read and dropped)", "outcome");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAveragesTopic.class);

    private final KafkaClientProperties client;
    private final String topic;
    private final long checkpointMillis;
    private final int flowsPartitions;
    private final int averagesPartitions;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong hostsPublished = new AtomicLong();
    private final AtomicLong hostsSeeded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong chunksPublished = new AtomicLong();
    /** Chunks each partition has in the topic (this engine's last checkpoint, or what the restore read). */
    private final Map<Integer, Integer> chunksInTopic = new HashMap<>();
    private volatile DetectionEngine engine;
    private volatile KafkaEngineSource source;
    private volatile Set<Integer> owned = Set.of();
    /** Partitions given up by the last revocation: those assigned again right after never left this engine. */
    private volatile Set<Integer> justRevoked = Set.of();
    /** Partitions assigned whose checkpoint could not be read yet (the restore threw). */
    private volatile Set<Integer> unrestored = Set.of();

    /**
     * Connect a producer (it waits for the broker's metadata of both topics at most 30 s).
     *
     * @param bootstrapServers Kafka's bootstrap.servers.
     * @param averagesTopic    the compacted averages topic.
     * @param flowsTopic       the flows topic, whose partition count maps a host to its partition.
     * @param checkpointMillis the period of the checkpoints on the engine's clock; 0 checkpoints at every tick.
     */
    public KafkaAveragesTopic(final String bootstrapServers, final String averagesTopic, final String flowsTopic,
        final long checkpointMillis)
    {
        this(KafkaClientProperties.of(bootstrapServers), averagesTopic, flowsTopic, checkpointMillis);
    }

    /**
     * Connect a producer (it waits for the broker's metadata of both topics at most 30 s).
     *
     * @param client           the properties of the producer and of the restore's consumers.
     * @param averagesTopic    the compacted averages topic.
     * @param flowsTopic       the flows topic, whose partition count maps a host to its partition.
     * @param checkpointMillis the period of the checkpoints on the engine's clock; 0 checkpoints at every tick.
     */
    public KafkaAveragesTopic(final KafkaClientProperties client, final String averagesTopic,
        final String flowsTopic, final long checkpointMillis)
    {
        this.client = Objects.requireNonNull(client, "client");
        this.topic = Objects.requireNonNull(averagesTopic, "averagesTopic");
        if (checkpointMillis < 0)
        {
            throw new IllegalArgumentException("checkpoint period must not be negative: " + checkpointMillis);
        }
        this.checkpointMillis = checkpointMillis;
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        producer = client.producer("averages", props);
        flowsPartitions = producer.partitionsFor(flowsTopic).size();
        averagesPartitions = producer.partitionsFor(averagesTopic).size();
    }

    /**
     * Give the engine whose averages this publishes and seeds, and the source to tell which records to skip.
     *
     * @param detectionEngine the engine (built with this as a metrics exporter).
     * @param engineSource    its Kafka source, or null.
     * @return this.
     */
    public KafkaAveragesTopic bind(final DetectionEngine detectionEngine, final KafkaEngineSource engineSource)
    {
        engine = Objects.requireNonNull(detectionEngine, "detectionEngine");
        source = engineSource;
        return this;
    }

    @Override
    public String name()
    {
        return "kafka_averages";
    }

    @Override
    public long pushPeriodMillis()
    {
        return checkpointMillis;
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(CHECKPOINTS, checkpoints.get());
        visitor.counter(HOSTS, "published", hostsPublished.get());
        visitor.counter(HOSTS, "seeded", hostsSeeded.get());
        visitor.counter(CHUNKS, "published", chunksPublished.get());
        visitor.counter(CHUNKS, "failed", failed.get());
        visitor.counter(CHUNKS, "malformed", malformed.get());
    }

    /** The periodic checkpoint: the snapshot itself is not used. */
    @Override
    public void export(final TrafficSnapshot snapshot)
    {
        checkpoint();
    }

    /**
     * @return checkpoints published (each covers every partition held).
     */
    public long checkpoints()
    {
        return checkpoints.get();
    }

    /**
     * @return hosts published, over all checkpoints.
     */
    public long hostsPublished()
    {
        return hostsPublished.get();
    }

    /**
     * @return hosts read from checkpoints and queued to seed the engine.
     */
    public long hostsSeeded()
    {
        return hostsSeeded.get();
    }

    /**
     * @return checkpoint chunks read that could not be decoded (dropped whole).
     */
    public long malformed()
    {
        return malformed.get();
    }

    /**
     * @return checkpoint chunks and tombstones the broker acknowledged.
     */
    public long chunksPublished()
    {
        return chunksPublished.get();
    }

    /**
     * @return chunks the broker did not take.
     */
    public long failed()
    {
        return failed.get();
    }

    /**
     * Publish the averages of the hosts of every partition held now.
     *
     * @return hosts published.
     */
    public synchronized int checkpoint()
    {
        // the held set read under the lock: a revocation running meanwhile is never followed by its stale set
        return checkpoint(owned, 0);
    }

    /**
     * Partitions were assigned: seed the engine from the latest checkpoint of each partition it did not hold. Meant
     * for {@link KafkaEngineSource.Builder#onAssigned} (it runs before their records are polled). A partition revoked
     * by the rebalance that assigns it again (Kafka's eager protocol revokes every partition first) never left: its
     * hosts' averages are here already. When the checkpoints cannot be read (it throws), the partitions stay to be
     * read by the next call (the source's retry, or the next assignment).
     *
     * @param partitions every partition held now.
     * @return hosts seeded.
     */
    public int assigned(final Set<Integer> partitions)
    {
        final Set<Integer> added = new TreeSet<>(partitions);
        added.removeAll(owned);
        added.removeAll(justRevoked);
        // the partitions of a restore that failed, still held: a retry (or the next assignment) reads them again
        added.addAll(unrestored);
        added.retainAll(partitions);
        justRevoked = Set.of();
        owned = Set.copyOf(partitions);
        final DetectionEngine e = engine;
        if (e == null || added.isEmpty())
        {
            unrestored = Set.of();
            return 0;
        }
        unrestored = Set.copyOf(added);
        final int seeded = restore(e, added);
        unrestored = Set.of();
        return seeded;
    }

    /**
     * Partitions are given up: publish their checkpoint now and wait for the broker (the other engine reads it
     * next). Meant for {@link KafkaEngineSource.Builder#onRevoked}.
     *
     * @param partitions the partitions given up.
     */
    public void revoked(final Set<Integer> partitions)
    {
        // given up first, so no periodic checkpoint publishes them after this one
        lost(partitions);
        checkpoint(partitions, AveragesCheckpoint.HANDED_OVER);
        producer.flush();
        final Set<Integer> revoked = new TreeSet<>(justRevoked);
        revoked.addAll(partitions);
        justRevoked = Set.copyOf(revoked);
    }

    /**
     * Partitions are lost (another engine may hold them already): publish nothing more for them. Meant for
     * {@link KafkaEngineSource.Builder#onLost}.
     *
     * @param partitions the partitions lost.
     */
    public void lost(final Set<Integer> partitions)
    {
        final Set<Integer> now = new TreeSet<>(owned);
        now.removeAll(partitions);
        owned = Set.copyOf(now);
    }

    /**
     * Close the producer (up to 2 s); called by the engine when it closes.
     */
    @Override
    public void close()
    {
        producer.close(Duration.ofSeconds(2));
    }

    private synchronized int checkpoint(final Set<Integer> partitions, final int flags)
    {
        final DetectionEngine e = engine;
        if (e == null || partitions.isEmpty())
        {
            return 0;
        }
        final AveragesCheckpoint.Writer[] writers = new AveragesCheckpoint.Writer[flowsPartitions];
        final long[] tick = new long[1];
        final int[] hosts = new int[1];
        e.handover().forEachHost(new HostHandover.HostVisitor()
        {
            @Override
            public void begin(final long tickMillis)
            {
                tick[0] = tickMillis;
            }

            @Override
            public void host(final byte[] address, final long[] averages)
            {
                final int p = KafkaKeys.partitionOf(address, flowsPartitions);
                if (partitions.contains(p))
                {
                    if (writers[p] == null)
                    {
                        writers[p] = new AveragesCheckpoint.Writer(p, tick[0], flags);
                    }
                    writers[p].add(address, averages);
                    hosts[0]++;
                }
            }
        });
        for (final int p : partitions)
        {
            final List<byte[]> chunks = writers[p] == null ? List.of() : writers[p].finish();
            for (int i = 0; i < chunks.size(); i++)
            {
                send(p, i, chunks.get(i));
            }
            final int before = chunksInTopic.getOrDefault(p, 0);
            for (int i = chunks.size(); i < before; i++)
            {
                send(p, i, null);
            }
            chunksInTopic.put(p, chunks.size());
        }
        checkpoints.incrementAndGet();
        hostsPublished.addAndGet(hosts[0]);
        return hosts[0];
    }

    private void send(final int partition, final int chunk, final byte[] value)
    {
        producer.send(new ProducerRecord<>(topic, partition % averagesPartitions, AveragesCheckpoint.key(partition,
            chunk), value), (meta, error) ->
        {
            if (error == null)
            {
                chunksPublished.incrementAndGet();
            }
            else
            {
                failed.incrementAndGet();
                LOG.warn("averages of partition {} not published to {}: {}", partition, topic, error.toString());
            }
        });
    }

    private int restore(final DetectionEngine e, final Set<Integer> partitions)
    {
        final Map<Integer, List<AveragesCheckpoint.Chunk>> read = read(partitions);
        int seeded = 0;
        for (final Map.Entry<Integer, List<AveragesCheckpoint.Chunk>> entry : read.entrySet())
        {
            final List<AveragesCheckpoint.Chunk> chunks = entry.getValue();
            // older chunks first: a host in two chunks (a checkpoint cut short) ends with its newest averages
            chunks.sort(Comparator.comparingLong(AveragesCheckpoint.Chunk::tickMillis));
            // batches sent before the oldest chunk's tick are in it, unless it was handed over at a revocation: then
            // the old engine committed what it had read, and what the heir reads was counted by nobody
            long oldest = Long.MAX_VALUE;
            boolean handedOver = false;
            for (final AveragesCheckpoint.Chunk chunk : chunks)
            {
                for (int h = 0; h < chunk.addresses().size(); h++)
                {
                    if (e.handover().seed(chunk.addresses().get(h), chunk.averages().get(h), chunk.tickMillis()))
                    {
                        seeded++;
                    }
                }
                oldest = Math.min(oldest, chunk.tickMillis());
                handedOver |= chunk.handedOver();
            }
            final KafkaEngineSource s = source;
            if (s != null && !handedOver && oldest != Long.MAX_VALUE && oldest > 0)
            {
                s.skipBefore(entry.getKey(), oldest);
            }
        }
        hostsSeeded.addAndGet(seeded);
        LOG.info("averages of partitions {} read from {}: {} hosts seeded", partitions, topic, seeded);
        return seeded;
    }

    /** The live chunks of the partitions, read from the start of their averages partitions to the end. */
    private Map<Integer, List<AveragesCheckpoint.Chunk>> read(final Set<Integer> partitions)
    {
        final Map<Integer, Map<Integer, byte[]>> live = new HashMap<>();
        CompactedTopic.readToEnd(client, "averages-restore", topic, partitions.stream().map(p -> p % averagesPartitions)
            .distinct().toList(), 4 * AveragesCheckpoint.CHUNK_BYTES, (key, value) ->
            {
                final int p = AveragesCheckpoint.partitionOf(key);
                if (partitions.contains(p))
                {
                    live.computeIfAbsent(p, k -> new HashMap<>()).put(AveragesCheckpoint.chunkOf(key), value);
                }
                else if (p < 0)
                {
                    malformed.incrementAndGet();
                }
            });
        return decode(live);
    }

    private synchronized Map<Integer, List<AveragesCheckpoint.Chunk>> decode(
        final Map<Integer, Map<Integer, byte[]>> live)
    {
        final Map<Integer, List<AveragesCheckpoint.Chunk>> chunks = new HashMap<>();
        for (final Map.Entry<Integer, Map<Integer, byte[]>> partition : live.entrySet())
        {
            int present = 0;
            for (final Map.Entry<Integer, byte[]> chunk : partition.getValue().entrySet())
            {
                if (chunk.getValue() == null)
                {
                    continue;
                }
                present = Math.max(present, chunk.getKey() + 1);
                final AveragesCheckpoint.Chunk decoded = AveragesCheckpoint.decode(chunk.getValue());
                if (decoded == null || decoded.partition() != partition.getKey())
                {
                    malformed.incrementAndGet();
                    continue;
                }
                chunks.computeIfAbsent(partition.getKey(), k -> new ArrayList<>()).add(decoded);
            }
            chunksInTopic.put(partition.getKey(), present);
        }
        return chunks;
    }
}
