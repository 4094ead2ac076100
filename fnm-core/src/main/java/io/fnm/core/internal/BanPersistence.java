package io.fnm.core.internal;

import io.fnm.core.BanEntry;
import io.fnm.core.BanStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Saves the ban list to a {@link BanStore} on a thread of its own ({@code fnm-ban-store}), so that neither the tick
 * nor a manual ban waits for the disk: {@link #offer(List)} hands over the latest list, which replaces one not yet
 * written; the thread writes one list at a time. A failed save is logged (once until a save succeeds again) and
 * counted; the next change tries again.
 */
final class BanPersistence
{
    private static final Logger LOG = LoggerFactory.getLogger("io.fnm.attacks");

    final AtomicLong saves = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    private final BanStore store;
    private final AtomicReference<List<BanEntry>> pending = new AtomicReference<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean stopping;
    private boolean failing;

    /**
     * @param store where the list goes.
     */
    BanPersistence(final BanStore store)
    {
        this.store = store;
        this.thread = new Thread(this::run, "fnm-ban-store");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param bans the whole ban list now (replaces a list not yet written).
     */
    void offer(final List<BanEntry> bans)
    {
        pending.set(List.copyOf(bans));
        synchronized (signal)
        {
            signal.notifyAll();
        }
    }

    /**
     * Write what is pending, then stop the thread, within the deadline.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline.
     */
    void close(final long deadlineNanos)
    {
        stopping = true;
        synchronized (signal)
        {
            signal.notifyAll();
        }
        try
        {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            LOG.error("the ban list was not saved within the stop deadline: the last changes may be lost");
        }
    }

    private void run()
    {
        while (true)
        {
            final List<BanEntry> bans = pending.getAndSet(null);
            if (bans != null)
            {
                save(bans);
                continue;
            }
            if (stopping)
            {
                return;
            }
            synchronized (signal)
            {
                if (pending.get() == null && !stopping)
                {
                    try
                    {
                        signal.wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        return;
                    }
                }
            }
        }
    }

    private void save(final List<BanEntry> bans)
    {
        try
        {
            store.save(bans);
            saves.incrementAndGet();
            if (failing)
            {
                failing = false;
                LOG.info("ban list saved again ({} bans)", bans.size());
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            failures.incrementAndGet();
            if (!failing)
            {
                failing = true;
                LOG.error("cannot save the ban list ({} bans): {}; bans made from now on will not survive a " +
                    "restart until a save succeeds (tried again at the next change)", bans.size(), ex.toString());
            }
        }
    }
}
