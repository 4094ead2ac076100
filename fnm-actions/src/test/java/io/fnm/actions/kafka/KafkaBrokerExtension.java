package io.fnm.actions.kafka;

import io.fnm.actions.testkit.KafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@link KafkaBroker} for a test class, in a temporary directory deleted after it:
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}.
 */
final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback
{
    private Path directory;
    private KafkaBroker broker;

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException
    {
        directory = Files.createTempDirectory("fnm-kafka-");
        broker = KafkaBroker.start(directory);
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
