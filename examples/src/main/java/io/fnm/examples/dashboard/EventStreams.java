package io.fnm.examples.dashboard;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/stream}: Server-Sent Events, one long-lived response per page carrying every live figure. No
 * thread is held per client: the handler returns at once and each event is an asynchronous write; a client that
 * reads slower than {@value #MAX_QUEUED} events behind is dropped (the page reconnects and gets the history again).
 * At most {@code maxStreams} streams are open at once; more get 503. A client gone is noticed at its next write (one
 * per tick), so the server's idle timeout does not end a quiet stream.
 */
final class EventStreams extends Handler.Abstract.NonBlocking
{
    /** Events waiting per client before it is dropped as too slow. */
    static final int MAX_QUEUED = 16;

    private final int maxStreams;
    private final Supplier<String> greeting;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param maxStreams the most streams open at once.
     * @param greeting   the events a new stream starts with (the history and the latest state).
     */
    EventStreams(final int maxStreams, final Supplier<String> greeting)
    {
        this.maxStreams = maxStreams;
        this.greeting = greeting;
    }

    /**
     * @param name the event's name.
     * @param json its data, one line of JSON.
     * @return the event in the text/event-stream format.
     */
    static String event(final String name, final String json)
    {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback)
    {
        if (!HttpMethod.GET.is(request.getMethod()))
        {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            Json.error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET");
            return true;
        }
        if (reserved.incrementAndGet() > maxStreams)
        {
            reserved.decrementAndGet();
            refused.incrementAndGet();
            Json.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                "too many dashboard streams open (" + maxStreams + ")");
            return true;
        }
        final Stream stream = new Stream(response, callback);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        request.addFailureListener(stream::fail);
        request.addIdleTimeoutListener(timeout -> false);
        // the greeting is queued before the stream can hear a broadcast, so it always comes first
        stream.send("retry: 2000\n\n" + greeting.get());
        streams.add(stream);
        if (stream.isClosed())
        {
            streams.remove(stream);
        }
        return true;
    }

    /**
     * Send an event to every open stream.
     *
     * @param event text from {@link #event(String, String)}.
     */
    void broadcast(final String event)
    {
        for (final Stream stream : streams)
        {
            stream.send(event);
        }
    }

    /**
     * @return streams open now.
     */
    int open()
    {
        return reserved.get();
    }

    /**
     * @return streams refused because {@code maxStreams} were open.
     */
    long refused()
    {
        return refused.get();
    }

    /**
     * @return streams dropped because their client read too slowly.
     */
    long dropped()
    {
        return dropped.get();
    }

    /**
     * End every stream.
     */
    void closeAll()
    {
        for (final Stream stream : streams)
        {
            stream.end();
        }
    }

    /** One client's response and the events waiting for it; one write in flight at a time. */
    private final class Stream
    {
        private final Response response;
        private final Callback done;
        private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(MAX_QUEUED);
        private boolean writing;
        private boolean closed;

        Stream(final Response response, final Callback done)
        {
            this.response = response;
            this.done = done;
        }

        synchronized void send(final String event)
        {
            if (closed)
            {
                return;
            }
            if (queue.size() >= MAX_QUEUED)
            {
                dropped.incrementAndGet();
                fail(new IOException("dashboard client too slow: " + MAX_QUEUED + " events behind"));
                return;
            }
            queue.addLast(ByteBuffer.wrap(event.getBytes(StandardCharsets.UTF_8)));
            if (!writing)
            {
                writeNext();
            }
        }

        private synchronized void writeNext()
        {
            final ByteBuffer next = queue.pollFirst();
            if (next == null || closed)
            {
                writing = false;
                return;
            }
            writing = true;
            response.write(false, next, Callback.from(this::writeNext, this::fail));
        }

        synchronized boolean isClosed()
        {
            return closed;
        }

        synchronized void fail(final Throwable cause)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            queue.clear();
            streams.remove(this);
            reserved.decrementAndGet();
            done.failed(cause);
        }

        synchronized void end()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            queue.clear();
            streams.remove(this);
            reserved.decrementAndGet();
            if (writing)
            {
                done.failed(new IOException("server stopping"));
            }
            else
            {
                response.write(true, BufferUtil.EMPTY_BUFFER, done);
            }
        }
    }
}
