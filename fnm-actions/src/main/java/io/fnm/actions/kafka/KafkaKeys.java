package io.fnm.actions.kafka;

import io.fnm.config.ConfigKey;
import org.apache.kafka.common.utils.Utils;

import java.util.List;

/**
 * The configuration keys of the Kafka roles (fnm's own; FastNetMon has no such roles) and their defaults.
 */
public final class KafkaKeys
{
    /** Switches the inlet role on: captures publish to the flows topic instead of feeding an engine. */
    public static final String KAFKA_INLET = "kafka_inlet";
    /** Switches the engine role on: the engine consumes the flows topic. */
    public static final String KAFKA_ENGINE = "kafka_engine";
    /** Kafka's bootstrap.servers. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka_bootstrap_servers";
    /**
     * A Java properties file of Kafka client properties (security.protocol, sasl.*, ssl.*...) every Kafka client of
     * fnm gets ({@link KafkaClientProperties}).
     */
    public static final String KAFKA_CLIENT_PROPERTIES_FILE = "kafka_client_properties_file";
    /** The flows topic. */
    public static final String KAFKA_TOPIC = "kafka_topic";
    /** The compacted bans topic. */
    public static final String KAFKA_BANS_TOPIC = "kafka_bans_topic";
    /** The compacted topic of the engines' averages checkpoints. */
    public static final String KAFKA_AVERAGES_TOPIC = "kafka_averages_topic";
    /** Seconds between two averages checkpoints of an engine. */
    public static final String KAFKA_AVERAGES_CHECKPOINT_SECONDS = "kafka_averages_checkpoint_seconds";
    /** The engines' consumer group. */
    public static final String KAFKA_GROUP_ID = "kafka_group_id";
    /** This engine's static group membership id (group.instance.id); empty for dynamic membership. */
    public static final String KAFKA_INSTANCE_ID = "kafka_instance_id";
    /** This inlet's id, written into each batch. */
    public static final String KAFKA_INLET_ID = "kafka_inlet_id";
    /** The topic each engine publishes its per-tick figures to ({@link KafkaMetricsPublisher}). */
    public static final String KAFKA_METRICS_TOPIC = "kafka_metrics_topic";
    /** Seconds after which the cluster view forgets an engine it has not heard from. */
    public static final String KAFKA_CLUSTER_EXPIRY_SECONDS = "kafka_cluster_expiry_seconds";
    /** Hosts of each top list an engine publishes to the metrics topic. */
    public static final String KAFKA_METRICS_TOP_HOSTS = "kafka_metrics_top_hosts";

    /** Default flows topic. */
    public static final String DEFAULT_TOPIC = "fnm.flows.v1";
    /** Default bans topic. */
    public static final String DEFAULT_BANS_TOPIC = "fnm.bans";
    /** Default averages topic. */
    public static final String DEFAULT_AVERAGES_TOPIC = "fnm.averages";
    /** Default seconds between two averages checkpoints. */
    public static final int DEFAULT_AVERAGES_CHECKPOINT_SECONDS = 5;
    /** Default consumer group. */
    public static final String DEFAULT_GROUP_ID = "fnm-engines";
    /** Default bootstrap servers. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    /** Default metrics topic. */
    public static final String DEFAULT_METRICS_TOPIC = "fnm.metrics";
    /** Default expiry of a silent engine in the cluster view, seconds. */
    public static final int DEFAULT_CLUSTER_EXPIRY_SECONDS = 5;
    /** Default hosts per top list published. */
    public static final int DEFAULT_METRICS_TOP_HOSTS = 20;

    private KafkaKeys()
    {
    }

    /**
     * @return every key the Kafka roles read, with its default, for the known-key check.
     */
    public static List<ConfigKey> configKeys()
    {
        return List.of(
            ConfigKey.of(KAFKA_INLET, "publish captured records to Kafka instead of detecting (default off)"),
            ConfigKey.of(KAFKA_ENGINE, "detect on records consumed from Kafka (default off)"),
            ConfigKey.of(KAFKA_BOOTSTRAP_SERVERS, "Kafka bootstrap.servers (default "
                + DEFAULT_BOOTSTRAP_SERVERS + ")"),
            ConfigKey.of(KAFKA_CLIENT_PROPERTIES_FILE, "a properties file of Kafka client properties"
                + " (security.protocol, sasl.*, ssl.*...) given to every Kafka client (default none)"),
            ConfigKey.of(KAFKA_TOPIC, "the flows topic (default " + DEFAULT_TOPIC + ")"),
            ConfigKey.of(KAFKA_BANS_TOPIC, "the compacted bans topic (default " + DEFAULT_BANS_TOPIC + ")"),
            ConfigKey.of(KAFKA_AVERAGES_TOPIC, "the compacted topic of the averages checkpoints (default "
                + DEFAULT_AVERAGES_TOPIC + ")"),
            ConfigKey.of(KAFKA_AVERAGES_CHECKPOINT_SECONDS, "seconds between two averages checkpoints (default "
                + DEFAULT_AVERAGES_CHECKPOINT_SECONDS + ")"),
            ConfigKey.of(KAFKA_GROUP_ID, "the engines' consumer group (default " + DEFAULT_GROUP_ID + ")"),
            ConfigKey.of(KAFKA_INSTANCE_ID, "this engine's group.instance.id (default empty: dynamic membership)"),
            ConfigKey.of(KAFKA_INLET_ID, "this inlet's id, 0..65535 (default 0)"),
            ConfigKey.of(KAFKA_METRICS_TOPIC, "the topic engines publish their per-tick figures to (default "
                + DEFAULT_METRICS_TOPIC + ")"),
            ConfigKey.of(KAFKA_CLUSTER_EXPIRY_SECONDS, "seconds after which the cluster view drops a silent engine"
                + " (default " + DEFAULT_CLUSTER_EXPIRY_SECONDS + ")"),
            ConfigKey.of(KAFKA_METRICS_TOP_HOSTS, "hosts of each top list an engine publishes (default "
                + DEFAULT_METRICS_TOP_HOSTS + ")"));
    }

    /**
     * The flows partition of a host, as Kafka's default partitioner computes it for the key: the inlet publishes a
     * host's records there, and the bans and averages topics find its engine by it. One function, so they agree.
     *
     * @param address    the host's address bytes (4 or 16).
     * @param partitions the flows topic's partition count.
     * @return {@code toPositive(murmur2(address)) % partitions}.
     */
    public static int partitionOf(final byte[] address, final int partitions)
    {
        return Utils.toPositive(Utils.murmur2(address)) % partitions;
    }
}
