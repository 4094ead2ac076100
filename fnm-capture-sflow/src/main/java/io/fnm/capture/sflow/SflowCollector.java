package io.fnm.capture.sflow;

import io.fnm.capture.CounterTotals;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.udp.DatagramDecoder;
import io.fnm.capture.udp.UdpReceiver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sFlow collector: a {@link UdpReceiver} with an {@link SflowDatagramDecoder} per receive thread,
 * {@code sflow_threads} sockets per configured port (default 1). The receiver's behaviour (batching, flushing,
 * wake-ups, errors, counters, thread names, sockets sharing a port) is described there.
 */
public final class SflowCollector implements CaptureSource
{
    private static final String PROTOCOL = "sflow";

    private final SflowSettings config;
    private final UdpReceiver receiver;

    /**
     * @param config validated settings.
     */
    public SflowCollector(final SflowSettings config)
    {
        this.config = config;
        this.receiver = UdpReceiver.builder()
            .protocol(PROTOCOL)
            .host(config.host().getHostAddress())
            .ports(config.ports())
            .socketsPerPort(config.threads(), SflowSettings.THREADS_KEY)
            .receiveBufferBytes(config.receiveBufferBytes())
            .decoders(context -> new SflowDatagramDecoder(config))
            .build();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        final StringBuilder name = new StringBuilder(PROTOCOL);
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
     * @return the receiver, for its counters and threads.
     */
    public UdpReceiver receiver()
    {
        return receiver;
    }

    /**
     * @return the UDP ports actually bound (useful with port 0), in configuration order.
     */
    public List<Integer> boundPorts()
    {
        final List<Integer> ports = new ArrayList<>();
        for (final InetSocketAddress address : receiver.localAddresses())
        {
            ports.add(address.getPort());
        }
        return ports;
    }

    private List<SflowDecoder> decoders()
    {
        final List<SflowDecoder> decoders = new ArrayList<>();
        for (final DatagramDecoder decoder : receiver.decoders())
        {
            decoders.add(((SflowDatagramDecoder)decoder).decoder());
        }
        return decoders;
    }

    /**
     * @return a snapshot per agent seen on any port (counts of the same agent on several ports are summed).
     */
    public List<SflowAgentStats> agentStats()
    {
        final List<SflowAgentStats> all = new ArrayList<>();
        for (final SflowDecoder decoder : decoders())
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
     * Report the receiver's counters ({@code sflow_udp_datagrams_total}...), the decoder-wide counters summed over
     * the receive threads ({@code sflow_decoder_datagrams_total}, {@code sflow_unsupported_version_total}...), then
     * every agent's ({@code sflow_datagrams_total{agent=".."}}...).
     *
     * @param visitor receives each counter.
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        receiver.counters(visitor);
        final CounterTotals totals = new CounterTotals();
        for (final SflowDecoder decoder : decoders())
        {
            decoder.counters(totals);
        }
        totals.replay(visitor);
        agentCounters(decoders(), visitor);
    }

    /**
     * Every agent's series, an agent seen by several receive threads summed: from snapshots that leave the interface
     * counters out, so a scrape costs the number of agents, not of their interfaces (no interface is a series).
     *
     * @param decoders the receive threads' decoders.
     * @param visitor  receives each counter.
     */
    static void agentCounters(final List<SflowDecoder> decoders, final CounterVisitor visitor)
    {
        final List<SflowAgentStats> all = new ArrayList<>();
        for (final SflowDecoder decoder : decoders)
        {
            decoder.agentCounterSnapshots(all);
        }
        final Map<String, SflowAgentStats> merged = new LinkedHashMap<>();
        for (final SflowAgentStats stats : all)
        {
            merged.merge(stats.agent(), stats, SflowAgentStats::merge);
        }
        for (final SflowAgentStats stats : merged.values())
        {
            stats.counters(visitor);
        }
    }
}
