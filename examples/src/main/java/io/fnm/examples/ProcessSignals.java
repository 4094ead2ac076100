package io.fnm.examples;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * The runner's process signals: SIGINT and SIGTERM request a clean stop, SIGHUP a reload. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported, no JVM flag needed); where it is unavailable, a shutdown hook
 * still stops the engine.
 */
final class ProcessSignals implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread hook;

    private ProcessSignals()
    {
    }

    static ProcessSignals install(final Runnable onReload)
    {
        final ProcessSignals signals = new ProcessSignals();
        try
        {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> signals.stopRequested.countDown());
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> signals.stopRequested.countDown());
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> onReload.run());
        }
        catch (final IllegalArgumentException | LinkageError ex)
        {
            LOG.warn("cannot handle signals ({}); relying on a shutdown hook", ex.toString());
        }
        signals.hook = new Thread(() ->
        {
            signals.stopRequested.countDown();
            try
            {
                signals.stopped.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "fnm-shutdown");
        Runtime.getRuntime().addShutdownHook(signals.hook);
        return signals;
    }

    /**
     * Stop as SIGTERM would (the engine failed).
     */
    void requestStop()
    {
        stopRequested.countDown();
    }

    void awaitStop() throws InterruptedException
    {
        stopRequested.await();
    }

    @Override
    public void close()
    {
        stopped.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            LOG.debug("shutting down already");
        }
    }
}
