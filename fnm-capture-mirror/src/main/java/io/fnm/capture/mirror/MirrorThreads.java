package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureContext;

/**
 * The error rule shared by the mirror capture loops: nothing thrown escapes a capture thread. An exception is counted
 * and reported to the engine (which logs each distinct error once); a {@link VirtualMachineError} is reported too;
 * the loop then carries on.
 */
final class MirrorThreads
{
    private MirrorThreads()
    {
    }

    /**
     * @param context the engine's context.
     * @param error   what a capture loop caught.
     */
    static void report(final CaptureContext context, final Throwable error)
    {
        try
        {
            context.onError(error);
        }
        catch (final RuntimeException ignored)
        {
            // the engine's error handler failing must not stop the capture thread either
        }
    }

    /**
     * Join a thread, keeping the caller's interrupt status.
     *
     * @param thread the thread (may be null).
     */
    static void join(final Thread thread)
    {
        if (thread == null)
        {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
