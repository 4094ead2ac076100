package io.fnm.capture.mirror;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.config.ConfigView;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A capture context whose sinks only count (they allocate nothing, so a capture thread's allocations are its own),
 * optionally holding each capture thread at its first record until {@link #release()}, so that a ring fills.
 */
final class CountingCaptureContext implements CaptureContext
{
    private final ConfigView config;
    private final CountDownLatch gate;
    private final AtomicLong records = new AtomicLong();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    CountingCaptureContext(final ConfigView config, final boolean held)
    {
        this.config = config;
        this.gate = new CountDownLatch(held ? 1 : 0);
    }

    void release()
    {
        gate.countDown();
    }

    long records()
    {
        return records.get();
    }

    List<Throwable> errors()
    {
        return errors;
    }

    /**
     * @return bytes the context's threads have allocated so far.
     */
    long allocatedBytes()
    {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final Thread thread : threads)
        {
            total += bean.getThreadAllocatedBytes(thread.getId());
        }
        return total;
    }

    @Override
    public TrafficSink newSink(final String threadName)
    {
        return record ->
        {
            try
            {
                gate.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            records.incrementAndGet();
        };
    }

    @Override
    public Clock clock()
    {
        return Clock.SYSTEM;
    }

    @Override
    public ConfigView config()
    {
        return config;
    }

    @Override
    public ThreadFactory threadFactory()
    {
        return runnable ->
        {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    @Override
    public void onError(final Throwable error)
    {
        errors.add(error);
    }
}
