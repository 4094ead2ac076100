package io.fnm.actions.graphite;

import io.fnm.actions.SampleSnapshot;
import io.fnm.capture.testkit.ServerProcess;
import io.fnm.core.TrafficSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphiteExporterTest
{
    private static final long NOW_SECONDS = System.currentTimeMillis() / 1000 - 10;

    @TempDir
    Path dir;

    private CarbonCache carbon;
    private GraphiteExporter exporter;

    @AfterEach
    void stop()
    {
        if (exporter != null)
        {
            exporter.close();
        }
        if (carbon != null)
        {
            carbon.close();
        }
    }

    @Test
    void shouldWriteFastNetMonsPathsWithIpv6AndSkipZeroHostValues()
    {
        final StringBuilder text = new StringBuilder();

        final int lines = GraphiteExporter.lines(SampleSnapshot.at(1_700_000_000_500L), "fastnetmon", 100, text);

        final String t = " 1700000000\n";
        assertThat(text.toString()).isEqualTo(
            "fastnetmon.total.incoming.flows 30" + t +
            "fastnetmon.total.incoming.pps 1000" + t +
            "fastnetmon.total.incoming.bps 1000000" + t +
            "fastnetmon.total.outgoing.flows 5" + t +
            "fastnetmon.total.outgoing.pps 200" + t +
            "fastnetmon.total.outgoing.bps 200000" + t +
            "fastnetmon.total.internal.pps 10" + t +
            "fastnetmon.total.internal.bps 10000" + t +
            "fastnetmon.total.other.pps 0" + t +
            "fastnetmon.total.other.bps 0" + t +
            "fastnetmon.total_ipv6.incoming.flows 0" + t +
            "fastnetmon.total_ipv6.incoming.pps 50" + t +
            "fastnetmon.total_ipv6.incoming.bps 40000" + t +
            "fastnetmon.total_ipv6.outgoing.flows 0" + t +
            "fastnetmon.total_ipv6.outgoing.pps 0" + t +
            "fastnetmon.total_ipv6.outgoing.bps 0" + t +
            "fastnetmon.total_ipv6.internal.pps 0" + t +
            "fastnetmon.total_ipv6.internal.bps 0" + t +
            "fastnetmon.total_ipv6.other.pps 0" + t +
            "fastnetmon.total_ipv6.other.bps 0" + t +
            "fastnetmon.networks.10_0_0_0_24.incoming.pps 900" + t +
            "fastnetmon.networks.10_0_0_0_24.incoming.bps 900000" + t +
            "fastnetmon.networks.10_0_0_0_24.outgoing.pps 200" + t +
            "fastnetmon.networks.10_0_0_0_24.outgoing.bps 200000" + t +
            "fastnetmon.networks.2001_db8_100___48.incoming.pps 50" + t +
            "fastnetmon.networks.2001_db8_100___48.incoming.bps 40000" + t +
            "fastnetmon.networks.2001_db8_100___48.outgoing.pps 0" + t +
            "fastnetmon.networks.2001_db8_100___48.outgoing.bps 0" + t +
            "fastnetmon.hosts.10_0_0_1.incoming.pps 700" + t +
            "fastnetmon.hosts.10_0_0_1.incoming.bps 700000" + t +
            "fastnetmon.hosts.10_0_0_1.incoming.flows 20" + t +
            "fastnetmon.hosts.2001_db8_100__1.incoming.pps 50" + t +
            "fastnetmon.hosts.2001_db8_100__1.incoming.bps 40000" + t +
            "fastnetmon.hosts.10_0_0_2.outgoing.pps 200" + t +
            "fastnetmon.hosts.10_0_0_2.outgoing.bps 200000" + t);
        assertThat(lines).isEqualTo(35);
    }

    @Test
    void shouldWriteOnlyTheTopHostsAskedFor()
    {
        final StringBuilder text = new StringBuilder();

        GraphiteExporter.lines(SampleSnapshot.at(1_700_000_000_000L), "fnm", 1, text);

        assertThat(text.toString()).contains("fnm.hosts.10_0_0_1.", "fnm.hosts.10_0_0_2.")
            .doesNotContain("fnm.hosts.2001");
    }

    @Test
    @Timeout(120)
    void shouldLandThePathsAsWhisperFilesInCarbon() throws Exception
    {
        final int port = ServerProcess.freePort();
        carbon = new CarbonCache(dir, port).start();
        exporter = new GraphiteExporter("127.0.0.1", port, "fastnetmon", 1000, 100);

        exporter.export(SampleSnapshot.at(NOW_SECONDS * 1000));

        assertThat(carbon.awaitPoint("fastnetmon.total.incoming.pps", NOW_SECONDS)).as(carbon.log())
            .isEqualTo(1000.0);
        assertThat(carbon.awaitPoint("fastnetmon.total.incoming.bps", NOW_SECONDS)).isEqualTo(1_000_000.0);
        assertThat(carbon.awaitPoint("fastnetmon.total.outgoing.flows", NOW_SECONDS)).isEqualTo(5.0);
        assertThat(carbon.awaitPoint("fastnetmon.total_ipv6.incoming.pps", NOW_SECONDS)).isEqualTo(50.0);
        assertThat(carbon.awaitPoint("fastnetmon.networks.10_0_0_0_24.incoming.bps", NOW_SECONDS))
            .isEqualTo(900_000.0);
        assertThat(carbon.awaitPoint("fastnetmon.networks.2001_db8_100___48.incoming.pps", NOW_SECONDS))
            .isEqualTo(50.0);
        assertThat(carbon.awaitPoint("fastnetmon.hosts.10_0_0_1.incoming.pps", NOW_SECONDS)).isEqualTo(700.0);
        assertThat(carbon.awaitPoint("fastnetmon.hosts.2001_db8_100__1.incoming.bps", NOW_SECONDS))
            .isEqualTo(40_000.0);
        assertThat(carbon.whisperFile("fastnetmon.hosts.10_0_0_1.outgoing.pps")).doesNotExist();
    }

    @Test
    @Timeout(120)
    void shouldReconnectWhenCarbonRestarts() throws Exception
    {
        final int port = ServerProcess.freePort();
        carbon = new CarbonCache(dir, port).start();
        exporter = new GraphiteExporter("127.0.0.1", port, "fnm", 1000, 100);
        exporter.export(SampleSnapshot.at(NOW_SECONDS * 1000));
        assertThat(carbon.awaitPoint("fnm.total.incoming.pps", NOW_SECONDS)).isEqualTo(1000.0);

        carbon.stop();
        assertThatThrownBy(() ->
        {
            // the first write after the restart may still go into the dead socket's buffer; a later one fails
            for (int i = 0; i < 5; i++)
            {
                exporter.export(SampleSnapshot.at((NOW_SECONDS + 1) * 1000));
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }).isInstanceOf(java.io.IOException.class);
        carbon.start();
        exporter.export(SampleSnapshot.at((NOW_SECONDS + 2) * 1000));

        assertThat(carbon.awaitPoint("fnm.total.incoming.pps", NOW_SECONDS + 2)).as(carbon.log()).isEqualTo(1000.0);
        final long[] connections = new long[1];
        exporter.counters((descriptor, l1, l2, value) ->
        {
            if (descriptor == GraphiteExporter.CONNECTIONS)
            {
                connections[0] = value;
            }
        });
        assertThat(connections[0]).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Timeout(60)
    void shouldGiveUpWithinTheTimeoutWhenTheServerNeverReads() throws Exception
    {
        // the listen backlog completes the connection; nobody ever accepts or reads it
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            exporter = new GraphiteExporter("127.0.0.1", silent.getLocalPort(), "fnm", 1000, 100);
            final TrafficSnapshot snapshot = SampleSnapshot.at(NOW_SECONDS * 1000);
            long lastStarted = 0;
            try
            {
                for (int i = 0; i < 100_000; i++)
                {
                    lastStarted = System.nanoTime();
                    exporter.export(snapshot); // fills the socket buffers until a write times out
                }
            }
            catch (final SocketTimeoutException expected)
            {
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastStarted))
                    .isBetween(GraphiteExporter.TIMEOUT_MILLIS - 100, GraphiteExporter.TIMEOUT_MILLIS + 1000);
                return;
            }
            throw new AssertionError("no write timed out");
        }
    }
}
