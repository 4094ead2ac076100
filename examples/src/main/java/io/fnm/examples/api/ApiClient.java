package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.actions.json.AttackJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The operator API's client ({@code fnm api}, {@code fnm top}) on {@link HttpClient}: every answer that is not a
 * 2xx becomes an {@link ApiException} carrying the server's message.
 */
public final class ApiClient
{
    /** Where the runner's API listens by default. */
    public static final String DEFAULT_URL = "http://" + ApiSettings.DEFAULT_HOST + ':' + ApiSettings.DEFAULT_PORT;

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param url   the server, such as {@code http://127.0.0.1:9210} (a trailing {@code /api/v1} is accepted).
     * @param token the bearer token, or null.
     */
    public ApiClient(final String url, final String token)
    {
        String u = Objects.requireNonNull(url, "url").strip();
        while (u.endsWith("/"))
        {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith("/api/v1"))
        {
            u = u.substring(0, u.length() - "/api/v1".length());
        }
        this.base = URI.create(u);
        if (base.getScheme() == null || base.getHost() == null)
        {
            throw new IllegalArgumentException("'" + url + "' is not an http:// URL");
        }
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /**
     * @param file a file holding the token on one line, or null.
     * @return the token, or null when no file was given.
     * @throws IOException when it cannot be read.
     */
    public static String readToken(final Path file) throws IOException
    {
        return file == null ? null : Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /**
     * @param pathAndQuery below {@code /api/v1}, such as {@code /top?n=5}.
     * @return the answer.
     * @throws ApiException on an error answer or when the server cannot be reached.
     */
    public JsonNode get(final String pathAndQuery) throws ApiException
    {
        return send("GET", pathAndQuery, null);
    }

    /**
     * @param method       the method.
     * @param pathAndQuery below {@code /api/v1}.
     * @param body         a JSON body, or null.
     * @return the answer.
     * @throws ApiException on an error answer or when the server cannot be reached.
     */
    public JsonNode send(final String method, final String pathAndQuery, final String body) throws ApiException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1" + pathAndQuery))
            .timeout(Duration.ofSeconds(5))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null)
        {
            request.header("Content-Type", "application/json");
        }
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        final HttpResponse<String> response;
        try
        {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new ApiException(0, "cannot reach " + base + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        final JsonNode json;
        try
        {
            json = AttackJson.read(response.body());
        }
        catch (final RuntimeException ex)
        {
            throw new ApiException(response.statusCode(), "HTTP " + response.statusCode() + " without JSON from " +
                base);
        }
        if (response.statusCode() / 100 != 2)
        {
            throw new ApiException(response.statusCode(), json.path("error").asText("HTTP " +
                response.statusCode()));
        }
        return json;
    }

    /** An error answer, or no answer (status 0). */
    public static final class ApiException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final int status;

        /**
         * @param status  the HTTP status, 0 when there was no answer.
         * @param message the server's message.
         */
        public ApiException(final int status, final String message)
        {
            super(message);
            this.status = status;
        }

        /**
         * @return the HTTP status, 0 when there was no answer.
         */
        public int status()
        {
            return status;
        }
    }
}
