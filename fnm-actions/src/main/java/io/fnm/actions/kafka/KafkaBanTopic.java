package io.fnm.actions.kafka;

import io.fnm.core.Attack;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The engine role's ban state in Kafka: an {@link io.fnm.core.AttackAction} that publishes each ban to a compacted
 * topic (key: the host's address bytes, as on the flows topic; value: {@link #encode}) and a tombstone at its unban,
 * and, when the engine is assigned flows partitions ({@link KafkaEngineSource.Builder#onAssigned}), restores the bans
 * of the hosts of those partitions from the topic, so a partition that moves keeps its bans.
 * <p>
 * A restored ban is a manual ban of the engine ({@link DetectionEngine#ban(InetAddress)}: the actions run, so the
 * new owner announces it too) that this object ends at the published unban time (checked every 200 ms on its own
 * thread against the engine's clock). The published record keeps the original direction and type; the engine's own
 * ban list shows the restored ban as manual.
 */
public final class KafkaBanTopic implements io.fnm.core.AttackAction, AutoCloseable
{
    /** Value layout version. */
    public static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBanTopic.class);
    private static final long EXPIRY_PERIOD_MILLIS = 200;

    private final String bootstrapServers;
    private final String topic;
    private final int flowsPartitions;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<InetAddress, Long> restored = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Thread expiry;
    private volatile DetectionEngine engine;
    private volatile boolean running = true;

    /**
     * Connect a producer (it waits for the broker's metadata of the flows topic at most 30 s).
     *
     * @param bootstrapServers Kafka's bootstrap.servers.
     * @param bansTopic        the compacted bans topic.
     * @param flowsTopic       the flows topic, whose partition count maps a host to its partition.
     */
    public KafkaBanTopic(final String bootstrapServers, final String bansTopic, final String flowsTopic)
    {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        topic = Objects.requireNonNull(bansTopic, "bansTopic");
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        final List<PartitionInfo> flows = producer.partitionsFor(flowsTopic);
        flowsPartitions = flows.size();
        expiry = new Thread(this::expireLoop, "fnm-kafka-bans");
        expiry.setDaemon(true);
        expiry.start();
    }

    /**
     * Give the engine whose bans this publishes and restores (build the engine with this action, then bind it).
     *
     * @param detectionEngine the engine.
     * @return this.
     */
    public KafkaBanTopic bind(final DetectionEngine detectionEngine)
    {
        engine = Objects.requireNonNull(detectionEngine, "detectionEngine");
        return this;
    }

    @Override
    public void onBan(final Attack attack)
    {
        if (restored.containsKey(attack.address()))
        {
            return; // the topic holds the original record
        }
        final DetectionEngine e = engine;
        long bannedAt = System.currentTimeMillis();
        long unbanAt = Long.MAX_VALUE;
        if (e != null)
        {
            bannedAt = e.clock().epochMillis();
            for (final BanEntry entry : e.banList())
            {
                if (entry.attack().address().equals(attack.address()))
                {
                    bannedAt = entry.bannedAtMillis();
                    unbanAt = entry.unbanAtMillis();
                }
            }
        }
        send(attack.address(), encode(attack, bannedAt, unbanAt));
    }

    @Override
    public void onUnban(final Attack attack)
    {
        restored.remove(attack.address());
        send(attack.address(), null);
    }

    @Override
    public String name()
    {
        return "kafka_bans";
    }

    /**
     * @return ban records and tombstones sent.
     */
    public long published()
    {
        return published.get();
    }

    /**
     * @return ban records read from the topic that could not be decoded (dropped).
     */
    public long malformed()
    {
        return malformed.get();
    }

    /**
     * @return bans this engine restored from the topic and still holds, with their unban times.
     */
    public Map<InetAddress, Long> restored()
    {
        return Map.copyOf(restored);
    }

    /**
     * @param address a host.
     * @return its flows partition.
     */
    public int partitionOf(final InetAddress address)
    {
        return Utils.toPositive(Utils.murmur2(address.getAddress())) % flowsPartitions;
    }

    /**
     * Read the whole bans topic and ban, in the bound engine, the hosts of {@code partitions} whose published ban
     * has not ended and that the engine has not banned. Meant for {@link KafkaEngineSource.Builder#onAssigned}.
     *
     * @param partitions the flows partitions the engine holds.
     * @return bans restored.
     */
    public int restore(final Set<Integer> partitions)
    {
        final DetectionEngine e = engine;
        if (e == null)
        {
            return 0;
        }
        final Map<InetAddress, long[]> live = readAll();
        final Set<InetAddress> banned = e.banList().stream().map(b -> b.attack().address())
            .collect(Collectors.toSet());
        final long now = e.clock().epochMillis();
        int n = 0;
        for (final Map.Entry<InetAddress, long[]> ban : live.entrySet())
        {
            final InetAddress address = ban.getKey();
            final long unbanAt = ban.getValue()[1];
            if (partitions.contains(partitionOf(address)) && !banned.contains(address) && unbanAt > now)
            {
                restored.put(address, unbanAt);
                if (e.ban(address))
                {
                    n++;
                }
                else
                {
                    restored.remove(address);
                }
            }
        }
        if (n > 0)
        {
            LOG.info("restored {} bans from {} for partitions {}", n, topic, partitions);
        }
        return n;
    }

    /**
     * Unban the restored bans whose published unban time has passed on the engine's clock.
     */
    public void expire()
    {
        final DetectionEngine e = engine;
        if (e == null)
        {
            return;
        }
        final long now = e.clock().epochMillis();
        for (final Map.Entry<InetAddress, Long> ban : restored.entrySet())
        {
            if (ban.getValue() <= now)
            {
                e.unban(ban.getKey());
                restored.remove(ban.getKey());
            }
        }
    }

    /**
     * Stop the expiry thread and close the producer (up to 2 s).
     */
    @Override
    public void close()
    {
        running = false;
        expiry.interrupt();
        try
        {
            expiry.join(TimeUnit.SECONDS.toMillis(2));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }

    /**
     * The value of a ban record: version u8 (1), banned-at i64 and unban-at i64 (epoch milliseconds, unban
     * {@link Long#MAX_VALUE} for never), direction u8 (ordinal), then the attack type's text in UTF-8.
     *
     * @param attack         the attack.
     * @param bannedAtMillis when banned.
     * @param unbanAtMillis  when it ends.
     * @return the value.
     */
    public static byte[] encode(final Attack attack, final long bannedAtMillis, final long unbanAtMillis)
    {
        final byte[] type = attack.type() == null ? new byte[0] : attack.type().text().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(18 + type.length).put((byte)VERSION).putLong(bannedAtMillis).putLong(unbanAtMillis)
            .put((byte)attack.direction().ordinal()).put(type).array();
    }

    /**
     * @param value a ban record's value (untrusted).
     * @return {banned-at, unban-at, direction ordinal}, or null when it is not a version-1 record.
     */
    public static long[] decode(final byte[] value)
    {
        if (value == null || value.length < 18 || value[0] != VERSION || (value[17] & 0xFF) > 3)
        {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(value);
        return new long[] {b.getLong(1), b.getLong(9), value[17]};
    }

    private Map<InetAddress, long[]> readAll()
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final Map<InetAddress, long[]> live = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            final List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)))
                {
                    apply(live, r.key(), r.value());
                }
            }
        }
        return live;
    }

    private void apply(final Map<InetAddress, long[]> live, final byte[] key, final byte[] value)
    {
        final InetAddress address;
        try
        {
            if (key == null || (key.length != 4 && key.length != 16))
            {
                malformed.incrementAndGet();
                return;
            }
            address = InetAddress.getByAddress(key);
        }
        catch (final UnknownHostException ex)
        {
            malformed.incrementAndGet();
            return;
        }
        if (value == null)
        {
            live.remove(address);
            return;
        }
        final long[] ban = decode(value);
        if (ban == null)
        {
            malformed.incrementAndGet();
            return;
        }
        live.put(address, ban);
    }

    private void send(final InetAddress address, final byte[] value)
    {
        producer.send(new ProducerRecord<>(topic, address.getAddress(), value), (meta, error) ->
        {
            if (error == null)
            {
                published.incrementAndGet();
            }
            else
            {
                LOG.warn("ban record for {} not published to {}: {}", address.getHostAddress(), topic,
                    error.toString());
            }
        });
    }

    private void expireLoop()
    {
        while (running)
        {
            try
            {
                expire();
                Thread.sleep(EXPIRY_PERIOD_MILLIS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("ban expiry failed: {}", ex.toString());
            }
        }
    }
}
