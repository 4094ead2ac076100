package io.fnm.actions.kafka;

import io.fnm.actions.kafka.ClusterSnapshots.EngineFigures;
import io.fnm.capture.ManualClock;
import io.fnm.core.Direction;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficSnapshot;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ClusterMetrics} document without a broker: round trip, hostile input, size; and the view's bounds.
 */
class ClusterMetricsTest
{
    private static final long NOW = 1_700_000_000_000L;
    private static final int TOP = KafkaKeys.DEFAULT_METRICS_TOP_HOSTS;

    @Test
    void shouldReadBackEveryFigureOfTheFirstNHostsOfEachList()
    {
        final EngineFigures figures = ClusterSnapshots.engine(4, 50, 7, NOW);
        final TrafficSnapshot snapshot = figures.snapshot();

        final ClusterMetrics read = ClusterMetrics.decode(ClusterMetrics.encode("e", snapshot, TOP,
            List.of(ClusterSnapshots.ban("10.4.0.1", NOW, NOW + 1000))));

        assertThat(read.engine()).isEqualTo("e");
        assertThat(read.tick()).isEqualTo(snapshot.tick());
        assertThat(read.epochMillis()).isEqualTo(NOW);
        assertThat(read.totals(4)).isEqualTo(snapshot.totals(4));
        assertThat(read.totals(6)).isEqualTo(snapshot.totals(6));
        for (final Direction direction : ClusterSnapshots.HOST_DIRECTIONS)
        {
            for (final TopBy by : TopBy.values())
            {
                final List<HostTraffic> sent = snapshot.topHosts(direction, by).subList(0, TOP);
                assertThat(read.topHosts(direction, by)).extracting(HostTraffic::ip, HostTraffic::rates,
                    HostTraffic::banned).containsExactlyElementsOf(sent.stream().map(h ->
                        org.assertj.core.groups.Tuple.tuple(h.ip(), h.rates(), h.banned())).toList());
            }
        }
        assertThat(read.bans()).singleElement().satisfies(ban ->
        {
            assertThat(ban.ip()).isEqualTo("10.4.0.1");
            assertThat(ban.unbanAtMillis()).isEqualTo(NOW + 1000);
        });
    }

    @Test
    void shouldRefuseDocumentsThatAreNotValidVersionOne()
    {
        final String valid = new String(ClusterMetrics.encode("e", ClusterSnapshots.engine(1, 3, 1, NOW).snapshot(),
            TOP, List.of()), StandardCharsets.UTF_8);
        final List<String> bad = List.of("", "null", "[]", "{\"v\":1}", valid.replace("\"v\":1", "\"v\":2"),
            valid.replace("\"engine\":\"e\"", "\"engine\":\"\""), valid.replace("\"10.1.0.", "\"10.1.x."),
            valid.replaceFirst("\\[\\[", "[[-"), valid.replace("\"top\":[[", "\"top\":[[999,"),
            valid.replace("\"bans\":[]", "\"bans\":[{\"ip\":\"example.com\"}]"), valid.substring(0, 100));

        for (final String document : bad)
        {
            assertThatThrownBy(() -> ClusterMetrics.decode(document.getBytes(StandardCharsets.UTF_8)))
                .as(document.length() > 80 ? document.substring(0, 80) : document)
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldNeverThrowAnythingButIllegalArgumentOnRandomBytes()
    {
        final Random random = new Random(42);
        final byte[] valid = ClusterMetrics.encode("e", ClusterSnapshots.engine(1, 5, 1, NOW).snapshot(), TOP,
            List.of(ClusterSnapshots.ban("10.1.0.1", NOW, NOW + 1)));
        for (int i = 0; i < 2000; i++)
        {
            final byte[] mutated = valid.clone();
            for (int j = 0; j < 1 + random.nextInt(4); j++)
            {
                mutated[random.nextInt(mutated.length)] = (byte)random.nextInt(256);
            }
            try
            {
                ClusterMetrics.decode(mutated);
            }
            catch (final IllegalArgumentException ex)
            {
                // counted and dropped by the view
            }
        }
        assertThat(ClusterMetrics.decode(valid).engine()).isEqualTo("e");
    }

    @Test
    void shouldKeepATickOfTwentyHostsPerListUnderFortyKilobytesInTheWorstCase()
    {
        // worst case: 120 distinct hosts (no host in two lists), all 60 rates of each non-zero, 7 to 11 digits
        final EngineFigures figures = ClusterSnapshots.engine(1, 6 * TOP, 3, NOW);
        final TrafficSnapshot.Builder disjoint = TrafficSnapshot.builder().tick(1).epochMillis(NOW)
            .totals(4, figures.snapshot().totals(4)).totals(6, figures.snapshot().totals(6));
        int list = 0;
        for (final Direction direction : ClusterSnapshots.HOST_DIRECTIONS)
        {
            for (final TopBy by : TopBy.values())
            {
                disjoint.topHosts(direction, by, figures.hosts().subList(list * TOP, (list + 1) * TOP));
                list++;
            }
        }
        final TrafficSnapshot worst = disjoint.build();
        final byte[] document = ClusterMetrics.encode("engine-1", worst, TOP, List.of());
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final int rounds = 2000;
        final long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++)
        {
            ClusterMetrics.encode("engine-1", worst, TOP, List.of());
        }
        final long encodeNanos = (threads.getCurrentThreadCpuTime() - cpu) / rounds;
        final long decodeCpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++)
        {
            ClusterMetrics.decode(document);
        }
        final long decodeNanos = (threads.getCurrentThreadCpuTime() - decodeCpu) / rounds;
        final TrafficSnapshot.Builder same = TrafficSnapshot.builder().tick(1).epochMillis(NOW);
        for (final TopBy by : TopBy.values())
        {
            same.topHosts(Direction.INCOMING, by, figures.hosts().subList(0, TOP))
                .topHosts(Direction.OUTGOING, by, figures.hosts().subList(TOP, 2 * TOP));
        }
        final int shared = ClusterMetrics.encode("engine-1", same.build(), TOP, List.of()).length;
        System.out.printf("ClusterMetrics at N=%d: %d bytes (120 distinct hosts), %d bytes (the same 20 hosts "
            + "top the three lists of a direction); encode %d us, decode %d us of CPU%n", TOP, document.length, shared,
            encodeNanos / 1000, decodeNanos / 1000);

        assertThat(ClusterMetrics.decode(document).topHosts(Direction.OUTGOING, TopBy.FLOWS)).hasSize(TOP);
        assertThat(document.length).isLessThan(40 * 1024);
        assertThat(shared).isLessThan(document.length / 2);
    }

    @Test
    void shouldRefuseANewEngineWhenTheViewHoldsItsMostEngines()
    {
        final ManualClock clock = new ManualClock(NOW);
        final KafkaClusterView view = KafkaClusterView.builder().clock(clock).maxEngines(2).build();
        final TrafficSnapshot snapshot = ClusterSnapshots.engine(1, 2, 1, NOW).snapshot();

        for (final String engine : List.of("a", "b", "c", "a"))
        {
            view.accept(ClusterMetrics.encode(engine, snapshot, TOP, List.of()), NOW);
        }

        assertThat(view.engines()).containsOnlyKeys("a", "b");
        assertThat(view.enginesRejected()).isEqualTo(1);
        assertThat(view.documentsAccepted()).isEqualTo(3);
    }

    @Test
    void shouldMakeRoomForANewEngineOnceAnOldOneExpired()
    {
        final ManualClock clock = new ManualClock(NOW);
        final KafkaClusterView view = KafkaClusterView.builder().clock(clock).maxEngines(1).expirySeconds(2).build();
        final TrafficSnapshot snapshot = ClusterSnapshots.engine(1, 2, 1, NOW).snapshot();
        view.accept(ClusterMetrics.encode("a", snapshot, TOP, List.of()), NOW);
        clock.advanceSeconds(2);

        final boolean accepted = view.accept(ClusterMetrics.encode("b", snapshot, TOP, List.of()), NOW + 2000);

        assertThat(accepted).isTrue();
        assertThat(view.engines()).containsOnlyKeys("b");
    }

    @Test
    void shouldSkipARecordOlderThanTheExpiryWhenRead()
    {
        final ManualClock clock = new ManualClock(NOW);
        final KafkaClusterView view = KafkaClusterView.builder().clock(clock).build();

        view.accept(ClusterMetrics.encode("a", ClusterSnapshots.engine(1, 2, 1, NOW).snapshot(), TOP, List.of()),
            NOW - KafkaKeys.DEFAULT_CLUSTER_EXPIRY_SECONDS * 1000L);

        assertThat(view.engines()).isEmpty();
        assertThat(view.documentsStale()).isEqualTo(1);
    }
}
