package io.fnm.actions.exabgp;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.spi.AttackActionProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExaBgpActionProviderTest
{
    private final ExaBgpActionProvider provider = new ExaBgpActionProvider();

    private ExaBgpSettings create(final Map<String, String> keys)
    {
        return ((ExaBgpAction)provider.create(ConfigView.of(keys))).settings();
    }

    @Test
    void shouldBeFoundByServiceLoader()
    {
        assertThat(ServiceLoader.load(AttackActionProvider.class).stream().map(ServiceLoader.Provider::type))
            .contains(ExaBgpActionProvider.class);
        assertThat(provider.name()).isEqualTo("exabgp");
    }

    @Test
    void shouldBeEnabledOnlyByExabgpOn()
    {
        assertThat(provider.isEnabled(ConfigView.EMPTY)).isFalse();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("exabgp", "off")))).isFalse();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("exabgp", "on")))).isTrue();
    }

    @Test
    void shouldDeclareFastNetMonsKeysAndOurIpv6Twins()
    {
        assertThat(provider.configKeys()).extracting(ConfigKey::name).contains("exabgp", "exabgp_command_pipe",
            "exabgp_community", "exabgp_community_host", "exabgp_community_subnet", "exabgp_next_hop",
            "exabgp_announce_host", "exabgp_announce_whole_subnet", "exabgp_flow_spec_announces",
            "exabgp_next_hop_ipv6", "exabgp_announce_host_ipv6", "exabgp_announce_whole_subnet_ipv6",
            "exabgp_community_host_ipv6", "exabgp_community_subnet_ipv6", "exabgp_flow_spec_announces_ipv6",
            "exabgp_command_pipe_timeout_milliseconds");
    }

    @Test
    void shouldUseFastNetMonsCodeDefaults()
    {
        final ExaBgpSettings settings = create(Map.of("exabgp", "on"));

        assertThat(settings.commandPipe()).isEqualTo(Path.of("/var/run/exabgp.cmd"));
        assertThat(settings.pipeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.ipv4()).isEqualTo(ExaBgpSettings.Family.OFF);
        assertThat(settings.ipv6()).isEqualTo(ExaBgpSettings.Family.OFF);
    }

    @Test
    void shouldTakeHostAndSubnetCommunitiesFromExabgpCommunityUnlessSet()
    {
        final ExaBgpSettings settings = create(Map.of("exabgp", "on", "exabgp_next_hop", "10.0.3.114",
            "exabgp_announce_host", "on", "exabgp_community", "[65001:666 65001:777]",
            "exabgp_community_subnet", "65001:667", "exabgp_next_hop_ipv6", "2001:db8::1",
            "exabgp_announce_host_ipv6", "on"));

        assertThat(settings.ipv4()).isEqualTo(new ExaBgpSettings.Family("10.0.3.114", true, false,
            "[65001:666 65001:777]", "65001:667", false));
        assertThat(settings.ipv6()).isEqualTo(new ExaBgpSettings.Family("2001:db8::1", true, false,
            "[65001:666 65001:777]", "65001:667", false));
    }

    @Test
    void shouldRequireTheNextHopWhenARouteIsAnnounced()
    {
        final ConfigView config = ConfigView.of(Map.of("exabgp", "on", "exabgp_announce_host", "on"));

        assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("exabgp_next_hop: ");
    }

    @Test
    void shouldRejectANextHopOfTheWrongFamily()
    {
        final ConfigView config = ConfigView.of(Map.of("exabgp", "on", "exabgp_announce_host_ipv6", "on",
            "exabgp_next_hop_ipv6", "10.0.3.114"));

        assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("exabgp_next_hop_ipv6: ").hasMessageContaining("IPv6");
    }

    @Test
    void shouldAcceptSelfAsNextHop()
    {
        assertThat(create(Map.of("exabgp", "on", "exabgp_announce_host", "on", "exabgp_next_hop", "self"))
            .ipv4().nextHop()).isEqualTo("self");
    }

    @Test
    void shouldRejectACommunityThatWouldBreakTheCommand()
    {
        final ConfigView config = ConfigView.of(Map.of("exabgp", "on", "exabgp_community_host", "65001:666; x"));

        assertThatThrownBy(() -> provider.create(config)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("exabgp_community_host: ");
    }

    @Test
    void shouldRejectAnEmptyPipe()
    {
        assertThatThrownBy(() -> provider.create(ConfigView.of(Map.of("exabgp", "on", "exabgp_command_pipe", ""))))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("exabgp_command_pipe: ");
    }
}
