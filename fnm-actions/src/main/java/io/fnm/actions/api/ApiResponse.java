package io.fnm.actions.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.json.AttackJson;

/**
 * What {@link OperatorApi} answers: an HTTP status and a JSON document (content type {@link #CONTENT_TYPE}).
 *
 * @param status the HTTP status.
 * @param json   the body, compact JSON.
 */
public record ApiResponse(int status, String json)
{
    /** The content type of every answer. */
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    /**
     * @param status a 4xx or 5xx status.
     * @param message what went wrong, for a person.
     * @return {@code {"status": status, "error": message}}.
     */
    public static ApiResponse error(final int status, final String message)
    {
        final ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", status);
        node.put("error", message);
        return new ApiResponse(status, AttackJson.write(node));
    }
}
