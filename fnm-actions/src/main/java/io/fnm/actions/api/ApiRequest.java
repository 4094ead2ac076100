package io.fnm.actions.api;

import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as {@link OperatorApi} sees it, whatever server received it.
 *
 * @param method        the HTTP method, upper case.
 * @param path          the decoded path, such as {@code /api/v1/bans/203.0.113.7}.
 * @param query         the query parameters (first value of each).
 * @param authorization the {@code Authorization} header, or null.
 * @param body          the request body (empty when none); the server bounds its size.
 */
public record ApiRequest(String method, String path, Map<String, String> query, String authorization, byte[] body)
{
    /**
     * @param method        the HTTP method, upper case.
     * @param path          the decoded path.
     * @param query         the query parameters.
     * @param authorization the {@code Authorization} header, or null.
     * @param body          the request body.
     */
    public ApiRequest
    {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    /**
     * @param method the HTTP method.
     * @param path   the path.
     * @return a request without query, token or body.
     */
    public static ApiRequest of(final String method, final String path)
    {
        return new ApiRequest(method, path, Map.of(), null, null);
    }
}
