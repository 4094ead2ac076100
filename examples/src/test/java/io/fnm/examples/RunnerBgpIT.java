package io.fnm.examples;

import io.fnm.actions.testkit.Gobgpd;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner with {@code gobgp = on} peers with a real gobgpd (AS 65000 on 127.0.0.1; fnm is AS 65001 from
 * 127.0.0.2): a NetFlow v9 UDP flood and SYN flood from the project's generator get their /32 blackholes (and, with
 * {@code bgp_mitigation = both}, the SYN flood its FlowSpec rule) in gobgpd's RIB within a second of the ban; when the
 * floods stop and the bans end, the routes are withdrawn; {@code /metrics} shows the session and the routes.
 */
class RunnerBgpIT
{
    private static final long DEADLINE_MILLIS = 30_000;
    private static final long STEP_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void shouldAnnounceWithinASecondOfBanAndWithdrawOnUnbanWhenSpeakerIsOn() throws Exception
    {
        try (Gobgpd gobgpd = Gobgpd.start(dir, 65000, "127.0.0.1",
            List.of(Gobgpd.Neighbor.passive("127.0.0.2", 65001))))
        {
            final EndToEndFixture fixture = new EndToEndFixture(dir);
            final int port = EndToEndFixture.freeUdpPort();
            final int prometheusPort = EndToEndFixture.freeTcpPort();
            final Path conf = fixture.writeConfig(String.join("\n",
                "netflow = on", "netflow_host = 127.0.0.1", "netflow_port = " + port,
                "prometheus = on", "prometheus_host = 127.0.0.1", "prometheus_port = " + prometheusPort,
                "ban_time = 2",
                "gobgp = on", "bgp_peer_address = 127.0.0.1:" + gobgpd.bgpPort(), "bgp_peer_as = 65000",
                "bgp_local_as = 65001", "bgp_local_address = 127.0.0.2", "bgp_connect_retry_seconds = 1",
                "gobgp_announce_host = on", "gobgp_next_hop = 192.0.2.254", "gobgp_community_host = 65001:666",
                "bgp_mitigation = both"));

            final FnmJar runner = FnmJar.start("run", "--configuration_file", conf.toString());
            try (runner; NetflowUdpSender sender = new NetflowUdpSender(new InetSocketAddress("127.0.0.1", port)))
            {
                EndToEndFixture.awaitReady(runner, prometheusPort);
                gobgpd.awaitEstablished("127.0.0.2", Duration.ofSeconds(20));

                final long lagMillis = floodUntilRoutesShow(runner, fixture, gobgpd, sender);

                assertThat(lagMillis).as("from the ban seen to both routes in gobgpd's RIB").isLessThanOrEqualTo(1_000);
                assertThat(gobgpd.rib("ipv4")).allSatisfy(route ->
                {
                    assertThat(route.nextHop()).isEqualTo("192.0.2.254");
                    assertThat(route.communities()).containsExactly("65001:666");
                });
                assertThat(gobgpd.awaitRib("ipv4-flowspec", routes -> routes.size() == 1, Duration.ofSeconds(5))
                    .get(0).prefix()).contains("[destination: " + EndToEndFixture.SYN_VICTIM + "/32]")
                    .contains("[protocol: ==tcp]");
                assertThat(EndToEndFixture.httpGet(prometheusPort, "/metrics"))
                    .contains("bgp_session_up{action=\"bgp_speaker\",peer=\"127.0.0.1:" + gobgpd.bgpPort() + "\"} 1")
                    .contains("bgp_routes_announced_total{");

                // the floods stop: after ban_time the bans end and the routes go
                gobgpd.awaitRib("ipv4", List::isEmpty, Duration.ofSeconds(30));
                gobgpd.awaitRib("ipv4-flowspec", List::isEmpty, Duration.ofSeconds(5));
                EndToEndFixture.assertStopsCleanlyOnSigterm(runner);
            }
        }
    }

    /**
     * @return milliseconds between seeing both bans in the notify script's calls and both /32s in gobgpd's RIB.
     */
    private static long floodUntilRoutesShow(final FnmJar runner, final EndToEndFixture fixture,
        final Gobgpd gobgpd, final NetflowUdpSender sender) throws Exception
    {
        final NetflowGenerator generator = new NetflowGenerator(7, System.currentTimeMillis() - 60_000);
        final EndToEndFixture.TrafficPlan plan = new EndToEndFixture.TrafficPlan(1);
        final ByteBuffer datagram = ByteBuffer.allocate(65_507);
        final List<TrafficRecord> step = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        long bannedAt = 0;
        while (System.currentTimeMillis() < deadline)
        {
            assertThat(runner.process().isAlive()).as(runner.output()).isTrue();
            if (bannedAt == 0 && fixture.bannedAddresses().size() >= 2)
            {
                bannedAt = System.currentTimeMillis();
            }
            if (bannedAt != 0 && gobgpd.rib("ipv4").size() == 2)
            {
                return System.currentTimeMillis() - bannedAt;
            }
            step.clear();
            plan.step(STEP_MILLIS / 1000.0, record -> step.add(new TrafficRecord().copyFrom(record)));
            EndToEndFixture.sendV9(generator, sender, datagram, step, 1);
            Thread.sleep(STEP_MILLIS); // pacing the generator in real time
        }
        throw new AssertionError("bans " + fixture.bannedAddresses() + ", RIB " + gobgpd.rib("ipv4") + "; runner: " +
            runner.output());
    }
}
