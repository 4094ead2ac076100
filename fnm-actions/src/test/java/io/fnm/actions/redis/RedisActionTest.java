package io.fnm.actions.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.actions.Floods;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.capture.testkit.ServerProcess;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.DetectionEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RedisActionTest
{
    @TempDir
    Path dir;

    private ServerProcess server;
    private int port;
    private RedisClient reader;
    private RedisAction action;
    private DetectionEngine engine;

    @BeforeEach
    void startRedis()
    {
        final Path redis = DebianPackages.require("/usr/bin/redis-server", "redis-server");
        port = ServerProcess.freePort();
        server = ServerProcess.start("redis-server", dir, List.of(redis.toString(), "--save", "", "--appendonly",
            "no", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", dir.toString()))
            .awaitPort(port, Duration.ofSeconds(20));
        reader = RedisClient.create("127.0.0.1", port);
    }

    @AfterEach
    void stop()
    {
        if (engine != null)
        {
            engine.close();
        }
        if (action != null)
        {
            action.close();
        }
        reader.close();
        server.close();
    }

    @Test
    void shouldWriteFastNetMonKeysWhenIpv4FloodIsBanned() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action("mydc1", clock);
        engine = Floods.engine(clock, action);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, "10.0.0.5", 5000, false);
        Floods.second(engine, clock, sink, "10.0.0.5", 100, false);

        assertThat(action.delivery().awaitHandled(2, Duration.ofSeconds(10))).isTrue();
        assertThat(action.delivery().written()).isEqualTo(2);
        final JsonNode json = AttackJson.read(reader.get("mydc1_10.0.0.5_information"));
        final Attack attack = engine.banList().get(0).attack();
        assertThat(json.get("ip").asText()).isEqualTo("10.0.0.5");
        assertThat(json.get("action").asText()).isEqualTo("attack_details");
        assertThat(json.at("/attack_details/attack_uuid").asText()).isEqualTo(attack.uuid().toString())
            .isNotEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(json.at("/attack_details/attack_type").asText()).isEqualTo("udp_flood");
        assertThat(json.at("/attack_details/attack_direction").asText()).isEqualTo("incoming");
        assertThat(json.at("/attack_details/attack_protocol").asText()).isEqualTo("udp");
        assertThat(json.at("/attack_details/initial_attack_power").asLong()).isEqualTo(attack.initialPowerPps())
            .isGreaterThan(Floods.THRESHOLD_PPS);
        assertThat(json.at("/attack_details/threshold").asText()).isEqualTo("pps");
        assertThat(json.at("/attack_details/total_incoming_pps").asLong()).isEqualTo(attack.initialPowerPps());
        assertThat(json.get("packet_dump_detailed")).hasSize(Floods.DETAILS_RECORDS);
        assertThat(reader.get("mydc1_10.0.0.5_flow_dump")).startsWith("Incoming\n\nUDP flows: ")
            .contains("10.0.0.5:53 < 198.51.100.1:1024 46 bytes 1 packets\n");
        assertThat(reader.get("mydc1_10.0.0.5_packets_dump").split("\n")).hasSize(Floods.DETAILS_RECORDS)
            .allMatch(line -> line.contains(" > 10.0.0.5:53 protocol: udp frag: 0  packets: 1 size: 46 bytes"));
    }

    @Test
    void shouldWriteRealAddressInKeysWhenIpv6FloodIsBanned() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action("", clock);
        engine = Floods.engine(clock, action);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, "2001:db8::7", 5000, true);
        Floods.second(engine, clock, sink, "2001:db8::7", 100, true);

        assertThat(action.delivery().awaitHandled(2, Duration.ofSeconds(10))).isTrue();
        final JsonNode json = AttackJson.read(reader.get("2001:db8::7_information"));
        assertThat(json.get("ip").asText()).isEqualTo("2001:db8::7");
        assertThat(json.at("/attack_details/protocol_version").asText()).isEqualTo("IPv6");
        assertThat(reader.get("2001:db8::7_flow_dump")).contains("2001:db8::7:53 < 2001:db9::1:1024 ");
        assertThat(reader.exists("2001:db8::7_packets_dump")).isTrue();
    }

    @Test
    void shouldCountFailureAndKeepBanningWhenRedisStopsMidAttack() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action("", clock);
        final BlockingQueue<String> otherBans = new LinkedBlockingQueue<>();
        final AttackAction other = new AttackAction()
        {
            @Override
            public void onBan(final Attack attack)
            {
                otherBans.add(attack.ip());
            }

            @Override
            public String name()
            {
                return "other";
            }
        };
        engine = Floods.engine(clock, action, other);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, "10.0.0.5", 5000, false);
        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(10))).isTrue();
        assertThat(reader.exists("10.0.0.5_information")).isTrue();

        server.close();
        Floods.second(engine, clock, sink, "10.0.0.9", 5000, false);

        assertThat(engine.banList()).extracting(entry -> entry.attack().ip()).contains("10.0.0.5", "10.0.0.9");
        assertThat(otherBans.poll(10, TimeUnit.SECONDS)).isEqualTo("10.0.0.5");
        assertThat(otherBans.poll(10, TimeUnit.SECONDS)).isEqualTo("10.0.0.9");
        assertThat(action.delivery().awaitHandled(2, Duration.ofSeconds(10))).isTrue();
        assertThat(action.delivery().failed()).isGreaterThanOrEqualTo(1);
        assertThat(action.delivery().retried()).isGreaterThanOrEqualTo(1);
    }

    private RedisAction action(final String prefix, final ManualClock clock)
    {
        return new RedisAction("127.0.0.1", port, prefix, Duration.ofMillis(500),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), clock);
    }
}
