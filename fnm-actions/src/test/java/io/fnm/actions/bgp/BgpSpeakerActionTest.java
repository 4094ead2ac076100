package io.fnm.actions.bgp;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.TrafficRecord;
import io.fnm.config.ConfigView;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The action's decisions (what it announces for which ban) and its independence from the peers, with peers that
 * never answer: one accepts TCP and stays silent, the other refuses connections.
 */
class BgpSpeakerActionTest
{
    private final ServerSocket silent;
    private final ServerSocket refused;
    private BgpSpeakerAction action;

    BgpSpeakerActionTest() throws Exception
    {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        refused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        refused.close();
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (action != null)
        {
            action.close();
        }
        silent.close();
    }

    private BgpSpeakerAction start(final Map<String, String> extra)
    {
        final Map<String, String> keys = new HashMap<>(Map.of("gobgp", "on",
            "bgp_peer_address", "127.0.0.1:" + silent.getLocalPort() + ", 127.0.0.1:" + refused.getLocalPort(),
            "bgp_peer_as", "65000", "bgp_local_as", "65001", "bgp_router_id", "192.0.2.2",
            "gobgp_announce_host", "on", "gobgp_announce_whole_subnet", "on", "gobgp_next_hop", "10.0.0.1"));
        keys.putAll(extra);
        action = new BgpSpeakerAction(BgpSpeakerActionProvider.settings(ConfigView.of(keys)));
        return action;
    }

    private static Attack attack(final String ip, final AttackType type) throws Exception
    {
        return Attack.builder().address(InetAddress.getByName(ip)).direction(Direction.INCOMING).type(type)
            .protocol(AttackProtocol.UDP).customerNetwork(IpPrefix.parse("192.0.2.0/24")).hostgroup("customers")
            .build();
    }

    @Test
    void shouldReturnFromBanWithinMillisecondsWhenPeersAreDead() throws Exception
    {
        start(Map.of());
        long slowestNanos = 0;

        for (int i = 0; i < 200; i++)
        {
            final long start = System.nanoTime();
            action.onBan(attack("192.0.2." + (i % 250 + 1), AttackType.UDP_FLOOD));
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
        }

        // waiting on either peer would take seconds (10 s connect timeout, 4 min hold time in OpenSent); the bound
        // leaves room for a loaded 2-core machine
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos)).isLessThan(1_000);
        assertThat(action.sessionsUp()).isZero();
    }

    @Test
    void shouldAnnounceSubnetThenHostWhenBothAnnounceKeysAreOn() throws Exception
    {
        start(Map.of("gobgp_community_subnet", "65001:777"));

        action.onBan(attack("192.0.2.10", AttackType.UNKNOWN));

        assertThat(action.activeRoutes()).containsExactly(
            "ipv4-unicast 192.0.2.0/24 next-hop 10.0.0.1 community 65001:777",
            "ipv4-unicast 192.0.2.10/32 next-hop 10.0.0.1 community 65001:668");
    }

    @Test
    void shouldKeepSharedSubnetWhenOneOfTwoHostsIsUnbanned() throws Exception
    {
        start(Map.of());
        final Attack first = attack("192.0.2.10", AttackType.UNKNOWN);
        action.onBan(first);
        action.onBan(attack("192.0.2.11", AttackType.UNKNOWN));

        action.onUnban(first);

        assertThat(action.activeRoutes()).containsExactly(
            "ipv4-unicast 192.0.2.0/24 next-hop 10.0.0.1 community 65001:667",
            "ipv4-unicast 192.0.2.11/32 next-hop 10.0.0.1 community 65001:668");
    }

    @Test
    void shouldWithdrawEverythingWhenUnbanned() throws Exception
    {
        start(Map.of("bgp_mitigation", "both"));
        final Attack attack = attack("192.0.2.10", AttackType.SYN_FLOOD);
        action.onBan(attack);

        action.onUnban(attack);

        assertThat(action.activeRoutes()).isEmpty();
        assertThat(action.mitigationText(attack)).isNull();
    }

    @Test
    void shouldReplaceBlackholeWithRuleWhenDetailsShowAmplification() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec"));
        final Attack attack = attack("192.0.2.10", AttackType.UDP_FLOOD);
        action.onBan(attack);
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            records.add(new TrafficRecord().ipv4(0x0A000001 + i, 0xC000020A).protocol(TrafficRecord.PROTOCOL_UDP)
                .ports(11211, 5000).packets(1).samplingRatio(1));
        }

        action.onAttackDetails(attack, records);

        assertThat(action.activeRoutes()).containsExactly(
            "ipv4-flowspec destination 192.0.2.10/32 protocol udp source-port =11211 then discard");
        assertThat(action.mitigationText(attack)).contains("source-port =11211");
    }

    @Test
    void shouldKeepBanTimeRuleWhenDetailsShowNoShape() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec"));
        final Attack attack = attack("192.0.2.10", AttackType.SYN_FLOOD);
        action.onBan(attack);

        action.onAttackDetails(attack, List.of());

        assertThat(action.activeRoutes()).containsExactly(
            "ipv4-flowspec destination 192.0.2.10/32 protocol tcp tcp-flags syn/!ack then discard");
    }

    @Test
    void shouldUseRefinedTypeWhenDetailsCarryAmplificationWithoutUsableSample() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec"));
        final Attack attack = attack("192.0.2.10", AttackType.UDP_FLOOD);
        action.onBan(attack);

        action.onAttackDetails(attack.toBuilder().type(AttackType.DNS_AMPLIFICATION).build(), List.of());

        assertThat(action.activeRoutes()).containsExactly(
            "ipv4-flowspec destination 192.0.2.10/32 protocol udp source-port =53 then discard");
    }

    @Test
    void shouldUseHostgroupMitigationWhenGroupIsListed() throws Exception
    {
        start(Map.of("bgp_mitigation", "flowspec", "bgp_mitigation_hostgroups", "customers:blackhole"));

        action.onBan(attack("192.0.2.10", AttackType.SYN_FLOOD));

        assertThat(action.activeRoutes()).allMatch(route -> route.startsWith("ipv4-unicast"));
    }

    @Test
    void shouldReportCountersPerPeerWhenVisited() throws Exception
    {
        start(Map.of());
        action.onBan(attack("192.0.2.10", AttackType.UNKNOWN));
        final List<String> series = new ArrayList<>();
        final Map<CounterDescriptor, Long> values = new HashMap<>();

        action.counters((descriptor, first, second, value) ->
        {
            series.add(descriptor.series(first, second));
            values.merge(descriptor, value, Long::sum);
        });

        assertThat(series).contains("bgp_routes_active{action=\"bgp_speaker\"}",
            "bgp_session_up{action=\"bgp_speaker\",peer=\"127.0.0.1:" + silent.getLocalPort() + "\"}",
            "bgp_routes_announced_total{action=\"bgp_speaker\",peer=\"127.0.0.1:" + refused.getLocalPort() + "\"}");
        assertThat(values.get(BgpSpeakerAction.ROUTES_ACTIVE)).isEqualTo(2);
    }

    @Test
    void shouldEndSpeakerThreadWhenClosed()
    {
        start(Map.of());

        action.close();

        assertThat(action.thread().isAlive()).isFalse();
    }
}
