package io.fnm.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdsTest
{
    @Test
    void shouldKeepFastNetMonCheckOrderFollowedByAdvancedKinds()
    {
        assertThat(ThresholdKind.values()).containsExactly(ThresholdKind.PPS, ThresholdKind.MBPS,
            ThresholdKind.FLOWS, ThresholdKind.TCP_PPS, ThresholdKind.UDP_PPS, ThresholdKind.ICMP_PPS,
            ThresholdKind.TCP_MBPS, ThresholdKind.UDP_MBPS, ThresholdKind.ICMP_MBPS, ThresholdKind.TCP_SYN_PPS,
            ThresholdKind.FRAGMENTED_PPS);
    }

    @Test
    void shouldUseFastNetMonKeyNames()
    {
        assertThat(ThresholdKind.MBPS.switchKey()).isEqualTo("ban_for_bandwidth");
        assertThat(ThresholdKind.MBPS.thresholdKey()).isEqualTo("threshold_mbps");
        assertThat(ThresholdKind.ICMP_MBPS.switchKey()).isEqualTo("ban_for_icmp_bandwidth");
        assertThat(ThresholdKind.FRAGMENTED_PPS.thresholdKey()).isEqualTo("threshold_ip_fragments_pps");
        assertThat(ThresholdKind.PPS.displayName()).isEqualTo("packets per second");
    }

    @Test
    void shouldDefaultToEverythingOffWhenNothingIsSet()
    {
        final Thresholds thresholds = Thresholds.builder().build();

        for (final ThresholdKind kind : ThresholdKind.values())
        {
            assertThat(thresholds.enabled(kind)).isFalse();
            assertThat(thresholds.value(kind)).isZero();
        }
        assertThat(thresholds.enableBan()).isFalse();
        assertThat(thresholds.enableBanIpv6()).isFalse();
        assertThat(thresholds).isEqualTo(Thresholds.none());
    }

    @Test
    void shouldNotChangeBuiltThresholdsWhenBuilderIsReused()
    {
        final Thresholds.Builder builder = Thresholds.builder().threshold(ThresholdKind.PPS, 20_000);
        final Thresholds first = builder.build();

        builder.value(ThresholdKind.PPS, 1).enableBan(true);

        assertThat(first.value(ThresholdKind.PPS)).isEqualTo(20_000);
        assertThat(first.enabled(ThresholdKind.PPS)).isTrue();
        assertThat(first.enableBan()).isFalse();
    }

    @Test
    void shouldRejectNegativeValue()
    {
        assertThatThrownBy(() -> Thresholds.builder().value(ThresholdKind.PPS, -1))
            .hasMessageContaining("threshold_pps");
    }

    @Test
    void shouldInheritEveryKeyTheGroupDoesNotSetWhenOverlaid()
    {
        final Thresholds global = Thresholds.builder().enableBan(true).enableBanIpv6(true)
            .threshold(ThresholdKind.PPS, 20_000).threshold(ThresholdKind.MBPS, 1000).build();
        final Thresholds.Overrides overrides = new Thresholds.Overrides().value(ThresholdKind.PPS, 5_000)
            .enable(ThresholdKind.MBPS, false).enableBanIpv6(false);

        final Thresholds effective = overrides.overlay(global);

        assertThat(effective.enabled(ThresholdKind.PPS)).isTrue();
        assertThat(effective.value(ThresholdKind.PPS)).isEqualTo(5_000);
        assertThat(effective.enabled(ThresholdKind.MBPS)).isFalse();
        assertThat(effective.value(ThresholdKind.MBPS)).isEqualTo(1000);
        assertThat(effective.enableBan()).isTrue();
        assertThat(effective.enableBanIpv6()).isFalse();
    }

    @Test
    void shouldReturnGlobalWhenOverridesAreEmpty()
    {
        final Thresholds global = Thresholds.builder().enableBan(true).threshold(ThresholdKind.FLOWS, 3500).build();

        assertThat(new Thresholds.Overrides().isEmpty()).isTrue();
        assertThat(new Thresholds.Overrides().overlay(global)).isEqualTo(global);
    }

    @Test
    void shouldRecordWhichKeysWereSet()
    {
        final Thresholds.Overrides overrides = new Thresholds.Overrides().enable(ThresholdKind.UDP_PPS, false);

        assertThat(overrides.isEnableSet(ThresholdKind.UDP_PPS)).isTrue();
        assertThat(overrides.isValueSet(ThresholdKind.UDP_PPS)).isFalse();
        assertThat(overrides.isEnableBanSet()).isFalse();
        assertThat(overrides.isEmpty()).isFalse();
    }
}
