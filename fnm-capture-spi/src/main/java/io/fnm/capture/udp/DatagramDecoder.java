package io.fnm.capture.udp;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Turns one UDP datagram of a flow-export protocol (NetFlow, IPFIX, sFlow...) into traffic records. The one thing a
 * datagram-based capture backend implements: the {@link UdpReceiver} (live sockets) and {@link DatagramReplay}
 * (pcap files) drive any implementation the same way.
 * <p>
 * <b>Threading.</b> One instance per receive thread: {@link #decode}, {@link #onIdle} and {@link #close} are called
 * by one thread only and may keep per-thread state (templates, a reused record) without synchronisation. Only
 * {@link #datagrams()}, {@link #droppedDatagrams()} and {@link #counters(CounterVisitor)} may be called from any
 * thread, concurrently with decoding. State that must be shared between receive threads (none in the project's
 * decoders) is the implementation's to make thread-safe.
 * <p>
 * <b>Hostile input is normal input.</b> {@code decode} never throws, whatever the bytes: a datagram that is empty,
 * truncated, of an unknown version or otherwise malformed is counted in {@link #droppedDatagrams()} (records decoded
 * before the damage may have been delivered) and the next datagram is decoded as if nothing happened.
 * <p>
 * <b>Records</b> go only to the sink given to the call, each through {@link TrafficSink#accept}; the decoder does not
 * flush or close the sink (the caller follows the sink's idle rule) and does not keep it after the call returns,
 * except that {@link #onIdle} and {@link #close} may deliver records held back by an earlier call (e.g. long flows
 * spread over their duration) to the sink they are given.
 */
public interface DatagramDecoder
{
    /**
     * Decode one datagram. Never throws for any content.
     *
     * @param datagram      the UDP payload between the buffer's position and limit; neither is changed, and the
     *                      bytes are valid during the call only (the buffer is reused for the next datagram). Its
     *                      byte order may be changed.
     * @param source        the exporter's or agent's source address (templates and sampling rates are scoped by it).
     * @param arrivalMillis when the datagram arrived, in epoch milliseconds (the receive time, or the capture time in a
     *                      replay); records that carry no time of their own are stamped with it.
     * @param sink          where records go.
     */
    void decode(ByteBuffer datagram, InetAddress source, long arrivalMillis, TrafficSink sink);

    /**
     * Periodic work while the thread has no datagram for now: called after every batch and on every idle wake-up
     * (at least every {@link UdpReceiver#IDLE_WAKE_UP_MILLIS} ms when no traffic comes). Never throws.
     *
     * @param nowMillis the time, epoch milliseconds.
     * @param sink      where any records held back are delivered.
     * @return work done (records delivered), 0 when there was nothing to do.
     */
    default int onIdle(final long nowMillis, final TrafficSink sink)
    {
        return 0;
    }

    /**
     * Deliver whatever is still held back: the thread is about to stop. Never throws.
     *
     * @param sink where the records go.
     */
    default void close(final TrafficSink sink)
    {
    }

    /**
     * @return datagrams handed to {@link #decode}, including dropped ones; any thread.
     */
    long datagrams();

    /**
     * @return datagrams counted as malformed, truncated, too short or of an unsupported version; any thread.
     */
    long droppedDatagrams();

    /**
     * Report the decoder's operational counters. Any thread.
     *
     * @param visitor receives each counter.
     */
    void counters(CounterVisitor visitor);
}
