package io.fnm.capture.sflow;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.udp.DatagramDecoder;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * sFlow v5 (and v4) as a {@link DatagramDecoder}: an {@link SflowDecoder} whose records are stamped with the
 * datagram's arrival time. The agent is identified by the address inside the datagram, not by the UDP source, so the
 * source address is not used. One instance per receive thread, as {@link SflowDecoder} is.
 */
public final class SflowDatagramDecoder implements DatagramDecoder
{
    private final SflowDecoder decoder;

    /**
     * @param config the collector's settings (header parser options, IP or frame lengths).
     */
    public SflowDatagramDecoder(final SflowSettings config)
    {
        this(new SflowDecoder(config.parserOptions(), config.readPacketLengthFromIpHeader()));
    }

    /**
     * @param decoder the protocol decoder to drive.
     */
    public SflowDatagramDecoder(final SflowDecoder decoder)
    {
        this.decoder = decoder;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void decode(final ByteBuffer datagram, final InetAddress source, final long arrivalMillis,
        final TrafficSink sink)
    {
        decoder.decode(datagram, datagram.position(), datagram.remaining(), arrivalMillis, sink);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long datagrams()
    {
        return decoder.datagrams();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long droppedDatagrams()
    {
        return decoder.tooShort() + decoder.unsupportedVersion() + decoder.badAgentAddress() +
            decoder.malformedDatagrams();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void counters(final CounterVisitor visitor)
    {
        decoder.counters(visitor);
    }

    /**
     * @return the protocol decoder, for its per-agent statistics.
     */
    public SflowDecoder decoder()
    {
        return decoder;
    }
}
