package io.fnm.actions.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The one place every Kafka client of the library (the inlet's producer, the engine's consumer, the bans and averages
 * producers and their restore consumers, the metrics publisher, the cluster view) gets its configuration from:
 * {@code bootstrap.servers}, then what fnm sets for that client, then the operator's properties (security:
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}; or anything else, e.g. {@code client.dns.lookup}), which
 * win over fnm's. The operator's properties come from a Java properties file, as Kafka's own tools take them
 * ({@link KafkaKeys#KAFKA_CLIENT_PROPERTIES_FILE}); the keys fnm's roles depend on ({@link #SET_BY_FNM}) are refused.
 */
public final class KafkaClientProperties
{
    /** Properties an operator may not set: fnm's own keys set them, or the roles depend on their values. */
    public static final Set<String> SET_BY_FNM = Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        CommonClientConfigs.GROUP_ID_CONFIG, CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private static final BiConsumer<String, Map<String, Object>> NO_OBSERVER = (role, props) ->
    {
    };

    private final String bootstrapServers;
    private final Map<String, Object> operator;
    private final BiConsumer<String, Map<String, Object>> observer;

    private KafkaClientProperties(final String bootstrapServers, final Map<String, Object> operator,
        final BiConsumer<String, Map<String, Object>> observer)
    {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.operator = operator;
        this.observer = observer;
    }

    /**
     * @param bootstrapServers Kafka's bootstrap.servers.
     * @return the properties of clients without operator properties (a plaintext cluster).
     */
    public static KafkaClientProperties of(final String bootstrapServers)
    {
        return new KafkaClientProperties(bootstrapServers, Map.of(), NO_OBSERVER);
    }

    /**
     * @param bootstrapServers   Kafka's bootstrap.servers.
     * @param operatorProperties Kafka client properties every client gets, over fnm's.
     * @return the properties of clients.
     * @throws IllegalArgumentException naming a property of {@link #SET_BY_FNM}.
     */
    public static KafkaClientProperties of(final String bootstrapServers, final Map<String, ?> operatorProperties)
    {
        final Map<String, Object> operator = new TreeMap<>();
        for (final Map.Entry<String, ?> e : operatorProperties.entrySet())
        {
            if (SET_BY_FNM.contains(e.getKey()))
            {
                throw new IllegalArgumentException("Kafka client property " + e.getKey() + " is set by fnm"
                    + (CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG.equals(e.getKey()) ? " (use "
                    + KafkaKeys.KAFKA_BOOTSTRAP_SERVERS + ")" : "") + " and cannot be given");
            }
            operator.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        return new KafkaClientProperties(bootstrapServers, Map.copyOf(operator), NO_OBSERVER);
    }

    /**
     * @param bootstrapServers Kafka's bootstrap.servers.
     * @param file             a Java properties file of Kafka client properties (UTF-8), or null for none.
     * @return the properties of clients.
     * @throws IOException              when the file cannot be read.
     * @throws IllegalArgumentException naming the file and a property of {@link #SET_BY_FNM}.
     */
    public static KafkaClientProperties load(final String bootstrapServers, final Path file) throws IOException
    {
        if (file == null)
        {
            return of(bootstrapServers);
        }
        final Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            read.load(in);
        }
        final Map<String, String> properties = new HashMap<>();
        read.stringPropertyNames().forEach(name -> properties.put(name, read.getProperty(name).trim()));
        try
        {
            return of(bootstrapServers, properties);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return Kafka's bootstrap.servers.
     */
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /**
     * @return the operator's properties (immutable).
     */
    public Map<String, Object> operatorProperties()
    {
        return operator;
    }

    /**
     * The configuration of one client: bootstrap.servers, then {@code own} (what fnm sets for it), then the operator's
     * properties.
     *
     * @param own the client's own properties.
     * @return a new mutable map.
     */
    public Map<String, Object> build(final Map<String, Object> own)
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(own);
        props.putAll(operator);
        return props;
    }

    /**
     * @param role what the client is for (logs, tests).
     * @param own  the client's own properties ({@link #build}).
     * @return a new producer of byte arrays.
     */
    KafkaProducer<byte[], byte[]> producer(final String role, final Map<String, Object> own)
    {
        final Map<String, Object> props = build(own);
        observer.accept(role, props);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * @param role what the client is for (logs, tests).
     * @param own  the client's own properties ({@link #build}).
     * @return a new consumer of byte arrays.
     */
    KafkaConsumer<byte[], byte[]> consumer(final String role, final Map<String, Object> own)
    {
        final Map<String, Object> props = build(own);
        observer.accept(role, props);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param clientObserver told each client's role and final configuration before the client is created (tests).
     * @return a copy with the observer.
     */
    KafkaClientProperties observed(final BiConsumer<String, Map<String, Object>> clientObserver)
    {
        return new KafkaClientProperties(bootstrapServers, operator, Objects.requireNonNull(clientObserver));
    }

    @Override
    public String toString()
    {
        // values may be secrets (sasl.jaas.config, ssl passwords): names only
        return "KafkaClientProperties[" + bootstrapServers + ", operator " + operator.keySet() + "]";
    }
}
