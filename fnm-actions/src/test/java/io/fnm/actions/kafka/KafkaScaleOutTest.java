package io.fnm.actions.kafka;

import io.fnm.actions.testkit.KafkaBroker;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.core.DetectionEngine;
import io.fnm.core.Direction;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.fnm.actions.kafka.ScaleOutTraffic.START_MILLIS;
import static io.fnm.actions.kafka.ScaleOutTraffic.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out roles against a real KRaft broker: one inlet, three engine-role consumers.
 */
class KafkaScaleOutTest
{
    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker()
    {
        broker = KafkaBroker.start(dir);
    }

    @AfterAll
    static void stopBroker()
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    private static KafkaInlet inlet(final String topic, final ManualClock clock)
    {
        return inlet(topic, clock, 0);
    }

    private static KafkaInlet inlet(final String topic, final ManualClock clock, final long lingerMillis)
    {
        final KafkaInlet inlet = KafkaInlet.builder().bootstrapServers(broker.bootstrapServers()).topic(topic)
            .networks(ScaleOutTraffic.config().networks()).inletId(1).clock(clock).lingerMillis(lingerMillis).build();
        inlet.start();
        return inlet;
    }

    private static KafkaEngineSource source(final String topic, final String instance)
    {
        return KafkaEngineSource.builder().bootstrapServers(broker.bootstrapServers()).topic(topic)
            .groupId(topic + "-engines").instanceId(instance)
            .consumerProperty("auto.offset.reset", "earliest").consumerProperty("session.timeout.ms", 3000)
            .consumerProperty("heartbeat.interval.ms", 300).build();
    }

    @Test
    void shouldBanTheSameHostsWhenTrafficGoesThroughInletTopicAndThreeEngines()
    {
        final String topic = "equivalence";
        broker.createTopic(topic, ScaleOutTraffic.PARTITIONS, false);
        final ManualClock directClock = new ManualClock(START_MILLIS);
        final ManualClock inletClock = new ManualClock(START_MILLIS);
        final List<ManualClock> clocks = new ArrayList<>();
        final List<KafkaEngineSource> sources = new ArrayList<>();
        final List<DetectionEngine> engines = new ArrayList<>();
        try (DetectionEngine direct = ScaleOutTraffic.engine(directClock).build();
            KafkaInlet inlet = inlet(topic, inletClock))
        {
            direct.start();
            for (int i = 0; i < 3; i++)
            {
                final ManualClock clock = new ManualClock(START_MILLIS);
                final KafkaEngineSource source = source(topic, "engine-" + i);
                final DetectionEngine engine = ScaleOutTraffic.engine(clock).captureSource(source).build();
                clocks.add(clock);
                sources.add(source);
                engines.add(engine);
                engine.start();
            }
            await("three engines sharing the partitions", () -> sources.stream()
                .allMatch(s -> !s.assignedPartitions().isEmpty()) && sources.stream()
                .mapToInt(s -> s.assignedPartitions().size()).sum() == ScaleOutTraffic.PARTITIONS, 60);
            final TrafficSink directSink = direct.newSink("direct");
            final TrafficSink inletSink = inlet.newSink("inlet");
            long published = 0;
            for (int s = 0; s < 6; s++)
            {
                final boolean floods = s >= 2;
                ScaleOutTraffic.second(directSink, directClock.epochMillis(), floods);
                published += ScaleOutTraffic.second(inletSink, inletClock.epochMillis(), floods);
                final long expected = published;
                await("the engines to consume second " + s, () -> sources.stream()
                    .mapToLong(KafkaEngineSource::recordsConsumed).sum() == expected, 60);
                directClock.advanceSeconds(1);
                inletClock.advanceSeconds(1);
                direct.tick();
                for (int e = 0; e < engines.size(); e++)
                {
                    clocks.get(e).advanceSeconds(1);
                    engines.get(e).tick();
                }
            }

            assertThat(ScaleOutTraffic.bans(List.of(direct))).hasSize(5);
            assertThat(ScaleOutTraffic.bans(engines)).isEqualTo(ScaleOutTraffic.bans(List.of(direct)));
            assertThat(inlet.recordsDropped()).isZero();
            for (final Direction d : List.of(Direction.INCOMING, Direction.OUTGOING))
            {
                for (final int v : List.of(4, 6))
                {
                    final long sum = engines.stream()
                        .mapToLong(e -> e.totals(v).packetsPerSecond(d, TrafficClass.TOTAL)).sum();
                    assertThat(sum).as(d + " IPv" + v).isCloseTo(
                        direct.totals(v).packetsPerSecond(d, TrafficClass.TOTAL), org.assertj.core.data.Offset
                            .offset(3L));
                }
            }
            final Set<Integer> all = new HashSet<>();
            sources.forEach(src -> all.addAll(src.assignedPartitions()));
            assertThat(all).hasSize(ScaleOutTraffic.PARTITIONS);
        }
        finally
        {
            engines.forEach(DetectionEngine::close);
        }
    }

    @Test
    void shouldKeepTheBanAndStillUnbanItWhenTheEngineHoldingItDies()
    {
        final String topic = "failover";
        final String bansTopic = "failover-bans";
        broker.createTopic(topic, ScaleOutTraffic.PARTITIONS, false);
        broker.createTopic(bansTopic, 3, true);
        final ManualClock inletClock = new ManualClock(START_MILLIS);
        final List<ManualClock> clocks = new ArrayList<>();
        final List<KafkaEngineSource> sources = new ArrayList<>();
        final List<DetectionEngine> engines = new ArrayList<>();
        final List<KafkaBanTopic> banTopics = new ArrayList<>();
        try (KafkaInlet inlet = inlet(topic, inletClock))
        {
            for (int i = 0; i < 3; i++)
            {
                final ManualClock clock = new ManualClock(START_MILLIS);
                final KafkaBanTopic bans = new KafkaBanTopic(broker.bootstrapServers(), bansTopic, topic);
                final KafkaEngineSource source = KafkaEngineSource.builder().bootstrapServers(broker.bootstrapServers())
                    .topic(topic).groupId(topic + "-engines").instanceId("engine-" + i).onAssigned(bans::restore)
                    .consumerProperty("auto.offset.reset", "earliest").consumerProperty("session.timeout.ms", 3000)
                    .consumerProperty("heartbeat.interval.ms", 300).build();
                final DetectionEngine engine = ScaleOutTraffic.engine(clock).captureSource(source).action(bans).build();
                bans.bind(engine);
                clocks.add(clock);
                sources.add(source);
                engines.add(engine);
                banTopics.add(bans);
                engine.start();
            }
            await("three engines sharing the partitions", () -> sources.stream()
                .allMatch(s -> !s.assignedPartitions().isEmpty()) && sources.stream()
                .mapToInt(s -> s.assignedPartitions().size()).sum() == ScaleOutTraffic.PARTITIONS, 60);
            final TrafficSink inletSink = inlet.newSink("inlet");
            long published = 0;
            for (int s = 0; s < 4; s++)
            {
                published += ScaleOutTraffic.second(inletSink, inletClock.epochMillis(), true);
                final long expected = published;
                await("the engines to consume second " + s, () -> sources.stream()
                    .mapToLong(KafkaEngineSource::recordsConsumed).sum() >= expected, 60);
                inletClock.advanceSeconds(1);
                tickAll(engines, clocks, -1);
            }
            final String victim = "10.0.0.1";
            final int dead = holderOf(engines, victim);
            assertThat(dead).isNotNegative();
            final io.fnm.core.BanEntry original = engines.get(dead).banList().stream()
                .filter(b -> b.attack().ip().equals(victim)).findFirst().orElseThrow();
            final Set<Integer> moved = Set.copyOf(sources.get(dead).assignedPartitions());
            await("the ban record to be published", () -> banTopics.get(dead).published() >= 1, 30);

            engines.get(dead).close();
            banTopics.get(dead).close();
            await("another engine to restore the ban of " + victim, () -> holderOf(engines, victim, dead) >= 0, 60);
            final int heir = holderOf(engines, victim, dead);
            assertThat(engines.get(heir).banList()).filteredOn(b -> b.attack().ip().equals(victim))
                .extracting(b -> b.manual() + " " + b.unbanAtMillis() + " " + b.attack().uuid())
                .containsExactly("false " + original.unbanAtMillis() + " " + original.attack().uuid());

            final String moverHost = hostIn(banTopics.get(heir), moved);
            assertThat(holderOf(engines, moverHost, dead)).isNegative();
            int ticks = 0;
            while (holderOf(engines, moverHost, dead) < 0 && ticks < 5)
            {
                published += ScaleOutTraffic.floodHost(inletSink, address(moverHost), inletClock.epochMillis());
                final long expected = published;
                await("the engines to consume the flood of " + moverHost, () -> sources.stream()
                    .mapToLong(KafkaEngineSource::recordsConsumed).sum() >= expected, 60);
                inletClock.advanceSeconds(1);
                tickAll(engines, clocks, dead);
                ticks++;
            }
            // detection time (one tick at average_calculation_time = 1 s): the moved host is not blind here because
            // its new owner starts its average from zero and the flood alone exceeds the threshold in one tick
            assertThat(ticks).isEqualTo(1);
            assertThat(holderOf(engines, moverHost, dead)).isNotNegative();
            final long publishedBefore = banTopics.get(heir).published();
            clocks.get(heir).advance(original.unbanAtMillis() - clocks.get(heir).epochMillis() - 1,
                java.util.concurrent.TimeUnit.MILLISECONDS);
            engines.get(heir).tick();
            assertThat(holderOf(engines, victim, dead)).isEqualTo(heir);
            clocks.get(heir).advance(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            engines.get(heir).tick();
            assertThat(holderOf(engines, victim, dead)).as("the restored ban ends at its published time").isNegative();
            await("the tombstone of " + victim, () -> banTopics.get(heir).published() > publishedBefore, 30);
        }
        finally
        {
            engines.forEach(DetectionEngine::close);
            banTopics.forEach(KafkaBanTopic::close);
        }
    }

    /**
     * The wire cost of the whole-process benchmark's mix (benchmarks' WholeProcessLoad: a random remote IPv4 source,
     * one of 65 536 local hosts, TCP/443 or UDP/53, 64..1500 bytes), flushed every 29 records as a NetFlow v9 receive
     * thread does: the bytes the broker stores per record (its log segments: Kafka's record batches, lz4) and the
     * records the inlet publishes per CPU-second of this JVM (capture thread, publisher and producer threads).
     */
    @Test
    void shouldStoreTheBenchmarkMixInAtMost32BytesPerRecordWhenLz4Compressed() throws Exception
    {
        final String topic = "wire-cost";
        broker.createTopic(topic, ScaleOutTraffic.PARTITIONS, false);
        final WholeProcessMix mix = new WholeProcessMix(1_000_000, 14);
        final int passes = 4; // the first warms the JIT and the producer up, untimed
        try (KafkaInlet inlet = inlet(topic, new ManualClock(START_MILLIS), 5))
        {
            final TrafficSink sink = inlet.newSink("measure");
            mix.feed(sink, 0);
            // flushing as a receive thread does at its timeouts: the last batches go once their 5 ms linger is over
            await("the warm-up pass to be acknowledged or counted as lost", () ->
            {
                sink.flush();
                return inlet.recordsPublished() + inlet.recordsDropped() + inlet.recordsFailed() == mix.size();
            }, 120);
            final long cpuBefore = cpuNanos();
            final long wallBefore = System.nanoTime();
            for (int pass = 1; pass < passes; pass++)
            {
                mix.feed(sink, pass);
            }
            sink.close();
            final long records = (long)mix.size() * passes;
            await("every record to be acknowledged or counted as lost", () -> inlet.recordsPublished()
                + inlet.recordsDropped() + inlet.recordsFailed() == records, 120);
            final double cpuSeconds = (cpuNanos() - cpuBefore) / 1e9;
            final double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
            final long timed = records - mix.size();
            long stored = 0;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir.resolve("data")))
            {
                for (final Path f : (Iterable<Path>)files.filter(f -> f.getParent().getFileName().toString()
                    .startsWith(topic + "-") && f.toString().endsWith(".log"))::iterator)
                {
                    stored += java.nio.file.Files.size(f);
                }
            }
            final double bytesPerRecord = (double)stored / inlet.recordsPublished();
            System.out.printf("kafka inlet: %d records after %d of warm-up, %.1f B/record stored (lz4), %.2f M records "
                + "per CPU-second of this JVM, %.2f M records/s wall, %.1f B/record before compression, %d dropped, "
                + "%d failed%n", timed, mix.size(), bytesPerRecord, timed / cpuSeconds / 1e6,
                timed / wallSeconds / 1e6, (double)inlet.bytesPublished() / inlet.recordsPublished(),
                inlet.recordsDropped(), inlet.recordsFailed());

            final long published = inlet.recordsPublished();
            final KafkaEngineSource source = source(topic, null);
            try (DetectionEngine engine = ScaleOutTraffic.engine(new ManualClock(START_MILLIS)).captureSource(source)
                .build())
            {
                final long engineCpuBefore = cpuNanos();
                engine.start();
                await("one engine to consume every record", () -> source.recordsConsumed() == published, 120);
                System.out.printf("kafka engine: %.2f M records consumed and counted per CPU-second%n",
                    published / ((cpuNanos() - engineCpuBefore) / 1e9) / 1e6);
            }
            assertThat(inlet.recordsPublished()).isPositive();
            assertThat(bytesPerRecord).isLessThanOrEqualTo(32.0);
        }
    }

    private static long cpuNanos()
    {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** One second on every engine's clock but {@code except}'s, and a tick of each. */
    private static void tickAll(final List<DetectionEngine> engines, final List<ManualClock> clocks, final int except)
    {
        for (int e = 0; e < engines.size(); e++)
        {
            if (e != except)
            {
                clocks.get(e).advanceSeconds(1);
                engines.get(e).tick();
            }
        }
    }

    private static int holderOf(final List<DetectionEngine> engines, final String ip)
    {
        return holderOf(engines, ip, -1);
    }

    private static int holderOf(final List<DetectionEngine> engines, final String ip, final int except)
    {
        for (int e = 0; e < engines.size(); e++)
        {
            if (e != except && engines.get(e).banList().stream().anyMatch(b -> b.attack().ip().equals(ip)))
            {
                return e;
            }
        }
        return -1;
    }

    private static int address(final String ip)
    {
        try
        {
            return java.nio.ByteBuffer.wrap(java.net.InetAddress.getByName(ip).getAddress()).getInt();
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static String hostIn(final KafkaBanTopic bans, final Set<Integer> partitions)
    {
        for (int h = 1; h < 250; h++)
        {
            final String ip = "10.0.5." + h;
            try
            {
                if (partitions.contains(bans.partitionOf(java.net.InetAddress.getByName(ip))))
                {
                    return ip;
                }
            }
            catch (final java.net.UnknownHostException ex)
            {
                throw new AssertionError(ex);
            }
        }
        throw new AssertionError("no host in partitions " + partitions);
    }

    /**
     * The whole-process benchmark's mix (a random remote IPv4 source, one of 65 536 local hosts, TCP/443 or UDP/53,
     * 64–1500 bytes), drawn once into columns and fed through one reused record, as a decoder fills its record, so the
     * measured CPU is the inlet's and not the random generator's; flushed every 29 records as a NetFlow v9 receive
     * thread does.
     */
    private static final class WholeProcessMix
    {
        private final int[] sources;
        private final int[] destinations;
        private final int[] ports;
        private final short[] bytes;
        private final boolean[] tcp;
        private final io.fnm.capture.TrafficRecord record = new io.fnm.capture.TrafficRecord();

        WholeProcessMix(final int size, final long seed)
        {
            final java.util.Random random = new java.util.Random(seed);
            sources = new int[size];
            destinations = new int[size];
            ports = new int[size];
            bytes = new short[size];
            tcp = new boolean[size];
            for (int i = 0; i < size; i++)
            {
                int source = random.nextInt();
                while ((source & 0xFF000000) == 0x0A000000)
                {
                    source = random.nextInt();
                }
                sources[i] = source;
                destinations[i] = 0x0A000000 | random.nextInt(1 << 16);
                tcp[i] = random.nextInt(3) != 0;
                ports[i] = 1 + random.nextInt(65535);
                bytes[i] = (short)(64 + random.nextInt(1437));
            }
        }

        int size()
        {
            return sources.length;
        }

        void feed(final TrafficSink sink, final int pass)
        {
            final long base = START_MILLIS + pass * 10_000L;
            for (int i = 0; i < sources.length; i++)
            {
                sink.accept(record.reset().ipv4(sources[i], destinations[i]).protocol(tcp[i] ? 6 : 17)
                    .ports(ports[i], tcp[i] ? 443 : 53).tcpFlags(tcp[i] ? 0x10 : 0).packets(1).bytes(bytes[i])
                    .timestampMillis(base + i / 100_000));
                if (i % 29 == 28)
                {
                    sink.flush();
                }
            }
        }
    }
}
