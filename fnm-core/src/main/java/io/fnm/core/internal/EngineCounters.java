package io.fnm.core.internal;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterTotals;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.Direction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's operational counters: the descriptors of its own series, declared once here, and the report of them
 * (records per source, filtered and unknown records, traffic totals, bans, action failures, tracked hosts, ticks)
 * through {@link EngineCore#counters} ({@link io.fnm.core.DetectionEngine#counters} adds {@link #CAPTURE_ERRORS}).
 * Each part of the engine counts its own events; this reads them all (the tick-owned ones under the engine lock).
 */
public final class EngineCounters
{
    /** Label: the name a sink was created with (the capture source). */
    public static final String SOURCE = "source";
    /** Label: {@code incoming}, {@code outgoing}, {@code internal} or {@code other}. */
    public static final String DIRECTION = "direction";
    /** Label: {@code 4} or {@code 6}. */
    public static final String IP_VERSION = "ip_version";
    /** Label: the action's name. */
    public static final String ACTION = "action";

    /** Records counted, per source. */
    public static final CounterDescriptor RECORDS_PROCESSED = CounterDescriptor.counter(
        "fnm_records_processed_total", "records", "Traffic records handed to the engine, by source", SOURCE);
    /** Records dropped by a traffic filter. */
    public static final CounterDescriptor RECORDS_FILTERED = CounterDescriptor.counter(
        "fnm_records_filtered_total", "records", "Traffic records dropped by a traffic filter before counting");
    /** Traffic filter calls that threw. */
    public static final CounterDescriptor FILTER_ERRORS = CounterDescriptor.counter(
        "fnm_filter_errors_total", "records", "Traffic filter calls that threw (the record was counted)");
    /** Records whose IP version is neither 4 nor 6. */
    public static final CounterDescriptor RECORDS_UNKNOWN_IP_VERSION = CounterDescriptor.counter(
        "fnm_records_unknown_ip_version_total", "records", "Traffic records whose IP version is neither 4 nor 6");
    /** Packets per second over every host, averaged as FastNetMon does. */
    public static final CounterDescriptor TRAFFIC_PACKETS_PER_SECOND = CounterDescriptor.gauge(
        "fnm_traffic_packets_per_second", "packets_per_second", "Packets per second over every host (moving average)",
        DIRECTION, IP_VERSION);
    /** Bits per second over every host, averaged as FastNetMon does. */
    public static final CounterDescriptor TRAFFIC_BITS_PER_SECOND = CounterDescriptor.gauge(
        "fnm_traffic_bits_per_second", "bits_per_second", "Bits per second over every host (moving average)",
        DIRECTION, IP_VERSION);
    /** Packets counted since start. */
    public static final CounterDescriptor TRAFFIC_PACKETS = CounterDescriptor.counter(
        "fnm_traffic_packets_total", "packets", "Packets counted since start", DIRECTION, IP_VERSION);
    /** Bytes counted since start. */
    public static final CounterDescriptor TRAFFIC_BYTES = CounterDescriptor.counter(
        "fnm_traffic_bytes_total", "bytes", "Bytes counted since start", DIRECTION, IP_VERSION);
    /** Bans since start. */
    public static final CounterDescriptor BANS = CounterDescriptor.counter(
        "fnm_bans_total", "bans", "Hosts banned since start (detected or manual)");
    /** Unbans since start. */
    public static final CounterDescriptor UNBANS = CounterDescriptor.counter(
        "fnm_unbans_total", "bans", "Hosts unbanned since start");
    /** Hosts banned now. */
    public static final CounterDescriptor BANNED_HOSTS = CounterDescriptor.gauge(
        "fnm_banned_hosts", "hosts", "Hosts banned now");
    /** Bans not made because the host is whitelisted. */
    public static final CounterDescriptor WHITELIST_SUPPRESSED_BANS = CounterDescriptor.counter(
        "fnm_whitelist_suppressed_bans_total", "bans", "Bans not made because the host is whitelisted");
    /** Action calls that failed, per action. */
    public static final CounterDescriptor ACTION_FAILURES = CounterDescriptor.counter(
        "fnm_action_failures_total", "calls", "Action calls that threw, by action", ACTION);
    /** Action calls that timed out, per action. */
    public static final CounterDescriptor ACTION_TIMEOUTS = CounterDescriptor.counter(
        "fnm_action_timeouts_total", "calls", "Action calls that ran past action_timeout_seconds, by action", ACTION);
    /** Label: {@code ban}, {@code attack_details} or {@code unban}. */
    public static final String CALL = "call";
    /** Action calls not made because the action's queue was full or the engine stopped. */
    public static final CounterDescriptor ACTION_CALLS_DROPPED = CounterDescriptor.counter(
        "fnm_action_calls_dropped_total", "calls",
        "Action calls not made because the action's queue was full or the engine stopped, by action and call",
        ACTION, CALL);
    /** Action calls not made because their ban ended (or was dropped) before the action got it. */
    public static final CounterDescriptor ACTION_CALLS_CANCELLED = CounterDescriptor.counter(
        "fnm_action_calls_cancelled_total", "calls",
        "Action calls not made because their ban ended, or was dropped, before the action got it, by action and call",
        ACTION, CALL);
    /** Action calls waiting now. */
    public static final CounterDescriptor ACTION_CALLS_QUEUED = CounterDescriptor.gauge(
        "fnm_action_calls_queued", "calls", "Action calls waiting now, by action", ACTION);
    /** Detections not banned because max_banned_hosts hosts were banned. */
    public static final CounterDescriptor BANS_SKIPPED = CounterDescriptor.counter(
        "fnm_bans_skipped_total", "bans",
        "Detections not banned because max_banned_hosts hosts were banned (once per host and tick)");
    /** Bans whose attack details came without records because ban_details_max_open collections were open. */
    public static final CounterDescriptor BAN_DETAILS_SKIPPED = CounterDescriptor.counter(
        "fnm_ban_details_skipped_total", "bans",
        "Bans whose attack details came without records because ban_details_max_open collections were open");
    /** Hosts tracked now, per IP version. */
    public static final CounterDescriptor HOSTS_TRACKED = CounterDescriptor.gauge(
        "fnm_hosts_tracked", "hosts", "Hosts with counters now (active and idle), by IP version", IP_VERSION);
    /** Records of hosts not tracked because the table was full. */
    public static final CounterDescriptor HOSTS_UNTRACKED = CounterDescriptor.counter(
        "fnm_hosts_untracked_total", "hosts",
        "Active hosts left uncounted in a tick because max_tracked_hosts was reached (once per host and tick)");
    /** Ticks in which a host with traffic found the host table full. */
    public static final CounterDescriptor HOST_TABLE_FULL = CounterDescriptor.counter(
        "fnm_host_table_full_total", "ticks",
        "Ticks in which a host with traffic found max_tracked_hosts reached (see the eviction policy)");
    /** Label: why a host was evicted ({@code idle} or {@code quietest}). */
    public static final String REASON = "reason";
    /** Hand-over seeds by outcome ({@code applied} or {@code dropped}). */
    public static final CounterDescriptor HANDOVER_SEEDS = CounterDescriptor.counter(
        "fnm_handover_seeds_total", "hosts",
        "Hosts' moving averages taken over from another engine's checkpoint: applied, or dropped (seed queue or host " +
            "table full)", "outcome");
    /** Hosts evicted from a full table, by reason. */
    public static final CounterDescriptor HOSTS_EVICTED = CounterDescriptor.counter(
        "fnm_hosts_evicted_total", "hosts",
        "Hosts evicted from a full host table for a new one: idle (averages at zero) or quietest (for a host above a " +
            "threshold)", REASON);
    /** Records of hosts the counting partitions had no row for. */
    public static final CounterDescriptor RECORDS_UNTRACKED = CounterDescriptor.counter(
        "fnm_records_untracked_total", "records",
        "Records counted in the totals only: their host had no row in its partition's interval table nor overflow");
    /** Ticks run. */
    public static final CounterDescriptor TICKS = CounterDescriptor.counter(
        "fnm_ticks_total", "ticks", "Speed calculation ticks run");
    /** How long the last tick took. */
    public static final CounterDescriptor TICK_DURATION = CounterDescriptor.gauge(
        "fnm_tick_duration_microseconds", "microseconds",
        "How long the last speed calculation tick took (FastNetMon's speed_recalculation_time)");
    /** How long all ticks took. */
    public static final CounterDescriptor TICK_DURATION_TOTAL = CounterDescriptor.counter(
        "fnm_tick_duration_microseconds_total", "microseconds",
        "How long all speed calculation ticks took together (rate() of it over rate() of fnm_ticks_total: the mean)");
    /** Records lost because counting their batch failed (a bug: should stay 0). */
    public static final CounterDescriptor RECORDS_LOST = CounterDescriptor.counter(
        "fnm_records_lost_total", "records", "Records lost because counting their batch failed (should stay 0)");
    /** Capture sinks a tick did not wait for any longer. */
    public static final CounterDescriptor TICK_SINKS_SKIPPED = CounterDescriptor.counter(
        "fnm_tick_sinks_skipped_total", "sinks",
        "Capture sinks a tick did not wait for any longer (their records are counted at the next tick)");
    /** Ticks that threw. */
    public static final CounterDescriptor TICK_ERRORS = CounterDescriptor.counter(
        "fnm_tick_errors_total", "ticks", "Ticks that threw an unexpected exception");
    /** Unexpected exceptions reported by capture sources. */
    public static final CounterDescriptor CAPTURE_ERRORS = CounterDescriptor.counter(
        "fnm_capture_errors_total", "errors", "Unexpected exceptions reported by capture sources");

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
    private final HostEviction eviction;
    private final AtomicLong recordsUntracked;
    private final AtomicLong bansSkipped;
    private final AtomicLong detailsSkipped;
    private final AtomicLong ticks;
    private final AtomicLong sinksSkipped;
    private final PartitionCollector collector;
    private final AtomicLong tickErrors;
    private final AtomicLong lastTickDurationNanos;
    private final AtomicLong tickDurationNanosTotal;

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
        this.eviction = averages.eviction();
        this.recordsUntracked = averages.recordsUntracked;
        this.bansSkipped = lifecycle.bansSkipped;
        this.detailsSkipped = lifecycle.detailsSkipped;
        this.ticks = driver.ticks;
        this.sinksSkipped = collector.sinksSkipped;
        this.collector = collector;
        this.tickErrors = driver.tickErrors;
        this.lastTickDurationNanos = driver.lastTickDurationNanos;
        this.tickDurationNanosTotal = driver.tickDurationNanosTotal;
    }

    /**
     * @param visitor receives the engine's counters.
     */
    void counters(final CounterVisitor visitor)
    {
        recordCounters(visitor);
        trafficCounters(visitor);
        visitor.counter(EngineCounters.BANS, bansTotal.get());
        visitor.counter(EngineCounters.UNBANS, unbansTotal.get());
        visitor.counter(EngineCounters.WHITELIST_SUPPRESSED_BANS, whitelistSuppressed.get());
        visitor.counter(EngineCounters.BANS_SKIPPED, bansSkipped.get());
        visitor.counter(EngineCounters.BAN_DETAILS_SKIPPED, detailsSkipped.get());
        actionCounters(visitor);
        visitor.counter(EngineCounters.HOSTS_UNTRACKED, eviction.hostsUntracked.get());
        visitor.counter(EngineCounters.HOST_TABLE_FULL, eviction.fullTicks.get());
        visitor.counter(EngineCounters.HOSTS_EVICTED, "idle", eviction.evictedIdle.get());
        visitor.counter(EngineCounters.HOSTS_EVICTED, "quietest", eviction.evictedQuietest.get());
        visitor.counter(EngineCounters.RECORDS_UNTRACKED, recordsUntracked.get());
        visitor.counter(EngineCounters.TICKS, ticks.get());
        visitor.counter(EngineCounters.TICK_DURATION, lastTickDurationNanos.get() / 1000);
        visitor.counter(EngineCounters.TICK_DURATION_TOTAL, tickDurationNanosTotal.get() / 1000);
        visitor.counter(EngineCounters.TICK_SINKS_SKIPPED, sinksSkipped.get());
        visitor.counter(EngineCounters.RECORDS_LOST, collector.lostRecords());
        visitor.counter(EngineCounters.TICK_ERRORS, tickErrors.get());
    }

    private void recordCounters(final CounterVisitor visitor)
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
            visitor.counter(EngineCounters.RECORDS_PROCESSED, e.getKey(), e.getValue()[0]);
        }
        visitor.counter(EngineCounters.RECORDS_FILTERED, filtered);
        visitor.counter(EngineCounters.FILTER_ERRORS, filterErrors);
        visitor.counter(EngineCounters.RECORDS_UNKNOWN_IP_VERSION, unknown);
    }

    private void trafficCounters(final CounterVisitor visitor)
    {
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
                final String direction = Direction.of(dir).text();
                final String ipVersion = version == 0 ? "4" : "6";
                final int base = version * Layout.TOTAL_STRIDE;
                visitor.counter(EngineCounters.TRAFFIC_PACKETS_PER_SECOND, direction, ipVersion,
                    totals[base + Layout.packets(dir, Layout.TOTAL)]);
                final long bytes = totals[base + Layout.bytes(dir, Layout.TOTAL)];
                visitor.counter(EngineCounters.TRAFFIC_BITS_PER_SECOND, direction, ipVersion,
                    bytes > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : bytes * 8);
                visitor.counter(EngineCounters.TRAFFIC_PACKETS, direction, ipVersion,
                    cumulative[base + Layout.packets(dir, Layout.TOTAL)]);
                visitor.counter(EngineCounters.TRAFFIC_BYTES, direction, ipVersion,
                    cumulative[base + Layout.bytes(dir, Layout.TOTAL)]);
            }
        }
        visitor.counter(EngineCounters.BANNED_HOSTS, banned);
        visitor.counter(EngineCounters.HOSTS_TRACKED, "4", tracked4);
        visitor.counter(EngineCounters.HOSTS_TRACKED, "6", tracked6);
    }

    private void actionCounters(final CounterVisitor visitor)
    {
        final CounterTotals perAction = new CounterTotals(); // two actions may share a name (two lambdas)
        for (final ActionRunner runner : runners)
        {
            perAction.counter(EngineCounters.ACTION_FAILURES, runner.name(), runner.failures());
            perAction.counter(EngineCounters.ACTION_TIMEOUTS, runner.name(), runner.timeouts());
            perAction.counter(EngineCounters.ACTION_CALLS_QUEUED, runner.name(), runner.queued());
            for (final ActionRunner.CallKind kind : ActionRunner.CallKind.values())
            {
                perAction.counter(EngineCounters.ACTION_CALLS_DROPPED, runner.name(), kind.label(),
                    runner.dropped(kind));
                perAction.counter(EngineCounters.ACTION_CALLS_CANCELLED, runner.name(), kind.label(),
                    runner.cancelled(kind));
            }
        }
        perAction.replay(visitor);
    }
}
