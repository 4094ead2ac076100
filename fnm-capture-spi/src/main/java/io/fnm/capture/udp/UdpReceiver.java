package io.fnm.capture.udp;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The one UDP receive path of every datagram-based capture backend (NetFlow/IPFIX, sFlow...): sockets, receive
 * threads, batching, wake-ups, errors and counters, with the protocol left to a {@link DatagramDecoder}.
 * <p>
 * <b>Sockets and threads.</b> For each configured port, {@code socketsPerPort} UDP sockets (1 by default), each with
 * its own receive thread, direct receive buffer, {@link DatagramDecoder} and {@link TrafficSink}: nothing is shared
 * between threads on the receive path. Several sockets on one port are bound with {@code SO_REUSEPORT}; the kernel
 * (Linux 3.9+) then spreads datagrams over them by a hash of the 4-tuple (source address and port, destination address
 * and port), so <b>every datagram of one exporter's transport session lands on the same socket</b> as long as the
 * receiver runs. A decoder that keeps per-exporter state (NetFlow v9/IPFIX templates, sampling rates) therefore sees
 * the whole session on its own thread and may keep that state per thread, as RFC 7011 section 8 scopes templates to
 * the transport session. An exporter that sends its templates from one source port and its data from another would
 * need shared state; none is known to do so. {@code SO_REUSEPORT} also lets another process of the same user bind
 * the port; that is the price of spreading one port over several cores. Thread names are
 * {@code fnm-<protocol>-<port>} (one socket per port) or {@code fnm-<protocol>-<port>-<i>}.
 * <p>
 * <b>Receive loop.</b> A thread takes up to {@link #MAX_BATCH} datagrams from its non-blocking socket, stamps them
 * with one clock reading per batch and hands each to its decoder; then it calls {@link DatagramDecoder#onIdle}, flushes
 * its sink (the sink's idle rule: after every batch, so always before blocking) and, when the socket ran dry, waits
 * in a selector for at most {@link #IDLE_WAKE_UP_MILLIS} ms. {@link #close()} wakes the selectors, joins the threads
 * (each hands its decoder's held-back records to its sink and closes the sink as it exits), then closes the sockets.
 * <p>
 * <b>Errors.</b> Nothing escapes a receive thread: a receive error is counted and reported to
 * {@link CaptureContext#onError(Throwable)} and the thread backs off for one wake-up period; anything thrown by a
 * decoder or sink is reported the same way and the loop carries on. A datagram that fills the whole receive buffer
 * (only possible with IPv6 jumbograms) is counted as truncated and dropped.
 * <p>
 * <b>Counters</b> (summed over the threads, readable from any thread, published once per batch):
 * {@code <protocol>_udp_datagrams_total}, {@code <protocol>_udp_bytes_total},
 * {@code <protocol>_udp_truncated_total}, {@code <protocol>_udp_receive_errors_total}.
 */
public final class UdpReceiver implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(UdpReceiver.class);
    /** Longest wait in the selector before a thread wakes up for its idle work (and to notice {@link #close()}). */
    public static final long IDLE_WAKE_UP_MILLIS = 100;
    /** Most datagrams taken from a socket between two flushes of the sink. */
    public static final int MAX_BATCH = 256;
    /** Most sockets (and threads) per port. */
    public static final int MAX_SOCKETS_PER_PORT = 64;
    /** Receive buffer size: one more byte than any non-jumbo UDP payload, so a full buffer means truncation. */
    static final int BUFFER_BYTES = 65536;

    static final int DATAGRAMS = 0;
    static final int BYTES = 1;
    static final int TRUNCATED = 2;
    static final int RECEIVE_ERRORS = 3;
    private static final int COUNTERS = 4;

    private final String protocol;
    private final String host;
    private final List<Integer> ports;
    private final int socketsPerPort;
    private final String socketsPerPortKey;
    private final int receiveBufferBytes;
    private final Function<CaptureContext, ? extends DatagramDecoder> decoderFactory;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> boundAddresses = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private boolean started;
    private boolean closed;

    private UdpReceiver(final Builder builder)
    {
        this.protocol = Objects.requireNonNull(builder.protocol, "protocol");
        this.host = Objects.requireNonNull(builder.host, "host");
        this.ports = List.copyOf(builder.ports);
        this.socketsPerPort = builder.socketsPerPort;
        this.socketsPerPortKey = builder.socketsPerPortKey;
        this.receiveBufferBytes = builder.receiveBufferBytes;
        this.decoderFactory = Objects.requireNonNull(builder.decoderFactory, "decoderFactory");
        if (socketsPerPort < 1 || socketsPerPort > MAX_SOCKETS_PER_PORT)
        {
            throw new IllegalArgumentException(
                "socketsPerPort must be in [1, " + MAX_SOCKETS_PER_PORT + "]: " + socketsPerPort);
        }
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Bind every socket, then start the receive threads; returns without waiting for traffic. On failure nothing is
     * left open or running.
     *
     * @param context where sinks, threads, the clock and error reporting come from.
     * @throws IOException when the host cannot be resolved, a socket cannot be opened or bound, or several sockets
     *                     per port are asked for where {@code SO_REUSEPORT} is not supported.
     * @throws IllegalStateException when started twice or after {@link #close()}.
     */
    public synchronized void start(final CaptureContext context) throws IOException
    {
        if (started || closed)
        {
            throw new IllegalStateException(protocol + " receiver already started or closed");
        }
        started = true;
        running = true;
        try
        {
            final InetAddress address = InetAddress.getByName(host);
            for (final int port : ports)
            {
                openPort(address, port, context);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
        for (final Worker worker : workers)
        {
            worker.thread.start();
        }
    }

    private void openPort(final InetAddress address, final int port, final CaptureContext context) throws IOException
    {
        int boundPort = port;
        for (int i = 0; i < socketsPerPort; i++)
        {
            final DatagramChannel channel = openChannel(address, boundPort);
            final Worker worker;
            try
            {
                final InetSocketAddress local = (InetSocketAddress)channel.getLocalAddress();
                boundPort = local.getPort();
                if (i == 0)
                {
                    boundAddresses.add(local);
                    logBound(channel, local);
                }
                final String name = "fnm-" + protocol + "-" + boundPort + (socketsPerPort == 1 ? "" : "-" + i);
                worker = new Worker(name, channel, decoderFactory.apply(context), context);
            }
            catch (final IOException | RuntimeException ex)
            {
                closeQuietly(channel);
                throw ex;
            }
            workers.add(worker);
        }
    }

    private DatagramChannel openChannel(final InetAddress address, final int port) throws IOException
    {
        final DatagramChannel channel = address.getAddress().length == 16 ?
            DatagramChannel.open(StandardProtocolFamily.INET6) : DatagramChannel.open(StandardProtocolFamily.INET);
        try
        {
            if (socketsPerPort > 1)
            {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT))
                {
                    throw new IOException(socketsPerPortKey + " = " + socketsPerPort + " needs SO_REUSEPORT, which " +
                        "this platform does not support; set it to 1");
                }
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (receiveBufferBytes > 0)
            {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    private void logBound(final DatagramChannel channel, final InetSocketAddress local) throws IOException
    {
        final int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        if (receiveBufferBytes > 0 && granted < receiveBufferBytes)
        {
            LOG.warn("{} on {}: asked for a {} byte receive buffer, the OS granted {} (raise net.core.rmem_max)",
                protocol, local, receiveBufferBytes, granted);
        }
        else
        {
            LOG.info("{} listening on {} with {} socket(s), receive buffer {} bytes", protocol, local, socketsPerPort,
                granted);
        }
    }

    /**
     * @return the address each configured port is bound to (useful with port 0), in configuration order.
     */
    public List<InetSocketAddress> localAddresses()
    {
        return Collections.unmodifiableList(new ArrayList<>(boundAddresses));
    }

    /**
     * @return every receive thread's decoder, to read their counters.
     */
    public List<DatagramDecoder> decoders()
    {
        final List<DatagramDecoder> decoders = new ArrayList<>();
        for (final Worker worker : workers)
        {
            decoders.add(worker.decoder);
        }
        return Collections.unmodifiableList(decoders);
    }

    /**
     * @return the receive threads (started or not).
     */
    public List<Thread> threads()
    {
        final List<Thread> threads = new ArrayList<>();
        for (final Worker worker : workers)
        {
            threads.add(worker.thread);
        }
        return Collections.unmodifiableList(threads);
    }

    /**
     * @return datagrams received by every socket.
     */
    public long datagrams()
    {
        return sum(DATAGRAMS);
    }

    /**
     * @return payload bytes received by every socket.
     */
    public long bytes()
    {
        return sum(BYTES);
    }

    /**
     * @return datagrams dropped because they filled the whole receive buffer.
     */
    public long truncated()
    {
        return sum(TRUNCATED);
    }

    /**
     * @return receive calls that failed with an I/O error.
     */
    public long receiveErrors()
    {
        return sum(RECEIVE_ERRORS);
    }

    /**
     * Report the receive counters, summed over the sockets, under the protocol's prefix.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(protocol + "_udp_datagrams_total", "", datagrams());
        visitor.counter(protocol + "_udp_bytes_total", "", bytes());
        visitor.counter(protocol + "_udp_truncated_total", "", truncated());
        visitor.counter(protocol + "_udp_receive_errors_total", "", receiveErrors());
    }

    private long sum(final int counter)
    {
        long total = 0;
        for (final Worker worker : workers)
        {
            total += worker.counters.get(counter);
        }
        return total;
    }

    /**
     * Stop the threads, let each hand its held-back records to its sink and close it, then close the sockets.
     * Idempotent; after it returns no receive thread is alive.
     */
    @Override
    public void close()
    {
        final List<Worker> toJoin;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            running = false;
            toJoin = new ArrayList<>(workers);
        }
        for (final Worker worker : toJoin)
        {
            worker.selector.wakeup();
        }
        boolean interrupted = false;
        for (final Worker worker : toJoin)
        {
            if (worker.thread.getState() == Thread.State.NEW)
            {
                worker.finish(); // start failed before this thread ran: release its sink here
            }
            while (worker.thread.isAlive())
            {
                try
                {
                    worker.thread.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            closeQuietly(worker.selector);
            closeQuietly(worker.channel);
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ex)
        {
            // closing: nothing more to do
        }
    }

    /** One socket, its thread, decoder and sink. */
    private final class Worker implements Runnable
    {
        final DatagramChannel channel;
        final Selector selector;
        final DatagramDecoder decoder;
        final CaptureContext context;
        final TrafficSink sink;
        final Thread thread;
        final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.BIG_ENDIAN);
        long datagrams;
        long bytes;
        long truncated;

        Worker(final String name, final DatagramChannel channel, final DatagramDecoder decoder,
            final CaptureContext context) throws IOException
        {
            this.channel = channel;
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            this.context = context;
            this.selector = Selector.open();
            try
            {
                channel.register(selector, SelectionKey.OP_READ);
                this.thread = context.threadFactory().newThread(this);
                thread.setName(name);
                this.sink = context.newSink(name);
            }
            catch (final IOException | RuntimeException ex)
            {
                closeQuietly(selector);
                throw ex;
            }
        }

        @Override
        public void run()
        {
            try
            {
                while (running)
                {
                    if (dutyCycle() < MAX_BATCH && running)
                    {
                        awaitDatagrams();
                    }
                }
            }
            finally
            {
                finish();
            }
        }

        /**
         * Receive and decode one batch, then idle work and flush; never throws (but a VM error).
         *
         * @return datagrams received, or 0 after an error (so the thread backs off).
         */
        int dutyCycle()
        {
            int received = 0;
            try
            {
                received = receiveBatch();
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    counters.lazySet(RECEIVE_ERRORS, counters.get(RECEIVE_ERRORS) + 1);
                    context.onError(ex);
                }
                received = 0;
            }
            catch (final RuntimeException | Error ex)
            {
                report(ex);
                received = 0;
            }
            finally
            {
                publishCounters();
            }
            try
            {
                decoder.onIdle(context.clock().epochMillis(), sink);
                sink.flush();
            }
            catch (final RuntimeException | Error ex)
            {
                report(ex);
            }
            return received;
        }

        private int receiveBatch() throws IOException
        {
            final long arrivalMillis = context.clock().epochMillis();
            for (int i = 0; i < MAX_BATCH; i++)
            {
                buffer.clear();
                final SocketAddress from = channel.receive(buffer);
                if (from == null)
                {
                    return i;
                }
                final int length = buffer.position();
                datagrams++;
                bytes += length;
                if (length == BUFFER_BYTES)
                {
                    truncated++;
                    continue;
                }
                buffer.flip();
                decoder.decode(buffer, ((InetSocketAddress)from).getAddress(), arrivalMillis, sink);
            }
            return MAX_BATCH;
        }

        private void publishCounters()
        {
            counters.lazySet(DATAGRAMS, datagrams);
            counters.lazySet(BYTES, bytes);
            counters.lazySet(TRUNCATED, truncated);
        }

        private void awaitDatagrams()
        {
            try
            {
                selector.select(IDLE_WAKE_UP_MILLIS);
                selector.selectedKeys().clear();
            }
            catch (final IOException | RuntimeException ex)
            {
                if (running)
                {
                    report(ex);
                }
            }
        }

        private void report(final Throwable ex)
        {
            if (ex instanceof VirtualMachineError)
            {
                throw (VirtualMachineError)ex;
            }
            context.onError(ex);
        }

        private void finish()
        {
            try
            {
                decoder.close(sink);
            }
            catch (final RuntimeException | Error ex)
            {
                report(ex);
            }
            finally
            {
                try
                {
                    sink.close(); // the thread is done with it: the engine merges its last counts and retires it
                }
                catch (final RuntimeException | Error ex)
                {
                    report(ex);
                }
            }
        }
    }

    /**
     * Builds a {@link UdpReceiver}.
     */
    public static final class Builder
    {
        private String protocol;
        private String host;
        private List<Integer> ports = List.of();
        private int socketsPerPort = 1;
        private String socketsPerPortKey = "sockets per port";
        private int receiveBufferBytes;
        private Function<CaptureContext, ? extends DatagramDecoder> decoderFactory;

        private Builder()
        {
        }

        /**
         * @param value short protocol name for thread names, logs and counter names, e.g. {@code netflow}.
         * @return this builder.
         */
        public Builder protocol(final String value)
        {
            protocol = value;
            return this;
        }

        /**
         * @param value the address to bind (IPv4, IPv6, or {@code ::} for dual stack), resolved at start.
         * @return this builder.
         */
        public Builder host(final String value)
        {
            host = value;
            return this;
        }

        /**
         * @param value the UDP ports (0 = any free port).
         * @return this builder.
         */
        public Builder ports(final List<Integer> value)
        {
            ports = List.copyOf(value);
            return this;
        }

        /**
         * @param count sockets (and threads) per port, in [1, {@link #MAX_SOCKETS_PER_PORT}]; more than one needs
         *              {@code SO_REUSEPORT}.
         * @param key   the configuration key it came from, named in errors.
         * @return this builder.
         */
        public Builder socketsPerPort(final int count, final String key)
        {
            socketsPerPort = count;
            socketsPerPortKey = key;
            return this;
        }

        /**
         * @param value {@code SO_RCVBUF} to ask for, 0 to keep the OS default.
         * @return this builder.
         */
        public Builder receiveBufferBytes(final int value)
        {
            receiveBufferBytes = value;
            return this;
        }

        /**
         * @param value makes one decoder per receive thread, at start (with the context, e.g. for its clock).
         * @return this builder.
         */
        public Builder decoders(final Function<CaptureContext, ? extends DatagramDecoder> value)
        {
            decoderFactory = value;
            return this;
        }

        /**
         * @return the receiver, not started.
         */
        public UdpReceiver build()
        {
            return new UdpReceiver(this);
        }
    }
}
