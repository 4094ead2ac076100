package io.fnm.actions.graphite;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pushes each snapshot to Graphite (carbon's plaintext protocol, {@code <path> <value> <unix seconds>\n} over TCP)
 * with FastNetMon's paths (its {@code src/metrics/graphite.cpp}), values as integers:
 * <ul>
 * <li>{@code <prefix>.total.<incoming|outgoing|internal|other>.pps} and {@code .bps} (bits per second), and
 *     {@code .flows} for incoming and outgoing: the IPv4 totals, always written;</li>
 * <li>{@code <prefix>.total_ipv6.<direction>.pps}, {@code .bps}, {@code .flows}: the IPv6 totals (ours: FastNetMon
 *     exports IPv4 only);</li>
 * <li>{@code <prefix>.networks.<network>.<incoming|outgoing>.pps} and {@code .bps} for each networks_list prefix with
 *     traffic;</li>
 * <li>{@code <prefix>.hosts.<ip>.<incoming|outgoing>.pps}, {@code .bps} and {@code .flows}, each only when not zero,
 *     for the top hosts (FastNetMon: every host with traffic; here the top {@code graphite_top_hosts} in and out by
 *     packets, bytes and flows).</li>
 * </ul>
 * An address is written with its dots (IPv4) or colons (IPv6, RFC 5952 text) and a prefix's slash turned into
 * {@code _}: {@code 10_0_0_1}, {@code 10_0_0_0_24}, {@code 2001_db8__1}, {@code 2001_db8_100___48}; a Graphite path
 * cannot hold a dot inside a node, and a colon trips some Graphite functions.
 * <p>
 * One connection is kept open and reused (FastNetMon opens one per batch); when the server closed it or a write
 * fails, the next push reconnects. Connecting and writing have a timeout ({@link #TIMEOUT_MILLIS}), so a dead server
 * costs one exporter thread a bounded wait, never the tick.
 */
public final class GraphiteExporter implements MetricsExporter
{
    /** Connect and write timeout. */
    public static final long TIMEOUT_MILLIS = 2_000;

    /** Lines written. */
    public static final CounterDescriptor LINES = CounterDescriptor.counter(
        "fnm_graphite_lines_total", "lines", "Lines written to Graphite");
    /** Connections opened. */
    public static final CounterDescriptor CONNECTIONS = CounterDescriptor.counter(
        "fnm_graphite_connections_total", "connections", "TCP connections opened to Graphite (1 + reconnects)");

    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};

    private final String host;
    private final int port;
    private final String prefix;
    private final long pushPeriodMillis;
    private final int topHosts;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private SocketChannel channel;
    private volatile Selector selector;
    private volatile boolean closed;

    /**
     * @param host             carbon's host (an address or a name, resolved at each connect).
     * @param port             carbon's plaintext port.
     * @param prefix           the path prefix, e.g. {@code fastnetmon}.
     * @param pushPeriodMillis the shortest time between two pushes.
     * @param topHosts         hosts per list (in/out by packets, bytes, flows) written under {@code .hosts.}.
     */
    public GraphiteExporter(final String host, final int port, final String prefix, final long pushPeriodMillis,
        final int topHosts)
    {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.pushPeriodMillis = pushPeriodMillis;
        this.topHosts = topHosts;
    }

    @Override
    public String name()
    {
        return "graphite";
    }

    @Override
    public long pushPeriodMillis()
    {
        return pushPeriodMillis;
    }

    @Override
    public int topHosts()
    {
        return topHosts;
    }

    @Override
    public void export(final TrafficSnapshot snapshot) throws IOException
    {
        final StringBuilder text = new StringBuilder(4096);
        final int count = lines(snapshot, prefix, topHosts, text);
        send(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
        lines.addAndGet(count);
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(LINES, lines.get());
        visitor.counter(CONNECTIONS, connections.get());
    }

    @Override
    public void close()
    {
        closed = true;
        final Selector waiting = selector;
        if (waiting != null)
        {
            waiting.wakeup();
        }
        if (lock.tryLock())
        {
            try
            {
                disconnect();
            }
            finally
            {
                lock.unlock();
            }
        }
        // else the push in progress sees closed when its wait ends and disconnects
    }

    /**
     * Write a snapshot's lines.
     *
     * @param snapshot the snapshot.
     * @param prefix   the path prefix.
     * @param topHosts hosts per list.
     * @param out      where the lines are appended.
     * @return the number of lines.
     */
    static int lines(final TrafficSnapshot snapshot, final String prefix, final int topHosts, final StringBuilder out)
    {
        final long seconds = Math.floorDiv(snapshot.epochMillis(), 1000L);
        int count = 0;
        for (int version = 4; version <= 6; version += 2)
        {
            final HostRates totals = snapshot.totals(version);
            final String base = prefix + (version == 4 ? ".total." : ".total_ipv6.");
            for (final Direction direction : DIRECTIONS)
            {
                final String path = base + direction.text();
                if (direction == Direction.INCOMING || direction == Direction.OUTGOING)
                {
                    count += line(out, path + ".flows", totals.flowsPerSecond(direction), seconds);
                }
                count += line(out, path + ".pps", totals.packetsPerSecond(direction, TrafficClass.TOTAL), seconds);
                count += line(out, path + ".bps", totals.bitsPerSecond(direction, TrafficClass.TOTAL), seconds);
            }
        }
        for (final Map.Entry<IpPrefix, HostRates> network : snapshot.networks().entrySet())
        {
            final HostRates rates = network.getValue();
            if (isZero(rates))
            {
                continue;
            }
            final String path = prefix + ".networks." + node(network.getKey().toString()) + '.';
            for (final Direction direction : HOST_DIRECTIONS)
            {
                count += line(out, path + direction.text() + ".pps",
                    rates.packetsPerSecond(direction, TrafficClass.TOTAL), seconds);
                count += line(out, path + direction.text() + ".bps",
                    rates.bitsPerSecond(direction, TrafficClass.TOTAL), seconds);
            }
        }
        for (final HostTraffic host : snapshot.hosts(topHosts))
        {
            final String path = prefix + ".hosts." + node(host.ip()) + '.';
            final HostRates rates = host.rates();
            for (final Direction direction : HOST_DIRECTIONS)
            {
                count += nonZeroLine(out, path + direction.text() + ".pps",
                    rates.packetsPerSecond(direction, TrafficClass.TOTAL), seconds);
                count += nonZeroLine(out, path + direction.text() + ".bps",
                    rates.bitsPerSecond(direction, TrafficClass.TOTAL), seconds);
                count += nonZeroLine(out, path + direction.text() + ".flows", rates.flowsPerSecond(direction),
                    seconds);
            }
        }
        return count;
    }

    /**
     * @param text an address or prefix in its text form.
     * @return the text as one Graphite path node: {@code .}, {@code :} and {@code /} become {@code _}.
     */
    static String node(final String text)
    {
        return text.replace('.', '_').replace(':', '_').replace('/', '_');
    }

    private static boolean isZero(final HostRates rates)
    {
        for (final Direction direction : HOST_DIRECTIONS)
        {
            if (rates.packetsPerSecond(direction, TrafficClass.TOTAL) != 0 ||
                rates.bytesPerSecond(direction, TrafficClass.TOTAL) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static int nonZeroLine(final StringBuilder out, final String path, final long value, final long seconds)
    {
        return value == 0 ? 0 : line(out, path, value, seconds);
    }

    private static int line(final StringBuilder out, final String path, final long value, final long seconds)
    {
        out.append(path).append(' ').append(value).append(' ').append(seconds).append('\n');
        return 1;
    }

    private void send(final ByteBuffer data) throws IOException
    {
        lock.lock();
        try
        {
            if (closed)
            {
                throw new IOException("exporter closed");
            }
            if (channel == null || peerClosed())
            {
                disconnect();
                connect();
            }
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            while (data.hasRemaining())
            {
                if (channel.write(data) == 0)
                {
                    await(SelectionKey.OP_WRITE, deadline, "writing to");
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            disconnect();
            throw ex;
        }
        finally
        {
            if (closed)
            {
                disconnect();
            }
            lock.unlock();
        }
    }

    /** A server that closed its end shows as readable with end of stream (carbon never sends anything). */
    private boolean peerClosed() throws IOException
    {
        final ByteBuffer probe = ByteBuffer.allocate(256);
        int read;
        do
        {
            probe.clear();
            read = channel.read(probe);
        }
        while (read > 0);
        return read < 0;
    }

    private void connect() throws IOException
    {
        selector = Selector.open();
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.register(selector, 0);
        connections.incrementAndGet();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        if (!channel.connect(new InetSocketAddress(host, port)))
        {
            while (!channel.finishConnect())
            {
                await(SelectionKey.OP_CONNECT, deadline, "connecting to");
            }
        }
    }

    private void await(final int op, final long deadline, final String what) throws IOException
    {
        final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0)
        {
            throw new SocketTimeoutException("timed out " + what + " Graphite at " + host + ':' + port);
        }
        final SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        selector.select(left);
        key.interestOps(0);
        if (closed)
        {
            throw new IOException("exporter closed");
        }
    }

    private void disconnect()
    {
        closeQuietly(channel);
        closeQuietly(selector);
        channel = null;
        selector = null;
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable == null)
        {
            return;
        }
        try
        {
            closeable.close();
        }
        catch (final Exception ex)
        {
            // nothing to do: it is being dropped
        }
    }

    @Override
    public String toString()
    {
        return "graphite " + host + ':' + port + " prefix " + prefix;
    }
}
