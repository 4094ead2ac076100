package io.fnm.capture.netflow;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The NetFlow v5 / v9 / IPFIX collector: one UDP socket and one receive thread per configured port, each with its
 * own {@link NetflowDecoder}, receive buffer and sink. A thread blocks in a selector with a 100 ms wake-up, so
 * {@link #close()} stops it promptly; it flushes its sink after every burst of datagrams and before blocking. Nothing
 * escapes a receive thread: bad datagrams are counted by the decoder, unexpected exceptions go to
 * {@link CaptureContext#onError(Throwable)} and the thread carries on.
 */
public final class NetflowCollector implements CaptureSource
{
    private static final Logger LOG = LoggerFactory.getLogger(NetflowCollector.class);
    private static final int MAX_DATAGRAM = 65535;
    private static final long SELECT_TIMEOUT_MILLIS = 100;
    private static final int MAX_BURST = 256;

    private final NetflowSettings settings;
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private boolean closed;

    /**
     * @param settings the collector's settings.
     */
    public NetflowCollector(final NetflowSettings settings)
    {
        this.settings = settings;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        final StringBuilder sb = new StringBuilder("netflow:");
        for (int i = 0; i < settings.ports().size(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(settings.ports().get(i));
        }
        return sb.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized void start(final CaptureContext context) throws Exception
    {
        if (running || closed)
        {
            throw new IllegalStateException("collector already started or closed");
        }
        running = true;
        final InetAddress host = InetAddress.getByName(settings.host());
        try
        {
            for (final int port : settings.ports())
            {
                final DatagramChannel channel = host.getAddress().length == 16 ?
                    DatagramChannel.open(StandardProtocolFamily.INET6) : DatagramChannel.open();
                try
                {
                    if (settings.receiveBufferBytes() > 0)
                    {
                        channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBufferBytes());
                    }
                    channel.bind(new InetSocketAddress(host, port));
                    channel.configureBlocking(false);
                }
                catch (final IOException | RuntimeException ex)
                {
                    channel.close();
                    throw ex;
                }
                final int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
                LOG.info("netflow listening on {} receive buffer {} bytes (requested {})",
                    channel.getLocalAddress(), granted, settings.receiveBufferBytes());
                final Receiver receiver = new Receiver(channel, context);
                receivers.add(receiver);
            }
            for (final Receiver receiver : receivers)
            {
                receiver.thread.start();
            }
        }
        catch (final Exception ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @return the local addresses the sockets are bound to (useful with port 0).
     */
    public List<InetSocketAddress> localAddresses()
    {
        final List<InetSocketAddress> addresses = new ArrayList<>();
        for (final Receiver receiver : receivers)
        {
            try
            {
                addresses.add((InetSocketAddress)receiver.channel.getLocalAddress());
            }
            catch (final IOException ex)
            {
                // closed meanwhile
            }
        }
        return addresses;
    }

    /**
     * @return a snapshot of every exporter's counters, one entry per exporter and receive thread.
     */
    public List<ExporterStats> exporterStats()
    {
        final List<ExporterStats> stats = new ArrayList<>();
        for (final Receiver receiver : receivers)
        {
            stats.addAll(receiver.decoder.exporterStats());
        }
        return Collections.unmodifiableList(stats);
    }

    /**
     * @param counter a counter.
     * @return its total over the receive threads.
     */
    public long counter(final NetflowCounter counter)
    {
        long total = 0;
        for (final Receiver receiver : receivers)
        {
            total += receiver.decoder.counter(counter);
            if (counter == NetflowCounter.SPREAD_OVERFLOWS && receiver.spreader != null)
            {
                total += receiver.spreader.overflows();
            }
        }
        return total;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        for (final NetflowCounter counter : NetflowCounter.values())
        {
            visitor.counter(counter.descriptor(), counter(counter));
        }
        long templates = 0;
        for (final Receiver receiver : receivers)
        {
            templates += receiver.decoder.templateCount();
        }
        visitor.counter(NetflowCounter.TEMPLATES_KNOWN, templates);
        // One series per exporter and version even when several receive threads saw the exporter.
        final Map<String, ExporterStats> merged = new LinkedHashMap<>();
        for (final ExporterStats stats : exporterStats())
        {
            merged.merge(stats.exporter().getHostAddress() + '|' + stats.version(), stats, ExporterStats::merge);
        }
        for (final ExporterStats stats : merged.values())
        {
            stats.counters(visitor);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        final List<Receiver> toJoin;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            running = false;
            toJoin = new ArrayList<>(receivers);
        }
        for (final Receiver receiver : toJoin)
        {
            receiver.selector.wakeup();
        }
        boolean interrupted = false;
        for (final Receiver receiver : toJoin)
        {
            while (receiver.thread.isAlive())
            {
                try
                {
                    receiver.thread.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            receiver.closeQuietly();
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private final class Receiver implements Runnable
    {
        final DatagramChannel channel;
        final Selector selector;
        final NetflowDecoder decoder;
        final CaptureContext context;
        final Thread thread;
        volatile LongFlowSpreader spreader;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM).order(ByteOrder.BIG_ENDIAN);

        Receiver(final DatagramChannel channel, final CaptureContext context) throws IOException
        {
            this.channel = channel;
            this.context = context;
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            this.decoder = new NetflowDecoder(settings, context.clock());
            this.thread = context.threadFactory().newThread(this);
        }

        @Override
        public void run()
        {
            final TrafficSink sink = newSink();
            try
            {
                while (running)
                {
                    try
                    {
                        sink.flush();
                        selector.select(SELECT_TIMEOUT_MILLIS);
                        selector.selectedKeys().clear();
                        for (int i = 0; i < MAX_BURST && running; i++)
                        {
                            buffer.clear();
                            final SocketAddress from = channel.receive(buffer);
                            if (from == null)
                            {
                                break;
                            }
                            buffer.flip();
                            decoder.decode(buffer, ((InetSocketAddress)from).getAddress(), sink);
                        }
                        if (sink instanceof LongFlowSpreader)
                        {
                            ((LongFlowSpreader)sink).tick();
                        }
                    }
                    catch (final IOException ex)
                    {
                        if (running)
                        {
                            context.onError(ex);
                        }
                    }
                    catch (final RuntimeException | Error ex)
                    {
                        if (ex instanceof VirtualMachineError)
                        {
                            throw ex;
                        }
                        context.onError(ex);
                    }
                }
            }
            finally
            {
                if (sink instanceof LongFlowSpreader)
                {
                    ((LongFlowSpreader)sink).drain();
                }
                sink.close(); // the thread is done with it: the engine merges its last counts and retires it
            }
        }

        private TrafficSink newSink()
        {
            final TrafficSink engineSink = context.newSink(thread.getName());
            if (settings.spreadLongFlows())
            {
                spreader = new LongFlowSpreader(engineSink, context.clock());
                return spreader;
            }
            return engineSink;
        }

        void closeQuietly()
        {
            try
            {
                selector.close();
            }
            catch (final IOException ex)
            {
                // nothing to do
            }
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                // nothing to do
            }
        }
    }
}
