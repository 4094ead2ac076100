package io.fnm.actions.bgp.internal;

import io.fnm.actions.bgp.BgpPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One BGP session, driven by {@link BgpSpeaker}'s selector thread only (its counters are read from others): the
 * RFC 4271 §8 state machine cut to the active side (Idle, Connect, OpenSent, OpenConfirm, Established), hold and
 * keepalive timers, reconnection with exponential backoff, and convergence of what it has announced (its
 * Adj-RIB-Out) on the {@link RouteTable}.
 * <p>
 * Everything received is decoded defensively: a malformed or unexpected message is answered with a NOTIFICATION, the
 * session is closed and the error counted; no exception leaves {@link #onReadable}.
 */
final class BgpSession
{
    private static final Logger LOG = LoggerFactory.getLogger(BgpSession.class);
    /** Hold time before the peer's OPEN arrives (RFC 4271 §8.2.2 suggests 4 minutes). */
    private static final long LARGE_HOLD_NANOS = TimeUnit.MINUTES.toNanos(4);
    private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BUFFER_BYTES = 4 * BgpHeader.MAX_MESSAGE_LENGTH;

    /** Session states. */
    enum State
    {
        IDLE, CONNECT, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED
    }

    private final BgpPeer peer;
    private final int offeredFamilies;
    private final long retryInitialNanos;
    private final long retryMaxNanos;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
    private final ByteBuffer out = ByteBuffer.allocate(BUFFER_BYTES);
    private final BgpError error = new BgpError();
    private final BgpOpen open = new BgpOpen();
    private final BgpUpdate update = BgpUpdate.decoder();
    private final BgpNotification notification = new BgpNotification();
    private final BgpRouteRefresh refresh = new BgpRouteRefresh();
    private final Map<BgpRoute, BgpRoute> advertised = new HashMap<>();

    private State state = State.IDLE;
    private SocketChannel channel;
    private SelectionKey key;
    private long nextConnectNanos;
    private long connectDeadlineNanos;
    private long holdDeadlineNanos;
    private long keepaliveDueNanos;
    private long holdNanos;
    private int families;
    private boolean fourOctetAs;
    private byte[] selfNextHop4 = new byte[4];
    private int failures;
    private boolean syncNeeded;
    private long syncedVersion = -1;
    private boolean shuttingDown;

    private volatile int up;
    private volatile long establishedCount;
    private volatile long announced;
    private volatile long withdrawn;
    private volatile long sent;
    private volatile long received;
    private volatile long errors;
    private volatile long notificationsReceived;
    private volatile long connectFailures;

    /**
     * @param peer              the neighbour.
     * @param offeredFamilies   the families to offer in OPEN.
     * @param retryInitialNanos the first reconnection delay.
     * @param retryMaxNanos     the largest reconnection delay.
     * @param nowNanos          the clock now; the first connection is attempted at once.
     */
    BgpSession(final BgpPeer peer, final int offeredFamilies, final long retryInitialNanos, final long retryMaxNanos,
        final long nowNanos)
    {
        this.peer = peer;
        this.offeredFamilies = offeredFamilies;
        this.retryInitialNanos = retryInitialNanos;
        this.retryMaxNanos = retryMaxNanos;
        this.nextConnectNanos = nowNanos;
    }

    /**
     * Fire what is due: a connection attempt, a connect timeout, the hold timer, a keepalive.
     *
     * @param selector the speaker's selector.
     * @param now      the clock now.
     * @return when this session next needs {@code tick}, clock nanos.
     */
    long tick(final Selector selector, final long now)
    {
        switch (state)
        {
            case IDLE ->
            {
                if (now - nextConnectNanos >= 0)
                {
                    connect(selector, now);
                }
            }
            case CONNECT ->
            {
                if (now - connectDeadlineNanos >= 0)
                {
                    connectFailed("connect timed out", now);
                }
            }
            default ->
            {
                if (now - holdDeadlineNanos >= 0)
                {
                    fail(BgpError.HOLD_TIMER_EXPIRED, 0, "hold timer expired", now);
                }
                else if (state != State.OPEN_SENT && holdNanos > 0 && now - keepaliveDueNanos >= 0)
                {
                    sendKeepalive(now);
                }
            }
        }
        return nextDeadline();
    }

    private long nextDeadline()
    {
        return switch (state)
        {
            case IDLE -> nextConnectNanos;
            case CONNECT -> connectDeadlineNanos;
            case OPEN_SENT -> holdDeadlineNanos;
            default -> holdNanos > 0 && keepaliveDueNanos - holdDeadlineNanos < 0 ? keepaliveDueNanos :
                holdDeadlineNanos;
        };
    }

    private void connect(final Selector selector, final long now)
    {
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            if (peer.localAddress() != null)
            {
                channel.bind(new InetSocketAddress(peer.localAddress(), 0));
            }
            state = State.CONNECT;
            connectDeadlineNanos = now + CONNECT_TIMEOUT_NANOS;
            if (channel.connect(new InetSocketAddress(peer.address(), peer.port())))
            {
                key = channel.register(selector, SelectionKey.OP_READ, this);
                connected(now);
            }
            else
            {
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            connectFailed(ex.toString(), now);
        }
    }

    /**
     * The channel is connectable: finish the connection and send OPEN.
     *
     * @param now the clock now.
     */
    void onConnectable(final long now)
    {
        try
        {
            if (channel.finishConnect())
            {
                key.interestOps(SelectionKey.OP_READ);
                connected(now);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            connectFailed(ex.toString(), now);
        }
    }

    private void connected(final long now) throws IOException
    {
        final InetSocketAddress local = (InetSocketAddress)channel.getLocalAddress();
        selfNextHop4 = local.getAddress() instanceof Inet4Address ? local.getAddress().getAddress() : new byte[4];
        in.clear();
        out.clear();
        BgpOpen.encode(out, peer.localAs(), peer.holdTimeSeconds(), toInt(peer.routerId().getAddress()),
            offeredFamilies);
        sent++;
        state = State.OPEN_SENT;
        holdDeadlineNanos = now + LARGE_HOLD_NANOS;
        LOG.debug("BGP {}: connected, OPEN sent", peer.label());
        flush(now);
    }

    private void connectFailed(final String why, final long now)
    {
        connectFailures++;
        LOG.debug("BGP {}: connect failed: {}", peer.label(), why);
        closeChannel(now);
    }

    /**
     * The channel is readable: read and handle every complete message.
     *
     * @param now the clock now.
     */
    void onReadable(final long now)
    {
        try
        {
            final int read = channel.read(in);
            if (read < 0)
            {
                LOG.warn("BGP {}: the peer closed the connection in state {}", peer.label(), state);
                closeChannel(now);
                return;
            }
            in.flip();
            while (in.remaining() >= BgpHeader.LENGTH && channel != null)
            {
                final int at = in.position();
                error.clear();
                if (!BgpHeader.validate(in, at, error))
                {
                    fail(error, "bad message header", now);
                    return;
                }
                final int length = BgpHeader.length(in, at);
                if (in.remaining() < length)
                {
                    break;
                }
                received++;
                handle(BgpHeader.type(in, at), at, now);
                if (channel == null)
                {
                    return;
                }
                in.position(at + length);
            }
            if (channel != null)
            {
                in.compact();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            errors++;
            LOG.warn("BGP {}: connection lost: {}", peer.label(), ex.toString());
            closeChannel(now);
        }
    }

    private void handle(final int type, final int at, final long now)
    {
        if (type == BgpHeader.NOTIFICATION)
        {
            notification.wrap(in, at);
            notificationsReceived++;
            LOG.warn("BGP {}: NOTIFICATION received in state {}: {}", peer.label(), state,
                BgpNotification.describe(notification.code(), notification.subcode()));
            closeChannel(now);
            return;
        }
        if (state != State.OPEN_SENT && holdNanos > 0)
        {
            holdDeadlineNanos = now + holdNanos;
        }
        switch (state)
        {
            case OPEN_SENT -> onOpenSent(type, at, now);
            case OPEN_CONFIRM -> onOpenConfirm(type, now);
            case ESTABLISHED -> onEstablished(type, at, now);
            default -> fail(BgpError.FSM, 0, "message in state " + state, now);
        }
    }

    private void onOpenSent(final int type, final int at, final long now)
    {
        if (type != BgpHeader.OPEN)
        {
            fail(BgpError.FSM, BgpError.FSM_IN_OPEN_SENT, BgpHeader.typeName(type) + " before OPEN", now);
            return;
        }
        error.clear();
        if (!open.wrap(in, at, peer.peerAs(), error))
        {
            fail(error, "unacceptable OPEN", now);
            return;
        }
        families = offeredFamilies & open.families();
        fourOctetAs = open.fourOctetAs();
        final int holdSeconds = Math.min(peer.holdTimeSeconds(), open.holdTimeSeconds());
        holdNanos = TimeUnit.SECONDS.toNanos(holdSeconds);
        holdDeadlineNanos = holdNanos > 0 ? now + holdNanos : Long.MAX_VALUE / 2 + now;
        state = State.OPEN_CONFIRM;
        sendKeepalive(now);
    }

    private void onOpenConfirm(final int type, final long now)
    {
        if (type != BgpHeader.KEEPALIVE)
        {
            fail(BgpError.FSM, BgpError.FSM_IN_OPEN_CONFIRM, BgpHeader.typeName(type) + " in OpenConfirm", now);
            return;
        }
        state = State.ESTABLISHED;
        up = 1;
        establishedCount++;
        failures = 0;
        advertised.clear();
        syncNeeded = true;
        LOG.info("BGP {}: session established (AS{}, hold {} s, families {})", peer.label(), open.peerAs(),
            TimeUnit.NANOSECONDS.toSeconds(holdNanos), familyNames(families));
    }

    private void onEstablished(final int type, final int at, final long now)
    {
        switch (type)
        {
            case BgpHeader.KEEPALIVE ->
            {
                // the hold timer was restarted above
            }
            case BgpHeader.UPDATE ->
            {
                error.clear();
                if (!update.validate(in, at, error))
                {
                    fail(error, "malformed UPDATE", now);
                }
            }
            case BgpHeader.ROUTE_REFRESH ->
            {
                error.clear();
                if (!refresh.wrap(in, at, error))
                {
                    fail(error, "malformed ROUTE-REFRESH", now);
                    return;
                }
                final BgpFamily family = BgpFamily.of(refresh.afi(), refresh.safi());
                if (family != null && (families & family.bit()) != 0 && refresh.subtype() == 0)
                {
                    advertised.keySet().removeIf(route -> route.family() == family);
                    syncNeeded = true;
                    LOG.info("BGP {}: ROUTE-REFRESH for {}: sending the table again", peer.label(), family.text());
                }
            }
            default -> fail(BgpError.FSM, BgpError.FSM_IN_ESTABLISHED, BgpHeader.typeName(type) + " in Established",
                now);
        }
    }

    /**
     * Converge what this session has announced on the table: announce what is new or changed, then withdraw what
     * is gone (make before break). Stops when the output buffer is full and goes on at the next call.
     *
     * @param table   the desired routes.
     * @param version the table's version they belong to.
     * @param now     the clock now.
     */
    void sync(final Map<BgpRoute, BgpRoute> table, final long version, final long now)
    {
        if (state != State.ESTABLISHED || (!syncNeeded && version == syncedVersion))
        {
            return;
        }
        boolean complete = true;
        for (final BgpRoute route : table.values())
        {
            if ((families & route.family().bit()) == 0)
            {
                continue;
            }
            final BgpRoute current = advertised.get(route);
            if (current == null || !current.sameAttributes(route))
            {
                if (out.remaining() < BgpHeader.MAX_MESSAGE_LENGTH)
                {
                    complete = false;
                    break;
                }
                BgpUpdate.encodeAnnounce(out, route, peer.localAs(), peer.ibgp(), fourOctetAs, selfNextHop4);
                advertised.put(route, route);
                sent++;
                announced++;
            }
        }
        final List<BgpRoute> gone = new ArrayList<>();
        for (final BgpRoute route : advertised.keySet())
        {
            if (!table.containsKey(route))
            {
                gone.add(route);
            }
        }
        for (final BgpRoute route : gone)
        {
            if (!complete || out.remaining() < BgpHeader.MAX_MESSAGE_LENGTH)
            {
                complete = false;
                break;
            }
            BgpUpdate.encodeWithdraw(out, route);
            advertised.remove(route);
            sent++;
            withdrawn++;
        }
        syncNeeded = !complete;
        syncedVersion = version;
        flush(now);
    }

    /**
     * The channel is writable: write what is pending.
     *
     * @param now the clock now.
     */
    void onWritable(final long now)
    {
        flush(now);
    }

    private void sendKeepalive(final long now)
    {
        if (out.remaining() >= BgpHeader.LENGTH)
        {
            BgpKeepalive.encode(out);
            sent++;
        }
        keepaliveDueNanos = now + holdNanos / 3;
        flush(now);
    }

    private void flush(final long now)
    {
        if (channel == null)
        {
            return;
        }
        try
        {
            out.flip();
            channel.write(out);
            out.compact();
            final int ops = out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (key.isValid() && key.interestOps() != ops)
            {
                key.interestOps(ops);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            errors++;
            LOG.warn("BGP {}: write failed: {}", peer.label(), ex.toString());
            closeChannel(now);
        }
    }

    private void fail(final BgpError cause, final String why, final long now)
    {
        fail(cause.code(), cause.subcode(), cause.data(), why, now);
    }

    private void fail(final int code, final int subcode, final String why, final long now)
    {
        fail(code, subcode, new byte[0], why, now);
    }

    private void fail(final int code, final int subcode, final byte[] data, final String why, final long now)
    {
        errors++;
        LOG.warn("BGP {}: {} in state {}; sending NOTIFICATION {} and closing", peer.label(), why, state,
            BgpNotification.describe(code, subcode));
        sendNotificationAndClose(code, subcode, data, now);
    }

    private void sendNotificationAndClose(final int code, final int subcode, final byte[] data, final long now)
    {
        if (channel != null && state != State.CONNECT && state != State.IDLE)
        {
            out.clear();
            BgpNotification.encode(out, code, subcode, data);
            sent++;
            out.flip();
            try
            {
                channel.write(out);
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.debug("BGP {}: NOTIFICATION not sent: {}", peer.label(), ex.toString());
            }
            out.clear();
        }
        closeChannel(now);
    }

    private void closeChannel(final long now)
    {
        if (key != null)
        {
            key.cancel();
            key = null;
        }
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                LOG.debug("BGP {}: close: {}", peer.label(), ex.toString());
            }
            channel = null;
        }
        if (state == State.ESTABLISHED && !shuttingDown)
        {
            LOG.warn("BGP {}: session down", peer.label());
        }
        state = State.IDLE;
        up = 0;
        advertised.clear();
        syncNeeded = false;
        final long delay = Math.min(retryMaxNanos, retryInitialNanos << Math.min(failures, 20));
        failures++;
        nextConnectNanos = now + delay;
        in.clear();
        out.clear();
    }

    /**
     * Close for good: a Cease (Administrative Shutdown) to an open session, then the socket.
     *
     * @param now the clock now.
     */
    void shutdown(final long now)
    {
        shuttingDown = true;
        sendNotificationAndClose(BgpError.CEASE, BgpError.CEASE_ADMINISTRATIVE_SHUTDOWN, new byte[0], now);
    }

    private static int toInt(final byte[] address)
    {
        return ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) | ((address[2] & 0xFF) << 8) |
            (address[3] & 0xFF);
    }

    private static List<String> familyNames(final int bits)
    {
        final List<String> names = new ArrayList<>();
        for (final BgpFamily family : BgpFamily.values())
        {
            if ((bits & family.bit()) != 0)
            {
                names.add(family.text());
            }
        }
        return names;
    }

    BgpPeer peer()
    {
        return peer;
    }

    State state()
    {
        return state;
    }

    int up()
    {
        return up;
    }

    long establishedCount()
    {
        return establishedCount;
    }

    long announced()
    {
        return announced;
    }

    long withdrawn()
    {
        return withdrawn;
    }

    long sent()
    {
        return sent;
    }

    long received()
    {
        return received;
    }

    long errors()
    {
        return errors;
    }

    long notificationsReceived()
    {
        return notificationsReceived;
    }

    long connectFailures()
    {
        return connectFailures;
    }
}
