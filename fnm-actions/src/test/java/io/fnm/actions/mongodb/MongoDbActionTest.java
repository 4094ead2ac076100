package io.fnm.actions.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.fnm.actions.Floods;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.core.Attack;
import io.fnm.core.DetectionEngine;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against mongo-java-server, an in-process server speaking MongoDB's wire protocol (Debian 12 has no mongod): the
 * official driver connects to it as to a real server.
 */
class MongoDbActionTest
{
    private MongoServer server;
    private InetSocketAddress address;
    private MongoClient reader;
    private MongoDbAction action;
    private DetectionEngine engine;

    @BeforeEach
    void startServer()
    {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        address = server.getLocalAddress();
        reader = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
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
        server.shutdownNow();
    }

    @Test
    void shouldKeepOneDocumentPerBanWithUnbanTimeWhenFloodIsBannedAndUnbanned() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action(clock);
        engine = Floods.engine(clock, action);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, "10.0.0.5", 5000, false);
        final Attack attack = engine.banList().get(0).attack();
        Floods.second(engine, clock, sink, "10.0.0.5", 100, false);
        clock.advanceSeconds(61);
        engine.tick();

        assertThat(action.delivery().awaitHandled(3, Duration.ofSeconds(10))).isTrue();
        final List<Document> documents = attacks().find().into(new ArrayList<>());
        assertThat(documents).hasSize(1);
        final Document document = documents.get(0);
        assertThat(document.getString("_id")).isEqualTo(attack.uuid().toString());
        assertThat(document.getString("ip")).isEqualTo("10.0.0.5");
        assertThat(document.getString("action")).isEqualTo("unban");
        final Document details = document.get("attack_details", Document.class);
        assertThat(details.getString("attack_type")).isEqualTo("udp_flood");
        assertThat(details.getString("attack_direction")).isEqualTo("incoming");
        assertThat(details.getString("threshold")).isEqualTo("pps");
        assertThat(details.getDate("detected_at")).isEqualTo(Date.from(Instant.parse("2023-11-14T22:13:21Z")));
        assertThat(details.getDate("unbanned_at")).isEqualTo(Date.from(Instant.parse("2023-11-14T22:14:23Z")));
        assertThat(document.getList("packet_dump_detailed", Document.class)).hasSize(Floods.DETAILS_RECORDS)
            .allSatisfy(item -> assertThat(item.getString("destination_ip")).isEqualTo("10.0.0.5"));
        assertThat(document.keySet()).noneMatch(key -> key.contains("."));
    }

    @Test
    void shouldFindIpv6BanByAddressWhenIpv6FloodIsBanned() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action(clock);
        engine = Floods.engine(clock, action);
        Floods.second(engine, clock, engine.newSink("test"), "2001:db8::7", 5000, true);

        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(10))).isTrue();
        final Document document = attacks().find(Filters.eq("ip", "2001:db8::7")).first();
        assertThat(document).isNotNull();
        assertThat(document.getString("action")).isEqualTo("ban");
        assertThat(document.get("attack_details", Document.class).getString("protocol_version")).isEqualTo("IPv6");
    }

    @Test
    void shouldCountFailureAndRetriesWhenServerIsDown() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action(clock);
        server.shutdownNow();
        engine = Floods.engine(clock, action);
        Floods.second(engine, clock, engine.newSink("test"), "10.0.0.5", 5000, false);

        assertThat(engine.banList()).hasSize(1);
        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(20))).isTrue();
        assertThat(action.delivery().failed()).isEqualTo(1);
        assertThat(action.delivery().retried()).isEqualTo(1);
        assertThat(action.delivery().written()).isZero();
    }

    private MongoCollection<Document> attacks()
    {
        return reader.getDatabase("fastnetmon").getCollection(MongoDbAction.COLLECTION);
    }

    private MongoDbAction action(final ManualClock clock)
    {
        return new MongoDbAction("127.0.0.1", address.getPort(), "fastnetmon", Duration.ofMillis(1000),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), clock);
    }
}
