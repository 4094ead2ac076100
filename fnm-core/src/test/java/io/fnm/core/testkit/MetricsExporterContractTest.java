package io.fnm.core.testkit;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.IpAddresses;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The contract every {@link MetricsExporter} in the project meets: a name fit for a thread and a label, a push period
 * and a top-hosts bound within range, exports of a snapshot with IPv4 and IPv6 traffic and of an all-zero snapshot
 * without throwing, each counter series once per visit, and a close that can be repeated. Subclass it and implement
 * {@link #createExporter()}; override {@link #afterExport(MetricsExporter, TrafficSnapshot)} to check that the
 * snapshot reached its destination.
 */
public abstract class MetricsExporterContractTest
{
    private MetricsExporter exporter;

    /**
     * @return a fresh exporter under test, its destination reachable.
     * @throws Exception when it cannot be created.
     */
    protected abstract MetricsExporter createExporter() throws Exception;

    /**
     * Check the snapshot reached the destination.
     *
     * @param exporter the exporter.
     * @param snapshot what it exported.
     * @throws Exception on failure.
     */
    protected void afterExport(final MetricsExporter exporter, final TrafficSnapshot snapshot) throws Exception
    {
    }

    @BeforeEach
    void createExporterUnderTest() throws Exception
    {
        exporter = createExporter();
    }

    @AfterEach
    void closeExporterUnderTest()
    {
        exporter.close();
    }

    /**
     * @param epochMillis the tick's time.
     * @return a snapshot with IPv4 and IPv6 totals, a network of each version and one host of each in the top lists.
     */
    protected static TrafficSnapshot sample(final long epochMillis)
    {
        final HostRates rates = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 1500)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 150_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, 1500)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.UDP, 150_000)
            .flowsPerSecond(Direction.INCOMING, 12)
            .build();
        final HostTraffic v4 = new HostTraffic(IpAddresses.parseLiteral("203.0.113.9"), "203.0.113.9", rates, true);
        final HostTraffic v6 = new HostTraffic(IpAddresses.parseLiteral("2001:db8::9"), "2001:db8::9", rates, false);
        final TrafficSnapshot.Builder b = TrafficSnapshot.builder().tick(3).epochMillis(epochMillis)
            .totals(4, rates).totals(6, rates)
            .network(IpPrefix.parse("203.0.113.0/24"), rates)
            .network(IpPrefix.parse("2001:db8::/32"), rates);
        for (final TopBy by : TopBy.values())
        {
            b.topHosts(Direction.INCOMING, by, List.of(v4, v6));
        }
        return b.build();
    }

    /**
     * @return the time for the snapshots exported: now, to the second (servers keep recent points).
     */
    protected long now()
    {
        return System.currentTimeMillis() / 1000 * 1000;
    }

    @Test
    void shouldHaveANameFitForAThreadAndALabel()
    {
        assertThat(exporter.name()).matches("[A-Za-z0-9_.-]+");
    }

    @Test
    void shouldDeclareAPushPeriodAndATopHostsBoundInRange()
    {
        assertThat(exporter.pushPeriodMillis()).isNotNegative();
        assertThat(exporter.topHosts()).isBetween(0, TrafficSnapshot.MAX_TOP_HOSTS);
    }

    @Test
    void shouldExportIpv4AndIpv6Traffic() throws Exception
    {
        final TrafficSnapshot snapshot = sample(now());

        exporter.export(snapshot);

        afterExport(exporter, snapshot);
    }

    @Test
    void shouldExportAnAllZeroSnapshot()
    {
        assertThatCode(() -> exporter.export(TrafficSnapshot.builder().tick(1).epochMillis(now()).build()))
            .doesNotThrowAnyException();
    }

    @Test
    void shouldReportEachCounterSeriesOncePerVisit() throws Exception
    {
        exporter.export(sample(now()));
        final Set<String> seen = new HashSet<>();
        final List<String> twice = new ArrayList<>();

        exporter.counters((descriptor, label1, label2, value) ->
        {
            final String series = descriptor.series(label1, label2);
            if (!seen.add(series))
            {
                twice.add(series);
            }
            assertThat(descriptor.type() == CounterDescriptor.Type.GAUGE || value >= 0).as(series).isTrue();
        });

        assertThat(twice).isEmpty();
    }

    @Test
    void shouldAllowCloseTwice()
    {
        exporter.close();

        assertThatCode(exporter::close).doesNotThrowAnyException();
    }
}
