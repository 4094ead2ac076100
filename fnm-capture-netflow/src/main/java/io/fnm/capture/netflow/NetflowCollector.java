package io.fnm.capture.netflow;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.udp.DatagramDecoder;
import io.fnm.capture.udp.UdpReceiver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NetFlow v5 / v9 / IPFIX collector: a {@link UdpReceiver} with a {@link NetflowDatagramDecoder} per receive
 * thread, {@code netflow_threads} sockets per configured port (default 1). The receiver's behaviour (batching,
 * flushing, wake-ups, errors, counters, thread names, how several sockets share a port and why templates stay
 * consistent) is described there.
 */
public final class NetflowCollector implements CaptureSource
{
    private static final String PROTOCOL = "netflow";

    private final NetflowSettings settings;
    private final UdpReceiver receiver;

    /**
     * @param settings the collector's settings.
     */
    public NetflowCollector(final NetflowSettings settings)
    {
        this.settings = settings;
        this.receiver = UdpReceiver.builder()
            .protocol(PROTOCOL)
            .host(settings.host())
            .ports(settings.ports())
            .socketsPerPort(settings.threads(), NetflowSettings.THREADS_KEY)
            .receiveBufferBytes(settings.receiveBufferBytes())
            .decoders(context -> new NetflowDatagramDecoder(settings, context.clock()))
            .build();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        final StringBuilder sb = new StringBuilder(PROTOCOL).append(':');
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
    public void start(final CaptureContext context) throws IOException
    {
        receiver.start(context);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close()
    {
        receiver.close();
    }

    /**
     * @return the local addresses the sockets are bound to (useful with port 0), one per configured port.
     */
    public List<InetSocketAddress> localAddresses()
    {
        return receiver.localAddresses();
    }

    /**
     * @return a snapshot of every exporter's counters, one entry per exporter and receive thread.
     */
    public List<ExporterStats> exporterStats()
    {
        final List<ExporterStats> stats = new ArrayList<>();
        for (final NetflowDatagramDecoder decoder : decoders())
        {
            stats.addAll(decoder.decoder().exporterStats());
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
        for (final NetflowDatagramDecoder decoder : decoders())
        {
            total += decoder.counter(counter);
        }
        return total;
    }

    /**
     * @return the receiver, for its counters and threads.
     */
    public UdpReceiver receiver()
    {
        return receiver;
    }

    private List<NetflowDatagramDecoder> decoders()
    {
        final List<NetflowDatagramDecoder> decoders = new ArrayList<>();
        for (final DatagramDecoder decoder : receiver.decoders())
        {
            decoders.add((NetflowDatagramDecoder)decoder);
        }
        return decoders;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        receiver.counters(visitor);
        for (final NetflowCounter counter : NetflowCounter.values())
        {
            visitor.counter(counter.descriptor(), counter(counter));
        }
        long templates = 0;
        long templateBytes = 0;
        for (final NetflowDatagramDecoder decoder : decoders())
        {
            templates += decoder.decoder().templateCount();
            templateBytes += decoder.decoder().templateBytes();
        }
        visitor.counter(NetflowCounter.TEMPLATES_KNOWN, templates);
        visitor.counter(NetflowCounter.TEMPLATE_BYTES, templateBytes);
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
}
