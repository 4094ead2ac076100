package io.fnm.actions.kafka;

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
    /** The flows topic. */
    public static final String KAFKA_TOPIC = "kafka_topic";
    /** The compacted bans topic. */
    public static final String KAFKA_BANS_TOPIC = "kafka_bans_topic";
    /** The engines' consumer group. */
    public static final String KAFKA_GROUP_ID = "kafka_group_id";
    /** This engine's static group membership id (group.instance.id); empty for dynamic membership. */
    public static final String KAFKA_INSTANCE_ID = "kafka_instance_id";
    /** This inlet's id, written into each batch. */
    public static final String KAFKA_INLET_ID = "kafka_inlet_id";

    /** Default flows topic. */
    public static final String DEFAULT_TOPIC = "fnm.flows.v1";
    /** Default bans topic. */
    public static final String DEFAULT_BANS_TOPIC = "fnm.bans";
    /** Default consumer group. */
    public static final String DEFAULT_GROUP_ID = "fnm-engines";
    /** Default bootstrap servers. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    private KafkaKeys()
    {
    }
}
