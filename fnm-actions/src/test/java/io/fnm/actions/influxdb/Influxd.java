package io.fnm.actions.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.capture.testkit.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A real influxd 1.x (Debian's influxdb) on loopback with its meta, data and WAL in a test directory, usage
 * reporting off; and its HTTP {@code /query} to read back what was written.
 */
final class Influxd implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final ServerProcess process;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Influxd(final Path dir, final boolean auth) throws IOException
    {
        DebianPackages.require("/usr/bin/influxd", "influxdb");
        this.port = ServerProcess.freePort();
        final Path config = dir.resolve("influxdb.conf");
        Files.writeString(config, String.join("\n",
            "reporting-disabled = true",
            "bind-address = \"127.0.0.1:" + ServerProcess.freePort() + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  query-log-enabled = false",
            "[http]",
            "  enabled = true",
            "  bind-address = \"127.0.0.1:" + port + "\"",
            "  log-enabled = false",
            "  auth-enabled = " + auth,
            "[monitor]",
            "  store-enabled = false",
            ""), StandardCharsets.UTF_8);
        this.process = ServerProcess.start("influxd", dir, List.of("/usr/bin/influxd", "-config", config.toString()))
            .awaitPort(port, Duration.ofSeconds(60));
    }

    int port()
    {
        return port;
    }

    /**
     * @param database the database, or null.
     * @param query    InfluxQL.
     * @param user     user for Basic authentication, or null.
     * @param password its password.
     * @return the JSON answer.
     */
    JsonNode query(final String database, final String query, final String user, final String password)
        throws IOException, InterruptedException
    {
        final String uri = "http://127.0.0.1:" + port + "/query?" + (database == null ? "" : "db=" +
            URLEncoder.encode(database, StandardCharsets.UTF_8) + "&") + "q=" +
            URLEncoder.encode(query, StandardCharsets.UTF_8);
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody());
        if (user != null)
        {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ':' + password).getBytes(StandardCharsets.UTF_8)));
        }
        final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    String log()
    {
        return process.logTail();
    }

    @Override
    public void close()
    {
        process.close();
    }
}
