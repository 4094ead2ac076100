package io.fnm.examples.dashboard;

import io.fnm.capture.ManualClock;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.examples.http.RunnerHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardEndpointsTest
{
    private static final String TOKEN = "t0ken";

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private DetectionEngine engine;
    private RunnerHttpServer server;
    private Dashboard dashboard;

    @BeforeEach
    void start() throws Exception
    {
        dashboard = new Dashboard(clock, TOKEN);
        engine = DetectionEngine.builder(EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .build()).clock(clock).tickThread(false).discoverProviders(false).action(dashboard.attackLog())
            .metricsExporter(dashboard.exporter()).build();
        dashboard.attach(engine);
        server = dashboard.routes(new RunnerHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            RunnerHttpServer.Limits.DEFAULT)).start();
    }

    @AfterEach
    void stop()
    {
        server.close();
        engine.close();
    }

    private HttpResponse<String> call(final String method, final String path, final String token) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
            server.address().getPort() + path)).timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeThePageAndItsFilesFromTheJar() throws Exception
    {
        assertThat(call("GET", "/", null).body()).contains("<title>fnm dashboard</title>");
        assertThat(call("GET", "/dashboard/uplot.js", null).body()).contains("uPlot");
        assertThat(call("GET", "/dashboard/app.js", null).headers().firstValue("Content-Type"))
            .hasValue("text/javascript;charset=utf-8");
        assertThat(call("GET", "/dashboard/app.css", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/dashboard/uplot.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404WhenThePathIsNotADashboardFile() throws Exception
    {
        assertThat(call("GET", "/dashboard/../../etc/passwd", null).statusCode()).isIn(400, 404);
        assertThat(call("GET", "/dashboard/App.js", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseUnbanWhenTheTokenIsMissingOrWrong() throws Exception
    {
        engine.ban(InetAddress.getByName("10.0.0.1"));

        assertThat(call("POST", "/dashboard/unban?ip=10.0.0.1", null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/dashboard/unban?ip=10.0.0.1", "wrong").body()).contains("\"error\"");
        assertThat(engine.banList()).hasSize(1);
    }

    @Test
    void shouldUnbanWhenTheTokenIsRight() throws Exception
    {
        engine.ban(InetAddress.getByName("10.0.0.1"));

        final HttpResponse<String> response = call("POST", "/dashboard/unban?ip=10.0.0.1", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"unbanned\":true");
        assertThat(engine.banList()).isEmpty();
        assertThat(call("POST", "/dashboard/unban?ip=10.0.0.1", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer400WhenTheAddressIsNotAnIpLiteral() throws Exception
    {
        assertThat(call("POST", "/dashboard/unban?ip=example.com", TOKEN).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/dashboard/unban", TOKEN).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/dashboard/unban?ip=10.0.0.1", TOKEN).statusCode()).isEqualTo(405);
    }

    @Test
    void shouldRefuseUnbanWhenNoTokenIsConfigured() throws Exception
    {
        final Dashboard open = new Dashboard(clock, null).attach(engine);
        try (RunnerHttpServer other = open.routes(new RunnerHttpServer(new InetSocketAddress(
            InetAddress.getLoopbackAddress(), 0), RunnerHttpServer.Limits.DEFAULT)).start())
        {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
                other.address().getPort() + "/dashboard/unban?ip=10.0.0.1")).header("Authorization", "Bearer x")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void shouldStartEachStreamWithTheHistoryThenSendOneTickEventPerTick() throws Exception
    {
        clock.advanceSeconds(1);
        engine.tick();
        final HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.address().getPort() + "/api/v1/stream")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body())
        {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
            final List<String> events = new ArrayList<>();
            events.add(readEvent(in));
            events.add(readEvent(in));
            clock.advanceSeconds(1);
            engine.tick();
            events.add(readEvent(in));
            assertThat(events.get(0)).startsWith("retry: 2000\n\nevent: history\ndata: {\"columns\":[\"t\",");
            assertThat(events.get(1)).startsWith("event: attacks\ndata: []");
            assertThat(events.get(2)).startsWith("event: tick\ndata: {\"tick\":");
        }
    }

    @Test
    void shouldRefuseStreamsBeyondTheBound() throws Exception
    {
        final List<InputStream> open = new ArrayList<>();
        try
        {
            for (int i = 0; i < Dashboard.MAX_STREAMS; i++)
            {
                final HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/v1/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                open.add(response.body());
            }
            assertThat(call("GET", "/api/v1/stream", null).statusCode()).isEqualTo(503);
        }
        finally
        {
            for (final InputStream in : open)
            {
                in.close();
            }
        }
    }

    /** Read up to the end of one event: the history's retry line and event come as one block. */
    private static String readEvent(final InputStream in) throws Exception
    {
        final StringBuilder text = new StringBuilder();
        int blankLines = 0;
        int previous = -1;
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                return text.toString();
            }
            text.append((char)b);
            if (b == '\n' && previous == '\n')
            {
                blankLines++;
                final boolean retryOnly = text.toString().equals("retry: 2000\n\n");
                if (!retryOnly)
                {
                    return new String(text.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                }
            }
            previous = b;
        }
    }
}
