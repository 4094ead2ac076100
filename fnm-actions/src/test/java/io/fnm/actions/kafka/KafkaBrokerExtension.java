package io.fnm.actions.kafka;

import io.fnm.actions.testkit.KafkaBroker;
import io.fnm.core.BanEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@link KafkaBroker} for a test class, in a temporary directory deleted after it:
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}.
 */
final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback
{
    private final boolean saslPlain;
    private Path directory;
    private KafkaBroker broker;

    KafkaBrokerExtension()
    {
        this(false);
    }

    /**
     * @param saslPlain whether the broker has a SASL/PLAIN listener too ({@link KafkaBroker#startWithSaslPlain}).
     */
    KafkaBrokerExtension(final boolean saslPlain)
    {
        this.saslPlain = saslPlain;
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException
    {
        directory = Files.createTempDirectory("fnm-kafka-");
        broker = saslPlain ? KafkaBroker.startWithSaslPlain(directory) : KafkaBroker.start(directory);
    }

    @Override
    public void afterAll(final ExtensionContext context) throws IOException
    {
        if (broker != null)
        {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path f : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(f);
            }
        }
    }

    KafkaBroker broker()
    {
        return broker;
    }

    /**
     * Publish a ban to a bans topic as an engine would (over the plaintext listener), and wait for the broker.
     *
     * @param bansTopic the bans topic.
     * @param ban       the ban.
     * @throws Exception when the broker does not take it within 30 s.
     */
    void publishBan(final String bansTopic, final BanEntry ban) throws Exception
    {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            producer.send(new ProducerRecord<>(bansTopic, ban.attack().address().getAddress(), BanRecord.encode(ban)))
                .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * @param topic a topic.
     * @return the bytes of its partitions' log segments on the broker's disk.
     * @throws IOException when the data directory cannot be read.
     */
    long storedBytes(final String topic) throws IOException
    {
        long stored = 0;
        try (Stream<Path> files = Files.walk(directory.resolve("data")))
        {
            for (final Path f : (Iterable<Path>)files.filter(f -> f.getParent().getFileName().toString()
                .startsWith(topic + "-") && f.toString().endsWith(".log"))::iterator)
            {
                stored += Files.size(f);
            }
        }
        return stored;
    }
}
