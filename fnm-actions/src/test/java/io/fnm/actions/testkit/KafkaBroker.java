package io.fnm.actions.testkit;

import io.fnm.capture.testkit.ServerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker ({@code kafka.Kafka} from the {@code kafka_2.13} test dependency) in a child
 * JVM on free loopback ports, its log directory in the given folder; {@link #close()} kills it. Shared with the
 * runner's tests (examples), which add {@code kafka_2.13} in test scope.
 */
public final class KafkaBroker implements AutoCloseable
{
    /** The user of the SASL/PLAIN listener ({@link #startWithSaslPlain}). */
    public static final String SASL_USER = "fnm";
    /** Its password. */
    public static final String SASL_PASSWORD = "fnm-secret";

    private final Path directory;
    private final int brokerPort;
    private final int controllerPort;
    /** The SASL/PLAIN listener's port, or 0 for none. */
    private final int saslPort;
    private ServerProcess process;

    private KafkaBroker(final Path directory, final boolean saslPlain)
    {
        this.directory = directory;
        brokerPort = ServerProcess.freePort();
        controllerPort = ServerProcess.freePort();
        saslPort = saslPlain ? ServerProcess.freePort() : 0;
    }

    /**
     * Format the storage and start the broker; returns when it listens.
     *
     * @param directory a temporary folder.
     * @return the running broker.
     */
    public static KafkaBroker start(final Path directory)
    {
        final KafkaBroker broker = new KafkaBroker(directory, false);
        broker.format();
        broker.restart();
        return broker;
    }

    /**
     * Start a broker with one more listener, which takes only clients authenticated by SASL/PLAIN as
     * {@link #SASL_USER} ({@link #saslBootstrapServers()}, {@link #saslClientProperties()}); the plaintext one stays
     * for the brokers' own traffic and the test's set-up.
     *
     * @param directory a temporary folder.
     * @return the running broker.
     */
    public static KafkaBroker startWithSaslPlain(final Path directory)
    {
        final KafkaBroker broker = new KafkaBroker(directory, true);
        broker.format();
        broker.restart();
        return broker;
    }

    private List<String> java(final String... args)
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return command;
    }

    private void format()
    {
        final Path properties = directory.resolve("server.properties");
        final String sasl = saslPort == 0 ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        final String text = String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + sasl + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort + sasl,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
                + (saslPort == 0 ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"),
            saslPort == 0 ? "" : "inter.broker.listener.name=PLAINTEXT\nsasl.enabled.mechanisms=PLAIN\n"
                + "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                + "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USER + "=\""
                + SASL_PASSWORD + "\";",
            "log.dirs=" + directory.resolve("data"),
            "num.partitions=4",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "group.min.session.timeout.ms=1000",
            "");
        try
        {
            Files.writeString(properties, text);
            final Process format = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "-t",
                Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone"))
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("format.log").toFile()).start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0)
            {
                format.destroyForcibly();
                throw new AssertionError("kafka storage format failed:\n"
                    + Files.readString(directory.resolve("format.log")));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * Start the broker again (after {@link #stop()}) on the same ports and data.
     */
    public void restart()
    {
        process = ServerProcess.start("kafka", directory, java("kafka.Kafka",
            directory.resolve("server.properties").toString())).awaitPort(brokerPort, Duration.ofSeconds(120));
    }

    /**
     * Kill the broker (the data stays).
     */
    public void stop()
    {
        process.close();
    }

    /**
     * @return bootstrap.servers.
     */
    public String bootstrapServers()
    {
        return "127.0.0.1:" + brokerPort;
    }

    /**
     * @return bootstrap.servers of the SASL/PLAIN listener ({@link #startWithSaslPlain}).
     */
    public String saslBootstrapServers()
    {
        if (saslPort == 0)
        {
            throw new IllegalStateException("the broker was started without a SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    /**
     * @return the client properties that authenticate as {@link #SASL_USER} on the SASL/PLAIN listener.
     */
    public static Map<String, String> saslClientProperties()
    {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                + "\" password=\"" + SASL_PASSWORD + "\";");
    }

    /**
     * Create a topic.
     *
     * @param name       its name.
     * @param partitions its partitions.
     * @param compacted  whether cleanup.policy is compact.
     */
    public void createTopic(final String name, final int partitions, final boolean compacted)
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())))
        {
            final NewTopic topic = new NewTopic(name, partitions, (short)1);
            if (compacted)
            {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        }
        catch (final ExecutionException | java.util.concurrent.TimeoutException ex)
        {
            throw new AssertionError("cannot create topic " + name, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    @Override
    public void close()
    {
        if (process != null)
        {
            process.close();
        }
    }
}
