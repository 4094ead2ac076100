package io.fnm.actions.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture against itself: two gobgpd on loopback, one announcing to the other. (An active gobgpd waits about
 * ten seconds before its first connection, so each pair takes that long to come up.)
 */
class GobgpdTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Gobgpd> daemons = new ArrayList<>();

    @AfterEach
    void stop()
    {
        daemons.forEach(Gobgpd::close);
    }

    @Test
    void shouldReadRoutesOfEachFamilyWithNextHopAndCommunity(@TempDir final Path dir) throws Exception
    {
        final Gobgpd[] pair = pair(dir);
        pair[0].cli("global", "rib", "-a", "ipv4", "add", "10.1.2.3/32", "nexthop", "192.0.2.1", "community",
            "65001:666");
        pair[0].cli("global", "rib", "-a", "ipv4-flowspec", "add", "match", "destination", "10.1.2.3/32",
            "protocol", "udp", "source-port", "==53", "then", "discard");

        final List<Gobgpd.Route> routes = pair[1].awaitRib("ipv4", r -> !r.isEmpty(), TIMEOUT);
        final List<Gobgpd.Route> rules = pair[1].awaitRib("ipv4-flowspec", r -> !r.isEmpty(), TIMEOUT);

        assertThat(routes).singleElement().satisfies(route ->
        {
            assertThat(route.prefix()).isEqualTo("10.1.2.3/32");
            assertThat(route.nextHop()).isEqualTo("192.0.2.1");
            assertThat(route.communities()).containsExactly("65001:666");
        });
        assertThat(rules).extracting(Gobgpd.Route::prefix)
            .containsExactly("[destination: 10.1.2.3/32][protocol: ==udp][source-port: ==53]");
    }

    @Test
    void shouldReestablishAndRelearnAfterRestart(@TempDir final Path dir) throws Exception
    {
        final Gobgpd[] pair = pair(dir);
        pair[0].cli("global", "rib", "-a", "ipv6", "add", "2001:db8::1/128", "nexthop", "2001:db8::ff");
        pair[1].awaitRib("ipv6", r -> !r.isEmpty(), TIMEOUT);

        pair[1].restart();
        assertThat(pair[1].rib("ipv6")).isEmpty();
        pair[1].awaitEstablished("127.0.0.1", TIMEOUT);

        assertThat(pair[1].awaitRib("ipv6", r -> !r.isEmpty(), TIMEOUT))
            .extracting(Gobgpd.Route::prefix, Gobgpd.Route::nextHop)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("2001:db8::1/128", "2001:db8::ff"));
    }

    @Test
    void shouldReportAPassiveNeighborNobodyConnectsAsNotEstablished(@TempDir final Path dir)
    {
        final Gobgpd gobgpd = keep(Gobgpd.start(dir, 65000, "192.0.2.254",
            List.of(Gobgpd.Neighbor.passive("127.0.0.9", 65009))));

        assertThat(gobgpd.sessionState("127.0.0.9")).isNotEqualTo("established");
    }

    /** [announcer (AS 65001, active), receiver (AS 65000, passive)], Established. */
    private Gobgpd[] pair(final Path dir) throws Exception
    {
        final Path receiverDir = Files.createDirectory(dir.resolve("receiver"));
        final Path announcerDir = Files.createDirectory(dir.resolve("announcer"));
        final Gobgpd receiver = keep(Gobgpd.start(receiverDir, 65000, "192.0.2.254",
            List.of(Gobgpd.Neighbor.passive("127.0.0.1", 65001))));
        final Gobgpd announcer = keep(Gobgpd.start(announcerDir, 65001, "192.0.2.253",
            List.of(Gobgpd.Neighbor.active("127.0.0.1", 65000, receiver.bgpPort()))));
        receiver.awaitEstablished("127.0.0.1", TIMEOUT);
        return new Gobgpd[] {announcer, receiver};
    }

    private Gobgpd keep(final Gobgpd gobgpd)
    {
        daemons.add(gobgpd);
        return gobgpd;
    }
}
