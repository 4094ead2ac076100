package io.fnm.capture.udp;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 * for at most {@link #IDLE_WAKE_UP_MILLIS} ms. On Linux x86-64 and AArch64 the socket is read with
 * {@code recvmmsg(2)} through jnr-ffi, up to 32 datagrams per system call, and waited on with {@code poll(2)};
 * elsewhere, when jnr-ffi cannot bind libc, with {@link Builder#nativeReceive(boolean) nativeReceive(false)} or
 * {@code -Dfnm.udp.recvmmsg=false}, it is a {@link java.nio.channels.DatagramChannel} with a selector (one system call
 * per datagram). {@link #close()} wakes the threads (a {@code poll(2)} wait ends by its timeout), joins them (each
 * hands its decoder's held-back records to its sink and closes the sink as it exits), then closes the sockets.
 * <p>
 * <b>Errors.</b> Nothing escapes a receive thread: a receive error is counted and reported to
 * {@link CaptureContext#onError(Throwable)} and the thread backs off for one wake-up period; anything thrown by a
 * decoder or sink (any {@link Throwable}, {@link Error}s included) is reported the same way, costs its own datagram
 * only, and the loop carries on. A {@link VirtualMachineError} ({@link OutOfMemoryError}, {@link StackOverflowError})
 * is the exception: the JVM may no longer be sound, so the thread ends its loop, hands its held-back records over,
 * logs the error and reports it to {@link CaptureContext#onError(Throwable)} (the engine then fails: a process that
 * keeps running without its capture would detect nothing). Each thread's liveness is the gauge
 * {@link #THREAD_ALIVE} ({@code fnm_capture_thread_alive{source,thread}}). A datagram longer than the 64 KiB
 * receive buffer (only possible with IPv6 jumbograms) is counted as truncated and dropped.
 * <p>
 * <b>Counters</b> (summed over the threads, readable from any thread, published once per batch):
 * {@code <protocol>_udp_datagrams_total}, {@code <protocol>_udp_bytes_total},
 * {@code <protocol>_udp_truncated_total}, {@code <protocol>_udp_receive_errors_total}; and per thread
 * {@code fnm_capture_thread_alive{source="<protocol>",thread="<thread name>"}}, 1 while it runs.
 */
public final class UdpReceiver implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(UdpReceiver.class);
    /** Label of {@link #THREAD_ALIVE}: the capture source (the protocol). */
    public static final String SOURCE = "source";
    /** Label of {@link #THREAD_ALIVE}: the thread's name. */
    public static final String THREAD = "thread";
    /** 1 while a capture thread runs its loop, 0 once it has ended (by {@link #close()} or a VM error). */
    public static final CounterDescriptor THREAD_ALIVE = CounterDescriptor.gauge("fnm_capture_thread_alive",
        "threads", "1 while a capture receive thread runs, 0 once it ended (after a fatal error: see the log)",
        SOURCE, THREAD);
    /** Longest wait for datagrams before a thread wakes up for its idle work (and to notice {@link #close()}). */
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
    private final CounterDescriptor datagramsCounter;
    private final CounterDescriptor bytesCounter;
    private final CounterDescriptor truncatedCounter;
    private final CounterDescriptor receiveErrorsCounter;
    private final String host;
    private final List<Integer> ports;
    private final int socketsPerPort;
    private final String socketsPerPortKey;
    private final int receiveBufferBytes;
    private final Function<CaptureContext, ? extends DatagramDecoder> decoderFactory;
    private final boolean nativeReceive;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> boundAddresses = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private boolean started;
    private boolean closed;

    private UdpReceiver(final Builder builder)
    {
        this.protocol = Objects.requireNonNull(builder.protocol, "protocol");
        this.datagramsCounter = CounterDescriptor.counter(protocol + "_udp_datagrams_total", "datagrams",
            "UDP datagrams received on the " + protocol + " sockets");
        this.bytesCounter = CounterDescriptor.counter(protocol + "_udp_bytes_total", "bytes",
            "Bytes of the UDP datagrams received on the " + protocol + " sockets");
        this.truncatedCounter = CounterDescriptor.counter(protocol + "_udp_truncated_total", "datagrams",
            "UDP datagrams on the " + protocol + " sockets larger than the receive buffer (dropped)");
        this.receiveErrorsCounter = CounterDescriptor.counter(protocol + "_udp_receive_errors_total", "errors",
            "Receive calls on the " + protocol + " sockets that failed with an I/O error");
        this.host = Objects.requireNonNull(builder.host, "host");
        this.ports = List.copyOf(builder.ports);
        this.socketsPerPort = builder.socketsPerPort;
        this.socketsPerPortKey = builder.socketsPerPortKey;
        this.receiveBufferBytes = builder.receiveBufferBytes;
        this.decoderFactory = Objects.requireNonNull(builder.decoderFactory, "decoderFactory");
        this.nativeReceive = builder.nativeReceive;
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
            final DatagramPort socket = openSocket(address, boundPort);
            final Worker worker;
            try
            {
                final InetSocketAddress local = socket.localAddress();
                boundPort = local.getPort();
                if (i == 0)
                {
                    boundAddresses.add(local);
                    logBound(socket, local);
                }
                final String name = "fnm-" + protocol + "-" + boundPort + (socketsPerPort == 1 ? "" : "-" + i);
                worker = new Worker(name, socket, decoderFactory.apply(context), context);
            }
            catch (final IOException | RuntimeException ex)
            {
                socket.close();
                throw ex;
            }
            workers.add(worker);
        }
    }

    private DatagramPort openSocket(final InetAddress address, final int port) throws IOException
    {
        final boolean reusePort = socketsPerPort > 1;
        if (nativeReceive && isRecvmmsgAvailable())
        {
            return RecvmmsgDatagramPort.open(address, port, receiveBufferBytes, reusePort, socketsPerPortKey);
        }
        return NioDatagramPort.open(address, port, receiveBufferBytes, reusePort, socketsPerPortKey);
    }

    private void logBound(final DatagramPort socket, final InetSocketAddress local) throws IOException
    {
        final int granted = socket.receiveBufferBytes();
        if (receiveBufferBytes > 0 && granted < receiveBufferBytes)
        {
            LOG.warn("{} on {}: asked for a {} byte receive buffer, the OS granted {} (raise net.core.rmem_max)",
                protocol, local, receiveBufferBytes, granted);
        }
        else
        {
            LOG.info("{} listening on {} with {} socket(s) ({}), receive buffer {} bytes", protocol, local,
                socketsPerPort, socket.kind(), granted);
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
     * @return true when sockets can be read with {@code recvmmsg(2)} here (see {@link #recvmmsgUnavailabilityCause()}).
     */
    public static boolean isRecvmmsgAvailable()
    {
        return recvmmsgUnavailabilityCause() == null;
    }

    /**
     * @return why {@code recvmmsg(2)} is not used here (another OS or architecture, jnr-ffi cannot bind libc, or
     * {@code -Dfnm.udp.recvmmsg=false}), or null when it is available.
     */
    public static Throwable recvmmsgUnavailabilityCause()
    {
        return RecvmmsgDatagramPort.unavailabilityCause();
    }

    /**
     * @return how each socket is read ({@code recvmmsg} or {@code DatagramChannel}), for diagnostics.
     */
    public List<String> socketKinds()
    {
        final List<String> kinds = new ArrayList<>();
        for (final Worker worker : workers)
        {
            kinds.add(worker.socket.kind());
        }
        return Collections.unmodifiableList(kinds);
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
        visitor.counter(datagramsCounter, datagrams());
        visitor.counter(bytesCounter, bytes());
        visitor.counter(truncatedCounter, truncated());
        visitor.counter(receiveErrorsCounter, receiveErrors());
        for (final Worker worker : workers)
        {
            visitor.counter(THREAD_ALIVE, protocol, worker.thread.getName(), worker.thread.isAlive() ? 1 : 0);
        }
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
            worker.socket.wakeup();
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
            worker.socket.close();
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** One socket, its thread, decoder and sink. */
    private final class Worker implements Runnable, DatagramPort.Handler
    {
        final DatagramPort socket;
        final DatagramDecoder decoder;
        final CaptureContext context;
        final TrafficSink sink;
        final Thread thread;
        final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
        long arrivalMillis;
        long datagrams;
        long bytes;
        long truncated;
        /** The VM error that ended this thread's loop, if any. */
        volatile VirtualMachineError fatal;

        Worker(final String name, final DatagramPort socket, final DatagramDecoder decoder,
            final CaptureContext context)
        {
            this.socket = socket;
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            this.context = context;
            this.thread = context.threadFactory().newThread(this);
            thread.setName(name);
            this.sink = context.newSink(name);
        }

        @Override
        public void run()
        {
            try
            {
                while (running && fatal == null)
                {
                    if (dutyCycle() < MAX_BATCH && running && fatal == null)
                    {
                        awaitDatagrams();
                    }
                }
            }
            catch (final VirtualMachineError ex)
            {
                fatal = ex;
            }
            finally
            {
                finish();
                if (fatal != null)
                {
                    reportFatal(fatal);
                }
            }
        }

        /**
         * Log and report the VM error that ended the loop; what it costs must not hide it (a second error while
         * reporting is dropped, the first one already ended the thread).
         */
        private void reportFatal(final VirtualMachineError error)
        {
            try
            {
                LOG.error("{} receive thread {} stopped by {}: no more datagrams are received on it", protocol,
                    thread.getName(), error.toString());
            }
            catch (final Throwable ignored)
            {
                // logging needs memory too; the report below is what the engine acts on
            }
            try
            {
                context.onError(error);
            }
            catch (final Throwable ignored)
            {
                // nothing left to tell: the thread ends either way, and the gauge says so
            }
        }

        /**
         * Receive and decode one batch, then idle work and flush; never throws (a VM error sets {@link #fatal}).
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
            arrivalMillis = context.clock().epochMillis();
            return socket.receive(this, MAX_BATCH);
        }

        @Override
        public void onDatagram(final ByteBuffer payload, final InetAddress source)
        {
            datagrams++;
            bytes += payload.remaining();
            try
            {
                decoder.decode(payload, source, arrivalMillis, sink);
            }
            catch (final RuntimeException | Error ex)
            {
                // a decoder that breaks its contract costs its own datagram, not the rest of the batch
                report(ex);
                if (ex instanceof VirtualMachineError)
                {
                    throw (VirtualMachineError)ex; // ends the batch: the loop stops (see run)
                }
            }
        }

        @Override
        public void onTruncated(final int length)
        {
            datagrams++;
            bytes += length;
            truncated++;
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
                socket.await(IDLE_WAKE_UP_MILLIS);
            }
            catch (final IOException | RuntimeException ex)
            {
                if (running)
                {
                    report(ex);
                }
            }
        }

        /** Report an error and carry on, unless it is a VM error: that one ends the loop (reported by run). */
        private void report(final Throwable ex)
        {
            if (ex instanceof VirtualMachineError)
            {
                if (fatal == null)
                {
                    fatal = (VirtualMachineError)ex;
                }
                return;
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
        private boolean nativeReceive = true;

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
         * @param value true (default) to receive with {@code recvmmsg(2)} where available (Linux x86-64/AArch64,
         *              not switched off by {@code -Dfnm.udp.recvmmsg=false}), false for {@code DatagramChannel}.
         * @return this builder.
         */
        public Builder nativeReceive(final boolean value)
        {
            nativeReceive = value;
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
