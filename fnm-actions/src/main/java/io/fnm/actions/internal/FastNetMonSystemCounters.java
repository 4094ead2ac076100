package io.fnm.actions.internal;

import io.fnm.core.IpPrefix;
import io.fnm.core.TrafficSnapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FastNetMon's system counters ({@code get_statistics}: InfluxDB's {@code system_counters} fields, Prometheus'
 * {@code fastnetmon_<name>}) computed from fnm's own counters in a snapshot, for the ones fnm has an equivalent of:
 * {@code total_simple_packets_processed} (records handed to the engine), {@code unknown_ip_version_packets},
 * {@code speed_recalculation_time_seconds} and {@code _microseconds} (the last tick's duration, split as FastNetMon
 * splits a {@code timeval}), {@code total_number_of_hosts} (addresses in the IPv4 networks_list) and, when the
 * InfluxDB exporter runs, {@code influxdb_writes_total} and {@code influxdb_writes_failed}.
 * <p>
 * Left out because fnm counts something else: {@code total_ipv4_packets} and {@code total_ipv6_packets} (fnm counts
 * packets per version, {@code fnm_traffic_packets_total}, not records), {@code total_unparsed_packets} and its speed
 * (each capture source reports its own parse failures).
 */
public final class FastNetMonSystemCounters
{
    /** The InfluxDB exporter's writes (ours). */
    public static final String INFLUXDB_WRITES = "fnm_influxdb_writes_total";
    /** The InfluxDB exporter's failed writes (ours). */
    public static final String INFLUXDB_WRITES_FAILED = "fnm_influxdb_writes_failed_total";

    private FastNetMonSystemCounters()
    {
    }

    /**
     * @param snapshot a tick's snapshot.
     * @return FastNetMon's counters, in FastNetMon's order.
     */
    public static List<Counter> of(final TrafficSnapshot snapshot)
    {
        final List<Counter> counters = new ArrayList<>();
        counters.add(new Counter("total_simple_packets_processed", true, "Total number of simple packets processed",
            snapshot.counterSum("fnm_records_processed_total")));
        counters.add(new Counter("unknown_ip_version_packets", true, "Non IPv4 and non IPv6 packets",
            snapshot.counterSum("fnm_records_unknown_ip_version_total")));
        final long micros = snapshot.counterSum("fnm_tick_duration_microseconds");
        counters.add(new Counter("speed_recalculation_time_seconds", false,
            "Time consumed by recalculation for all IPs (whole seconds)", micros / 1_000_000));
        counters.add(new Counter("speed_recalculation_time_microseconds", false,
            "Time consumed by recalculation for all IPs (microseconds beyond the whole seconds)",
            micros % 1_000_000));
        counters.add(new Counter("total_number_of_hosts", false, "Total number of hosts in our networks",
            ipv4Addresses(snapshot)));
        if (snapshot.hasCounter(INFLUXDB_WRITES))
        {
            counters.add(new Counter("influxdb_writes_total", true, "Total number of InfluxDB writes",
                snapshot.counterSum(INFLUXDB_WRITES)));
            counters.add(new Counter("influxdb_writes_failed", true, "Total number of failed InfluxDB writes",
                snapshot.counterSum(INFLUXDB_WRITES_FAILED)));
        }
        return counters;
    }

    private static long ipv4Addresses(final TrafficSnapshot snapshot)
    {
        final Set<IpPrefix> seen = new HashSet<>();
        long total = 0;
        for (final IpPrefix prefix : snapshot.networks().keySet())
        {
            if (prefix.isIpv4() && seen.add(prefix))
            {
                total += 1L << (32 - prefix.length());
            }
        }
        return total;
    }

    /**
     * One FastNetMon system counter.
     *
     * @param name        FastNetMon's name, without the {@code fastnetmon_} of Prometheus.
     * @param counter     true for a counter, false for a gauge.
     * @param description FastNetMon's description.
     * @param value       the value.
     */
    public record Counter(String name, boolean counter, String description, long value)
    {
    }
}
