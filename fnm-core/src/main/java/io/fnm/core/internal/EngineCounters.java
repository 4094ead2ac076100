package io.fnm.core.internal;

import io.fnm.capture.CounterDescriptor;

/**
 * The descriptors of the engine's own series, declared once here and reported by {@link EngineCore#counters} (and
 * {@link io.fnm.core.DetectionEngine#counters} for {@link #CAPTURE_ERRORS}).
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
    /** Hosts tracked now, per IP version. */
    public static final CounterDescriptor HOSTS_TRACKED = CounterDescriptor.gauge(
        "fnm_hosts_tracked", "hosts", "Hosts with counters now (active and idle), by IP version", IP_VERSION);
    /** Records of hosts not tracked because the table was full. */
    public static final CounterDescriptor HOSTS_UNTRACKED = CounterDescriptor.counter(
        "fnm_hosts_untracked_total", "hosts",
        "Active hosts left uncounted in a tick because max_tracked_hosts was reached (once per host and tick)");
    /** Ticks run. */
    public static final CounterDescriptor TICKS = CounterDescriptor.counter(
        "fnm_ticks_total", "ticks", "Speed calculation ticks run");
    /** Shards whose counts a tick could not take. */
    public static final CounterDescriptor TICK_SINKS_SKIPPED = CounterDescriptor.counter(
        "fnm_tick_sinks_skipped_total", "sinks",
        "Capture sinks a tick did not wait for any longer (their records are counted at the next tick)");
    /** Ticks that threw. */
    public static final CounterDescriptor TICK_ERRORS = CounterDescriptor.counter(
        "fnm_tick_errors_total", "ticks", "Ticks that threw an unexpected exception");
    /** Unexpected exceptions reported by capture sources. */
    public static final CounterDescriptor CAPTURE_ERRORS = CounterDescriptor.counter(
        "fnm_capture_errors_total", "errors", "Unexpected exceptions reported by capture sources");

    private EngineCounters()
    {
    }
}
