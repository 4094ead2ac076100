package io.fnm.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostgroupTest
{
    @Test
    void shouldComputeEffectiveThresholdsFromGlobal()
    {
        final Thresholds global = Thresholds.builder().enableBan(true).threshold(ThresholdKind.PPS, 20_000).build();
        final Hostgroup group = Hostgroup.of("customers",
            List.of(IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("2001:db8::/48")),
            new Thresholds.Overrides().threshold(ThresholdKind.UDP_PPS, 100));

        final Thresholds effective = group.effective(global);

        assertThat(effective.value(ThresholdKind.PPS)).isEqualTo(20_000);
        assertThat(effective.enabled(ThresholdKind.UDP_PPS)).isTrue();
        assertThat(effective.value(ThresholdKind.UDP_PPS)).isEqualTo(100);
        assertThat(group.prefixes()).hasSize(2);
    }

    @Test
    void shouldNotChangeWhenOverridesAreModifiedAfterwards()
    {
        final Thresholds.Overrides overrides = new Thresholds.Overrides().value(ThresholdKind.PPS, 1);
        final Hostgroup group = Hostgroup.of("g", List.of(IpPrefix.parse("10.0.0.0/24")), overrides);

        overrides.value(ThresholdKind.PPS, 2);
        group.overrides().value(ThresholdKind.PPS, 3);

        assertThat(group.effective(Thresholds.none()).value(ThresholdKind.PPS)).isEqualTo(1);
    }

    @Test
    void shouldRejectReservedName()
    {
        assertThatThrownBy(() -> Hostgroup.of("global", List.of(IpPrefix.parse("10.0.0.0/24")),
            new Thresholds.Overrides())).hasMessageContaining("reserved");
    }

    @Test
    void shouldRejectNameWithSeparatorCharacters()
    {
        assertThatThrownBy(() -> Hostgroup.of("my group", List.of(IpPrefix.parse("10.0.0.0/24")),
            new Thresholds.Overrides())).hasMessageContaining("my group");
    }

    @Test
    void shouldRejectEmptyPrefixList()
    {
        assertThatThrownBy(() -> Hostgroup.of("g", List.of(), new Thresholds.Overrides()))
            .hasMessageContaining("no prefixes");
    }

    @Test
    void shouldRejectSamePrefixListedTwice()
    {
        assertThatThrownBy(() -> Hostgroup.of("g", List.of(IpPrefix.parse("10.0.0.0/24"),
            IpPrefix.parse("10.0.0.1/24")), new Thresholds.Overrides())).hasMessageContaining("twice");
    }
}
