package io.fnm.actions.graphite;

import io.fnm.capture.testkit.ServerProcess;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficSnapshot;
import io.fnm.core.testkit.MetricsExporterContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GraphiteExporterContractTest extends MetricsExporterContractTest
{
    @TempDir
    static Path dir;

    private static CarbonCache carbon;
    private static int port;

    @BeforeAll
    static void startCarbon() throws Exception
    {
        port = ServerProcess.freePort();
        carbon = new CarbonCache(dir, port).start();
    }

    @AfterAll
    static void stopCarbon()
    {
        carbon.close();
    }

    @Override
    protected MetricsExporter createExporter()
    {
        return new GraphiteExporter("127.0.0.1", port, "contract", 1000, 100);
    }

    @Override
    protected void afterExport(final MetricsExporter exporter, final TrafficSnapshot snapshot) throws Exception
    {
        final long second = snapshot.epochMillis() / 1000;
        assertThat(carbon.awaitPoint("contract.total.incoming.pps", second)).as(carbon.log()).isEqualTo(1500.0);
        assertThat(carbon.awaitPoint("contract.hosts.2001_db8__9.incoming.flows", second)).isEqualTo(12.0);
    }
}
