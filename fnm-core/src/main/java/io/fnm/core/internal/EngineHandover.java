package io.fnm.core.internal;

import io.fnm.capture.Clock;
import io.fnm.core.BanEntry;
import io.fnm.core.HostHandover;
import org.jctools.queues.MpscChunkedArrayQueue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's {@link HostHandover}: bans restored through {@link BanLifecycle#restore} under the engine lock, hosts
 * visited under it, and seeds queued (a JCTools MPSC queue, bounded) for the tick to apply before it folds its
 * interval's counts ({@link #applySeeds}).
 */
final class EngineHandover implements HostHandover
{
    final AtomicLong seedsApplied = new AtomicLong();
    final AtomicLong seedsDropped = new AtomicLong();

    private final ReentrantLock lock;
    private final Clock clock;
    private final BanLifecycle banLifecycle;
    private final RateAverages averages;
    private final Runnable banListChanged;
    private final MpscChunkedArrayQueue<Seed> seeds;
    /** When the last tick that folded an interval ran, epoch milliseconds (under the lock). */
    private long lastTickMillis;

    /** One queued seed: a host, its averages and when they were read. */
    private record Seed(boolean ipv6, long high, long low, long[] averages, long atMillis)
    {
    }

    /**
     * @param lock           the engine lock.
     * @param clock          the engine clock.
     * @param banLifecycle   the bans.
     * @param averages       the averages.
     * @param maxHosts       max_tracked_hosts (the queue holds twice as many seeds).
     * @param banListChanged run under the lock after a restore (saves the ban list when it changed).
     */
    EngineHandover(final ReentrantLock lock, final Clock clock, final BanLifecycle banLifecycle,
        final RateAverages averages, final int maxHosts, final Runnable banListChanged)
    {
        this.lock = lock;
        this.clock = clock;
        this.banLifecycle = banLifecycle;
        this.averages = averages;
        this.banListChanged = banListChanged;
        final int capacity = (int)Math.min(1 << 30, Math.max(16L, 2L * maxHosts));
        this.lastTickMillis = clock.epochMillis();
        this.seeds = new MpscChunkedArrayQueue<>(Math.min(1024, capacity / 2), capacity);
    }

    @Override
    public int restoreBans(final List<BanEntry> bans)
    {
        lock.lock();
        try
        {
            final int restored = banLifecycle.restore(bans, clock.epochMillis());
            banListChanged.run();
            return restored;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public int forEachHost(final HostVisitor visitor)
    {
        final byte[] v4 = new byte[4];
        final byte[] v6 = new byte[16];
        final long[] values = new long[VALUES];
        lock.lock();
        try
        {
            visitor.begin(lastTickMillis);
            int n = 0;
            for (final HostTable table : averages.hosts())
            {
                final byte[] address = table.ipv6() ? v6 : v4;
                for (int d = 0; d < table.size(); d++)
                {
                    fillAddress(address, table.keyHigh(d), table.keyLow(d));
                    for (int k = 0; k < VALUES; k++)
                    {
                        values[k] = table.average(d, k);
                    }
                    visitor.host(address, values);
                    n++;
                }
            }
            return n;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean seed(final byte[] address, final long[] values, final long atMillis)
    {
        if (address.length != 4 && address.length != 16)
        {
            throw new IllegalArgumentException("an address is 4 or 16 bytes: " + address.length);
        }
        if (values.length != VALUES)
        {
            throw new IllegalArgumentException("a host has " + VALUES + " averages: " + values.length);
        }
        final boolean ipv6 = address.length == 16;
        final long high = ipv6 ? longAt(address, 0) : 0;
        final long low = ipv6 ? longAt(address, 8) : longAt(address, 0) >>> 32;
        if (!seeds.offer(new Seed(ipv6, high, low, values.clone(), atMillis)))
        {
            seedsDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public long seedsApplied()
    {
        return seedsApplied.get();
    }

    @Override
    public long seedsDropped()
    {
        return seedsDropped.get();
    }

    /**
     * Under the engine lock, at a tick, before its counts are folded: set each queued host's averages to its seed,
     * decayed from the seed's time to the start of the interval.
     *
     * @param nowMillis      the tick's time, epoch milliseconds.
     * @param elapsedNanos   the interval it folds (not positive when none).
     * @param averageSeconds average_calculation_time.
     */
    void beforeUpdate(final long nowMillis, final long elapsedNanos, final int averageSeconds)
    {
        applySeeds(nowMillis - Math.max(0, elapsedNanos) / 1_000_000L, averageSeconds);
        if (elapsedNanos > 0)
        {
            lastTickMillis = nowMillis;
        }
    }

    private void applySeeds(final long intervalStartMillis, final int averageSeconds)
    {
        if (seeds.isEmpty())
        {
            return;
        }
        final long[] decayed = new long[VALUES];
        seeds.drain(seed ->
        {
            final double seconds = Math.max(0, intervalStartMillis - seed.atMillis) / 1000.0;
            final double e = averageSeconds <= 0 ? 0 : Math.exp(-seconds / averageSeconds);
            long all = 0;
            for (int k = 0; k < VALUES; k++)
            {
                decayed[k] = (long)(e * Math.min(0xFFFFFFFFL, Math.max(0, seed.averages[k])));
                all |= decayed[k];
            }
            if (all == 0)
            {
                return;
            }
            if (averages.seed(seed.ipv6, seed.high, seed.low, decayed))
            {
                seedsApplied.incrementAndGet();
            }
            else
            {
                seedsDropped.incrementAndGet();
            }
        });
    }

    private static void fillAddress(final byte[] address, final long high, final long low)
    {
        if (address.length == 4)
        {
            putInt(address, 0, (int)low);
            return;
        }
        putInt(address, 0, (int)(high >>> 32));
        putInt(address, 4, (int)high);
        putInt(address, 8, (int)(low >>> 32));
        putInt(address, 12, (int)low);
    }

    private static void putInt(final byte[] b, final int at, final int value)
    {
        b[at] = (byte)(value >>> 24);
        b[at + 1] = (byte)(value >>> 16);
        b[at + 2] = (byte)(value >>> 8);
        b[at + 3] = (byte)value;
    }

    /** Big-endian; an IPv4 address's 4 bytes end up in the high half. */
    private static long longAt(final byte[] b, final int at)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (at + i < b.length ? b[at + i] & 0xFFL : 0);
        }
        return value;
    }
}
