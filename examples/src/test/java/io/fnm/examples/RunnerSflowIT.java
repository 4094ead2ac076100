package io.fnm.examples;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.sflow.generator.SflowUdpSender;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner with {@code sflow = on} on 127.0.0.1 receives background traffic plus a UDP flood and a SYN flood from
 * the project's own sFlow generator, at sampling 1, 1:100 and 1:1000: the notify script gets the right bans (IP,
 * direction, attack type) and no innocent host is banned; SIGTERM stops the runner cleanly within 2 s.
 */
class RunnerSflowIT
{
    private static final long DEADLINE_MILLIS = 30_000;
    private static final long STEP_MILLIS = 100;
    /** How long the traffic goes on after both bans, so that a late innocent ban would be seen. */
    private static final long SETTLE_MILLIS = 3_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sampling 1:{0}")
    @ValueSource(ints = {1, 100, 1000})
    void shouldBanTheFloodedHostsOnly(final int samplingRatio) throws Exception
    {
        final EndToEndFixture fixture = new EndToEndFixture(dir);
        final int port = EndToEndFixture.freeUdpPort();
        final int prometheusPort = EndToEndFixture.freeTcpPort();
        final Path conf = fixture.writeConfig(String.join("\n",
            "sflow = on", "sflow_host = 127.0.0.1", "sflow_port = " + port,
            "prometheus = on", "prometheus_host = 127.0.0.1", "prometheus_port = " + prometheusPort));

        final FnmJar runner = FnmJar.start("run", "--configuration_file", conf.toString());
        try (runner; SflowUdpSender sender = new SflowUdpSender(new InetSocketAddress("127.0.0.1", port),
                IpAddresses.parseIpv4("127.0.0.2"), samplingRatio, 10))
        {
            EndToEndFixture.awaitReady(runner, prometheusPort);
            final EndToEndFixture.TrafficPlan plan = new EndToEndFixture.TrafficPlan(samplingRatio);
            final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            long settleUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settleUntil))
            {
                assertThat(runner.process().isAlive()).as(runner.output()).isTrue();
                if (settleUntil == Long.MAX_VALUE && fixture.bannedAddresses().size() >= 2)
                {
                    settleUntil = System.currentTimeMillis() + SETTLE_MILLIS; // keep the traffic on: nobody else
                }
                plan.step(STEP_MILLIS / 1000.0, sender::send);
                sender.flush();
                Thread.sleep(STEP_MILLIS); // pacing the generator in real time
            }

            fixture.assertFloodVictimsBannedOnly(runner);
            assertThat(EndToEndFixture.httpGet(prometheusPort, "/metrics"))
                .contains("fnm_records_processed_total{")
                .contains("fnm_bans_total")
                .contains("sflow_");
            EndToEndFixture.assertStopsCleanlyOnSigterm(runner);
        }
    }
}
