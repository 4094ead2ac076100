package io.fnm.actions.prometheus;

import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;
import io.fnm.core.testkit.MetricsExporterContractTest;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusMetricsContractTest extends MetricsExporterContractTest
{
    @Override
    protected MetricsExporter createExporter()
    {
        return new PrometheusMetrics(20);
    }

    @Override
    protected void afterExport(final MetricsExporter exporter, final TrafficSnapshot snapshot)
    {
        assertThat(((PrometheusMetrics)exporter).scrape())
            .contains("fnm_host_packets_per_second{host=\"2001:db8::9\",direction=\"incoming\"} 1500\n");
    }
}
