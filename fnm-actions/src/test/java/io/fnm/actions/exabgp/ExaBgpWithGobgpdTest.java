package io.fnm.actions.exabgp;

import io.fnm.actions.testkit.Gobgpd;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.capture.testkit.ServerProcess;
import io.fnm.core.Attack;
import io.fnm.core.AttackType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static io.fnm.actions.exabgp.ExaBgpFixture.incoming;
import static io.fnm.actions.exabgp.ExaBgpFixture.ipv4;
import static io.fnm.actions.exabgp.ExaBgpFixture.ipv6;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The action against a real ExaBGP (Debian package {@code exabgp}) whose API process reads our named pipe, peered
 * with a real gobgpd on loopback: what the pipe carries reaches gobgpd's RIB, and the withdraws remove it.
 */
class ExaBgpWithGobgpdTest
{
    private static final String EXABGP = "/usr/sbin/exabgp";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Gobgpd gobgpd;
    private ServerProcess exabgp;
    private ExaBgpAction action;

    @BeforeEach
    void startDaemons() throws Exception
    {
        DebianPackages.require(EXABGP, "exabgp");
        gobgpd = Gobgpd.start(Files.createDirectory(dir.resolve("gobgpd")), 65000, "192.0.2.254",
            List.of(Gobgpd.Neighbor.passive("127.0.0.1", 65001)));
        final Path fifo = ExaBgpFixture.mkfifo(dir.resolve("exabgp.cmd"));
        exabgp = startExabgp(fifo, gobgpd.bgpPort());
        try
        {
            gobgpd.awaitEstablished("127.0.0.1", TIMEOUT);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "\nexabgp log:\n" + exabgp.logTail(), ex);
        }
        action = new ExaBgpAction(new ExaBgpSettings(fifo, Duration.ofSeconds(2), ipv4(true, true, true),
            ipv6(true, false, true)));
    }

    @AfterEach
    void stopDaemons()
    {
        if (exabgp != null)
        {
            exabgp.close();
        }
        if (gobgpd != null)
        {
            gobgpd.close();
        }
    }

    @Test
    void shouldShowTheIpv4RoutesAndSynFloodRuleAfterBanAndNothingAfterUnban() throws Exception
    {
        final Attack attack = incoming("10.1.2.3", "10.1.0.0/16", AttackType.SYN_FLOOD);

        action.onBan(attack);
        final List<Gobgpd.Route> routes = gobgpd.awaitRib("ipv4", r -> r.size() == 2, TIMEOUT);
        final List<Gobgpd.Route> rules = gobgpd.awaitRib("ipv4-flowspec", r -> r.size() == 1, TIMEOUT);
        action.onUnban(attack);

        assertThat(routes).extracting(Gobgpd.Route::prefix, Gobgpd.Route::nextHop, Gobgpd.Route::communities)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("10.1.0.0/16", "192.0.2.1", List.of("65001:777")),
                org.assertj.core.groups.Tuple.tuple("10.1.2.3/32", "192.0.2.1", List.of("65001:666")));
        assertThat(rules).extracting(Gobgpd.Route::prefix)
            .containsExactly("[destination: 10.1.2.3/32][protocol: ==tcp][tcp-flags: S&!A]");
        assertThat(gobgpd.awaitRib("ipv4", List::isEmpty, TIMEOUT)).isEmpty();
        assertThat(gobgpd.awaitRib("ipv4-flowspec", List::isEmpty, TIMEOUT)).isEmpty();
        assertThat(action.writeFailures()).isZero();
        assertThat(action.linesWritten()).isEqualTo(6);
    }

    @Test
    void shouldShowTheIpv6HostAndAmplificationRuleAfterBanAndNothingAfterUnban() throws Exception
    {
        final Attack attack = incoming("2001:db8:1::5", "2001:db8::/32", AttackType.DNS_AMPLIFICATION);

        action.onBan(attack);
        final List<Gobgpd.Route> routes = gobgpd.awaitRib("ipv6", r -> r.size() == 1, TIMEOUT);
        final List<Gobgpd.Route> rules = gobgpd.awaitRib("ipv6-flowspec", r -> r.size() == 1, TIMEOUT);
        action.onUnban(attack);

        assertThat(routes).singleElement().satisfies(route ->
        {
            assertThat(route.prefix()).isEqualTo("2001:db8:1::5/128");
            assertThat(route.nextHop()).isEqualTo("2001:db8::ff");
            assertThat(route.communities()).containsExactly("65001:668");
        });
        assertThat(rules).extracting(Gobgpd.Route::prefix)
            .containsExactly("[destination: 2001:db8:1::5/128/0][protocol: ==udp][source-port: ==53]");
        assertThat(gobgpd.awaitRib("ipv6", List::isEmpty, TIMEOUT)).isEmpty();
        assertThat(gobgpd.awaitRib("ipv6-flowspec", List::isEmpty, TIMEOUT)).isEmpty();
    }

    /**
     * ExaBGP 4.2 with one neighbor (gobgpd) and one API process that copies our named pipe to ExaBGP: the script
     * opens the FIFO read-write, so it never sees end-of-file when a writer closes, and a writer always finds a
     * reader while ExaBGP runs. Unprivileged and in the foreground: no daemonising, no privilege drop, no listening
     * socket, no CLI pipes.
     */
    private ServerProcess startExabgp(final Path fifo, final int gobgpdPort) throws Exception
    {
        final Path reader = dir.resolve("fnm-pipe.sh");
        Files.writeString(reader, "#!/bin/sh\nexec cat <> '" + fifo + "'\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(reader, PosixFilePermissions.fromString("rwx------"));
        final Path config = dir.resolve("exabgp.conf");
        Files.writeString(config, String.join("\n",
            "process fnm {",
            "    run " + reader + ";",
            "    encoder text;",
            "}",
            "neighbor 127.0.0.1 {",
            "    router-id 192.0.2.1;",
            "    local-address 127.0.0.1;",
            "    local-as 65001;",
            "    peer-as 65000;",
            "    connect " + gobgpdPort + ";",
            "    family {",
            "        ipv4 unicast;",
            "        ipv6 unicast;",
            "        ipv4 flow;",
            "        ipv6 flow;",
            "    }",
            "    api {",
            "        processes [ fnm ];",
            "    }",
            "}", ""), StandardCharsets.UTF_8);
        return ServerProcess.start("exabgp", dir, List.of("/usr/bin/env",
            "exabgp.daemon.user=" + System.getProperty("user.name"),
            "exabgp.daemon.daemonize=false",
            "exabgp.daemon.drop=false",
            "exabgp.daemon.pid=",
            "exabgp.tcp.bind=",
            "exabgp.api.cli=false",
            "exabgp.api.respawn=false",
            "exabgp.log.destination=stdout",
            EXABGP, config.toString()));
    }
}
