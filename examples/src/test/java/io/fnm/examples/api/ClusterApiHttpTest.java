package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.actions.json.AttackJson;
import io.fnm.actions.kafka.ClusterMetrics;
import io.fnm.actions.kafka.KafkaClusterView;
import io.fnm.capture.IpAddresses;
import io.fnm.core.Attack;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;
import io.fnm.examples.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/cluster/*} over HTTP on the runner's server, the view fed the documents two engines would publish.
 */
class ClusterApiHttpTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ApiFixture fx;
    private KafkaClusterView view;

    @BeforeEach
    void start() throws Exception
    {
        view = KafkaClusterView.builder().clock(new io.fnm.capture.ManualClock(1_700_000_000_000L)).build();
        fx = new ApiFixture(ApiFixture.TOKEN, null, view);
    }

    @AfterEach
    void stop()
    {
        fx.close();
        view.close();
    }

    private void publish(final String engine, final HostRates totals, final List<HostTraffic> incoming,
        final List<BanEntry> bans)
    {
        final TrafficSnapshot.Builder b = TrafficSnapshot.builder().tick(7).epochMillis(fx.clock.epochMillis())
            .totals(4, totals);
        for (final TopBy by : TopBy.values())
        {
            b.topHosts(Direction.INCOMING, by, incoming);
        }
        assertThat(view.accept(ClusterMetrics.encode(engine, b.build(), 20, bans), fx.clock.epochMillis())).isTrue();
    }

    private static HostRates rates(final Direction direction, final long pps, final long udpPps)
    {
        return HostRates.builder().packetsPerSecond(direction, TrafficClass.TOTAL, pps)
            .packetsPerSecond(direction, TrafficClass.UDP, udpPps).bytesPerSecond(direction, TrafficClass.TOTAL,
                pps * 100).build();
    }

    private static HostTraffic host(final String ip, final long pps)
    {
        return new HostTraffic(IpAddresses.parseLiteral(ip), ip, rates(Direction.INCOMING, pps, 0), false);
    }

    private static JsonNode json(final HttpResponse<String> response, final int status)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
            assertThat(t).startsWith("application/json"));
        return AttackJson.read(response.body());
    }

    @Test
    void shouldAnswerTheClusterTotalsAsTheSumsOfTheEnginesTotals() throws Exception
    {
        publish("engine-a", rates(Direction.INCOMING, 1_000, 600), List.of(), List.of());
        publish("engine-b", rates(Direction.INCOMING, 2_500, 100), List.of(), List.of());

        final JsonNode totals = json(fx.get("/api/v1/cluster/totals"), 200);

        assertThat(totals.at("/ipv4/incoming/pps").asLong()).isEqualTo(1_000 + 2_500);
        assertThat(totals.at("/ipv4/incoming/udp/pps").asLong()).isEqualTo(600 + 100);
        assertThat(totals.at("/ipv4/incoming/bps").asLong()).isEqualTo((1_000 + 2_500) * 100 * 8);
        assertThat(totals.at("/ipv6/incoming/pps").asLong()).isZero();
        assertThat(totals.get("engines")).extracting(e -> e.get("engine").asText())
            .containsExactly("engine-a", "engine-b");
    }

    @Test
    void shouldAnswerTheMergedTopHostsWithTheEngineHoldingEach() throws Exception
    {
        publish("engine-a", HostRates.ZERO, List.of(host("10.0.0.1", 500), host("10.0.0.2", 300)), List.of());
        publish("engine-b", HostRates.ZERO, List.of(host("10.0.1.1", 400)), List.of());

        final JsonNode top = json(fx.get("/api/v1/cluster/top?direction=incoming&by=packets&n=2"), 200);

        assertThat(top.get("hosts")).extracting(h -> h.get("ip").asText(), h -> h.get("engine").asText(),
            h -> h.at("/incoming/pps").asLong()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("10.0.0.1", "engine-a", 500L),
                org.assertj.core.groups.Tuple.tuple("10.0.1.1", "engine-b", 400L));
        assertThat(top.get("by").asText()).isEqualTo("packets");
    }

    @Test
    void shouldAnswerTheUnionOfTheEnginesBans() throws Exception
    {
        final long now = fx.clock.epochMillis();
        final BanEntry ban = new BanEntry(Attack.builder().address(IpAddresses.parseLiteral("10.0.1.9"))
            .direction(Direction.INCOMING).type(AttackType.SYN_FLOOD).build(), now, Long.MAX_VALUE);
        publish("engine-a", HostRates.ZERO, List.of(), List.of());
        publish("engine-b", HostRates.ZERO, List.of(), List.of(ban));

        final JsonNode bans = json(fx.get("/api/v1/cluster/bans"), 200);

        assertThat(bans).singleElement().satisfies(b ->
        {
            assertThat(b.get("ip").asText()).isEqualTo("10.0.1.9");
            assertThat(b.get("engine").asText()).isEqualTo("engine-b");
            assertThat(b.get("type").asText()).isEqualTo("syn_flood");
            assertThat(b.get("since").asText()).isEqualTo(Instant.ofEpochMilli(now).toString());
            assertThat(b.get("until").isNull()).isTrue();
        });
    }

    @Test
    void shouldRefuseBadTopParametersWithAJsonError() throws Exception
    {
        for (final String query : List.of("direction=internal", "by=pps", "n=0", "n=1001", "n=abc"))
        {
            assertThat(json(fx.get("/api/v1/cluster/top?" + query), 400).get("error").asText()).isNotBlank();
        }
    }

    @Test
    void shouldRefuseChangesAndUnknownPathsOfTheClusterView() throws Exception
    {
        assertThat(json(fx.send("POST", "/api/v1/cluster/bans", "{}", ApiFixture.TOKEN), 405).get("error")
            .asText()).contains("read only");
        assertThat(json(fx.get("/api/v1/cluster/hosts"), 404).get("error").asText()).contains("no such endpoint");
    }

    @Test
    void shouldAnswer404WhenTheRunnerIsNotAKafkaEngineAndKeepTheOtherEndpoints() throws Exception
    {
        try (ApiFixture single = new ApiFixture())
        {
            assertThat(json(single.get("/api/v1/cluster/totals"), 404).get("error").asText())
                .contains("kafka_engine = on");
            assertThat(json(single.get("/api/v1/totals"), 200).has("ipv4")).isTrue();
        }
    }

    @Test
    void shouldPrintTheClusterBansAndTopHostsWithTheirEnginesThroughFnmApi()
    {
        final BanEntry ban = new BanEntry(Attack.builder().address(IpAddresses.parseLiteral("10.0.1.9"))
            .direction(Direction.INCOMING).type(AttackType.SYN_FLOOD).build(), fx.clock.epochMillis(), Long.MAX_VALUE);
        publish("engine-a", HostRates.ZERO, List.of(host("10.0.0.1", 500)), List.of());
        publish("engine-b", HostRates.ZERO, List.of(host("10.0.1.1", 400)), List.of(ban));

        assertThat(fnm("api", "--api", fx.base, "cluster-bans")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2)
            .satisfies(lines -> assertThat(lines.get(0)).endsWith("ENGINE"))
            .satisfies(lines -> assertThat(lines.get(1)).startsWith("10.0.1.9").contains("syn_flood")
                .endsWith("engine-b"));
        assertThat(fnm("api", "--api", fx.base, "cluster-top", "--n", "2")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).toList()).satisfiesExactly(
            line -> assertThat(line).startsWith("10.0.0.1").contains(" 500 ").endsWith("engine-a"),
            line -> assertThat(line).startsWith("10.0.1.1").contains(" 400 ").endsWith("engine-b"));
    }

    @Test
    void shouldPrintTheClusterTotalsWithTheEnginesHeardFromThroughFnmApi()
    {
        publish("engine-a", rates(Direction.INCOMING, 1_000, 600), List.of(), List.of());
        publish("engine-b", rates(Direction.INCOMING, 2_500, 100), List.of(), List.of());

        assertThat(fnm("api", "--api", fx.base, "cluster-totals")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("engines: engine-a (tick 7), engine-b (tick 7)")
            .containsPattern("incoming +3500 pps");
    }

    private int fnm(final String... args)
    {
        out.reset();
        return Main.run(new ArrayList<>(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
