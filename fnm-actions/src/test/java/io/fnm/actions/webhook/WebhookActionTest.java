package io.fnm.actions.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fnm.actions.Floods;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.DetectionEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookActionTest
{
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean slow;
    private HttpServer server;
    private ExecutorService serverThreads;
    private WebhookAction action;
    private DetectionEngine engine;

    /** One request the endpoint received. */
    record Request(String authorization, String contentType, JsonNode body)
    {
    }

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/hook", this::handle);
        server.start();
    }

    @AfterEach
    void stop()
    {
        release.countDown();
        if (engine != null)
        {
            engine.close();
        }
        if (action != null)
        {
            action.close();
        }
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void shouldPostAttackJsonWithChatTextOnBanDetailsAndUnban() throws Exception
    {
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action(Duration.ofSeconds(5), new RetryPolicy(1, Duration.ZERO, Duration.ZERO), clock);
        engine = Floods.engine(clock, action);
        final TrafficSink sink = engine.newSink("test");
        Floods.second(engine, clock, sink, "10.0.0.5", 5000, false);
        Floods.second(engine, clock, sink, "10.0.0.5", 100, false);
        clock.advanceSeconds(61);
        engine.tick();

        final Request ban = next();
        final Request details = next();
        final Request unban = next();
        assertThat(ban.authorization()).isEqualTo("Bearer secret");
        assertThat(ban.contentType()).isEqualTo("application/json");
        assertThat(ban.body().get("action").asText()).isEqualTo("ban");
        assertThat(ban.body().get("text").asText()).startsWith("fnm: ban 10.0.0.5 incoming udp_flood, ")
            .endsWith(" pps (threshold pps, hostgroup global)");
        assertThat(ban.body().get("content").asText()).isEqualTo(ban.body().get("text").asText());
        assertThat(details.body().get("action").asText()).isEqualTo("attack_details");
        assertThat(details.body().get("packet_dump_detailed")).hasSize(Floods.DETAILS_RECORDS);
        assertThat(unban.body().get("action").asText()).isEqualTo("unban");
        assertThat(unban.body().at("/attack_details/unbanned_at").asText()).isEqualTo("2023-11-14T22:14:23Z");
        assertThat(action.delivery().awaitHandled(3, Duration.ofSeconds(10))).isTrue();
        assertThat(action.delivery().written()).isEqualTo(3);
    }

    @Test
    void shouldRetryWithBackoffWhenEndpointAnswersServerError() throws Exception
    {
        failuresLeft.set(2);
        action = action(Duration.ofSeconds(5), new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40)),
            new ManualClock(Floods.START_MILLIS));

        action.onBan(attack());

        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(10))).isTrue();
        assertThat(requests).hasSize(3);
        assertThat(action.delivery().retried()).isEqualTo(2);
        assertThat(action.delivery().written()).isEqualTo(1);
        assertThat(action.delivery().failed()).isZero();
    }

    @Test
    void shouldGiveUpAfterLastAttemptWhenEndpointKeepsFailing() throws Exception
    {
        failuresLeft.set(100);
        action = action(Duration.ofSeconds(5), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(40)),
            new ManualClock(Floods.START_MILLIS));

        action.onBan(attack());

        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(10))).isTrue();
        assertThat(action.delivery().failed()).isEqualTo(1);
        assertThat(action.delivery().retried()).isEqualTo(1);
    }

    @Test
    void shouldNotRetryWhenEndpointRejectsRequest() throws Exception
    {
        failuresLeft.set(100);
        failureStatus = 404;
        action = action(Duration.ofSeconds(5), new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40)),
            new ManualClock(Floods.START_MILLIS));

        action.onBan(attack());

        assertThat(action.delivery().awaitHandled(1, Duration.ofSeconds(10))).isTrue();
        assertThat(requests).hasSize(1);
        assertThat(action.delivery().failed()).isEqualTo(1);
        assertThat(action.delivery().retried()).isZero();
    }

    @Test
    void shouldBanNextAttackOnTimeWhenEndpointHangs() throws Exception
    {
        slow = true;
        final ManualClock clock = new ManualClock(Floods.START_MILLIS);
        action = action(Duration.ofSeconds(1), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)),
            clock);
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
        assertThat(otherBans.poll(10, TimeUnit.SECONDS)).isEqualTo("10.0.0.5");
        final long start = System.nanoTime();

        Floods.second(engine, clock, sink, "10.0.0.9", 5000, false);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(engine.banList()).extracting(entry -> entry.attack().ip()).contains("10.0.0.5", "10.0.0.9");
        assertThat(otherBans.poll(10, TimeUnit.SECONDS)).isEqualTo("10.0.0.9");
        assertThat(action.delivery().awaitHandled(2, Duration.ofSeconds(20))).isTrue();
        assertThat(action.delivery().failed()).isEqualTo(2);
        assertThat(action.delivery().retried()).isEqualTo(2);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            AttackJson.read(new String(body, StandardCharsets.UTF_8))));
        if (slow)
        {
            try
            {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        final int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : 204;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private Request next() throws InterruptedException
    {
        final Request request = requests.poll(10, TimeUnit.SECONDS);
        assertThat(request).as("a POST within 10 s").isNotNull();
        return request;
    }

    private WebhookAction action(final Duration timeout, final RetryPolicy retry, final ManualClock clock)
    {
        return new WebhookAction(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
            Map.of("Authorization", "Bearer secret"), timeout, retry, clock);
    }

    private static Attack attack()
    {
        return Attack.builder().address(io.fnm.capture.IpAddresses.parseLiteral("10.0.0.5"))
            .detectedAtMillis(Floods.START_MILLIS).build();
    }

}
