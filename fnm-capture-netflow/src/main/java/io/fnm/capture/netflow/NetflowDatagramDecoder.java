package io.fnm.capture.netflow;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.udp.DatagramDecoder;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * NetFlow v5 / v9 / IPFIX as a {@link DatagramDecoder}: a {@link NetflowDecoder} and, with
 * {@code netflow_spread_long_flows = on}, a {@link LongFlowSpreader} in front of the sink (its parts fall due in
 * {@link #onIdle}, and {@link #close} delivers what is still pending).
 * <p>
 * One instance per receive thread, as {@link NetflowDecoder} is. Its template cache and exporter table are per
 * instance: with several sockets on one port ({@code netflow_threads}), {@code SO_REUSEPORT} keeps every datagram of
 * an exporter's source address and port on one socket, so each exporter's templates and data meet in one instance
 * (see {@link io.fnm.capture.udp.UdpReceiver}). Records carry the export time of their datagram's header, not the
 * arrival time; template expiry and spreading follow the clock given here.
 */
public final class NetflowDatagramDecoder implements DatagramDecoder
{
    private final NetflowDecoder decoder;
    private final LongFlowSpreader spreader;
    private final Downstream downstream = new Downstream();

    /**
     * @param settings the collector's settings.
     * @param clock    time for template expiry and the spreading of long flows.
     */
    public NetflowDatagramDecoder(final NetflowSettings settings, final Clock clock)
    {
        this.decoder = new NetflowDecoder(settings, clock);
        this.spreader = settings.spreadLongFlows() ? new LongFlowSpreader(downstream, clock) : null;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void decode(final ByteBuffer datagram, final InetAddress source, final long arrivalMillis,
        final TrafficSink sink)
    {
        if (spreader == null)
        {
            decoder.decode(datagram, source, sink);
            return;
        }
        downstream.target = sink;
        decoder.decode(datagram, source, spreader);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int onIdle(final long nowMillis, final TrafficSink sink)
    {
        if (spreader == null)
        {
            return 0;
        }
        downstream.target = sink;
        return spreader.tick();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close(final TrafficSink sink)
    {
        if (spreader != null)
        {
            downstream.target = sink;
            spreader.drain();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long datagrams()
    {
        return decoder.counter(NetflowCounter.DATAGRAMS);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long droppedDatagrams()
    {
        return decoder.counter(NetflowCounter.MALFORMED);
    }

    /**
     * @param counter a counter.
     * @return its value for this decoder (spread overflows included).
     */
    public long counter(final NetflowCounter counter)
    {
        final long value = decoder.counter(counter);
        return counter == NetflowCounter.SPREAD_OVERFLOWS && spreader != null ? value + spreader.overflows() : value;
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
     * @return the protocol decoder, for its exporter table and template counts.
     */
    public NetflowDecoder decoder()
    {
        return decoder;
    }

    /** The spreader's fixed downstream, pointed at the sink of the current call. */
    private static final class Downstream implements TrafficSink
    {
        private TrafficSink target;

        @Override
        public void accept(final TrafficRecord record)
        {
            target.accept(record);
        }
    }
}
