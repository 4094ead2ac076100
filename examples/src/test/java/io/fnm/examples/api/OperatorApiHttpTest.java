package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.IpAddresses;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.IpPrefix;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint of the operator API, over HTTP, on the runner's server and a real engine on a manual clock. */
class OperatorApiHttpTest
{
    private static final int UDP = 17;
    private static final int TCP = 6;

    private ApiFixture fx;

    @BeforeEach
    void start() throws Exception
    {
        fx = new ApiFixture();
    }

    @AfterEach
    void stop()
    {
        fx.close();
    }

    @Test
    void shouldListTopHostsWithEveryRateWhenTrafficFlows() throws Exception
    {
        fx.second("10.0.0.5", UDP, 5_000, 100);
        fx.sink.accept(ApiFixture.record("192.0.2.1", "10.0.0.6", TCP, 1_000, 1_000 * 1500));
        fx.second("10.0.0.5", UDP, 5_000, 100);

        final JsonNode byPackets = json(fx.get("/api/v1/top?direction=incoming&by=packets&n=2"), 200);
        final JsonNode byBytes = json(fx.get("/api/v1/top?direction=incoming&by=bytes&n=1"), 200);

        assertThat(byPackets.get("hosts")).extracting(h -> h.get("ip").asText()).containsExactly("10.0.0.5",
            "10.0.0.6");
        final JsonNode first = byPackets.get("hosts").get(0);
        final HostRates rates = fx.engine.hostRates(IpAddresses.parseLiteral("10.0.0.5"));
        assertThat(first.at("/incoming/pps").asLong()).isPositive()
            .isEqualTo(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL));
        assertThat(first.at("/incoming/udp/pps").asLong())
            .isEqualTo(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.UDP));
        assertThat(first.at("/incoming/bps").asLong()).isPositive()
            .isEqualTo(rates.bitsPerSecond(Direction.INCOMING, TrafficClass.TOTAL));
        assertThat(first.has("outgoing")).isTrue();
        assertThat(first.at("/incoming/flows").isNumber()).isTrue();
        assertThat(byBytes.get("hosts")).extracting(h -> h.get("ip").asText()).containsExactly("10.0.0.6");
    }

    @Test
    void shouldFilterTopHostsByIpVersion() throws Exception
    {
        fx.sink.accept(ApiFixture.record("2001:db9::1", "2001:db8::7", UDP, 3_000, 300_000));
        fx.second("10.0.0.5", UDP, 5_000, 100);

        assertThat(json(fx.get("/api/v1/top?version=6"), 200).get("hosts")).extracting(h -> h.get("ip").asText())
            .containsExactly("2001:db8::7");
    }

    @Test
    void shouldAnswerOneHostsRatesAndRefuseUntrackedForeignOrMalformedAddresses() throws Exception
    {
        fx.second("10.0.0.5", UDP, 2_000, 100);

        assertThat(json(fx.get("/api/v1/hosts/10.0.0.5"), 200).at("/incoming/pps").asLong()).isPositive()
            .isEqualTo(pps(fx.engine.hostRates(IpAddresses.parseLiteral("10.0.0.5")), TrafficClass.TOTAL));
        assertThat(json(fx.get("/api/v1/hosts/10.0.0.99"), 404).get("error").asText()).contains("not tracked");
        assertThat(json(fx.get("/api/v1/hosts/192.0.2.1"), 422).get("error").asText()).contains("outside");
        assertThat(json(fx.get("/api/v1/hosts/10.0.0.300"), 400).get("error").asText())
            .contains("not an IPv4 or IPv6");
    }

    @Test
    void shouldReportTotalsPerIpVersionAndDirectionWithProtocols() throws Exception
    {
        fx.second("10.0.0.5", UDP, 2_000, 100);

        final JsonNode totals = json(fx.get("/api/v1/totals"), 200);

        assertThat(totals.at("/ipv4/incoming/pps").asLong()).isPositive()
            .isEqualTo(pps(fx.engine.totals(4), TrafficClass.TOTAL));
        assertThat(totals.at("/ipv4/incoming/udp/pps").asLong()).isEqualTo(pps(fx.engine.totals(4),
            TrafficClass.UDP));
        assertThat(totals.at("/ipv4/incoming/tcp/pps").asLong()).isZero();
        assertThat(totals.at("/ipv6/incoming/pps").asLong()).isZero();
        assertThat(totals.get("ipv4").has("other")).isTrue();
    }

    @Test
    void shouldReportTheLoadOfEachNetwork() throws Exception
    {
        fx.second("10.0.0.5", UDP, 2_000, 100);

        final JsonNode networks = json(fx.get("/api/v1/networks"), 200);

        final long expected = pps(fx.engine.networkLoad().get(IpPrefix.parse("10.0.0.0/8")), TrafficClass.TOTAL);
        assertThat(expected).isPositive();
        assertThat(networks).anySatisfy(n ->
        {
            assertThat(n.get("network").asText()).isEqualTo("10.0.0.0/8");
            assertThat(n.at("/incoming/pps").asLong()).isEqualTo(expected);
        });
    }

    @Test
    void shouldBanListAndUnbanByHandWithTheToken() throws Exception
    {
        final JsonNode banned = json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\"}", ApiFixture.TOKEN),
            201);
        final JsonNode list = json(fx.get("/api/v1/bans"), 200);
        final JsonNode unbanned = json(fx.send("DELETE", "/api/v1/bans/10.0.0.7", null, ApiFixture.TOKEN), 200);

        assertThat(banned.get("ip").asText()).isEqualTo("10.0.0.7");
        assertThat(banned.get("manual").asBoolean()).isTrue();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("uuid").asText()).isEqualTo(banned.get("uuid").asText()).isNotEmpty();
        assertThat(list.get(0).get("until").isNull()).isTrue();
        assertThat(list.get(0).has("type")).isTrue();
        assertThat(list.get(0).has("direction")).isTrue();
        assertThat(list.get(0).has("power_pps")).isTrue();
        assertThat(list.get(0).has("since")).isTrue();
        assertThat(unbanned.get("unbanned").asBoolean()).isTrue();
        assertThat(fx.engine.banList()).isEmpty();
    }

    @Test
    void shouldRefuseChangesWithoutTheRightToken() throws Exception
    {
        assertThat(json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\"}", null), 401).get("error")
            .asText()).contains("Bearer");
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\"}", "wrong"), 401);
        json(fx.send("DELETE", "/api/v1/bans/10.0.0.7", null, null), 401);
        json(fx.send("POST", "/api/v1/reload", null, null), 401);

        assertThat(fx.engine.banList()).isEmpty();
    }

    @Test
    void shouldRefuseEveryChangeWhenNoTokenIsConfigured() throws Exception
    {
        try (ApiFixture open = new ApiFixture(null, null))
        {
            assertThat(json(open.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\"}", "anything"), 403)
                .get("error").asText()).contains("api_token_file");
            assertThat(open.engine.banList()).isEmpty();
        }
    }

    @Test
    void shouldRefuseBansOfForeignMalformedOrAlreadyBannedAddresses() throws Exception
    {
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"192.0.2.1\"}", ApiFixture.TOKEN), 422);
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"not-an-ip\"}", ApiFixture.TOKEN), 400);
        json(fx.send("POST", "/api/v1/bans", "[1, 2", ApiFixture.TOKEN), 400);
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"2001:db8::9\"}", ApiFixture.TOKEN), 201);
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"2001:db8::9\"}", ApiFixture.TOKEN), 409);
        json(fx.send("DELETE", "/api/v1/bans/10.0.0.8", null, ApiFixture.TOKEN), 404);

        assertThat(fx.engine.banList()).extracting(b -> b.attack().ip()).containsExactly("2001:db8::9");
    }

    @Test
    void shouldBanForADurationWithAReasonAndLiftItWhenDue() throws Exception
    {
        final JsonNode banned = json(fx.send("POST", "/api/v1/bans",
            "{\"ip\": \"10.0.0.7\", \"duration\": 60, \"reason\": \"ticket 42\"}", ApiFixture.TOKEN), 201);

        assertThat(banned.get("reason").asText()).isEqualTo("ticket 42");
        assertThat(Instant.parse(banned.get("until").asText()))
            .isEqualTo(Instant.parse(banned.get("since").asText()).plusSeconds(60));
        fx.clock.advanceSeconds(61);
        fx.engine.tick();
        assertThat(json(fx.get("/api/v1/bans"), 200)).isEmpty();
    }

    @Test
    void shouldRefuseABadDurationOrReason() throws Exception
    {
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\", \"duration\": -1}", ApiFixture.TOKEN), 400);
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\", \"duration\": \"1h\"}", ApiFixture.TOKEN),
            400);
        json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0.7\", \"reason\": \"" + "x".repeat(300) + "\"}",
            ApiFixture.TOKEN), 400);

        assertThat(fx.engine.banList()).isEmpty();
    }

    @Test
    void shouldRefuseParametersOutOfRange() throws Exception
    {
        assertThat(json(fx.get("/api/v1/top?n=0"), 400).get("error").asText()).contains("n must be");
        json(fx.get("/api/v1/top?n=1001"), 400);
        json(fx.get("/api/v1/top?n=ten"), 400);
        json(fx.get("/api/v1/top?direction=sideways"), 400);
        json(fx.get("/api/v1/top?by=weight"), 400);
        json(fx.get("/api/v1/attacks?n=-1"), 400);
        json(fx.get("/api/v1/nothing"), 404);
        json(fx.send("PUT", "/api/v1/bans", "{}", ApiFixture.TOKEN), 405);
    }

    @Test
    void shouldRefuseATenMegabyteBodyWithJson() throws Exception
    {
        final String huge = "{\"ip\": \"" + "1".repeat(10 * 1024 * 1024) + "\"}";

        final HttpResponse<String> response = fx.send("POST", "/api/v1/bans", huge, ApiFixture.TOKEN);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
            assertThat(t).startsWith("application/json"));
        assertThat(AttackJson.read(response.body()).get("status").asInt()).isEqualTo(413);
        assertThat(fx.engine.banList()).isEmpty();
    }

    @Test
    void shouldKeepTheLastAttacksWithTheirRecordsAndUnbanTime() throws Exception
    {
        fx.second("10.0.0.5", UDP, 50_000, 100);
        fx.awaitHistory(1);
        fx.second("10.0.0.5", UDP, 50_000, 100);
        json(fx.send("DELETE", "/api/v1/bans/10.0.0.5", null, ApiFixture.TOKEN), 200);
        awaitUnbanned();

        final JsonNode attacks = json(fx.get("/api/v1/attacks?n=5"), 200);

        assertThat(attacks).hasSize(1);
        assertThat(attacks.get(0).get("ip").asText()).isEqualTo("10.0.0.5");
        assertThat(attacks.get(0).at("/attack_details/attack_direction").asText()).isEqualTo("incoming");
        assertThat(attacks.get(0).has("unbanned_at")).isTrue();
    }

    @Test
    void shouldBoundTheAttackHistory() throws Exception
    {
        for (int i = 1; i <= 5; i++)
        {
            json(fx.send("POST", "/api/v1/bans", "{\"ip\": \"10.0.0." + i + "\"}", ApiFixture.TOKEN), 201);
        }
        fx.awaitHistory(3);

        final JsonNode attacks = json(fx.get("/api/v1/attacks"), 200);

        assertThat(fx.history.size()).isEqualTo(3);
        assertThat(attacks).extracting(a -> a.get("ip").asText()).containsExactly("10.0.0.5", "10.0.0.4",
            "10.0.0.3");
    }

    @Test
    void shouldServeTheEngineCounters() throws Exception
    {
        fx.second("10.0.0.5", UDP, 100, 100);

        final JsonNode counters = json(fx.get("/api/v1/counters"), 200);

        assertThat(counters).anySatisfy(c ->
        {
            assertThat(c.get("name").asText()).isEqualTo("fnm_ticks_total");
            assertThat(c.get("value").asLong()).isEqualTo(1);
        });
    }

    @Test
    void shouldMaskSecretsInTheEffectiveConfiguration() throws Exception
    {
        final JsonNode config = json(fx.get("/api/v1/config"), 200);

        assertThat(config.at("/settings/influxdb_password").asText()).isEqualTo("********");
        assertThat(config.at("/settings/webhook_url").asText()).isEqualTo("https://********@hooks.example/x");
        assertThat(config.at("/settings/api_port").asText()).isEqualTo("9210");
        assertThat(config.get("networks")).extracting(JsonNode::asText).contains("10.0.0.0/8");
        assertThat(fx.get("/api/v1/config").body()).doesNotContain("hunter2").doesNotContain("ops:pw");
    }

    @Test
    void shouldReloadThroughTheReloaderWithTheToken() throws Exception
    {
        final int[] calls = {0};
        try (ApiFixture withReload = new ApiFixture(ApiFixture.TOKEN, () -> "reloaded " + ++calls[0]))
        {
            assertThat(json(withReload.send("POST", "/api/v1/reload", null, ApiFixture.TOKEN), 200).get("message")
                .asText()).isEqualTo("reloaded 1");
        }
        assertThat(json(fx.send("POST", "/api/v1/reload", null, ApiFixture.TOKEN), 501).get("error").asText())
            .contains("reload");
    }

    @Test
    void shouldListItsEndpoints() throws Exception
    {
        assertThat(json(fx.get("/api/v1"), 200).get("endpoints")).extracting(JsonNode::asText)
            .contains("GET /api/v1/top", "POST /api/v1/bans", "DELETE /api/v1/bans/{ip}");
    }

    private static long pps(final HostRates rates, final TrafficClass trafficClass)
    {
        return rates.packetsPerSecond(Direction.INCOMING, trafficClass);
    }

    private void awaitUnbanned() throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!fx.history.latest(1).get(0).has("unbanned_at") && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
    }

    private static JsonNode json(final HttpResponse<String> response, final int status)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return AttackJson.read(response.body());
    }
}
