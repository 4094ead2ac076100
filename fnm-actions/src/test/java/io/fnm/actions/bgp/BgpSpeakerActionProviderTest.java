package io.fnm.actions.bgp;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.spi.AttackActionProvider;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BgpSpeakerActionProviderTest
{
    private static Map<String, String> minimal()
    {
        return new HashMap<>(Map.of("gobgp", "on", "bgp_peer_address", "192.0.2.1", "bgp_peer_as", "65000",
            "bgp_local_as", "65001", "bgp_router_id", "192.0.2.2"));
    }

    private static BgpSpeakerSettings settings(final Map<String, String> keys)
    {
        return BgpSpeakerActionProvider.settings(ConfigView.of(keys));
    }

    @Test
    void shouldBeFoundByServiceLoaderWhenOnClassPath()
    {
        assertThat(ServiceLoader.load(AttackActionProvider.class).stream().map(ServiceLoader.Provider::type))
            .contains(BgpSpeakerActionProvider.class);
    }

    @Test
    void shouldBeEnabledWhenGobgpIsOn()
    {
        assertThat(new BgpSpeakerActionProvider().isEnabled(ConfigView.of(Map.of("gobgp", "on")))).isTrue();
        assertThat(new BgpSpeakerActionProvider().isEnabled(ConfigView.EMPTY)).isFalse();
    }

    @Test
    void shouldDeclareEveryFastNetMonGobgpKeyWhenAskedForKeys()
    {
        assertThat(new BgpSpeakerActionProvider().configKeys()).extracting(ConfigKey::name).contains("gobgp",
            "gobgp_next_hop", "gobgp_next_hop_ipv6", "gobgp_next_hop_host_ipv4", "gobgp_next_hop_subnet_ipv4",
            "gobgp_community_host", "gobgp_community_subnet", "gobgp_announce_host", "gobgp_announce_whole_subnet",
            "gobgp_next_hop_host_ipv6", "gobgp_next_hop_subnet_ipv6", "gobgp_announce_host_ipv6",
            "gobgp_announce_whole_subnet_ipv6", "gobgp_community_host_ipv6", "gobgp_community_subnet_ipv6",
            "bgp_peer_address", "bgp_peer_as", "bgp_local_as", "bgp_router_id", "bgp_hold_time", "bgp_md5_password",
            "bgp_mitigation");
    }

    @Test
    void shouldNamePeerAddressKeyWhenGobgpIsOnWithoutPeer()
    {
        final Map<String, String> keys = minimal();
        keys.remove("bgp_peer_address");

        assertThatThrownBy(() -> settings(keys)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("bgp_peer_address");
    }

    @Test
    void shouldRefuseMd5PasswordWhenSet()
    {
        final Map<String, String> keys = minimal();
        keys.put("bgp_md5_password", "secret");

        assertThatThrownBy(() -> settings(keys)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("bgp_md5_password").hasMessageContaining("TCP_MD5SIG");
    }

    @Test
    void shouldUseFastNetMonDefaultsWhenOnlyPeerIsSet() throws Exception
    {
        final BgpSpeakerSettings settings = settings(minimal());

        final BgpSpeakerSettings.Blackhole ipv4 = settings.blackhole(4);
        assertThat(ipv4.announceHost()).isFalse();
        assertThat(ipv4.nextHopHost()).isEqualTo(InetAddress.getByName("0.0.0.0"));
        assertThat(ipv4.communitiesHost()).containsExactly(65001 << 16 | 668);
        assertThat(ipv4.communitiesSubnet()).containsExactly(65001 << 16 | 667);
        assertThat(settings.blackhole(6).nextHopHost()).isEqualTo(InetAddress.getByName("100::1"));
        assertThat(settings.mitigation("global")).isEqualTo(Mitigation.BLACKHOLE);
        assertThat(settings.peers().get(0).port()).isEqualTo(179);
        assertThat(settings.peers().get(0).holdTimeSeconds()).isEqualTo(90);
    }

    @Test
    void shouldReadHostNextHopWhenFastNetMonWouldIgnoreIt() throws Exception
    {
        final Map<String, String> keys = minimal();
        keys.put("gobgp_next_hop", "10.0.0.1");
        keys.put("gobgp_next_hop_host_ipv4", "10.0.0.2");

        final BgpSpeakerSettings.Blackhole ipv4 = settings(keys).blackhole(4);

        assertThat(ipv4.nextHopHost()).isEqualTo(InetAddress.getByName("10.0.0.2"));
        assertThat(ipv4.nextHopSubnet()).isEqualTo(InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void shouldParseSeveralCommunitiesAndNamesWhenListed()
    {
        final Map<String, String> keys = minimal();
        keys.put("gobgp_community_host", "[65001:666 blackhole, no-export]");

        assertThat(settings(keys).blackhole(4).communitiesHost()).containsExactly(65001 << 16 | 666, 0xFFFF029A,
            0xFFFFFF01);
    }

    @Test
    void shouldNameCommunityKeyWhenCommunityIsMalformed()
    {
        final Map<String, String> keys = minimal();
        keys.put("gobgp_community_subnet", "65001:70000");

        assertThatThrownBy(() -> settings(keys)).hasMessageContaining("gobgp_community_subnet");
    }

    @Test
    void shouldReadMitigationPerHostgroupWhenListed()
    {
        final Map<String, String> keys = minimal();
        keys.put("bgp_mitigation", "flowspec");
        keys.put("bgp_mitigation_hostgroups", "customers:both, transit:blackhole");

        final BgpSpeakerSettings settings = settings(keys);

        assertThat(settings.mitigation("customers")).isEqualTo(Mitigation.BOTH);
        assertThat(settings.mitigation("transit")).isEqualTo(Mitigation.BLACKHOLE);
        assertThat(settings.mitigation("global")).isEqualTo(Mitigation.FLOWSPEC);
    }

    @Test
    void shouldReadPeersWithPortsAndPerPeerAsWhenListed() throws Exception
    {
        final Map<String, String> keys = minimal();
        keys.put("bgp_peer_address", "192.0.2.1:1179, [2001:db8::1]:179, 198.51.100.1");
        keys.put("bgp_peer_as", "65000, 65002, 4200000001");

        final BgpSpeakerSettings settings = settings(keys);

        assertThat(settings.peers()).extracting(BgpPeer::label).containsExactly("192.0.2.1:1179",
            "[2001:db8::1]:179", "198.51.100.1:179");
        assertThat(settings.peers()).extracting(BgpPeer::peerAs).containsExactly(65000L, 65002L, 4_200_000_001L);
    }

    @Test
    void shouldBuildFlowSpecActionWhenRateRedirectAndMarkAreSet()
    {
        final Map<String, String> keys = minimal();
        keys.put("bgp_flowspec_rate_limit_bytes_per_second", "125000");
        keys.put("bgp_flowspec_redirect", "65001:100");
        keys.put("bgp_flowspec_mark_dscp", "10");

        assertThat(settings(keys).flowSpecAction().text())
            .isEqualTo("rate-limit 125000 bytes/s, redirect 65001:100, mark dscp 10");
    }

    @Test
    void shouldNameHoldTimeKeyWhenHoldTimeIsTwo()
    {
        final Map<String, String> keys = minimal();
        keys.put("bgp_hold_time", "2");

        assertThatThrownBy(() -> settings(keys)).hasMessageContaining("bgp_hold_time");
    }
}
