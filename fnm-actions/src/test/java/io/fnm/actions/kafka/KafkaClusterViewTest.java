package io.fnm.actions.kafka;

import io.fnm.actions.kafka.ClusterSnapshots.EngineFigures;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.Direction;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.fnm.actions.kafka.ScaleOutTraffic.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engines' figures through a real KRaft broker: {@link KafkaMetricsPublisher} → metrics topic →
 * {@link KafkaClusterView}.
 */
class KafkaClusterViewTest
{
    private static final int TOP = KafkaKeys.DEFAULT_METRICS_TOP_HOSTS;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static KafkaMetricsPublisher publisher(final String topic, final String instance)
    {
        return KafkaMetricsPublisher.builder().bootstrapServers(KAFKA.broker().bootstrapServers()).topic(topic)
            .instanceId(instance).producerProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000).build();
    }

    private static KafkaClusterView view(final String topic, final ManualClock clock)
    {
        return KafkaClusterView.builder().bootstrapServers(KAFKA.broker().bootstrapServers()).topic(topic).clock(clock)
            .maxDocumentBytes(64 * 1024).build().start();
    }

    @Test
    void shouldSumTotalsAndMergeTheExactGlobalTopWhenTwoEnginesPublish() throws Exception
    {
        final String topic = "metrics-sum";
        KAFKA.broker().createTopic(topic, 3, false);
        final long now = System.currentTimeMillis();
        final EngineFigures a = ClusterSnapshots.engine(1, 30, 11, now);
        final EngineFigures b = ClusterSnapshots.engine(2, 30, 12, now);
        try (KafkaClusterView view = view(topic, new ManualClock(now));
            KafkaMetricsPublisher pa = publisher(topic, "engine-a");
            KafkaMetricsPublisher pb = publisher(topic, "engine-b"))
        {
            pa.export(a.snapshot());
            pb.export(b.snapshot());
            await("both engines in the view", () -> view.engines().size() == 2, 60);

            assertThat(view.engines().keySet()).containsExactly("engine-a", "engine-b");
            for (final int version : new int[] {4, 6})
            {
                assertThat(view.totals(version)).isEqualTo(ClusterSnapshots.sum(a.snapshot().totals(version),
                    b.snapshot().totals(version)));
            }
            final List<HostTraffic> everyHost = new ArrayList<>(a.hosts());
            everyHost.addAll(b.hosts());
            for (final Direction direction : ClusterSnapshots.HOST_DIRECTIONS)
            {
                for (final TopBy by : TopBy.values())
                {
                    final List<String> expected = ClusterSnapshots.sorted(everyHost, direction, by).stream()
                        .limit(TOP).map(HostTraffic::ip).toList();
                    assertThat(view.topHosts(direction, by, TOP)).extracting(h -> h.host().ip())
                        .as("%s by %s", direction, by).containsExactlyElementsOf(expected);
                }
            }
        }
    }

    @Test
    void shouldShowARealEnginesTotalsTopHostsAndBansAfterItsTicks() throws Exception
    {
        final String topic = "metrics-engine";
        KAFKA.broker().createTopic(topic, 3, false);
        final ManualClock engineClock = new ManualClock(ScaleOutTraffic.START_MILLIS);
        try (KafkaClusterView view = view(topic, new ManualClock(System.currentTimeMillis()));
            KafkaMetricsPublisher publisher = publisher(topic, "engine-real");
            DetectionEngine engine = ScaleOutTraffic.engine(engineClock).metricsExporter(publisher).build())
        {
            publisher.banList(engine::banList);
            engine.start();
            final TrafficSink sink = engine.newSink("test");
            for (int second = 1; second <= 3; second++)
            {
                ScaleOutTraffic.second(sink, engineClock.epochMillis(), true);
                engineClock.advanceSeconds(1);
                engine.tick();
            }
            await("the third tick's document", () -> view.engines().containsKey("engine-real")
                && view.engines().get("engine-real").tick() == 3, 60);

            assertThat(view.totals(4)).isEqualTo(engine.totals(4));
            assertThat(view.totals(6)).isEqualTo(engine.totals(6));
            // hosts with equal packet rates tie: the engine leaves their order open and the view orders them by
            // address, and the hosts tied at the end of a list may be any of them; so every rank has the same packet
            // rate, and the hosts above the last rate are the same hosts with the same rates, in the view's order
            final List<HostTraffic> expected = engine.topHosts(Direction.INCOMING, TopBy.PACKETS, TOP).stream()
                .sorted(java.util.Comparator.comparingLong(KafkaClusterViewTest::inPackets).reversed()
                    .thenComparing(HostTraffic::ip)).toList();
            final List<HostTraffic> top = view.topHosts(Direction.INCOMING, TopBy.PACKETS, TOP).stream()
                .map(KafkaClusterView.TopHost::host).toList();
            assertThat(top).extracting(KafkaClusterViewTest::inPackets)
                .containsExactlyElementsOf(expected.stream().map(KafkaClusterViewTest::inPackets).toList());
            final long last = inPackets(expected.get(expected.size() - 1));
            final List<HostTraffic> aboveLast = expected.stream().filter(h -> inPackets(h) > last).toList();
            assertThat(aboveLast).hasSizeGreaterThanOrEqualTo(4);
            assertThat(top.subList(0, aboveLast.size())).extracting(HostTraffic::ip, HostTraffic::rates)
                .containsExactlyElementsOf(aboveLast.stream()
                    .map(h -> org.assertj.core.groups.Tuple.tuple(h.ip(), h.rates())).toList());
            assertThat(view.bans()).extracting(ClusterMetrics.Ban::ip).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(engine.banList().stream().map(b -> b.attack().ip()).toList());
            await("the acknowledgements", () -> publisher.documentsAcknowledged() == view.documentsAccepted(), 30);
            final long stored = KAFKA.storedBytes(topic);
            System.out.printf("ClusterMetrics of the scale-out traffic at N=%d: %d bytes of JSON, %d bytes per "
                + "document stored by the broker (lz4, %d documents)%n", TOP, publisher.lastDocumentBytes(),
                stored / publisher.documentsAcknowledged(), publisher.documentsAcknowledged());
        }
    }

    @Test
    void shouldCarryEachHostsRatesAndItsEngineIntoTheGlobalTop() throws Exception
    {
        final String topic = "metrics-rates";
        KAFKA.broker().createTopic(topic, 1, false);
        final long now = System.currentTimeMillis();
        final EngineFigures a = ClusterSnapshots.engine(3, 5, 21, now);
        try (KafkaClusterView view = view(topic, new ManualClock(now));
            KafkaMetricsPublisher pa = publisher(topic, "engine-c"))
        {
            pa.export(a.snapshot());
            await("the engine in the view", () -> view.engines().size() == 1, 60);

            final KafkaClusterView.TopHost first = view.topHosts(Direction.OUTGOING, TopBy.BYTES, 1).get(0);
            final HostTraffic expected = ClusterSnapshots.sorted(a.hosts(), Direction.OUTGOING, TopBy.BYTES).get(0);
            assertThat(first.engine()).isEqualTo("engine-c");
            assertThat(first.host().rates()).isEqualTo(expected.rates());
            assertThat(first.host().banned()).isEqualTo(expected.banned());
        }
    }

    @Test
    void shouldListTheUnionOfTheEnginesBans() throws Exception
    {
        final String topic = "metrics-bans";
        KAFKA.broker().createTopic(topic, 2, false);
        final long now = System.currentTimeMillis();
        final BanEntry one = ClusterSnapshots.ban("10.1.0.1", now - 1000, now + 60_000);
        final BanEntry two = ClusterSnapshots.ban("2001:db8::2", now - 2000, Long.MAX_VALUE);
        try (KafkaClusterView view = view(topic, new ManualClock(now));
            KafkaMetricsPublisher pa = publisher(topic, "engine-a").banList(() -> List.of(one));
            KafkaMetricsPublisher pb = publisher(topic, "engine-b").banList(() -> List.of(two)))
        {
            pa.export(ClusterSnapshots.engine(1, 3, 1, now).snapshot());
            pb.export(ClusterSnapshots.engine(2, 3, 2, now).snapshot());
            await("both engines in the view", () -> view.engines().size() == 2, 60);

            assertThat(view.bans()).extracting(ClusterMetrics.Ban::ip, ClusterMetrics.Ban::engine,
                ClusterMetrics.Ban::bannedAtMillis, ClusterMetrics.Ban::unbanAtMillis, ClusterMetrics.Ban::type)
                .containsExactly(
                    org.assertj.core.groups.Tuple.tuple("10.1.0.1", "engine-a", now - 1000, now + 60_000, "syn_flood"),
                    org.assertj.core.groups.Tuple.tuple("2001:db8::2", "engine-b", now - 2000, Long.MAX_VALUE,
                        "syn_flood"));
        }
    }

    @Test
    void shouldDropAnEngineNotHeardFromForTheExpiry() throws Exception
    {
        final String topic = "metrics-expiry";
        KAFKA.broker().createTopic(topic, 2, false);
        final long now = System.currentTimeMillis();
        final ManualClock clock = new ManualClock(now);
        final EngineFigures a = ClusterSnapshots.engine(1, 3, 1, now);
        try (KafkaClusterView view = view(topic, clock);
            KafkaMetricsPublisher pa = publisher(topic, "engine-a");
            KafkaMetricsPublisher pb = publisher(topic, "engine-b"))
        {
            pa.export(a.snapshot());
            pb.export(ClusterSnapshots.engine(2, 3, 2, now).snapshot());
            await("both engines in the view", () -> view.engines().size() == 2, 60);

            clock.advance(KafkaKeys.DEFAULT_CLUSTER_EXPIRY_SECONDS * 1000L - 1, TimeUnit.MILLISECONDS);
            final long accepted = view.documentsAccepted();
            pa.export(a.snapshot());
            await("engine-a's second document", () -> view.documentsAccepted() > accepted, 60);
            assertThat(view.engines()).containsOnlyKeys("engine-a", "engine-b");
            clock.advance(1, TimeUnit.MILLISECONDS);

            assertThat(view.engines()).containsOnlyKeys("engine-a");
            assertThat(view.totals(4)).isEqualTo(a.snapshot().totals(4));
        }
    }

    @Test
    void shouldCountAndDropOversizeAndGarbageDocuments() throws Exception
    {
        final String topic = "metrics-garbage";
        KAFKA.broker().createTopic(topic, 1, false);
        final long now = System.currentTimeMillis();
        final byte[] valid = ClusterMetrics.encode("engine-a", ClusterSnapshots.engine(1, 3, 1, now).snapshot(),
            TOP, List.of());
        final byte[] oversize = new byte[64 * 1024 + 1];
        try (KafkaClusterView view = view(topic, new ManualClock(now));
            KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer()))
        {
            final byte[] key = "k".getBytes(StandardCharsets.UTF_8);
            raw.send(new ProducerRecord<>(topic, key, "{\"v\":1,\"engine\":\"x\"".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(topic, key, "{\"v\":2,\"engine\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(topic, key, null));
            raw.send(new ProducerRecord<>(topic, key, oversize));
            raw.send(new ProducerRecord<>(topic, key, valid)).get(30, TimeUnit.SECONDS);
            await("the valid document", () -> view.documentsAccepted() == 1, 60);

            assertThat(view.documentsMalformed()).isEqualTo(3);
            assertThat(view.documentsOversize()).isEqualTo(1);
            assertThat(view.engines()).containsOnlyKeys("engine-a");
        }
    }

    private static long inPackets(final HostTraffic host)
    {
        return ClusterMetrics.measure(host.rates(), Direction.INCOMING, TopBy.PACKETS);
    }
}
