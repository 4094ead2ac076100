package io.fnm.capture;

/**
 * Where a capture thread delivers its records: the only thing a {@link io.fnm.capture.spi.CaptureSource} knows of
 * the engine.
 * <p>
 * <b>Threading.</b> A sink is single-threaded: each receive thread asks its
 * {@link io.fnm.capture.spi.CaptureContext} for a sink of its own and is the only thread to call it. The engine
 * counts into that thread's private shard without locks and merges the shards once per tick.
 * <p>
 * <b>Idle rule.</b> A capture thread calls {@link #flush()} whenever it runs out of input for now: before it blocks
 * on a socket, after each datagram or batch, and before it exits. Until it does, the engine may have to wait for the
 * thread's latest counts at a tick (for a bounded time, after which they are counted at the next tick).
 */
public interface TrafficSink
{
    /**
     * Count one record. The sink reads the record during the call only and never keeps it; the caller may reuse it
     * as soon as the call returns. Never throws for any field value.
     *
     * @param record the record, owned by the caller.
     */
    void accept(TrafficRecord record);

    /**
     * Tell the engine this thread has no more records for now, so a tick can take its counts without waiting.
     */
    default void flush()
    {
    }

    /**
     * Tell the engine this thread is done with the sink (call it as the thread exits): its last counts go into the
     * next tick and the engine then releases the sink's memory. A sink that receives records after {@code close()}
     * still counts them (it registers again), so a late record is never lost; it is simply not the intended use.
     * Engines that do not track sinks may ignore it.
     */
    default void close()
    {
        flush();
    }
}
