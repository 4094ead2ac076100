package io.fnm.actions.webhook;

import com.sun.net.httpserver.HttpServer;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.capture.Clock;
import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookActionContractTest extends AttackActionContractTest
{
    private static HttpServer server;

    @BeforeAll
    static void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange ->
        {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer()
    {
        server.stop(0);
    }

    @Override
    protected AttackAction createAction()
    {
        return new WebhookAction(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), Map.of(),
            Duration.ofSeconds(5), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Clock.SYSTEM);
    }

    @Override
    protected void afterEachCall(final AttackAction action) throws Exception
    {
        final WebhookAction webhook = (WebhookAction)action;
        assertThat(webhook.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(webhook.delivery().failed()).isZero();
    }
}
