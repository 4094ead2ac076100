package io.fnm.examples;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner with a fastnetmon.conf ({@code netflow = on} on 127.0.0.1) receives NetFlow v5, v9 and IPFIX background
 * traffic plus a UDP flood and a SYN flood from the project's own generator, at sampling 1 and 1:100: the notify
 * script receives the bans with the right IP, direction and attack type, no innocent host is banned, /metrics
 * counts the records, and SIGTERM stops the runner cleanly within 2 s.
 */
class RunnerNetflowIT
{
    private static final long DEADLINE_MILLIS = 30_000;
    private static final long STEP_MILLIS = 100;
    /** How long the traffic goes on after both bans, so that a late innocent ban would be seen. */
    private static final long SETTLE_MILLIS = 3_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} sampling 1:{1}")
    @CsvSource({"v5, 1", "v5, 100", "v9, 1", "v9, 100", "ipfix, 1", "ipfix, 100"})
    void shouldBanTheFloodedHostsOnly(final String version, final int samplingRatio) throws Exception
    {
        final EndToEndFixture fixture = new EndToEndFixture(dir);
        final int port = EndToEndFixture.freeUdpPort();
        final int prometheusPort = EndToEndFixture.freeTcpPort();
        final Path conf = fixture.writeConfig(String.join("\n",
            "netflow = on", "netflow_host = 127.0.0.1", "netflow_port = " + port,
            "prometheus = on", "prometheus_host = 127.0.0.1", "prometheus_port = " + prometheusPort));

        final FnmJar runner = FnmJar.start("run", "--configuration_file", conf.toString());
        try (runner; NetflowUdpSender sender = new NetflowUdpSender(new InetSocketAddress("127.0.0.1", port)))
        {
            EndToEndFixture.awaitReady(runner, prometheusPort);
            final NetflowGenerator generator = new NetflowGenerator(7, System.currentTimeMillis() - 60_000);
            final EndToEndFixture.TrafficPlan plan = new EndToEndFixture.TrafficPlan(samplingRatio);
            final ByteBuffer datagram = ByteBuffer.allocate(65_507);
            final List<TrafficRecord> step = new ArrayList<>();
            final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            long settleUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settleUntil))
            {
                assertThat(runner.process().isAlive()).as(runner.output()).isTrue();
                if (settleUntil == Long.MAX_VALUE && fixture.bannedAddresses().size() >= 2)
                {
                    settleUntil = System.currentTimeMillis() + SETTLE_MILLIS; // keep the traffic on: nobody else
                }
                step.clear();
                plan.step(STEP_MILLIS / 1000.0, record -> step.add(new TrafficRecord().copyFrom(record)));
                int next = 0;
                boolean first = true;
                while (next < step.size())
                {
                    datagram.clear();
                    final long now = System.currentTimeMillis();
                    switch (version)
                    {
                        case "v5":
                            next = generator.writeV5(datagram, step, next, samplingRatio, now);
                            break;
                        case "v9":
                            next = generator.writeV9(datagram, step, next, first, samplingRatio, now);
                            break;
                        default:
                            next = generator.writeIpfix(datagram, step, next, first, samplingRatio, now);
                            break;
                    }
                    first = false;
                    datagram.flip();
                    sender.send(datagram);
                }
                Thread.sleep(STEP_MILLIS); // pacing the generator in real time
            }

            fixture.assertFloodVictimsBannedOnly(runner);
            assertThat(EndToEndFixture.httpGet(prometheusPort, "/metrics"))
                .contains("fnm_records_processed_total{")
                .contains("fnm_bans_total")
                .contains("netflow_");
            EndToEndFixture.assertStopsCleanlyOnSigterm(runner);
        }
    }
}
