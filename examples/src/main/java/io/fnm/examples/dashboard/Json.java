package io.fnm.examples.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.UncheckedIOException;

/** JSON through Jackson for the dashboard's answers and events. */
final class Json
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json()
    {
    }

    /**
     * @return a new empty object.
     */
    static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    /**
     * @param node a tree.
     * @return its compact text (one line).
     */
    static String write(final JsonNode node)
    {
        try
        {
            return MAPPER.writeValueAsString(node);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Answer with a JSON body.
     *
     * @param response the response.
     * @param callback completed once written.
     * @param status   the HTTP status.
     * @param body     the body.
     */
    static void send(final Response response, final Callback callback, final int status, final JsonNode body)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, write(body) + "\n", callback);
    }

    /**
     * Answer with {@code {"error": message}}.
     *
     * @param response the response.
     * @param callback completed once written.
     * @param status   the HTTP status (4xx or 5xx).
     * @param message  what went wrong, for a person.
     */
    static void error(final Response response, final Callback callback, final int status, final String message)
    {
        send(response, callback, status, object().put("error", message));
    }
}
