package io.fnm.examples.api;

import io.fnm.actions.api.OperatorApi;
import io.fnm.actions.kafka.KafkaClusterView;
import io.fnm.examples.http.RunnerHttpServer;

import java.net.InetSocketAddress;

/**
 * The runner's API server: a {@link RunnerHttpServer} on {@code api_host:api_port} with {@link OperatorApi} at
 * {@value ApiEndpoint#PATH_SPEC}; other pages (the dashboard) are added with {@link RunnerHttpServer#route} before it
 * starts.
 */
public final class OperatorView
{
    /** Open connections at most (100 polling clients fit). */
    public static final int MAX_CONNECTIONS = 256;
    /** The largest request body the API reads (a ban is a few dozen bytes). */
    public static final int MAX_BODY_BYTES = 8192;

    private OperatorView()
    {
    }

    /**
     * @param settings where to listen.
     * @param api      the API.
     * @return the server, not started.
     */
    public static RunnerHttpServer server(final ApiSettings settings, final OperatorApi api)
    {
        return server(settings, api, null);
    }

    /**
     * @param settings where to listen.
     * @param api      the API.
     * @param cluster  the cluster view of a Kafka engine, served at {@value ClusterApi#PREFIX}, or null.
     * @return the server, not started.
     */
    public static RunnerHttpServer server(final ApiSettings settings, final OperatorApi api,
        final KafkaClusterView cluster)
    {
        return new RunnerHttpServer(new InetSocketAddress(settings.host(), settings.port()),
            RunnerHttpServer.Limits.DEFAULT).maxConnections(MAX_CONNECTIONS)
            .route(ApiEndpoint.PATH_SPEC, new ApiEndpoint(api, new ClusterApi(cluster), MAX_BODY_BYTES));
    }
}
