package io.fnm.capture;

import io.fnm.capture.spi.CaptureContext;
import io.fnm.config.ConfigView;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A capture context for the loopback benchmarks: its sinks only count records, and it remembers the receive threads
 * it makes so a benchmark can read their CPU time.
 */
public final class CountingCaptureContext implements CaptureContext
{
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<CountingSink> sinks = new CopyOnWriteArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final String threadName;

    /**
     * @param threadName name of the receive threads.
     */
    public CountingCaptureContext(final String threadName)
    {
        this.threadName = threadName;
    }

    /**
     * @return records received by every sink, as published at their last flush.
     */
    public long received()
    {
        long total = 0;
        for (final CountingSink sink : sinks)
        {
            total += sink.published;
        }
        return total;
    }

    /**
     * @return the threads made through {@link #threadFactory()}.
     */
    public List<Thread> threads()
    {
        return threads;
    }

    /**
     * @return the sinks handed out.
     */
    public List<CountingSink> sinks()
    {
        return sinks;
    }

    /**
     * @return errors reported by the source.
     */
    public long errors()
    {
        return errors.get();
    }

    @Override
    public TrafficSink newSink(final String name)
    {
        final CountingSink sink = new CountingSink();
        sinks.add(sink);
        return sink;
    }

    @Override
    public Clock clock()
    {
        return Clock.SYSTEM;
    }

    @Override
    public ConfigView config()
    {
        return ConfigView.of(Map.of());
    }

    @Override
    public ThreadFactory threadFactory()
    {
        return task ->
        {
            final Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    @Override
    public void onError(final Throwable error)
    {
        errors.incrementAndGet();
    }

    /**
     * Counts records on the receive thread and publishes the count at each flush (after every datagram).
     */
    public static final class CountingSink implements TrafficSink
    {
        private volatile long published;
        private long count;

        /**
         * @return the count published at the last flush.
         */
        public long published()
        {
            return published;
        }

        @Override
        public void accept(final TrafficRecord record)
        {
            count++;
        }

        @Override
        public void flush()
        {
            published = count;
        }
    }
}
