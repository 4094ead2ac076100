package io.fnm.capture.spi;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficSink;
import io.fnm.config.ConfigView;

import java.util.concurrent.ThreadFactory;

/**
 * What the engine gives a {@link CaptureSource} when it starts it.
 */
public interface CaptureContext
{
    /**
     * A sink for one receive thread. Each thread that delivers records takes its own; a sink is never shared.
     *
     * @param threadName the name of the thread that will use it, for diagnostics.
     * @return a new single-threaded sink.
     */
    TrafficSink newSink(String threadName);

    /**
     * @return the engine's clock, to timestamp records that carry no time of their own.
     */
    Clock clock();

    /**
     * @return the configuration the source was created from.
     */
    ConfigView config();

    /**
     * @return the factory for the source's threads (daemon threads with recognisable names).
     */
    ThreadFactory threadFactory();

    /**
     * Report an unexpected exception from a receive thread. The engine logs each distinct error once and counts
     * every occurrence; the source then carries on.
     *
     * @param error what was thrown.
     */
    void onError(Throwable error);
}
