package io.fnm.capture.spi;

import io.fnm.capture.CounterVisitor;

/**
 * A running capture backend: a NetFlow or sFlow collector, a pcap reader, an AF_PACKET ring, or the embedding
 * application's own feed.
 * <p>
 * Lifecycle: the engine calls {@link #start(CaptureContext)} once, then {@link #close()} once. A source owns its
 * receive threads (created through {@link CaptureContext#threadFactory()}): each thread takes a sink of its own from
 * {@link CaptureContext#newSink(String)} and follows the sink's idle rule. Nothing thrown while decoding escapes a
 * receive thread: bad input is counted and dropped, unexpected exceptions go to
 * {@link CaptureContext#onError(Throwable)}. After {@code close()} returns, none of the source's threads is alive.
 */
public interface CaptureSource extends AutoCloseable
{
    /**
     * @return a short name for logs and metric labels, e.g. {@code netflow:2055}.
     */
    String name();

    /**
     * Open sockets or files and start the receive threads; returns without waiting for traffic.
     *
     * @param context what the source needs from the engine.
     * @throws Exception when the source cannot start (port in use, no permission...); nothing is left running.
     */
    void start(CaptureContext context) throws Exception;

    /**
     * Stop receiving, release sockets and join every thread of this source. Idempotent.
     */
    @Override
    void close();

    /**
     * Report this source's operational counters (datagrams, records, malformed...): each series once per call (sum
     * what several receive threads counted), under {@link io.fnm.capture.CounterDescriptor}s the source declares as
     * constants; see {@link CounterVisitor} for the naming rules.
     *
     * @param visitor receives each counter.
     */
    default void counters(final CounterVisitor visitor)
    {
    }
}
