package io.fnm.actions.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.actions.SampleSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxDbExporterTest
{
    private static final long NOW_MILLIS = System.currentTimeMillis() / 1000 * 1000 - 10_000;

    @TempDir
    Path dir;

    private Influxd influxd;
    private InfluxDbExporter exporter;

    @AfterEach
    void stop()
    {
        if (exporter != null)
        {
            exporter.close();
        }
        if (influxd != null)
        {
            influxd.close();
        }
    }

    @Test
    void shouldWriteFastNetMonsMeasurementsWithIntegerFields()
    {
        final StringBuilder text = new StringBuilder();

        final int lines = InfluxLines.write(SampleSnapshot.at(1_700_000_000_000L), 100, text);

        final String[] written = text.toString().split("\n");
        assertThat(lines).isEqualTo(written.length).isEqualTo(4 + 1 + 2 + 1 + 1 + 1 + 4);
        assertThat(written[0]).isEqualTo("total_traffic,direction=incoming bits=1000000i,dropped_bits=0i," +
            "dropped_packets=0i,flows=30i,fragmented_bits=0i,fragmented_packets=0i,icmp_bits=0i,icmp_packets=0i," +
            "packets=1000i,tcp_bits=600000i,tcp_packets=600i,tcp_syn_bits=0i,tcp_syn_packets=0i,udp_bits=400000i," +
            "udp_packets=400i 1700000000000000000");
        assertThat(written[2]).startsWith("total_traffic,direction=internal bits=10000i,dropped_bits=0i")
            .doesNotContain("flows");
        assertThat(written[4]).startsWith("networks_traffic,network=10.0.0.0/24 bits_incoming=900000i," +
            "bits_outgoing=200000i,dropped_bits_incoming=0i,");
        assertThat(written[5]).startsWith("hosts_traffic,host=10.0.0.1 bits_incoming=700000i,")
            .contains(",flows_incoming=20i,", ",tcp_packets_incoming=700i,")
            .endsWith(",udp_packets_outgoing=0i 1700000000000000000");
        assertThat(written[6]).startsWith("hosts_traffic,host=10.0.0.2 ");
        assertThat(written[7]).isEqualTo("system_counters,metric=metric_value speed_recalculation_time_micro" +
            "seconds=234567i,speed_recalculation_time_seconds=1i,total_number_of_hosts=65792i," +
            "total_simple_packets_processed=12345i,unknown_ip_version_packets=0i 1700000000000000000");
        assertThat(written[8]).startsWith("hosts_ipv6_traffic,host=2001:db8:100::1 bits_incoming=40000i,");
        assertThat(written[9]).startsWith("networks_ipv6_traffic,network=2001:db8:100::/48 bits_incoming=40000i,");
        assertThat(written[10]).startsWith("total_traffic_ipv6,direction=incoming bits=40000i,")
            .doesNotContain("flows");
        assertThat(text.toString()).doesNotContainPattern("=\\d+[ ,]");
    }

    @Test
    @Timeout(120)
    void shouldCreateTheDatabaseAndStoreIntegerFieldsInInfluxd() throws Exception
    {
        influxd = new Influxd(dir, false);
        exporter = new InfluxDbExporter("127.0.0.1", influxd.port(), "fastnetmon", null, null, 1000, 100);

        exporter.export(SampleSnapshot.at(NOW_MILLIS));

        final JsonNode total = series(influxd.query("fastnetmon",
            "SELECT packets, bits, flows, tcp_packets FROM total_traffic WHERE direction = 'incoming'", null, null));
        assertThat(total.path("values").get(0).toString())
            .isEqualTo("[\"" + isoTime(NOW_MILLIS) + "\",1000,1000000,30,600]");
        assertThat(fieldTypes("total_traffic")).containsOnly("integer");
        assertThat(fieldTypes("hosts_traffic")).containsOnly("integer");
        assertThat(values(influxd.query("fastnetmon", "SELECT packets_incoming FROM hosts_traffic GROUP BY host",
            null, null))).containsExactlyInAnyOrder("10.0.0.1=700", "10.0.0.2=0");
        assertThat(values(influxd.query("fastnetmon", "SELECT packets_incoming FROM hosts_ipv6_traffic GROUP BY host",
            null, null))).containsExactly("2001:db8:100::1=50");
        assertThat(values(influxd.query("fastnetmon",
            "SELECT bits_incoming FROM networks_traffic GROUP BY network", null, null)))
            .containsExactly("10.0.0.0/24=900000");
        assertThat(values(influxd.query("fastnetmon",
            "SELECT bits_incoming FROM networks_ipv6_traffic GROUP BY network", null, null)))
            .containsExactly("2001:db8:100::/48=40000");
        assertThat(series(influxd.query("fastnetmon", "SELECT packets FROM total_traffic_ipv6 WHERE direction =" +
            " 'incoming'", null, null)).path("values").get(0).get(1).asLong()).isEqualTo(50);
        assertThat(series(influxd.query("fastnetmon", "SELECT total_simple_packets_processed FROM system_counters",
            null, null)).path("values").get(0).get(1).asLong()).isEqualTo(12_345);
    }

    @Test
    @Timeout(120)
    void shouldAuthenticateWhenInfluxdbAuthIsOn() throws Exception
    {
        influxd = new Influxd(dir, true);
        influxd.query(null, "CREATE USER fnm WITH PASSWORD 'secret' WITH ALL PRIVILEGES", null, null);
        final InfluxDbExporter wrong = new InfluxDbExporter("127.0.0.1", influxd.port(), "fastnetmon", "fnm",
            "wrong", 1000, 100);
        try
        {
            assertThatThrownBy(() -> wrong.export(SampleSnapshot.at(NOW_MILLIS))).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 401");
        }
        finally
        {
            wrong.close();
        }
        exporter = new InfluxDbExporter("127.0.0.1", influxd.port(), "fastnetmon", "fnm", "secret", 1000, 100);

        exporter.export(SampleSnapshot.at(NOW_MILLIS));

        assertThat(series(influxd.query("fastnetmon", "SELECT packets FROM total_traffic WHERE direction =" +
            " 'outgoing'", "fnm", "secret")).path("values").get(0).get(1).asLong()).isEqualTo(200);
    }

    @Test
    @Timeout(60)
    void shouldCountAFailedWriteWhenNoServerListens() throws Exception
    {
        final int port = io.fnm.capture.testkit.ServerProcess.freePort();
        exporter = new InfluxDbExporter("127.0.0.1", port, "fastnetmon", null, null, 1000, 100);

        assertThatThrownBy(() -> exporter.export(SampleSnapshot.at(NOW_MILLIS))).isInstanceOf(IOException.class);

        final long[] counts = new long[2];
        exporter.counters((descriptor, l1, l2, value) ->
        {
            if (descriptor == InfluxDbExporter.WRITES)
            {
                counts[0] = value;
            }
            else if (descriptor == InfluxDbExporter.WRITES_FAILED)
            {
                counts[1] = value;
            }
        });
        assertThat(counts).containsExactly(1, 1);
    }

    private List<String> fieldTypes(final String measurement) throws Exception
    {
        final List<String> types = new ArrayList<>();
        series(influxd.query("fastnetmon", "SHOW FIELD KEYS FROM " + measurement, null, null)).path("values")
            .forEach(row -> types.add(row.get(1).asText()));
        assertThat(types).isNotEmpty();
        return types;
    }

    private JsonNode series(final JsonNode answer)
    {
        final JsonNode series = answer.path("results").get(0).path("series").get(0);
        assertThat(series).as("%s\n%s", answer, influxd.log()).isNotNull();
        return series;
    }

    private static List<String> values(final JsonNode answer)
    {
        final List<String> values = new ArrayList<>();
        answer.path("results").get(0).path("series").forEach(series -> values.add(
            series.path("tags").elements().next().asText() + '=' + series.path("values").get(0).get(1).asLong()));
        return values;
    }

    private static String isoTime(final long millis)
    {
        return java.time.Instant.ofEpochMilli(millis).toString();
    }
}
