package io.fnm.actions.influxdb;

import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;
import io.fnm.core.testkit.MetricsExporterContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxDbExporterContractTest extends MetricsExporterContractTest
{
    @TempDir
    static Path dir;

    private static Influxd influxd;

    @BeforeAll
    static void startInfluxd() throws Exception
    {
        influxd = new Influxd(dir, false);
    }

    @AfterAll
    static void stopInfluxd()
    {
        influxd.close();
    }

    @Override
    protected MetricsExporter createExporter()
    {
        return new InfluxDbExporter("127.0.0.1", influxd.port(), "contract", null, null, 1000, 100);
    }

    @Override
    protected void afterExport(final MetricsExporter exporter, final TrafficSnapshot snapshot) throws Exception
    {
        assertThat(influxd.query("contract", "SELECT packets_incoming FROM hosts_ipv6_traffic WHERE host =" +
            " '2001:db8::9'", null, null).path("results").get(0).path("series").get(0).path("values").get(0).get(1)
            .asLong()).isEqualTo(1500);
    }
}
