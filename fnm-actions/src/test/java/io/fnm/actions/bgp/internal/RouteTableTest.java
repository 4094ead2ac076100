package io.fnm.actions.bgp.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest
{
    private final RouteTable table = new RouteTable();

    @Test
    void shouldKeepSharedRouteUntilLastOwnerLetsGo()
    {
        table.replace("a", List.of(BgpVectors.ipv4Host()));
        table.replace("b", List.of(BgpVectors.ipv4Host(), BgpVectors.dnsRule()));

        table.replace("a", List.of());

        assertThat(table.snapshot().keySet()).containsExactly(BgpVectors.ipv4Host(), BgpVectors.dnsRule());
        table.replace("b", List.of());
        assertThat(table.snapshot()).isEmpty();
    }

    @Test
    void shouldReturnPreviousRoutesWhenOwnerIsReplaced()
    {
        table.replace("a", List.of(BgpVectors.ipv4Host()));

        final List<BgpRoute> old = table.replace("a", List.of(BgpVectors.dnsRule()));

        assertThat(old).containsExactly(BgpVectors.ipv4Host());
        assertThat(table.routesOf("a")).containsExactly(BgpVectors.dnsRule());
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldMoveVersionWhenTableChanges()
    {
        final long before = table.version();

        table.replace("a", List.of(BgpVectors.ipv6Host()));

        assertThat(table.version()).isGreaterThan(before);
    }

    @Test
    void shouldIgnoreUnknownOwnerWhenDropped()
    {
        assertThat(table.replace("nobody", List.of())).isEmpty();
        assertThat(table.size()).isZero();
    }
}
