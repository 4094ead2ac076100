package io.fnm.core.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Partition collection: the registry of capture sinks and, every tick, taking each partition's counts of the
 * interval (after the sinks still holding records handed them over), summing their totals and networks, retiring
 * closed and idle sinks, and giving the counts back to the partitions afterwards.
 * <p>
 * Sinks register from any thread; {@link #collect} and {@link #recycle} are tick-owned (under the engine lock).
 */
final class PartitionCollector
{
    private static final long SINK_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    final AtomicLong sinksSkipped = new AtomicLong();

    private final EngineCore engine;
    private final CopyOnWriteArrayList<CaptureSink> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> retiredCounters = new HashMap<>();
    private final Partition[] partitions;
    private final PartitionCounts[] taken;
    private final long[] tickTotals = new long[2 * Layout.TOTAL_STRIDE];
    private long[] tickNetworks;
    private int sinksCreated;

    /**
     * @param engine        the engine the sinks count for (they read its configuration and tick request).
     * @param view          the configuration at start.
     * @param maxHosts      max_tracked_hosts.
     * @param partitions    counting partitions.
     * @param networkValues values of the network averages ({@link Layout#NETWORK_STRIDE} per network).
     */
    PartitionCollector(final EngineCore engine, final EngineView view, final int maxHosts, final int partitions,
        final int networkValues)
    {
        this.engine = engine;
        this.partitions = new Partition[partitions];
        for (int p = 0; p < partitions; p++)
        {
            this.partitions[p] = new Partition(new PartitionCounts(view, maxHosts),
                new PartitionCounts(view, maxHosts));
        }
        this.taken = new PartitionCounts[partitions];
        this.tickNetworks = new long[networkValues];
    }

    /**
     * @return records lost because counting their batch failed, over every partition.
     */
    long lostRecords()
    {
        long lost = 0;
        for (final Partition partition : partitions)
        {
            lost += partition.lostRecords();
        }
        return lost;
    }

    /**
     * @return counting partitions.
     */
    int partitions()
    {
        return partitions.length;
    }

    /**
     * @param name the sink's name (its source and thread).
     * @return a new single-threaded sink, registered.
     */
    synchronized CaptureSink newSink(final String name)
    {
        final CaptureSink sink = new CaptureSink(name, engine, partitions, sinksCreated++);
        sinks.add(sink);
        return sink;
    }

    /**
     * @param sink a retired sink that received records again.
     */
    void register(final CaptureSink sink)
    {
        sinks.add(sink);
    }

    /**
     * @return the registered sinks (live).
     */
    List<CaptureSink> sinks()
    {
        return sinks;
    }

    /**
     * @return per sink name, the processed, filtered, filter-error and unknown-version counts of retired sinks
     * (tick-owned: read under the engine lock).
     */
    Map<String, long[]> retiredCounters()
    {
        return retiredCounters;
    }

    /**
     * @return every partition's counts for this interval, between {@link #collect} and {@link #recycle}.
     */
    PartitionCounts[] taken()
    {
        return taken;
    }

    /**
     * @return this interval's totals, IPv4 then IPv6, {@link Layout#TOTAL_STRIDE} each.
     */
    long[] tickTotals()
    {
        return tickTotals;
    }

    /**
     * @return this interval's counts per network.
     */
    long[] tickNetworks()
    {
        return tickNetworks;
    }

    /**
     * Take every partition's counts for this interval into {@link #taken()}, with the flows finished, and sum their
     * totals and networks into {@link #tickTotals()} and {@link #tickNetworks()}.
     *
     * @param v             the configuration in force.
     * @param networkValues values of the network averages of {@code v}.
     */
    void collect(final EngineView v, final int networkValues)
    {
        engine.tickRequested = true;
        try
        {
            awaitSinks();
            for (int p = 0; p < partitions.length; p++)
            {
                taken[p] = partitions[p].take();
            }
        }
        finally
        {
            engine.tickRequested = false;
        }
        retireSinks();
        sumTotals(v, networkValues);
    }

    /**
     * Give every partition its counts back for the next interval.
     */
    void recycle()
    {
        for (int p = 0; p < partitions.length; p++)
        {
            taken[p].clear();
            partitions[p].recycle(taken[p]);
            taken[p] = null;
        }
    }

    /**
     * Wait (bounded) for the sinks still holding records to hand them over after seeing the tick request; a sink
     * that does not (a thread that stopped without {@code flush()}) is counted as skipped and its records go into a
     * later tick.
     */
    private void awaitSinks()
    {
        final long deadline = System.nanoTime() + SINK_WAIT_NANOS;
        for (final CaptureSink sink : sinks)
        {
            int spins = 0;
            while (sink.pending())
            {
                if (System.nanoTime() - deadline > 0)
                {
                    sinksSkipped.incrementAndGet();
                    break;
                }
                if (++spins > 1000)
                {
                    Thread.yield();
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * Retire the sinks that were closed, or that had no record for {@link CaptureSink#RETIRE_TICKS} ticks, once they
     * hold nothing.
     */
    private void retireSinks()
    {
        for (final CaptureSink sink : sinks)
        {
            final long processed = sink.processed();
            if (sink.closeRequested() && !sink.pending())
            {
                retire(sink);
            }
            else if (processed != sink.lastProcessed)
            {
                sink.lastProcessed = processed;
                sink.idleTicks = 0;
            }
            else if (++sink.idleTicks >= CaptureSink.RETIRE_TICKS && !sink.pending())
            {
                retire(sink);
            }
        }
    }

    private void retire(final CaptureSink sink)
    {
        sinks.remove(sink);
        sink.retired();
        final long processed = sink.processed();
        final long filtered = sink.filtered();
        final long filterErrors = sink.filterErrors();
        final long unknown = sink.unknownVersion();
        final long[] sums = retiredCounters.computeIfAbsent(sink.name(), k -> new long[4]);
        sums[0] += processed - sink.baseProcessed;
        sums[1] += filtered - sink.baseFiltered;
        sums[2] += filterErrors - sink.baseFilterErrors;
        sums[3] += unknown - sink.baseUnknownVersion;
        sink.baseProcessed = processed;
        sink.baseFiltered = filtered;
        sink.baseFilterErrors = filterErrors;
        sink.baseUnknownVersion = unknown;
    }

    private void sumTotals(final EngineView v, final int networkValues)
    {
        Arrays.fill(tickTotals, 0L);
        if (tickNetworks.length != networkValues)
        {
            tickNetworks = new long[networkValues];
        }
        Arrays.fill(tickNetworks, 0L);
        for (final PartitionCounts counts : taken)
        {
            if (counts.view != v)
            {
                counts.remap(v);
            }
            counts.finish();
            for (int k = 0; k < tickTotals.length; k++)
            {
                tickTotals[k] += counts.totals[k];
            }
            for (int k = 0; k < tickNetworks.length; k++)
            {
                tickNetworks[k] += counts.networks[k];
            }
        }
    }
}
