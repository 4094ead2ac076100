package io.fnm.actions.bgp.internal;

import io.fnm.actions.bgp.BgpPeer;
import io.fnm.capture.Clock;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The BGP sessions of one action, all on one named thread that owns a {@link Selector}: it connects to every peer,
 * keeps the sessions up, and makes each converge on the shared {@link RouteTable}. Other threads only change the
 * table and call {@link #routesChanged()}, which wakes the selector and never blocks. {@link #close()} sends a Cease
 * to every open session and joins the thread.
 */
public final class BgpSpeaker implements AutoCloseable
{
    /** 1 while the session is Established. */
    public static final CounterDescriptor SESSION_UP = CounterDescriptor.gauge("bgp_session_up", "sessions",
        "1 while the BGP session to the peer is established", "action", "peer");
    /** Times the session reached Established. */
    public static final CounterDescriptor SESSIONS_ESTABLISHED = CounterDescriptor.counter(
        "bgp_sessions_established_total", "sessions", "Times the BGP session to the peer was established",
        "action", "peer");
    /** Routes announced to the peer (re-announcements after a reconnect or a route refresh included). */
    public static final CounterDescriptor ROUTES_ANNOUNCED = CounterDescriptor.counter(
        "bgp_routes_announced_total", "routes", "Routes announced to the peer", "action", "peer");
    /** Routes withdrawn from the peer. */
    public static final CounterDescriptor ROUTES_WITHDRAWN = CounterDescriptor.counter(
        "bgp_routes_withdrawn_total", "routes", "Routes withdrawn from the peer", "action", "peer");
    /** BGP messages sent. */
    public static final CounterDescriptor MESSAGES_SENT = CounterDescriptor.counter(
        "bgp_messages_sent_total", "messages", "BGP messages sent to the peer", "action", "peer");
    /** BGP messages received. */
    public static final CounterDescriptor MESSAGES_RECEIVED = CounterDescriptor.counter(
        "bgp_messages_received_total", "messages", "BGP messages received from the peer", "action", "peer");
    /** Sessions we closed because of an error (malformed message, unexpected message, hold timer, I/O error). */
    public static final CounterDescriptor ERRORS = CounterDescriptor.counter(
        "bgp_session_errors_total", "errors",
        "BGP sessions closed by an error: malformed or unexpected message, hold timer expiry, I/O error",
        "action", "peer");
    /** NOTIFICATIONs the peer sent us. */
    public static final CounterDescriptor NOTIFICATIONS_RECEIVED = CounterDescriptor.counter(
        "bgp_notifications_received_total", "messages", "NOTIFICATION messages received from the peer",
        "action", "peer");
    /** Failed connection attempts. */
    public static final CounterDescriptor CONNECT_FAILURES = CounterDescriptor.counter(
        "bgp_connect_failures_total", "connections", "Failed TCP connection attempts to the peer", "action", "peer");

    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeaker.class);
    private static final long MAX_SELECT_MILLIS = 1_000;

    private final RouteTable table;
    private final Clock clock;
    private final List<BgpSession> sessions = new ArrayList<>();
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Open the selector and start the thread; the first connections are attempted at once.
     *
     * @param peers             the neighbours.
     * @param familyBits        the families to offer ({@link BgpFamily#bit()} ORed).
     * @param table             the routes to announce.
     * @param clock             the clock (timers, backoff).
     * @param retryInitialNanos the first reconnection delay; doubled after each failure.
     * @param retryMaxNanos     the largest reconnection delay.
     * @param threadName        the thread's name.
     */
    public BgpSpeaker(final List<BgpPeer> peers, final int familyBits, final RouteTable table, final Clock clock,
        final long retryInitialNanos, final long retryMaxNanos, final String threadName)
    {
        this.table = table;
        this.clock = clock;
        final long now = clock.nanoTime();
        for (final BgpPeer peer : peers)
        {
            sessions.add(new BgpSession(peer, familyBits, retryInitialNanos, retryMaxNanos, now));
        }
        try
        {
            selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector for the BGP sessions", ex);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Tell the sessions the table changed. Never blocks.
     */
    public void routesChanged()
    {
        selector.wakeup();
    }

    private void run()
    {
        long version = -1;
        Map<BgpRoute, BgpRoute> snapshot = Map.of();
        while (running)
        {
            try
            {
                long now = clock.nanoTime();
                long next = now + TimeUnit.MILLISECONDS.toNanos(MAX_SELECT_MILLIS);
                for (final BgpSession session : sessions)
                {
                    final long due = session.tick(selector, now);
                    next = due - next < 0 ? due : next;
                }
                final long current = table.version();
                if (current != version)
                {
                    snapshot = table.snapshot();
                    version = current;
                }
                for (final BgpSession session : sessions)
                {
                    session.sync(snapshot, version, now);
                }
                final long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
                selector.select(Math.min(waitMillis, MAX_SELECT_MILLIS));
                now = clock.nanoTime();
                for (final SelectionKey key : selector.selectedKeys())
                {
                    ready(key, now);
                }
                selector.selectedKeys().clear();
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.error("BGP speaker loop: {}", ex.toString(), ex);
            }
        }
        final long now = clock.nanoTime();
        for (final BgpSession session : sessions)
        {
            session.shutdown(now);
        }
        try
        {
            selector.close();
        }
        catch (final IOException ex)
        {
            LOG.debug("BGP speaker: closing the selector: {}", ex.toString());
        }
    }

    private static void ready(final SelectionKey key, final long now)
    {
        final BgpSession session = (BgpSession)key.attachment();
        if (!key.isValid())
        {
            return;
        }
        if (key.isConnectable())
        {
            session.onConnectable(now);
            return;
        }
        if (key.isWritable())
        {
            session.onWritable(now);
        }
        if (key.isValid() && key.isReadable())
        {
            session.onReadable(now);
        }
    }

    /**
     * @param action the {@code action} label.
     * @param visitor receives one series per counter and peer.
     */
    public void counters(final String action, final CounterVisitor visitor)
    {
        for (final BgpSession session : sessions)
        {
            final String peer = session.peer().label();
            visitor.counter(SESSION_UP, action, peer, session.up());
            visitor.counter(SESSIONS_ESTABLISHED, action, peer, session.establishedCount());
            visitor.counter(ROUTES_ANNOUNCED, action, peer, session.announced());
            visitor.counter(ROUTES_WITHDRAWN, action, peer, session.withdrawn());
            visitor.counter(MESSAGES_SENT, action, peer, session.sent());
            visitor.counter(MESSAGES_RECEIVED, action, peer, session.received());
            visitor.counter(ERRORS, action, peer, session.errors());
            visitor.counter(NOTIFICATIONS_RECEIVED, action, peer, session.notificationsReceived());
            visitor.counter(CONNECT_FAILURES, action, peer, session.connectFailures());
        }
    }

    /**
     * @return the number of sessions Established now.
     */
    public int sessionsUp()
    {
        int count = 0;
        for (final BgpSession session : sessions)
        {
            count += session.up();
        }
        return count;
    }

    /**
     * @return the speaker thread (tests check it ends).
     */
    public Thread thread()
    {
        return thread;
    }

    /**
     * Send a Cease to every open session, close the sockets and join the thread (at most 5 s).
     */
    @Override
    public void close()
    {
        running = false;
        selector.wakeup();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            LOG.warn("BGP speaker thread {} still running 5 s after close", thread.getName());
        }
    }
}
