package io.fnm.actions.influxdb;

import io.fnm.capture.testkit.RecordingConfigView;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.spi.MetricsExporterProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxDbExporterProviderTest
{
    private final InfluxDbExporterProvider provider = new InfluxDbExporterProvider();

    @Test
    void shouldBeFoundByServiceLoaderAndDeclareEveryKeyItReads()
    {
        final RecordingConfigView config = new RecordingConfigView(ConfigView.of(Map.of("influxdb", "on",
            "influxdb_auth", "on")));

        provider.isEnabled(config);
        provider.create(config).close();

        assertThat(ServiceLoader.load(MetricsExporterProvider.class).stream().map(ServiceLoader.Provider::type))
            .contains(InfluxDbExporterProvider.class);
        assertThat(provider.configKeys()).extracting(ConfigKey::name).containsAll(config.keysRead());
    }

    @Test
    void shouldUseFastNetMonsDefaults()
    {
        final InfluxDbExporter exporter = (InfluxDbExporter)provider.create(ConfigView.of(Map.of("influxdb", "on")));
        try
        {
            assertThat(exporter).hasToString("influxdb 127.0.0.1:8086 database fastnetmon");
            assertThat(exporter.pushPeriodMillis()).isEqualTo(1000);
            assertThat(provider.isEnabled(ConfigView.EMPTY)).isFalse();
        }
        finally
        {
            exporter.close();
        }
    }

    @Test
    void shouldRejectAPortOutOfRangeNamingTheKey()
    {
        assertThatThrownBy(() -> provider.create(ConfigView.of(Map.of("influxdb", "on", "influxdb_port", "0"))))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("influxdb_port: ");
    }
}
