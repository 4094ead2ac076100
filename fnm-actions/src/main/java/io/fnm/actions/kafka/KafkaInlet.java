package io.fnm.actions.kafka;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.Direction;
import io.fnm.core.IpPrefix;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inlet role: capture threads hand their records to {@link #newSink(String) sinks} of this inlet instead of an
 * engine; each sink classifies the record's direction against {@code networks_list}, picks the partition of the
 * local host address ({@code toPositive(murmur2(address bytes)) % partitions}, Kafka's own partitioner) and appends
 * the record to that partition's {@link FlowBatch}. A batch is handed over when full or at the sink's
 * {@link TrafficSink#flush()}, to a bounded queue drained by the inlet's own publishing thread, which sends it as one
 * Kafka record (lz4, batched by the producer). A capture thread never waits for the broker: when the queue is full the
 * batch is dropped and its records counted in {@link #recordsDropped()}.
 * <p>
 * Records with no local host (other) are keyed by their source address; internal records by their destination.
 * Engines count them only into totals, so any engine may receive them.
 * <p>
 * Each Kafka record carries a {@value #SENT_HEADER} header: the inlet's clock when it was sent (i64, big-endian
 * epoch milliseconds), by which an engine taking a partition over skips what an averages checkpoint already holds
 * ({@link KafkaEngineSource#skipBefore}); the exporters' own clocks play no part.
 */
public final class KafkaInlet implements AutoCloseable
{
    /** The header of each Kafka record holding the inlet's clock when it sent it. */
    public static final String SENT_HEADER = "fnm.sent";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaInlet.class);
    private static final int MAX_LOGGED_FAILURES = 32;
    private static final long POLL_MILLIS = 100;

    private final Builder settings;
    private final LocalNetworks networks;
    private final BlockingQueue<Batch> queue;
    private final AtomicLong recordsQueued = new AtomicLong();
    private final AtomicLong recordsDropped = new AtomicLong();
    private final AtomicLong recordsPublished = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    /** Kinds of delivery failure already logged (at most {@link #MAX_LOGGED_FAILURES}): one line per kind. */
    private final java.util.Set<String> loggedFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong recordsUnaddressed = new AtomicLong();
    private final AtomicLong batchesPublished = new AtomicLong();
    private final AtomicLong bytesPublished = new AtomicLong();
    private Producer<byte[], byte[]> producer;
    private Thread publisher;
    private volatile int partitions;
    private volatile boolean running;

    private KafkaInlet(final Builder builder)
    {
        settings = builder;
        networks = new LocalNetworks(builder.networks);
        queue = new ArrayBlockingQueue<>(builder.queueBatches);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Connect the producer, learn the topic's partition count (waiting up to the builder's start timeout for the
     * broker) and start the publishing thread.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the topic's partitions cannot be read in time.
     */
    public synchronized void start()
    {
        if (running)
        {
            return;
        }
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "fnm-inlet-" + settings.inletId);
        props.putAll(settings.producerProperties);
        producer = settings.client.producer("inlet", props);
        final long deadline = System.nanoTime() + settings.startTimeout.toNanos();
        while (true)
        {
            try
            {
                partitions = producer.partitionsFor(settings.topic).size();
                break;
            }
            catch (final org.apache.kafka.common.errors.TimeoutException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    producer.close(Duration.ZERO);
                    throw ex;
                }
            }
        }
        running = true;
        publisher = new Thread(this::publish, "fnm-kafka-inlet-" + settings.inletId);
        publisher.setDaemon(true);
        publisher.start();
        LOG.info("Kafka inlet {} publishing to {} ({} partitions) at {}", settings.inletId, settings.topic,
            partitions, settings.client.bootstrapServers());
    }

    /**
     * @param name the capture thread's name, for diagnostics.
     * @return a single-threaded sink publishing to this inlet.
     */
    public TrafficSink newSink(final String name)
    {
        if (!running)
        {
            throw new IllegalStateException("start the inlet first");
        }
        return new InletSink(partitions);
    }

    /**
     * @return the flows topic's partition count.
     */
    public int partitions()
    {
        return partitions;
    }

    /**
     * @return records handed to the publishing thread.
     */
    public long recordsQueued()
    {
        return recordsQueued.get();
    }

    /**
     * @return records dropped because the queue to the publishing thread was full or the producer refused them.
     */
    public long recordsDropped()
    {
        return recordsDropped.get();
    }

    /**
     * @return records acknowledged by the broker.
     */
    public long recordsPublished()
    {
        return recordsPublished.get();
    }

    /**
     * @return records whose send failed after the producer took them (delivery timeout, broker error).
     */
    public long recordsFailed()
    {
        return recordsFailed.get();
    }

    /**
     * @return records without IP addresses, not published.
     */
    public long recordsUnaddressed()
    {
        return recordsUnaddressed.get();
    }

    /**
     * @return Kafka records (batches) acknowledged.
     */
    public long batchesPublished()
    {
        return batchesPublished.get();
    }

    /**
     * @return value bytes acknowledged (before the producer's compression).
     */
    public long bytesPublished()
    {
        return bytesPublished.get();
    }

    /**
     * Stop the publishing thread after it has sent what is queued, then flush and close the producer (up to 5 s).
     */
    @Override
    public void close()
    {
        final Thread thread;
        synchronized (this)
        {
            if (!running)
            {
                return;
            }
            running = false;
            thread = publisher;
        }
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        producer.close(Duration.ofSeconds(5));
    }

    private void publish()
    {
        final List<Batch> drained = new ArrayList<>();
        while (running || !queue.isEmpty())
        {
            try
            {
                final Batch first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null)
                {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained);
                for (final Batch batch : drained)
                {
                    send(batch);
                }
                drained.clear();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    /**
     * @param epochMillis a time.
     * @return the value of a {@link #SENT_HEADER} header.
     */
    static byte[] sentAt(final long epochMillis)
    {
        final byte[] value = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++)
        {
            value[i] = (byte)(epochMillis >>> (56 - 8 * i));
        }
        return value;
    }

    /**
     * @param value a {@link #SENT_HEADER} header's value (untrusted), or null.
     * @return its time, or {@link Long#MAX_VALUE} when it is not 8 bytes.
     */
    static long sentAt(final byte[] value)
    {
        if (value == null || value.length != Long.BYTES)
        {
            return Long.MAX_VALUE;
        }
        long epochMillis = 0;
        for (final byte b : value)
        {
            epochMillis = (epochMillis << 8) | (b & 0xFF);
        }
        return epochMillis;
    }

    private void send(final Batch batch)
    {
        try
        {
            producer.send(new ProducerRecord<>(settings.topic, batch.partition, null, null, batch.value,
                List.of(new RecordHeader(SENT_HEADER, sentAt(settings.clock.epochMillis())))), (meta, error) ->
            {
                if (error == null)
                {
                    recordsPublished.addAndGet(batch.records);
                    batchesPublished.incrementAndGet();
                    bytesPublished.addAndGet(batch.value.length);
                }
                else
                {
                    recordsFailed.addAndGet(batch.records);
                    final String kind = error.getClass().getName();
                    if (loggedFailures.size() < MAX_LOGGED_FAILURES && loggedFailures.add(kind))
                    {
                        LOG.warn("Kafka inlet {}: a batch to {} was not delivered ({}); such batches are counted in "
                            + "recordsFailed and this is logged once per kind", settings.inletId, settings.topic,
                            error.toString());
                    }
                }
            });
        }
        catch (final RuntimeException ex)
        {
            // max.block.ms elapsed with the producer's buffer full (broker away): drop, count, carry on
            recordsDropped.addAndGet(batch.records);
        }
    }

    /** One batch handed to the publishing thread. */
    private record Batch(int partition, byte[] value, int records)
    {
    }

    /** A capture thread's sink: one batch buffer per partition, reused. */
    private final class InletSink implements TrafficSink
    {
        private final ByteBuffer[] buffers;
        private final byte[] key4 = new byte[4];
        private final byte[] key16 = new byte[16];
        private final Clock clock = settings.clock;
        private final long[] firstNanos;
        private final long lingerNanos = TimeUnit.MILLISECONDS.toNanos(settings.lingerMillis);

        InletSink(final int partitionCount)
        {
            buffers = new ByteBuffer[partitionCount];
            firstNanos = new long[partitionCount];
        }

        @Override
        public void accept(final TrafficRecord record)
        {
            final int recordLength = FlowBatch.recordLength(record.ipVersion());
            if (recordLength < 0)
            {
                recordsUnaddressed.incrementAndGet();
                return;
            }
            final Direction direction = networks.classify(record);
            final byte[] key = LocalNetworks.key(record, direction, key4, key16);
            final int partition = KafkaKeys.partitionOf(key, buffers.length);
            ByteBuffer buffer = buffers[partition];
            if (buffer == null)
            {
                buffer = ByteBuffer.allocate(settings.batchBytes);
                buffers[partition] = buffer;
                FlowBatch.writeHeader(buffer, settings.inletId, baseTime(record));
            }
            else if (buffer.remaining() < recordLength
                || (buffer.getShort(FlowBatch.COUNT_OFFSET) & 0xFFFF) == FlowBatch.MAX_COUNT)
            {
                handOver(partition, buffer);
                FlowBatch.writeHeader(buffer, settings.inletId, baseTime(record));
            }
            else if (buffer.position() == FlowBatch.HEADER_LENGTH)
            {
                FlowBatch.writeHeader(buffer, settings.inletId, baseTime(record));
            }
            if (buffer.position() == FlowBatch.HEADER_LENGTH && lingerNanos > 0)
            {
                firstNanos[partition] = System.nanoTime();
            }
            FlowBatch.append(buffer, record, direction);
        }

        /**
         * Hand over the batches whose first record waited {@code lingerMillis} or more (every batch when the linger
         * is 0): small batches cost the producer more per record than the batch itself.
         */
        @Override
        public void flush()
        {
            handOverOlderThan(lingerNanos);
        }

        /**
         * Hand over every batch: the thread is done.
         */
        @Override
        public void close()
        {
            handOverOlderThan(0);
        }

        private void handOverOlderThan(final long ageNanos)
        {
            final long now = ageNanos > 0 ? System.nanoTime() : 0;
            for (int p = 0; p < buffers.length; p++)
            {
                final ByteBuffer buffer = buffers[p];
                if (buffer != null && buffer.position() > FlowBatch.HEADER_LENGTH
                    && (ageNanos == 0 || now - firstNanos[p] >= ageNanos))
                {
                    handOver(p, buffer);
                    buffer.position(FlowBatch.HEADER_LENGTH);
                    buffer.putShort(FlowBatch.COUNT_OFFSET, (short)0);
                }
            }
        }

        private long baseTime(final TrafficRecord record)
        {
            return record.timestampMillis() != 0 ? record.timestampMillis() : clock.epochMillis();
        }

        private void handOver(final int partition, final ByteBuffer buffer)
        {
            final int records = buffer.getShort(FlowBatch.COUNT_OFFSET) & 0xFFFF;
            final byte[] value = java.util.Arrays.copyOf(buffer.array(), buffer.position());
            if (queue.offer(new Batch(partition, value, records)))
            {
                recordsQueued.addAndGet(records);
            }
            else
            {
                recordsDropped.addAndGet(records);
            }
        }
    }

    /**
     * Settings of a {@link KafkaInlet}.
     */
    public static final class Builder
    {
        private KafkaClientProperties client = KafkaClientProperties.of(KafkaKeys.DEFAULT_BOOTSTRAP_SERVERS);
        private String topic = KafkaKeys.DEFAULT_TOPIC;
        private List<IpPrefix> networks = List.of();
        private int inletId;
        private int queueBatches = 4096;
        private int batchBytes = 64 * 1024;
        private Duration startTimeout = Duration.ofSeconds(30);
        private long lingerMillis = 5;
        private Clock clock = Clock.SYSTEM;
        private final Map<String, Object> producerProperties = new HashMap<>();

        private Builder()
        {
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
         * @param name the flows topic (it must exist; its partition count is read at start).
         * @return this builder.
         */
        public Builder topic(final String name)
        {
            topic = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param prefixes networks_list, to classify direction.
         * @return this builder.
         */
        public Builder networks(final List<IpPrefix> prefixes)
        {
            networks = List.copyOf(prefixes);
            return this;
        }

        /**
         * @param id this inlet's id, 0..65535, written into each batch.
         * @return this builder.
         */
        public Builder inletId(final int id)
        {
            inletId = id & 0xFFFF;
            return this;
        }

        /**
         * @param batches batches the queue to the publishing thread holds before capture threads drop (default
         *                4096).
         * @return this builder.
         */
        public Builder queueBatches(final int batches)
        {
            queueBatches = Math.max(1, batches);
            return this;
        }

        /**
         * @param bytes the largest batch value (default 64 KiB, at least one IPv6 record).
         * @return this builder.
         */
        public Builder batchBytes(final int bytes)
        {
            batchBytes = Math.max(FlowBatch.HEADER_LENGTH + FlowBatch.IPV6_RECORD_LENGTH, bytes);
            return this;
        }

        /**
         * @param timeout how long {@link #start()} waits for the topic's metadata (default 30 s).
         * @return this builder.
         */
        public Builder startTimeout(final Duration timeout)
        {
            startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param millis how long a sink's {@link TrafficSink#flush()} lets a partition's batch fill before handing it
         *               over (default 5 ms; 0: every flush hands every batch over). A capture thread flushes at
         *               least at each receive timeout, so records wait at most that plus the linger.
         * @return this builder.
         */
        public Builder lingerMillis(final long millis)
        {
            lingerMillis = Math.max(0, millis);
            return this;
        }

        /**
         * @param value the clock, for the base time of records that carry none.
         * @return this builder.
         */
        public Builder clock(final Clock value)
        {
            clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * @param name  a Kafka producer property, overriding fnm's (lz4, linger.ms 5, batch.size 256 KiB, acks 1,
         *              max.block.ms 100).
         * @param value its value.
         * @return this builder.
         */
        public Builder producerProperty(final String name, final Object value)
        {
            producerProperties.put(name, value);
            return this;
        }

        /**
         * @return a new inlet, not started.
         */
        public KafkaInlet build()
        {
            return new KafkaInlet(this);
        }
    }
}
