package io.fnm.examples.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerHttpServerTest
{
    private static final long IDLE_MILLIS = 1_500;

    private final List<Socket> sockets = new ArrayList<>();
    private RunnerHttpServer server;

    @AfterEach
    void stop() throws IOException
    {
        for (final Socket socket : sockets)
        {
            socket.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    @Timeout(30)
    void shouldAnswerAScrapePromptlyWhileSlowClientsHoldPartialRequests() throws Exception
    {
        start(new RunnerHttpServer.Limits(4, 16, 10_000, 8192, 65_536, 64));
        assertThat(get("/ok").statusCode()).isEqualTo(200); // the client's own start-up is not measured
        for (int i = 0; i < 20; i++)
        {
            final Socket slow = connect();
            slow.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: x\r\nUser-Ag".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
        }

        final long started = System.nanoTime();
        final HttpResponse<String> response = get("/ok");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    @Timeout(30)
    void shouldCloseAConnectionHoldingAPartialRequestAfterTheIdleTimeout() throws Exception
    {
        start(new RunnerHttpServer.Limits(4, 16, IDLE_MILLIS, 8192, 65_536, 64));
        final Socket slow = connect();
        slow.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.setSoTimeout((int)IDLE_MILLIS * 4);
        final long started = System.nanoTime();

        final InputStream in = slow.getInputStream();
        final byte[] answer = in.readAllBytes(); // until the server closes the connection

        final long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsed).isBetween(IDLE_MILLIS - 200, IDLE_MILLIS * 3);
        assertThat(new String(answer, StandardCharsets.US_ASCII)).doesNotContain("ok");
    }

    @Test
    @Timeout(30)
    void shouldRefuseHeadersOverTheLimit() throws Exception
    {
        start(new RunnerHttpServer.Limits(4, 16, IDLE_MILLIS, 4096, 65_536, 64));

        final String answer = raw("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(8192) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431 ");
    }

    @Test
    @Timeout(30)
    void shouldRefuseABodyOverTheLimit() throws Exception
    {
        start(new RunnerHttpServer.Limits(4, 16, IDLE_MILLIS, 8192, 1024, 64));

        final String answer = raw("POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n" +
            "b".repeat(4096));

        assertThat(answer).startsWith("HTTP/1.1 413 ");
    }

    @Test
    @Timeout(30)
    void shouldAnswer404ForAPathWithNoRoute() throws Exception
    {
        start(RunnerHttpServer.Limits.DEFAULT);

        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    private void start(final RunnerHttpServer.Limits limits) throws IOException
    {
        server = new RunnerHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits)
            .route("/ok", new Handler.Abstract.NonBlocking()
            {
                @Override
                public boolean handle(final Request request, final Response response, final Callback callback)
                {
                    Content.Sink.write(response, true, "ok", callback);
                    return true;
                }
            }).start();
    }

    private Socket connect() throws IOException
    {
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
        sockets.add(socket);
        return socket;
    }

    private String raw(final String request) throws IOException
    {
        final Socket socket = connect();
        socket.setSoTimeout(5_000);
        final OutputStream out = socket.getOutputStream();
        try
        {
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        catch (final IOException closedEarly)
        {
            // the server may answer and close before reading all we send
        }
        final byte[] buffer = new byte[512];
        final int n = socket.getInputStream().read(buffer);
        return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() +
            path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
