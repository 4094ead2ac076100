package io.fnm.examples;

import io.fnm.actions.kafka.KafkaAveragesTopic;
import io.fnm.actions.kafka.KafkaBanTopic;
import io.fnm.actions.kafka.KafkaClientProperties;
import io.fnm.actions.kafka.KafkaEngineSource;
import io.fnm.actions.kafka.KafkaInlet;
import io.fnm.actions.kafka.KafkaKeys;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.spi.ServiceDiscovery;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runner's wiring of the scale-out roles: {@code kafka_inlet = on} starts the enabled capture sources into a
 * {@link KafkaInlet} instead of an engine; {@code kafka_engine = on} adds a {@link KafkaEngineSource}, a
 * {@link KafkaBanTopic} and a {@link KafkaAveragesTopic} to the engine. The roles need the engine itself (to hand bans
 * and averages over), so the runner wires them rather than a provider; their keys join the runner's known keys.
 */
final class KafkaRoles
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRoles.class);

    private KafkaRoles()
    {
    }

    /**
     * @return the keys of both roles.
     */
    static List<String> keys()
    {
        return KafkaKeys.configKeys().stream().map(ConfigKey::name).toList();
    }

    /**
     * The properties of every Kafka client of the runner: {@code kafka_bootstrap_servers} and the operator's
     * {@code kafka_client_properties_file} (security.protocol, sasl.*, ssl.*...).
     *
     * @param settings the configuration.
     * @return the clients' properties.
     * @throws IllegalArgumentException naming the key when the file cannot be read or sets what fnm sets.
     */
    static KafkaClientProperties client(final ConfigView settings)
    {
        final String servers = settings.string(KafkaKeys.KAFKA_BOOTSTRAP_SERVERS, KafkaKeys.DEFAULT_BOOTSTRAP_SERVERS);
        final String file = settings.string(KafkaKeys.KAFKA_CLIENT_PROPERTIES_FILE, "");
        try
        {
            return KafkaClientProperties.load(servers, file.isEmpty() ? null : Path.of(file));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalArgumentException(KafkaKeys.KAFKA_CLIENT_PROPERTIES_FILE + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param settings the configuration.
     * @return true when the runner is an inlet.
     */
    static boolean isInlet(final ConfigView settings)
    {
        return settings.bool(KafkaKeys.KAFKA_INLET, false);
    }

    /**
     * @param settings the configuration.
     * @return true when the engine consumes the flows topic (a capture source the engine's builder does not list
     *     until {@link #addEngineRole} adds it).
     */
    static boolean isEngine(final ConfigView settings)
    {
        return settings.bool(KafkaKeys.KAFKA_ENGINE, false);
    }

    /**
     * Add the engine role to an engine being built when {@code kafka_engine = on}: the flows source, the bans topic
     * (an action) and the averages topic (a metrics exporter: its checkpoints), handing bans and averages over when
     * partitions move.
     *
     * @param config  the configuration.
     * @param builder the engine's builder.
     * @return the role, to {@link EngineRole#bind} to the engine once built and to close after it, or null.
     */
    static EngineRole addEngineRole(final EngineConfig config, final DetectionEngine.Builder builder)
    {
        final ConfigView settings = config.settings();
        if (!isEngine(settings))
        {
            return null;
        }
        final KafkaClientProperties client = client(settings);
        final String topic = settings.string(KafkaKeys.KAFKA_TOPIC, KafkaKeys.DEFAULT_TOPIC);
        final KafkaBanTopic bans = new KafkaBanTopic(client, settings.string(KafkaKeys.KAFKA_BANS_TOPIC,
            KafkaKeys.DEFAULT_BANS_TOPIC), topic);
        final KafkaAveragesTopic averages = new KafkaAveragesTopic(client, settings.string(
            KafkaKeys.KAFKA_AVERAGES_TOPIC, KafkaKeys.DEFAULT_AVERAGES_TOPIC), topic, 1000L * settings.longValue(
            KafkaKeys.KAFKA_AVERAGES_CHECKPOINT_SECONDS, KafkaKeys.DEFAULT_AVERAGES_CHECKPOINT_SECONDS, 0, 86_400));
        final String instance = settings.string(KafkaKeys.KAFKA_INSTANCE_ID, "");
        final KafkaEngineSource source = KafkaEngineSource.builder().client(client).topic(topic)
            .groupId(settings.string(KafkaKeys.KAFKA_GROUP_ID, KafkaKeys.DEFAULT_GROUP_ID))
            .instanceId(instance.isEmpty() ? null : instance).onAssigned(partitions ->
                // once per rebalance: says which hosts this engine detects for (the runner's test waits for it)
                LOG.info("kafka engine {} holds partitions {} of {}", instance.isEmpty() ? "(dynamic)" : instance,
                    new TreeSet<>(partitions), topic)).onAssigned(bans::restore).onAssigned(averages::assigned)
            .onRevoked(averages::revoked).onRevoked(bans::revoked).onLost(averages::lost).onLost(bans::lost).build();
        builder.captureSource(source).action(bans).metricsExporter(averages);
        return new EngineRole(bans, averages, source);
    }

    /**
     * The engine role's parts that need the engine once it is built.
     *
     * @param bans     the bans topic (an action of the engine; closed by {@link #close()}).
     * @param averages the averages topic (a metrics exporter of the engine, closed with it).
     * @param source   the flows source.
     */
    record EngineRole(KafkaBanTopic bans, KafkaAveragesTopic averages, KafkaEngineSource source)
    {
        /**
         * @param engine the engine built with the role.
         */
        void bind(final DetectionEngine engine)
        {
            bans.bind(engine);
            averages.bind(engine, source);
        }

        /**
         * Close the bans topic's producer (after the engine).
         */
        void close()
        {
            bans.close();
        }
    }

    /**
     * Run as an inlet until {@code signals} say stop: the enabled capture sources deliver into the inlet.
     *
     * @param config  the configuration.
     * @param signals the process signals.
     * @return the exit status.
     * @throws InterruptedException when interrupted while waiting.
     */
    static int runInlet(final EngineConfig config, final ProcessSignals signals) throws InterruptedException
    {
        final ConfigView settings = config.settings();
        final List<CaptureSource> started = new ArrayList<>();
        try (KafkaInlet inlet = KafkaInlet.builder().client(client(settings))
            .topic(settings.string(KafkaKeys.KAFKA_TOPIC, KafkaKeys.DEFAULT_TOPIC)).networks(config.networks())
            .inletId((int)settings.longValue(KafkaKeys.KAFKA_INLET_ID, 0)).build())
        {
            inlet.start();
            final Context context = new Context(inlet, settings);
            for (final CaptureSourceProvider provider : ServiceDiscovery.load(CaptureSourceProvider.class,
                KafkaRoles.class.getClassLoader(), (what, ex) -> LOG.error("broken {}: {}", what, ex.toString())))
            {
                if (provider.isEnabled(settings))
                {
                    if (!provider.isAvailable())
                    {
                        throw new IllegalStateException("capture source " + provider.name()
                            + " is enabled but unavailable: " + provider.unavailabilityCause());
                    }
                    final CaptureSource source = provider.create(settings);
                    source.start(context);
                    started.add(source);
                }
            }
            LOG.info("fnm inlet running: {} capture sources, {} networks, {} partitions", started.size(),
                config.networks().size(), inlet.partitions());
            signals.awaitStop();
            started.forEach(CaptureSource::close);
            LOG.info("inlet stopped: {} records published, {} dropped, {} failed", inlet.recordsPublished(),
                inlet.recordsDropped(), inlet.recordsFailed());
            return 0;
        }
        catch (final Exception ex)
        {
            started.forEach(CaptureSource::close);
            LOG.error("inlet failed: {}", ex.toString());
            return 1;
        }
    }

    /** The capture context of an inlet: sinks publish to Kafka. */
    private static final class Context implements CaptureContext
    {
        private final KafkaInlet inlet;
        private final ConfigView settings;
        private final AtomicInteger threads = new AtomicInteger();
        private final java.util.Set<String> logged = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Context(final KafkaInlet inlet, final ConfigView settings)
        {
            this.inlet = inlet;
            this.settings = settings;
        }

        @Override
        public TrafficSink newSink(final String threadName)
        {
            return inlet.newSink(threadName);
        }

        @Override
        public Clock clock()
        {
            return Clock.SYSTEM;
        }

        @Override
        public ConfigView config()
        {
            return settings;
        }

        @Override
        public ThreadFactory threadFactory()
        {
            return r ->
            {
                final Thread t = new Thread(r, "fnm-inlet-capture-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public void onError(final Throwable error)
        {
            if (logged.size() < 1000 && logged.add(error.getClass().getName() + '|' + error.getMessage()))
            {
                LOG.error("capture error (logged once): {}", error.toString());
            }
        }
    }
}
