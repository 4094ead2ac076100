package io.fnm.core.internal;

import io.fnm.capture.CounterVisitor;
import io.fnm.core.Direction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's operational counters: records per source, filtered and unknown records, traffic totals, bans, action
 * failures, tracked hosts, ticks. Each part counts its own events; this reads them all (the tick-owned ones under the
 * engine lock) and hands them to a visitor.
 */
final class EngineCounters
{
    private final ReentrantLock lock;
    private final Map<String, long[]> retiredCounters;
    private final List<CaptureSink> sinks;
    private final long[] totalAverages;
    private final long[] totalCounts;
    private final HostTable[] hosts;
    private final HostTable[] idle;
    private final Map<HostKey, Ban> bans;
    private final List<ActionRunner> runners;
    private final AtomicLong bansTotal;
    private final AtomicLong unbansTotal;
    private final AtomicLong whitelistSuppressed;
    private final AtomicLong hostsUntracked;
    private final AtomicLong ticks;
    private final AtomicLong sinksSkipped;
    private final AtomicLong tickErrors;

    /**
     * @param lock      the engine lock.
     * @param collector the partition collection (sinks, retired sinks' counts).
     * @param averages  the rates and averages.
     * @param lifecycle the ban lifecycle.
     * @param driver    the tick driver.
     * @param runners   the action runners.
     */
    EngineCounters(final ReentrantLock lock, final PartitionCollector collector, final RateAverages averages,
        final BanLifecycle lifecycle, final TickDriver driver, final List<ActionRunner> runners)
    {
        this.lock = lock;
        this.retiredCounters = collector.retiredCounters();
        this.sinks = collector.sinks();
        this.totalAverages = averages.totalAverages();
        this.totalCounts = averages.totalCounts();
        this.hosts = averages.hosts();
        this.idle = averages.idle();
        this.bans = lifecycle.bans();
        this.runners = runners;
        this.bansTotal = lifecycle.bansTotal;
        this.unbansTotal = lifecycle.unbansTotal;
        this.whitelistSuppressed = lifecycle.whitelistSuppressed;
        this.hostsUntracked = averages.hostsUntracked;
        this.ticks = driver.ticks;
        this.sinksSkipped = collector.sinksSkipped;
        this.tickErrors = driver.tickErrors;
    }

    /**
     * @param visitor receives the engine's counters.
     */
    void counters(final CounterVisitor visitor)
    {
        final Map<String, long[]> perSource = new HashMap<>();
        long filtered = 0;
        long filterErrors = 0;
        long unknown = 0;
        lock.lock();
        try
        {
            for (final Map.Entry<String, long[]> e : retiredCounters.entrySet())
            {
                perSource.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue()[0];
                filtered += e.getValue()[1];
                filterErrors += e.getValue()[2];
                unknown += e.getValue()[3];
            }
            for (final CaptureSink sink : sinks)
            {
                perSource.computeIfAbsent(sink.name(), k -> new long[1])[0] += sink.processed() -
                    sink.baseProcessed;
                filtered += sink.filtered() - sink.baseFiltered;
                filterErrors += sink.filterErrors() - sink.baseFilterErrors;
                unknown += sink.unknownVersion() - sink.baseUnknownVersion;
            }
        }
        finally
        {
            lock.unlock();
        }
        for (final Map.Entry<String, long[]> e : perSource.entrySet())
        {
            visitor.counter("fnm_records_processed_total", "source=\"" + escape(e.getKey()) + "\"", e.getValue()[0]);
        }
        visitor.counter("fnm_records_filtered_total", "", filtered);
        visitor.counter("fnm_filter_errors_total", "", filterErrors);
        visitor.counter("fnm_records_unknown_ip_version_total", "", unknown);
        final long[] totals = new long[totalAverages.length];
        final long[] cumulative = new long[totalCounts.length];
        final int tracked4;
        final int tracked6;
        final int banned;
        lock.lock();
        try
        {
            System.arraycopy(totalAverages, 0, totals, 0, totals.length);
            System.arraycopy(totalCounts, 0, cumulative, 0, cumulative.length);
            tracked4 = hosts[0].size() + idle[0].size();
            tracked6 = hosts[1].size() + idle[1].size();
            banned = bans.size();
        }
        finally
        {
            lock.unlock();
        }
        for (int version = 0; version < 2; version++)
        {
            for (int dir = 0; dir < Layout.DIRECTIONS; dir++)
            {
                final String labels = "direction=\"" + Direction.of(dir).text() + "\",ip_version=\"" +
                    (version == 0 ? 4 : 6) + "\"";
                final int base = version * Layout.TOTAL_STRIDE;
                visitor.counter("fnm_traffic_packets_per_second", labels,
                    totals[base + Layout.packets(dir, Layout.TOTAL)]);
                final long bytes = totals[base + Layout.bytes(dir, Layout.TOTAL)];
                visitor.counter("fnm_traffic_bits_per_second", labels,
                    bytes > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : bytes * 8);
                visitor.counter("fnm_traffic_packets_total", labels,
                    cumulative[base + Layout.packets(dir, Layout.TOTAL)]);
                visitor.counter("fnm_traffic_bytes_total", labels, cumulative[base + Layout.bytes(dir, Layout.TOTAL)]);
            }
        }
        visitor.counter("fnm_bans_total", "", bansTotal.get());
        visitor.counter("fnm_unbans_total", "", unbansTotal.get());
        visitor.counter("fnm_banned_hosts", "", banned);
        visitor.counter("fnm_whitelist_suppressed_bans_total", "", whitelistSuppressed.get());
        for (final ActionRunner runner : runners)
        {
            final String labels = "action=\"" + escape(runner.name()) + "\"";
            visitor.counter("fnm_action_failures_total", labels, runner.failures());
            visitor.counter("fnm_action_timeouts_total", labels, runner.timeouts());
        }
        visitor.counter("fnm_hosts_tracked", "ip_version=\"4\"", tracked4);
        visitor.counter("fnm_hosts_tracked", "ip_version=\"6\"", tracked6);
        visitor.counter("fnm_hosts_untracked_total", "", hostsUntracked.get());
        visitor.counter("fnm_ticks_total", "", ticks.get());
        visitor.counter("fnm_tick_shards_skipped_total", "", sinksSkipped.get());
        visitor.counter("fnm_tick_errors_total", "", tickErrors.get());
    }

    private static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
