package io.fnm.actions.exabgp;

import io.fnm.capture.CounterDescriptor;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.fnm.actions.exabgp.ExaBgpFixture.incoming;
import static io.fnm.actions.exabgp.ExaBgpFixture.ipv4;
import static io.fnm.actions.exabgp.ExaBgpFixture.ipv6;
import static io.fnm.actions.exabgp.ExaBgpFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines the action writes, read back from a regular file standing for the pipe (lines are appended to it).
 */
class ExaBgpActionTest
{
    @TempDir
    Path dir;

    private Path pipe() throws IOException
    {
        final Path pipe = dir.resolve("exabgp.cmd");
        if (!Files.exists(pipe))
        {
            Files.createFile(pipe);
        }
        return pipe;
    }

    private List<String> written() throws IOException
    {
        return Files.readAllLines(dir.resolve("exabgp.cmd"));
    }

    @Test
    void shouldAnnounceSubnetThenHostWithTheirCommunitiesOnBan() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, true, false),
            ExaBgpSettings.Family.OFF));

        action.onBan(incoming("10.1.2.3", "10.1.0.0/16", AttackType.UDP_FLOOD));

        assertThat(written()).containsExactly(
            "announce route 10.1.0.0/16 next-hop 192.0.2.1 community 65001:777",
            "announce route 10.1.2.3/32 next-hop 192.0.2.1 community 65001:666");
        assertThat(action.linesWritten()).isEqualTo(2);
    }

    @Test
    void shouldWithdrawSubnetThenHostOnUnban() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, true, false),
            ExaBgpSettings.Family.OFF));

        action.onUnban(incoming("10.1.2.3", "10.1.0.0/16", AttackType.UDP_FLOOD));

        assertThat(written()).containsExactly(
            "withdraw route 10.1.0.0/16 next-hop 192.0.2.1",
            "withdraw route 10.1.2.3/32 next-hop 192.0.2.1");
    }

    @Test
    void shouldAnnounceOnlyTheHostWhenTheSubnetIsOff() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, false, false),
            ExaBgpSettings.Family.OFF));

        action.onBan(incoming("10.1.2.3", "10.1.0.0/16", AttackType.UDP_FLOOD));

        assertThat(written()).containsExactly("announce route 10.1.2.3/32 next-hop 192.0.2.1 community 65001:666");
    }

    @Test
    void shouldAnnounceIpv6WithItsOwnNextHopAndCommunities() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, true, false),
            ipv6(true, true, false)));

        action.onBan(incoming("2001:db8:1::5", "2001:db8::/32", AttackType.UDP_FLOOD));
        action.onUnban(incoming("2001:db8:1::5", "2001:db8::/32", AttackType.UDP_FLOOD));

        assertThat(written()).containsExactly(
            "announce route 2001:db8::/32 next-hop 2001:db8::ff community 65001:667",
            "announce route 2001:db8:1::5/128 next-hop 2001:db8::ff community 65001:668",
            "withdraw route 2001:db8::/32 next-hop 2001:db8::ff",
            "withdraw route 2001:db8:1::5/128 next-hop 2001:db8::ff");
    }

    @Test
    void shouldWriteNothingForAFamilyThatIsOff() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, false, true),
            ExaBgpSettings.Family.OFF));

        action.onBan(incoming("2001:db8:1::5", "2001:db8::/32", AttackType.SYN_FLOOD));

        assertThat(written()).isEmpty();
    }

    @Test
    void shouldAnnounceTheSynFloodRuleAtBanAndWithdrawItOnUnban() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, false, true),
            ExaBgpSettings.Family.OFF));
        final Attack attack = incoming("10.1.2.3", "10.1.0.0/16", AttackType.SYN_FLOOD);

        action.onBan(attack);
        action.onAttackDetails(attack, List.of());
        action.onUnban(attack);

        final String rule = "{ match { destination 10.1.2.3/32; protocol tcp; tcp-flags [ syn&!ack ]; } " +
            "then { discard; } }";
        assertThat(written()).containsExactly(
            "announce route 10.1.2.3/32 next-hop 192.0.2.1 community 65001:666",
            "announce flow route " + rule,
            "withdraw route 10.1.2.3/32 next-hop 192.0.2.1",
            "withdraw flow route " + rule);
    }

    @Test
    void shouldAnnounceTheAmplificationRuleWhenTheDetailsRefineTheType() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ExaBgpSettings.Family.OFF,
            ipv6(false, false, true)));
        final Attack ban = incoming("2001:db8:1::5", "2001:db8::/32", AttackType.UDP_FLOOD);
        final Attack refined = ban.toBuilder().type(AttackType.CLDAP_AMPLIFICATION).protocol(AttackProtocol.UDP)
            .build();

        action.onBan(ban);
        action.onAttackDetails(refined, List.of());
        action.onUnban(refined);

        final String rule = "{ match { destination 2001:db8:1::5/128/0; next-header udp; source-port =389; } " +
            "then { discard; } }";
        assertThat(written()).containsExactly("announce flow route " + rule, "withdraw flow route " + rule);
    }

    @Test
    void shouldWithdrawTheAnnouncedRuleEvenWhenTheUnbanCarriesAnotherType() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(false, false, true),
            ExaBgpSettings.Family.OFF));
        final Attack ban = incoming("10.1.2.3", null, AttackType.SYN_FLOOD);

        action.onBan(ban);
        action.onUnban(ban.toBuilder().type(AttackType.UNKNOWN).build());

        assertThat(written()).hasSize(2).last().asString().startsWith("withdraw flow route { match { destination " +
            "10.1.2.3/32; protocol tcp;");
    }

    @Test
    void shouldCountAMissingPipeAndStillTryTheWithdraw() throws Exception
    {
        final Path pipe = dir.resolve("exabgp.cmd");
        final ExaBgpAction action = new ExaBgpAction(settings(pipe, ipv4(true, false, false),
            ExaBgpSettings.Family.OFF));
        final Attack attack = incoming("10.1.2.3", "10.1.0.0/16", AttackType.UDP_FLOOD);

        action.onBan(attack);
        Files.createFile(pipe);
        action.onUnban(attack);

        assertThat(written()).containsExactly("withdraw route 10.1.2.3/32 next-hop 192.0.2.1");
        assertThat(action.writeFailures()).isEqualTo(1);
        assertThat(series(action)).contains("fnm_exabgp_write_failures_total{action=\"exabgp\",reason=\"missing\"} 1",
            "fnm_exabgp_lines_written_total{action=\"exabgp\"} 1");
    }

    @Test
    void shouldReportEveryFailureReasonAsASeries() throws Exception
    {
        final ExaBgpAction action = new ExaBgpAction(settings(pipe(), ipv4(true, false, false),
            ExaBgpSettings.Family.OFF));

        assertThat(series(action)).containsExactlyInAnyOrder(
            "fnm_exabgp_lines_written_total{action=\"exabgp\"} 0",
            "fnm_exabgp_write_failures_total{action=\"exabgp\",reason=\"missing\"} 0",
            "fnm_exabgp_write_failures_total{action=\"exabgp\",reason=\"no_reader\"} 0",
            "fnm_exabgp_write_failures_total{action=\"exabgp\",reason=\"full\"} 0",
            "fnm_exabgp_write_failures_total{action=\"exabgp\",reason=\"error\"} 0",
            "fnm_exabgp_write_failures_total{action=\"exabgp\",reason=\"busy\"} 0");
    }

    private static List<String> series(final ExaBgpAction action)
    {
        final List<String> lines = new ArrayList<>();
        action.counters((final CounterDescriptor d, final String a, final String b, final long value) ->
            lines.add(d.series(a, b) + " " + value));
        return lines;
    }
}
