package io.fnm.core;

import io.fnm.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConfigTest
{
    @Test
    void shouldUseFastNetMonCodeDefaultsWhenNothingIsSet()
    {
        final EngineConfig config = EngineConfig.builder().build();

        assertThat(config.networks()).isEmpty();
        assertThat(config.whitelist()).isEmpty();
        assertThat(config.processIncomingTraffic()).isTrue();
        assertThat(config.processOutgoingTraffic()).isTrue();
        assertThat(config.averageCalculationTimeSeconds()).isEqualTo(15);
        assertThat(config.speedCalculationDelaySeconds()).isEqualTo(1);
        assertThat(config.enableConnectionTracking()).isTrue();
        assertThat(config.globalThresholds()).isEqualTo(Thresholds.none());
        assertThat(config.hostgroups()).isEmpty();
        assertThat(config.banTimeSeconds()).isEqualTo(1800);
        assertThat(config.unbanOnlyIfAttackFinished()).isTrue();
        assertThat(config.banDetailsRecordsCount()).isEqualTo(50);
        assertThat(config.banDetailsMaxWaitSeconds()).isEqualTo(20);
        assertThat(config.maxTrackedHosts()).isEqualTo(1_048_576);
        assertThat(config.hostIdleTimeoutSeconds()).isEqualTo(60);
        assertThat(config.actionTimeoutSeconds()).isEqualTo(30);
        assertThat(config.settings().keys()).isEmpty();
        assertThat(config.source()).isNull();
    }

    @Test
    void shouldKeepEverySetValue()
    {
        final EngineConfig config = EngineConfig.builder().network("10.0.0.0/8").network("2001:db8::/32")
            .whitelist(IpPrefix.parse("10.1.0.0/16")).averageCalculationTimeSeconds(5).banTimeSeconds(0)
            .banDetailsRecordsCount(0).processOutgoingTraffic(false).build();

        assertThat(config.networks()).extracting(IpPrefix::toString).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(config.whitelist()).containsExactly(IpPrefix.parse("10.1.0.0/16"));
        assertThat(config.averageCalculationTimeSeconds()).isEqualTo(5);
        assertThat(config.banTimeSeconds()).isZero();
        assertThat(config.banDetailsRecordsCount()).isZero();
        assertThat(config.processOutgoingTraffic()).isFalse();
    }

    @Test
    void shouldRoundTripThroughToBuilder()
    {
        final EngineConfig config = EngineConfig.builder().network("10.0.0.0/8").banTimeSeconds(60)
            .hostgroup(Hostgroup.of("g", List.of(IpPrefix.parse("10.0.0.0/24")), new Thresholds.Overrides()))
            .build();

        final EngineConfig copy = config.toBuilder().build();

        assertThat(copy.networks()).isEqualTo(config.networks());
        assertThat(copy.hostgroups()).isEqualTo(config.hostgroups());
        assertThat(copy.banTimeSeconds()).isEqualTo(60);
    }

    @Test
    void shouldNameTheKeyWhenAverageCalculationTimeIsNegative()
    {
        assertThatThrownBy(() -> EngineConfig.builder().averageCalculationTimeSeconds(-1).build())
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("average_calculation_time")
            .extracting(ex -> ((ConfigException)ex).key()).isEqualTo("average_calculation_time");
    }

    @Test
    void shouldNameTheKeyWhenBanTimeIsNegative()
    {
        assertThatThrownBy(() -> EngineConfig.builder().banTimeSeconds(-1).build())
            .isInstanceOf(ConfigException.class).hasMessageContaining("ban_time");
    }

    @Test
    void shouldRejectPrefixInTwoHostgroupsNamingBoth()
    {
        final EngineConfig.Builder builder = EngineConfig.builder()
            .hostgroup(Hostgroup.of("first", List.of(IpPrefix.parse("10.0.0.0/24")), new Thresholds.Overrides()))
            .hostgroup(Hostgroup.of("second", List.of(IpPrefix.parse("10.0.0.0/24")), new Thresholds.Overrides()));

        assertThatThrownBy(builder::build).isInstanceOf(ConfigException.class)
            .hasMessageContaining("'first'").hasMessageContaining("'second'").hasMessageContaining("10.0.0.0/24");
    }

    @Test
    void shouldAllowNestedPrefixesInDifferentHostgroups()
    {
        final EngineConfig config = EngineConfig.builder()
            .hostgroup(Hostgroup.of("wide", List.of(IpPrefix.parse("10.0.0.0/16")), new Thresholds.Overrides()))
            .hostgroup(Hostgroup.of("narrow", List.of(IpPrefix.parse("10.0.1.0/24")), new Thresholds.Overrides()))
            .build();

        assertThat(config.hostgroups()).hasSize(2);
    }

    @Test
    void shouldRejectDuplicateHostgroupName()
    {
        final EngineConfig.Builder builder = EngineConfig.builder()
            .hostgroup(Hostgroup.of("g", List.of(IpPrefix.parse("10.0.0.0/24")), new Thresholds.Overrides()))
            .hostgroup(Hostgroup.of("g", List.of(IpPrefix.parse("10.0.1.0/24")), new Thresholds.Overrides()));

        assertThatThrownBy(builder::build).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
    }
}
