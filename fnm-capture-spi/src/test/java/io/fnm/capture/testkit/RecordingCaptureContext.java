package io.fnm.capture.testkit;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CaptureContext} for tests: keeps a copy of every record delivered, every error reported, and every thread
 * created, so a test can check what a source delivered and that its threads are gone after close.
 */
public final class RecordingCaptureContext implements CaptureContext
{
    private final List<TrafficRecord> records = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final ConfigView config;
    private final Clock clock;

    /**
     * @param config the configuration the source sees.
     * @param clock  the clock the source sees.
     */
    public RecordingCaptureContext(final ConfigView config, final Clock clock)
    {
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param config the configuration the source sees; the clock is the system clock.
     */
    public RecordingCaptureContext(final ConfigView config)
    {
        this(config, Clock.SYSTEM);
    }

    @Override
    public TrafficSink newSink(final String threadName)
    {
        return new TrafficSink()
        {
            @Override
            public void accept(final TrafficRecord record)
            {
                records.add(new TrafficRecord().copyFrom(record));
            }

            @Override
            public void flush()
            {
                flushes.incrementAndGet();
            }
        };
    }

    @Override
    public Clock clock()
    {
        return clock;
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
            final Thread thread = new Thread(runnable, "test-capture-" + threads.size());
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

    /**
     * @return copies of the records delivered so far.
     */
    public List<TrafficRecord> records()
    {
        return new ArrayList<>(records);
    }

    /**
     * @return errors reported so far.
     */
    public List<Throwable> errors()
    {
        return new ArrayList<>(errors);
    }

    /**
     * @return threads created through {@link #threadFactory()}.
     */
    public List<Thread> threads()
    {
        return new ArrayList<>(threads);
    }

    /**
     * @return how many times any sink was flushed.
     */
    public int flushes()
    {
        return flushes.get();
    }
}
