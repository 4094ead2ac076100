package io.fnm.actions.kafka;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.Attack;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine role's ban state in Kafka: an {@link io.fnm.core.AttackAction} that publishes each ban of the engine to a
 * compacted topic (key: the host's address bytes, as on the flows topic; value: {@link BanRecord}, the whole ban) and
 * a tombstone at its unban, and, when the engine is assigned flows partitions ({@link #restore}, for
 * {@link KafkaEngineSource.Builder#onAssigned}), hands the bans of the hosts of those partitions to the engine
 * ({@link io.fnm.core.HostHandover#restoreBans}): a restored ban is the same ban (attack type, direction, protocol,
 * UUID, power, banned-at, unban-at), its actions get {@code onRestore}, and the engine itself unbans it at the tick
 * past its unban time, then this publishes the tombstone. A ban whose time ended while its partition had no owner is
 * ended by the heir at once (its actions get {@code onUnban}, the topic its tombstone).
 * <p>
 * Only the owner of a host's partition writes its record: once the engine gave a partition up ({@link #revoked},
 * {@link #lost}) it publishes neither a ban nor a tombstone for its hosts (its own ban of such a host still ends on
 * time in the engine; the new owner publishes the tombstone when its restored ban ends). Before the first assignment
 * (an engine without a {@link KafkaEngineSource}) every host counts as owned.
 */
public final class KafkaBanTopic implements io.fnm.core.AttackAction, AutoCloseable
{
    /** Value layout version written ({@link BanRecord}; version 1 values are still read). */
    public static final int VERSION = BanRecord.VERSION;

    /** Records of the bans topic by outcome. */
    public static final CounterDescriptor RECORDS = CounterDescriptor.counter("fnm_kafka_ban_records_total", "records",
        "Records of the bans topic: published (bans and tombstones acknowledged), malformed (read and dropped), " +
            "not_owned (not published: the host's partition belongs to another engine now)", "outcome");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBanTopic.class);

    private final KafkaClientProperties client;
    private final String topic;
    private final int flowsPartitions;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong notOwned = new AtomicLong();
    private volatile DetectionEngine engine;
    /** The flows partitions this engine holds; null until the first assignment (every host owned). */
    private volatile Set<Integer> owned;

    /**
     * Connect a producer (it waits for the broker's metadata of the flows topic at most 30 s).
     *
     * @param bootstrapServers Kafka's bootstrap.servers.
     * @param bansTopic        the compacted bans topic.
     * @param flowsTopic       the flows topic, whose partition count maps a host to its partition.
     */
    public KafkaBanTopic(final String bootstrapServers, final String bansTopic, final String flowsTopic)
    {
        this(KafkaClientProperties.of(bootstrapServers), bansTopic, flowsTopic);
    }

    /**
     * Connect a producer (it waits for the broker's metadata of the flows topic at most 30 s).
     *
     * @param client     the properties of the producer and of the restore's consumers.
     * @param bansTopic  the compacted bans topic.
     * @param flowsTopic the flows topic, whose partition count maps a host to its partition.
     */
    public KafkaBanTopic(final KafkaClientProperties client, final String bansTopic, final String flowsTopic)
    {
        this.client = Objects.requireNonNull(client, "client");
        topic = Objects.requireNonNull(bansTopic, "bansTopic");
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        producer = client.producer("bans", props);
        flowsPartitions = producer.partitionsFor(flowsTopic).size();
    }

    /**
     * Read one record of the bans topic, for tools and tests that show the global ban list.
     *
     * @param key   the record's key: the host's address bytes (untrusted).
     * @param value its value (untrusted); null for a tombstone.
     * @return the ban (attack, banned-at, unban-at) of a version 1 or 2 value; null for a tombstone, a key that is not
     *         an address or a value that does not decode.
     */
    public static BanEntry decode(final byte[] key, final byte[] value)
    {
        return value == null ? null : BanRecord.decode(key, value);
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
        final DetectionEngine e = engine;
        long bannedAt = attack.detectedAtMillis();
        long unbanAt = Long.MAX_VALUE;
        if (e != null)
        {
            for (final BanEntry entry : e.banList())
            {
                if (entry.attack().address().equals(attack.address()))
                {
                    bannedAt = entry.bannedAtMillis();
                    unbanAt = entry.unbanAtMillis();
                }
            }
        }
        publish(attack.address(), BanRecord.encode(new BanEntry(attack, bannedAt, unbanAt)));
    }

    /**
     * A restored ban (from this topic, or from a ban store at a restart): published again as it is, which changes
     * nothing in the topic for a ban restored from it.
     */
    @Override
    public void onRestore(final BanEntry ban)
    {
        publish(ban.attack().address(), BanRecord.encode(ban));
    }

    @Override
    public void onUnban(final Attack attack)
    {
        publish(attack.address(), null);
    }

    @Override
    public String name()
    {
        return "kafka_bans";
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(RECORDS, "published", published.get());
        visitor.counter(RECORDS, "malformed", malformed.get());
        visitor.counter(RECORDS, "not_owned", notOwned.get());
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
     * @return bans and unbans not published because the host's partition belongs to another engine now.
     */
    public long notOwned()
    {
        return notOwned.get();
    }

    /**
     * @param address a host.
     * @return its flows partition.
     */
    public int partitionOf(final InetAddress address)
    {
        return KafkaKeys.partitionOf(address.getAddress(), flowsPartitions);
    }

    /**
     * Read the whole bans topic and hand the bans of the hosts of {@code partitions} to the bound engine
     * ({@link io.fnm.core.HostHandover#restoreBans}). Meant for {@link KafkaEngineSource.Builder#onAssigned}.
     *
     * @param partitions the flows partitions the engine holds (all of them).
     * @return bans restored (still running; the ended ones were ended).
     */
    public int restore(final Set<Integer> partitions)
    {
        owned = Set.copyOf(partitions);
        final DetectionEngine e = engine;
        if (e == null || partitions.isEmpty())
        {
            return 0;
        }
        final List<BanEntry> bans = new ArrayList<>();
        for (final BanEntry ban : readAll().values())
        {
            if (partitions.contains(partitionOf(ban.attack().address())))
            {
                bans.add(ban);
            }
        }
        final int n = bans.isEmpty() ? 0 : e.handover().restoreBans(bans);
        if (!bans.isEmpty())
        {
            LOG.info("{} bans of partitions {} in {}: {} restored", bans.size(), partitions, topic, n);
        }
        return n;
    }

    /**
     * The engine gave partitions up to another engine: publish nothing more for their hosts, and send what is
     * waiting now, so that the new owner reads it. Meant for {@link KafkaEngineSource.Builder#onRevoked}.
     *
     * @param partitions the partitions given up.
     */
    public void revoked(final Set<Integer> partitions)
    {
        lost(partitions);
        producer.flush();
    }

    /**
     * The engine lost partitions (another engine may hold them already): publish nothing more for their hosts.
     * Meant for {@link KafkaEngineSource.Builder#onLost}.
     *
     * @param partitions the partitions lost.
     */
    public void lost(final Set<Integer> partitions)
    {
        final Set<Integer> now = new TreeSet<>(owned == null ? Set.of() : owned);
        now.removeAll(partitions);
        owned = Set.copyOf(now);
    }

    /**
     * Close the producer (up to 2 s).
     */
    @Override
    public void close()
    {
        producer.close(Duration.ofSeconds(2));
    }

    private Map<InetAddress, BanEntry> readAll()
    {
        final Map<InetAddress, BanEntry> live = new LinkedHashMap<>();
        CompactedTopic.readToEnd(client, "bans-restore", topic, null, 1024 * 1024,
            (key, value) -> apply(live, key, value));
        return live;
    }

    private void apply(final Map<InetAddress, BanEntry> live, final byte[] key, final byte[] value)
    {
        final InetAddress address = BanRecord.address(key);
        if (address != null && value == null)
        {
            live.remove(address);
            return;
        }
        final BanEntry ban = BanRecord.decode(key, value);
        if (ban == null)
        {
            malformed.incrementAndGet();
            return;
        }
        live.put(address, ban);
    }

    private void publish(final InetAddress address, final byte[] value)
    {
        final Set<Integer> held = owned;
        if (held != null && !held.contains(partitionOf(address)))
        {
            notOwned.incrementAndGet();
            return;
        }
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
}
