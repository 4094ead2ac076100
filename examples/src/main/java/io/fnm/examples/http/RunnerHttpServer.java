package io.fnm.examples.http;

import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The runner's HTTP server on Jetty 12's core API (no servlets), built to stay answerable when clients misbehave:
 * <ul>
 * <li>a bounded thread pool ({@link Limits#maxThreads()}, with a bounded job queue): connections wait in the
 *     selector, not on threads, so a client sending half a request holds no thread;</li>
 * <li>an idle timeout ({@link Limits#idleTimeoutMillis()}): a connection that sends nothing for that long, a partial
 *     request included, is closed;</li>
 * <li>bounded requests: headers ({@link Limits#maxHeaderBytes()}, else 431) and body ({@link Limits#maxBodyBytes()},
 *     else 413).</li>
 * </ul>
 * Endpoints are Jetty {@link Handler}s added by path with {@link #route(String, Handler)} before {@link #start()};
 * {@code /metrics} is one, the operator API and dashboard are meant to be others.
 */
public final class RunnerHttpServer implements AutoCloseable
{
    private final Server server;
    private final ServerConnector connector;
    private final PathMappingsHandler routes = new PathMappingsHandler();

    /**
     * @param address where to listen.
     * @param limits  the bounds.
     */
    public RunnerHttpServer(final InetSocketAddress address, final Limits limits)
    {
        Objects.requireNonNull(address, "address");
        final QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(2, limits.maxThreads()),
            60_000, new BlockingArrayQueue<>(limits.maxQueuedJobs()));
        threads.setName("fnm-http");
        threads.setDaemon(true);
        server = new Server(threads);
        final HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeoutMillis());
        connector.setAcceptQueueSize(limits.acceptQueue());
        server.addConnector(connector);
        final SizeLimitHandler sizeLimit = new SizeLimitHandler(limits.maxBodyBytes(), -1);
        sizeLimit.setHandler(routes);
        server.setHandler(sizeLimit);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(1_000);
    }

    /**
     * @param path    an exact path such as {@code /metrics}, or a prefix such as {@code /api/*}.
     * @param handler what answers it.
     * @return this server.
     */
    public RunnerHttpServer route(final String path, final Handler handler)
    {
        routes.addMapping(PathSpec.from(path), handler);
        return this;
    }

    /**
     * Bound the open connections: past {@code max}, the server stops accepting until one closes (they wait in the
     * listen backlog).
     *
     * @param max the most open connections.
     * @return this server.
     */
    public RunnerHttpServer maxConnections(final int max)
    {
        server.addBean(new NetworkConnectionLimit(max, connector));
        return this;
    }

    /**
     * @return this server, listening.
     * @throws IOException when it cannot listen (port taken, address not local...).
     */
    public RunnerHttpServer start() throws IOException
    {
        try
        {
            server.start();
            return this;
        }
        catch (final IOException ex)
        {
            close();
            throw ex;
        }
        catch (final Exception ex)
        {
            close();
            throw new IOException("cannot start the HTTP server on " + connector.getHost() + ':' +
                connector.getPort() + ": " + ex, ex);
        }
    }

    /**
     * @return the address it listens on (the real port when 0 was asked for).
     */
    public InetSocketAddress address()
    {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /**
     * Stop listening, close connections and join the threads (within about a second).
     */
    @Override
    public void close()
    {
        try
        {
            server.stop();
        }
        catch (final Exception ex)
        {
            // stopping is best effort: the threads are daemons
        }
    }

    /**
     * The server's bounds.
     *
     * @param maxThreads        threads serving requests, acceptor and selector included.
     * @param maxQueuedJobs     jobs waiting for a thread before new work is refused.
     * @param idleTimeoutMillis a connection silent this long (mid-request too) is closed.
     * @param maxHeaderBytes    the largest request line plus headers.
     * @param maxBodyBytes      the largest request body.
     * @param acceptQueue       the listen backlog.
     */
    public record Limits(int maxThreads, int maxQueuedJobs, long idleTimeoutMillis, int maxHeaderBytes,
        long maxBodyBytes, int acceptQueue)
    {
        /** The runner's: 8 threads, 64 queued jobs, 10 s idle, 8 KiB of headers, 64 KiB of body, backlog 64. */
        public static final Limits DEFAULT = new Limits(8, 64, 10_000, 8192, 65_536, 64);
    }
}
