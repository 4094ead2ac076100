package io.fnm.examples.api;

import io.fnm.actions.api.ApiRequest;
import io.fnm.actions.api.ApiResponse;
import io.fnm.actions.api.OperatorApi;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Jetty 12 adapter of {@link OperatorApi}, routed at {@code /api/v1/*}: it turns the request into an
 * {@link ApiRequest} (the body read asynchronously, at most {@code maxBodyBytes}) and writes the
 * {@link ApiResponse}. A body too large is a 413 and a malformed query a 400, both as JSON. Paths under
 * {@value ClusterApi#PREFIX} go to the {@link ClusterApi} (a 404 when the runner is not a Kafka engine).
 */
public final class ApiEndpoint extends Handler.Abstract.NonBlocking
{
    /** The path spec to route it at. */
    public static final String PATH_SPEC = OperatorApi.PREFIX + "/*";

    private final OperatorApi api;
    private final ClusterApi cluster;
    private final int maxBodyBytes;

    /**
     * @param api          the API.
     * @param maxBodyBytes the largest body read.
     */
    public ApiEndpoint(final OperatorApi api, final int maxBodyBytes)
    {
        this(api, new ClusterApi(null), maxBodyBytes);
    }

    /**
     * @param api          the API.
     * @param cluster      the cluster's part of the API.
     * @param maxBodyBytes the largest body read.
     */
    public ApiEndpoint(final OperatorApi api, final ClusterApi cluster, final int maxBodyBytes)
    {
        this.api = Objects.requireNonNull(api, "api");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback)
    {
        final String method = request.getMethod();
        final String path = request.getHttpURI().getDecodedPath();
        final String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        final Map<String, String> query = new HashMap<>();
        try
        {
            final Fields fields = Request.extractQueryParameters(request);
            for (final String name : fields.getNames())
            {
                query.put(name, fields.getValue(name));
            }
        }
        catch (final RuntimeException ex)
        {
            write(response, callback, ApiResponse.error(400, "malformed query string"));
            return true;
        }
        if (request.getLength() > maxBodyBytes)
        {
            write(response, callback, tooLarge());
            return true;
        }
        if (ClusterApi.owns(path))
        {
            write(response, callback, cluster.handle(new ApiRequest(method, path, query, authorization, null)));
            return true;
        }
        if (!"POST".equals(method))
        {
            write(response, callback, api.handle(new ApiRequest(method, path, query, authorization, null)));
            return true;
        }
        Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, failure) ->
        {
            if (failure != null)
            {
                write(response, callback, tooLarge());
            }
            else
            {
                write(response, callback, api.handle(new ApiRequest(method, path, query, authorization, body)));
            }
        });
        return true;
    }

    private ApiResponse tooLarge()
    {
        return ApiResponse.error(413, "the body is larger than " + maxBodyBytes + " bytes");
    }

    private static void write(final Response response, final Callback callback, final ApiResponse answer)
    {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, answer.json(), callback);
    }
}
