package io.fnm.actions.prometheus;

import io.fnm.actions.SampleSnapshot;
import io.fnm.capture.CounterDescriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest
{
    private static final CounterDescriptor PLAIN = CounterDescriptor.counter("test_plain_total", "things",
        "A counter \\ with a backslash");
    private static final CounterDescriptor LABELLED = CounterDescriptor.gauge("test_labelled", "things",
        "A gauge", "who", "what");

    @Test
    void shouldGroupSeriesUnderOneHelpAndTypePerNameWhateverTheVisitOrder()
    {
        final StringBuilder text = new StringBuilder();

        PrometheusText.renderCounters(visitor ->
        {
            visitor.counter(LABELLED, "a", "x", 1);
            visitor.counter(PLAIN, 7);
            visitor.counter(LABELLED, "b\"q", "y\nz", 2);
        }, text);

        assertThat(text.toString()).isEqualTo(
            "# HELP test_labelled A gauge\n" +
            "# TYPE test_labelled gauge\n" +
            "test_labelled{who=\"a\",what=\"x\"} 1\n" +
            "test_labelled{who=\"b\\\"q\",what=\"y\\nz\"} 2\n" +
            "# HELP test_plain_total A counter \\\\ with a backslash\n" +
            "# TYPE test_plain_total counter\n" +
            "test_plain_total 7\n");
    }

    @Test
    void shouldWriteFastNetMonsTotalsWithTheSpaceBeforeTheFlowsValue()
    {
        final String text = render(20);

        assertThat(text).contains(
            "# HELP fastnetmon_total_traffic_packets Total traffic in packets\n" +
            "# TYPE fastnetmon_total_traffic_packets gauge\n" +
            "fastnetmon_total_traffic_packets{traffic_direction=\"incoming\",protocol_version=\"ipv4\"} 1000\n",
            "fastnetmon_total_traffic_bits{traffic_direction=\"incoming\",protocol_version=\"ipv6\"} 40000\n",
            "fastnetmon_total_traffic_flows{traffic_direction=\"incoming\",protocol_version=\"ipv4\"} 30\n",
            "fastnetmon_total_traffic_flows{traffic_direction=\"outgoing\",protocol_version=\"ipv4\"} 5\n");
    }

    @Test
    void shouldWriteFastNetMonsSystemCountersFromOurs()
    {
        final String text = render(20);

        assertThat(text).contains(
            "# TYPE fastnetmon_total_simple_packets_processed counter\nfastnetmon_total_simple_packets_processed" +
            " 12345\n",
            "# TYPE fastnetmon_speed_recalculation_time_seconds gauge\n" +
            "fastnetmon_speed_recalculation_time_seconds 1\n",
            "fastnetmon_speed_recalculation_time_microseconds 234567\n",
            "fastnetmon_total_number_of_hosts 65792\n",
            "fnm_records_processed_total{source=\"netflow\"} 12000\n");
        assertThat(text).doesNotContain("fastnetmon_influxdb_writes_total");
    }

    @Test
    void shouldWritePerProtocolTotalsNetworksAndTheTopHosts()
    {
        final String text = render(20);

        assertThat(text).contains(
            "fnm_total_protocol_packets_per_second{direction=\"incoming\",ip_version=\"4\",protocol=\"tcp\"} 600\n",
            "fnm_total_protocol_bits_per_second{direction=\"incoming\",ip_version=\"6\",protocol=\"udp\"} 40000\n",
            "fnm_network_bits_per_second{network=\"10.0.0.0/24\",direction=\"incoming\"} 900000\n",
            "fnm_network_packets_per_second{network=\"2001:db8:100::/48\",direction=\"incoming\"} 50\n",
            "fnm_host_packets_per_second{host=\"10.0.0.1\",direction=\"incoming\"} 700\n",
            "fnm_host_flows_per_second{host=\"10.0.0.1\",direction=\"incoming\"} 20\n",
            "fnm_host_bits_per_second{host=\"2001:db8:100::1\",direction=\"incoming\"} 40000\n",
            "fnm_host_packets_per_second{host=\"10.0.0.2\",direction=\"outgoing\"} 200\n");
    }

    @Test
    void shouldBoundThePerHostSeriesByTheTopHostsAskedFor()
    {
        assertThat(render(1)).contains("host=\"10.0.0.1\"", "host=\"10.0.0.2\"").doesNotContain("host=\"2001:");
        assertThat(render(0)).doesNotContain("host=\"");
    }

    @Test
    void shouldGiveEveryMetricNameExactlyOneHelpAndOneTypeBeforeItsSeries()
    {
        final String text = render(20);

        final Map<String, Integer> helps = new HashMap<>();
        final Map<String, Integer> types = new HashMap<>();
        final Set<String> series = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();
        String family = null;
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# HELP "))
            {
                helps.merge(line.split(" ")[2], 1, Integer::sum);
            }
            else if (line.startsWith("# TYPE "))
            {
                family = line.split(" ")[2];
                types.merge(family, 1, Integer::sum);
                if (!line.endsWith(" gauge") && !line.endsWith(" counter"))
                {
                    problems.add(line);
                }
            }
            else
            {
                final String key = line.substring(0, line.lastIndexOf(' '));
                final String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                if (!name.equals(family) || !series.add(key) || !line.matches(".*[}a-z] -?\\d+$"))
                {
                    problems.add(line);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(helps.values()).containsOnly(1);
        assertThat(types.values()).containsOnly(1);
        assertThat(helps.keySet()).isEqualTo(types.keySet());
    }

    @Test
    void shouldServeTheLatestSnapshotAndTheLiveCountersBeforeTheFirst()
    {
        final PrometheusMetrics metrics = new PrometheusMetrics(20);

        assertThat(metrics.scrape()).isEmpty();
        assertThat(metrics.scrape(visitor -> visitor.counter(PLAIN, 3))).contains("test_plain_total 3\n");
        metrics.export(SampleSnapshot.at(1_700_000_000_000L));
        assertThat(metrics.scrape(visitor -> visitor.counter(PLAIN, 3))).doesNotContain("test_plain_total")
            .contains("fastnetmon_total_traffic_packets{");
        assertThat(PrometheusText.CONTENT_TYPE).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    private static String render(final int topHosts)
    {
        final StringBuilder text = new StringBuilder();
        PrometheusText.render(SampleSnapshot.at(1_700_000_000_000L), topHosts, text);
        return text.toString();
    }
}
