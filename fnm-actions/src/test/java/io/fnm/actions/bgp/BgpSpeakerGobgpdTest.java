package io.fnm.actions.bgp;

import io.fnm.actions.testkit.Gobgpd;
import io.fnm.capture.TrafficRecord;
import io.fnm.config.ConfigView;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The speaker against a real gobgpd (AS 65000 on 127.0.0.1, passive), the speaker connecting from 127.0.0.2 as
 * AS 65001: what gobgpd's RIB shows after ban, details, unban and a restart of gobgpd.
 */
class BgpSpeakerGobgpdTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Gobgpd gobgpd;
    private BgpSpeakerAction action;

    @AfterEach
    void tearDown()
    {
        if (action != null)
        {
            action.close();
        }
        if (gobgpd != null)
        {
            gobgpd.close();
        }
    }

    private void start(final Map<String, String> extra)
    {
        start(65001, extra);
    }

    private void start(final long localAs, final Map<String, String> extra)
    {
        gobgpd = Gobgpd.start(dir, 65000, "127.0.0.1", List.of(Gobgpd.Neighbor.passive("127.0.0.2", localAs)));
        final Map<String, String> keys = new HashMap<>(Map.of(
            "gobgp", "on",
            "bgp_peer_address", "127.0.0.1:" + gobgpd.bgpPort(),
            "bgp_peer_as", "65000",
            "bgp_local_as", Long.toString(localAs),
            "bgp_local_address", "127.0.0.2",
            "bgp_connect_retry_seconds", "1",
            "bgp_connect_retry_max_seconds", "2",
            "gobgp_announce_host", "on",
            "gobgp_next_hop", "192.0.2.254",
            "gobgp_community_host", "65001:666 blackhole"));
        keys.putAll(extra);
        action = new BgpSpeakerAction(BgpSpeakerActionProvider.settings(ConfigView.of(keys)));
        gobgpd.awaitEstablished("127.0.0.2", WAIT);
    }

    private static Attack attack(final String ip, final AttackType type, final AttackProtocol protocol)
        throws Exception
    {
        return Attack.builder().address(InetAddress.getByName(ip)).direction(Direction.INCOMING).type(type)
            .protocol(protocol).customerNetwork(IpPrefix.parse(ip.contains(":") ? "2001:db8::/64" : "192.0.2.0/24"))
            .initialPowerPps(100_000).build();
    }

    @Test
    void shouldShowHostRouteWithNextHopAndCommunitiesWhenBanned() throws Exception
    {
        start(Map.of());

        action.onBan(attack("192.0.2.10", AttackType.UNKNOWN, AttackProtocol.UDP));

        final List<Gobgpd.Route> rib = gobgpd.awaitRib("ipv4", routes -> !routes.isEmpty(), WAIT);
        assertThat(rib).hasSize(1);
        assertThat(rib.get(0).prefix()).isEqualTo("192.0.2.10/32");
        assertThat(rib.get(0).nextHop()).isEqualTo("192.0.2.254");
        assertThat(rib.get(0).communities()).containsExactly("65001:666", "65535:666");
    }

    @Test
    void shouldRemoveHostRouteWhenUnbanned() throws Exception
    {
        start(Map.of());
        final Attack attack = attack("192.0.2.10", AttackType.UNKNOWN, AttackProtocol.UDP);
        action.onBan(attack);
        gobgpd.awaitRib("ipv4", routes -> !routes.isEmpty(), WAIT);

        action.onUnban(attack);

        gobgpd.awaitRib("ipv4", List::isEmpty, WAIT);
    }

    @Test
    void shouldShowIpv6HostRouteAndSubnetWhenBanned() throws Exception
    {
        start(Map.of("gobgp_announce_host_ipv6", "on", "gobgp_announce_whole_subnet_ipv6", "on",
            "gobgp_next_hop_ipv6", "2001:db8:ffff::1", "gobgp_community_subnet_ipv6", "65001:777"));

        action.onBan(attack("2001:db8::7", AttackType.UNKNOWN, AttackProtocol.UDP));

        final List<Gobgpd.Route> rib = gobgpd.awaitRib("ipv6", routes -> routes.size() == 2, WAIT);
        assertThat(rib).extracting(Gobgpd.Route::prefix).containsExactlyInAnyOrder("2001:db8::7/128",
            "2001:db8::/64");
        assertThat(rib).extracting(Gobgpd.Route::nextHop).containsOnly("2001:db8:ffff::1");
    }

    @Test
    void shouldShowFlowSpecRuleFromSampleWhenAmplificationDetailsArrive() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec"));
        final Attack attack = attack("192.0.2.10", AttackType.UDP_FLOOD, AttackProtocol.UDP);
        action.onBan(attack);
        gobgpd.awaitRib("ipv4", routes -> routes.size() == 1, WAIT);

        action.onAttackDetails(attack, udpFrom(53, 0xC000020A, 20));

        final List<Gobgpd.Route> flows = gobgpd.awaitRib("ipv4-flowspec", routes -> routes.size() == 1, WAIT);
        assertThat(flows.get(0).prefix()).contains("[destination: 192.0.2.10/32]").contains("[protocol: ==udp]")
            .contains("[source-port: ==53]");
        assertThat(flows.get(0).path().toString()).contains("\"type\":16");
        gobgpd.awaitRib("ipv4", List::isEmpty, WAIT);
    }

    @Test
    void shouldShowIpv6SynFlowSpecRuleWhenBanned() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec"));

        action.onBan(attack("2001:db8::7", AttackType.SYN_FLOOD, AttackProtocol.TCP));

        final List<Gobgpd.Route> flows = gobgpd.awaitRib("ipv6-flowspec", routes -> routes.size() == 1, WAIT);
        assertThat(flows.get(0).prefix()).contains("2001:db8::7/128").contains("==tcp");
    }

    @Test
    void shouldWithdrawFlowSpecRuleWhenUnbanned() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec"));
        final Attack attack = attack("192.0.2.10", AttackType.IP_FRAGMENTATION, AttackProtocol.UDP);
        action.onBan(attack);
        gobgpd.awaitRib("ipv4-flowspec", routes -> routes.size() == 1, WAIT);

        action.onUnban(attack);

        gobgpd.awaitRib("ipv4-flowspec", List::isEmpty, WAIT);
    }

    @Test
    void shouldReannounceExactlyActiveBansWhenGobgpdRestarts() throws Exception
    {
        start(Map.of("bgp_mitigation", "both"));
        final Attack kept = attack("192.0.2.10", AttackType.SYN_FLOOD, AttackProtocol.TCP);
        final Attack ended = attack("192.0.2.11", AttackType.UNKNOWN, AttackProtocol.UDP);
        action.onBan(kept);
        action.onBan(ended);
        gobgpd.awaitRib("ipv4", routes -> routes.size() == 2, WAIT);
        gobgpd.stop();
        action.onUnban(ended);

        gobgpd.restart();
        gobgpd.awaitEstablished("127.0.0.2", WAIT);

        final List<Gobgpd.Route> rib = gobgpd.awaitRib("ipv4", routes -> routes.size() == 1, WAIT);
        assertThat(rib.get(0).prefix()).isEqualTo("192.0.2.10/32");
        assertThat(gobgpd.awaitRib("ipv4-flowspec", routes -> routes.size() == 1, WAIT).get(0).prefix())
            .contains("192.0.2.10/32");
    }

    @Test
    void shouldCarryFourOctetAsInPathWhenLocalAsNeedsFourOctets() throws Exception
    {
        start(4_200_000_001L, Map.of());

        action.onBan(attack("192.0.2.10", AttackType.UNKNOWN, AttackProtocol.UDP));

        final List<Gobgpd.Route> rib = gobgpd.awaitRib("ipv4", routes -> !routes.isEmpty(), WAIT);
        assertThat(rib.get(0).path().toString()).contains("4200000001");
    }

    @Test
    void shouldAnnounceToEveryPeerWhenTwoPeersAreConfigured() throws Exception
    {
        gobgpd = Gobgpd.start(java.nio.file.Files.createDirectories(dir.resolve("a")), 65000, "127.0.0.1",
            List.of(Gobgpd.Neighbor.passive("127.0.0.2", 65001)));
        try (Gobgpd other = Gobgpd.start(java.nio.file.Files.createDirectories(dir.resolve("b")), 65002,
            "127.0.0.1", List.of(Gobgpd.Neighbor.passive("127.0.0.2", 65001))))
        {
            action = new BgpSpeakerAction(BgpSpeakerActionProvider.settings(ConfigView.of(Map.of(
                "gobgp", "on", "bgp_peer_address", "127.0.0.1:" + gobgpd.bgpPort() + ",127.0.0.1:" + other.bgpPort(),
                "bgp_peer_as", "65000, 65002", "bgp_local_as", "65001", "bgp_local_address", "127.0.0.2",
                "gobgp_announce_host", "on", "gobgp_next_hop", "192.0.2.253"))));
            gobgpd.awaitEstablished("127.0.0.2", WAIT);
            other.awaitEstablished("127.0.0.2", WAIT);

            action.onBan(attack("192.0.2.20", AttackType.UNKNOWN, AttackProtocol.UDP));

            assertThat(gobgpd.awaitRib("ipv4", routes -> !routes.isEmpty(), WAIT).get(0).prefix())
                .isEqualTo("192.0.2.20/32");
            assertThat(other.awaitRib("ipv4", routes -> !routes.isEmpty(), WAIT).get(0).prefix())
                .isEqualTo("192.0.2.20/32");
            assertThat(action.sessionsUp()).isEqualTo(2);
        }
    }

    private static List<TrafficRecord> udpFrom(final int sourcePort, final int victim, final int count)
    {
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            records.add(new TrafficRecord().ipv4(0x0A000001 + i, victim).protocol(TrafficRecord.PROTOCOL_UDP)
                .ports(sourcePort, 40_000 + i).packets(1).bytes(1_400).samplingRatio(1));
        }
        return records;
    }
}
