package io.fnm.actions.graphite;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.testkit.RecordingConfigView;
import io.fnm.capture.testkit.ServerProcess;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.config.FastNetMonConfig;
import io.fnm.core.spi.MetricsExporterProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphiteExporterProviderTest
{
    private final GraphiteExporterProvider provider = new GraphiteExporterProvider();

    @TempDir
    Path dir;

    @Test
    void shouldBeFoundByServiceLoaderAndDeclareEveryKeyItReads()
    {
        final RecordingConfigView config = new RecordingConfigView(ConfigView.of(Map.of("graphite", "on")));

        provider.isEnabled(config);
        provider.create(config).close();

        assertThat(ServiceLoader.load(MetricsExporterProvider.class).stream().map(ServiceLoader.Provider::type))
            .contains(GraphiteExporterProvider.class);
        assertThat(provider.configKeys()).extracting(ConfigKey::name).containsAll(config.keysRead());
        assertThat(FastNetMonConfig.providerKeys(getClass().getClassLoader())).contains("graphite_top_hosts");
    }

    @Test
    void shouldBeOffByDefault()
    {
        assertThat(provider.isEnabled(ConfigView.EMPTY)).isFalse();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("graphite", "on")))).isTrue();
    }

    @Test
    void shouldUseFastNetMonsDefaults()
    {
        final GraphiteExporter exporter = (GraphiteExporter)provider.create(ConfigView.of(Map.of("graphite", "on")));

        assertThat(exporter).hasToString("graphite 127.0.0.1:2003 prefix fastnetmon");
        assertThat(exporter.pushPeriodMillis()).isEqualTo(1000);
        assertThat(exporter.topHosts()).isEqualTo(100);
    }

    @Test
    void shouldRejectAPrefixWithASpaceNamingTheKey()
    {
        assertThatThrownBy(() -> provider.create(ConfigView.of(Map.of("graphite", "on", "graphite_prefix", "a b"))))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("graphite_prefix: ");
    }

    @Test
    @Timeout(120)
    void shouldPushTheEnginesTicksToCarbonWhenSwitchedOnInTheConfiguration() throws Exception
    {
        final int port = ServerProcess.freePort();
        final long start = System.currentTimeMillis() / 1000 * 1000 - 30_000;
        final ManualClock clock = new ManualClock(start);
        final EngineConfig config = EngineConfig.builder()
            .settings(ConfigView.of(Map.of("graphite", "on", "graphite_port", Integer.toString(port),
                "graphite_prefix", "fnmtest")))
            .networks(List.of(IpPrefix.parse("203.0.113.0/24")))
            .build();
        try (CarbonCache carbon = new CarbonCache(dir, port).start();
            DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false).build())
        {
            assertThat(engine.problems()).isEmpty();
            engine.start();
            final TrafficSink sink = engine.newSink("test");
            final TrafficRecord record = new TrafficRecord().ipv4(IpAddresses.parseIpv4("198.51.100.1"),
                IpAddresses.parseIpv4("203.0.113.7")).protocol(TrafficRecord.PROTOCOL_UDP).packets(1).bytes(100);
            for (int i = 0; i < 1000; i++)
            {
                sink.accept(record);
            }
            sink.flush();
            clock.advanceSeconds(1);
            engine.tick();
            final long second = clock.epochMillis() / 1000;

            final long expected = engine.totals(4).packetsPerSecond(io.fnm.core.Direction.INCOMING,
                io.fnm.core.TrafficClass.TOTAL);
            assertThat(expected).isPositive();
            assertThat(carbon.awaitPoint("fnmtest.total.incoming.pps", second)).as(carbon.log())
                .isEqualTo((double)expected);
            assertThat(carbon.awaitPoint("fnmtest.hosts.203_0_113_7.incoming.pps", second))
                .isEqualTo((double)expected);
            assertThat(carbon.awaitPoint("fnmtest.networks.203_0_113_0_24.incoming.pps", second))
                .isEqualTo((double)expected);
        }
    }
}
