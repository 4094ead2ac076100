package io.fnm.capture.sflow;

import io.fnm.capture.CounterTotals;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sFlow collector: one UDP socket and one receive thread per configured port, each with its own
 * {@link SflowDecoder}, reused direct receive buffer and {@link TrafficSink}.
 * <p>
 * A receive thread blocks in {@link DatagramChannel#receive}; {@link #close()} closes the channels, which wakes
 * the threads at once, then joins them. The sink is flushed after every datagram, so it is always flushed before
 * the thread blocks again. Nothing thrown by decoding escapes: unexpected exceptions go to
 * {@link CaptureContext#onError(Throwable)} and the loop carries on.
 */
public final class SflowCaptureSource implements CaptureSource
{
    private static final Logger LOG = LoggerFactory.getLogger(SflowCaptureSource.class);
    private static final int MAX_DATAGRAM = 65535;
    private static final long JOIN_MILLIS = 5_000;

    private final SflowConfig config;
    private final List<DatagramChannel> channels = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<SflowDecoder> decoders = new CopyOnWriteArrayList<>();
    private final List<Integer> boundPorts = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param config validated settings.
     */
    public SflowCaptureSource(final SflowConfig config)
    {
        this.config = config;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        final StringBuilder name = new StringBuilder("sflow");
        for (final Integer port : config.ports())
        {
            name.append(':').append(port);
        }
        return name.toString();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void start(final CaptureContext context) throws Exception
    {
        try
        {
            for (final int port : config.ports())
            {
                final DatagramChannel channel = config.host() instanceof Inet6Address ?
                    DatagramChannel.open(StandardProtocolFamily.INET6) :
                    DatagramChannel.open(StandardProtocolFamily.INET);
                channels.add(channel);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
                channel.bind(new InetSocketAddress(config.host(), port));
                final int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
                final int bound = ((InetSocketAddress)channel.getLocalAddress()).getPort();
                boundPorts.add(bound);
                if (granted < config.receiveBufferBytes())
                {
                    LOG.warn("sFlow port {}: asked for a {} byte receive buffer, the OS granted {} (raise " +
                        "net.core.rmem_max)", bound, config.receiveBufferBytes(), granted);
                }
                else
                {
                    LOG.info("sFlow listening on {}:{} with a {} byte receive buffer", config.host().getHostAddress(),
                        bound, granted);
                }
                final SflowDecoder decoder = new SflowDecoder(
                    config.parserOptions(), config.readPacketLengthFromIpHeader());
                decoders.add(decoder);
                final TrafficSink sink = context.newSink("sflow-" + bound);
                final Thread thread = context.threadFactory().newThread(
                    () -> receiveLoop(channel, decoder, sink, context));
                thread.setName("fnm-sflow-" + bound);
                threads.add(thread);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
        for (final Thread thread : threads)
        {
            thread.start();
        }
    }

    private void receiveLoop(
        final DatagramChannel channel, final SflowDecoder decoder, final TrafficSink sink, final CaptureContext context)
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM).order(ByteOrder.BIG_ENDIAN);
        while (!closed)
        {
            try
            {
                buffer.clear();
                if (channel.receive(buffer) == null)
                {
                    continue;
                }
                buffer.flip();
                decoder.decode(buffer, 0, buffer.limit(), sink);
            }
            catch (final ClosedChannelException ex)
            {
                break;
            }
            catch (final Throwable ex)
            {
                if (closed)
                {
                    break;
                }
                context.onError(ex);
            }
            finally
            {
                flushQuietly(sink, context);
            }
        }
        closeQuietly(sink, context);
    }

    private static void closeQuietly(final TrafficSink sink, final CaptureContext context)
    {
        try
        {
            sink.close(); // the thread is done with it: the engine merges its last counts and retires it
        }
        catch (final Throwable ex)
        {
            context.onError(ex);
        }
    }

    private static void flushQuietly(final TrafficSink sink, final CaptureContext context)
    {
        try
        {
            sink.flush();
        }
        catch (final Throwable ex)
        {
            context.onError(ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        closed = true;
        for (final DatagramChannel channel : channels)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                LOG.debug("closing sFlow channel", ex);
            }
        }
        for (final Thread thread : threads)
        {
            if (thread.isAlive() || thread.getState() != Thread.State.NEW)
            {
                try
                {
                    thread.join(JOIN_MILLIS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * @return the UDP ports actually bound (useful with port 0), in configuration order.
     */
    public List<Integer> boundPorts()
    {
        return new ArrayList<>(boundPorts);
    }

    /**
     * @return a snapshot per agent seen on any port (counts of the same agent on several ports are summed).
     */
    public List<SflowAgentStats> agentStats()
    {
        final List<SflowAgentStats> all = new ArrayList<>();
        for (final SflowDecoder decoder : decoders)
        {
            decoder.agentSnapshots(all);
        }
        final Map<String, SflowAgentStats> merged = new LinkedHashMap<>();
        for (final SflowAgentStats stats : all)
        {
            merged.merge(stats.agent(), stats, SflowAgentStats::merge);
        }
        return new ArrayList<>(merged.values());
    }

    /**
     * Report decoder-wide counters summed over ports ({@code sflow_decoder_datagrams_total},
     * {@code sflow_unsupported_version_total}...), then every agent's ({@code sflow_datagrams_total{agent=".."}}...).
     *
     * @param visitor receives each counter.
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        final CounterTotals totals = new CounterTotals();
        for (final SflowDecoder decoder : decoders)
        {
            decoder.counters(totals);
        }
        totals.replay(visitor);
        for (final SflowAgentStats stats : agentStats())
        {
            stats.counters(visitor);
        }
    }
}
