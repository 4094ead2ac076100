package io.fnm.actions.exabgp;

import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import org.junit.jupiter.api.Test;

import static io.fnm.actions.exabgp.ExaBgpFixture.attack;
import static io.fnm.actions.exabgp.ExaBgpFixture.incoming;
import static org.assertj.core.api.Assertions.assertThat;

class ExaBgpCommandsTest
{
    @Test
    void shouldWriteFastNetMonsAnnounceLine()
    {
        assertThat(ExaBgpCommands.announceRoute("10.0.0.5/32", "10.0.3.114", "65001:666"))
            .isEqualTo("announce route 10.0.0.5/32 next-hop 10.0.3.114 community 65001:666");
    }

    @Test
    void shouldWriteACommunityListVerbatim()
    {
        assertThat(ExaBgpCommands.announceRoute("10.0.0.0/24", "10.0.3.114", "[65001:666 65001:777]"))
            .isEqualTo("announce route 10.0.0.0/24 next-hop 10.0.3.114 community [65001:666 65001:777]");
    }

    @Test
    void shouldLeaveTheCommunityOutWhenEmpty()
    {
        assertThat(ExaBgpCommands.announceRoute("10.0.0.5/32", "self", ""))
            .isEqualTo("announce route 10.0.0.5/32 next-hop self");
    }

    @Test
    void shouldWriteFastNetMonsWithdrawLine()
    {
        assertThat(ExaBgpCommands.withdrawRoute("2001:db8::5/128", "2001:db8::ff"))
            .isEqualTo("withdraw route 2001:db8::5/128 next-hop 2001:db8::ff");
    }

    @Test
    void shouldMatchTheReflectorsSourcePortForAmplification()
    {
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.DNS_AMPLIFICATION)))
            .isEqualTo("{ match { destination 10.0.0.5/32; protocol udp; source-port =53; } then { discard; } }");
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.MEMCACHED_AMPLIFICATION)))
            .isEqualTo("{ match { destination 10.0.0.5/32; protocol udp; source-port =11211; } then { discard; } }");
    }

    @Test
    void shouldMatchSynWithoutAckForSynFlood()
    {
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.SYN_FLOOD)))
            .isEqualTo("{ match { destination 10.0.0.5/32; protocol tcp; tcp-flags [ syn&!ack ]; } " +
                "then { discard; } }");
    }

    @Test
    void shouldMatchFragmentsForFragmentation()
    {
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.IP_FRAGMENTATION)))
            .isEqualTo("{ match { destination 10.0.0.5/32; fragment [ is-fragment ]; } then { discard; } }");
    }

    @Test
    void shouldUseNextHeaderAndPrefixOffsetForIpv6()
    {
        assertThat(ExaBgpCommands.flowRule(incoming("2001:db8::5", null, AttackType.NTP_AMPLIFICATION)))
            .isEqualTo("{ match { destination 2001:db8::5/128/0; next-header udp; source-port =123; } " +
                "then { discard; } }");
    }

    @Test
    void shouldMatchTheHostAsSourceForAnOutgoingAttack()
    {
        assertThat(ExaBgpCommands.flowRule(attack("10.0.0.5", null, AttackType.SSDP_AMPLIFICATION,
            Direction.OUTGOING)))
            .isEqualTo("{ match { source 10.0.0.5/32; protocol udp; source-port =1900; } then { discard; } }");
    }

    @Test
    void shouldHaveNoRuleForTypesWithoutANarrowerMatch()
    {
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.UDP_FLOOD))).isNull();
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.ICMP_FLOOD))).isNull();
        assertThat(ExaBgpCommands.flowRule(incoming("10.0.0.5", null, AttackType.UNKNOWN))).isNull();
    }

    @Test
    void shouldPrefixFlowRulesWithAnnounceAndWithdraw()
    {
        assertThat(ExaBgpCommands.announceFlow("{ r }")).isEqualTo("announce flow route { r }");
        assertThat(ExaBgpCommands.withdrawFlow("{ r }")).isEqualTo("withdraw flow route { r }");
    }
}
