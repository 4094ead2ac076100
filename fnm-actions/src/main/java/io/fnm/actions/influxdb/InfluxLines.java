package io.fnm.actions.influxdb;

import io.fnm.actions.internal.FastNetMonSystemCounters;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot in InfluxDB line protocol with FastNetMon's measurements, tags and fields (its
 * {@code src/metrics/influxdb.cpp}), in its order, fields sorted by name as it writes them, every value an integer
 * with the {@code i} suffix (FastNetMon omits it, so InfluxDB stores its fields as floats).
 */
final class InfluxLines
{
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};
    private static final TrafficClass[] PROTOCOLS = {TrafficClass.DROPPED, TrafficClass.FRAGMENTED, TrafficClass.TCP,
        TrafficClass.TCP_SYN, TrafficClass.UDP, TrafficClass.ICMP};

    private InfluxLines()
    {
    }

    /**
     * @param snapshot the snapshot.
     * @param topHosts hosts per list written as {@code hosts_traffic} and {@code hosts_ipv6_traffic}.
     * @param out      where the lines are appended.
     * @return the number of lines.
     */
    static int write(final TrafficSnapshot snapshot, final int topHosts, final StringBuilder out)
    {
        final String time = Long.toString(snapshot.epochMillis() * 1_000_000L);
        int lines = totals(out, "total_traffic", snapshot.totals(4), true, time);
        lines += networks(out, "networks_traffic", snapshot.networks(), true, time);
        final List<HostTraffic> hosts = snapshot.hosts(topHosts);
        lines += hosts(out, "hosts_traffic", hosts, false, time);
        final Map<String, Long> system = new TreeMap<>();
        for (final FastNetMonSystemCounters.Counter counter : FastNetMonSystemCounters.of(snapshot))
        {
            system.put(counter.name(), counter.value());
        }
        lines += line(out, "system_counters", "metric", "metric_value", system, time);
        lines += hosts(out, "hosts_ipv6_traffic", hosts, true, time);
        lines += networks(out, "networks_ipv6_traffic", snapshot.networks(), false, time);
        lines += totals(out, "total_traffic_ipv6", snapshot.totals(6), false, time);
        return lines;
    }

    private static int totals(final StringBuilder out, final String measurement, final HostRates totals,
        final boolean ipv4, final String time)
    {
        int lines = 0;
        for (final Direction direction : DIRECTIONS)
        {
            final Map<String, Long> fields = new TreeMap<>();
            if (ipv4 && (direction == Direction.INCOMING || direction == Direction.OUTGOING))
            {
                fields.put("flows", totals.flowsPerSecond(direction));
            }
            fields.put("packets", totals.packetsPerSecond(direction, TrafficClass.TOTAL));
            fields.put("bits", totals.bitsPerSecond(direction, TrafficClass.TOTAL));
            for (final TrafficClass protocol : PROTOCOLS)
            {
                final String name = protocolName(protocol);
                fields.put(name + "_packets", totals.packetsPerSecond(direction, protocol));
                fields.put(name + "_bits", totals.bitsPerSecond(direction, protocol));
            }
            lines += line(out, measurement, "direction", direction.text(), fields, time);
        }
        return lines;
    }

    private static int networks(final StringBuilder out, final String measurement,
        final Map<IpPrefix, HostRates> networks, final boolean ipv4, final String time)
    {
        int lines = 0;
        for (final Map.Entry<IpPrefix, HostRates> network : networks.entrySet())
        {
            if (network.getKey().isIpv4() == ipv4 && !isZero(network.getValue()))
            {
                lines += line(out, measurement, "network", network.getKey().toString(),
                    entityFields(network.getValue()), time);
            }
        }
        return lines;
    }

    private static int hosts(final StringBuilder out, final String measurement, final List<HostTraffic> hosts,
        final boolean ipv6, final String time)
    {
        int lines = 0;
        for (final HostTraffic host : hosts)
        {
            if (host.ip().indexOf(':') >= 0 == ipv6)
            {
                lines += line(out, measurement, "host", host.ip(), entityFields(host.rates()), time);
            }
        }
        return lines;
    }

    /** FastNetMon's per-entity field set. */
    private static Map<String, Long> entityFields(final HostRates rates)
    {
        final Map<String, Long> fields = new TreeMap<>();
        for (final Direction direction : HOST_DIRECTIONS)
        {
            final String suffix = "_" + direction.text();
            fields.put("packets" + suffix, rates.packetsPerSecond(direction, TrafficClass.TOTAL));
            fields.put("bits" + suffix, rates.bitsPerSecond(direction, TrafficClass.TOTAL));
            fields.put("flows" + suffix, rates.flowsPerSecond(direction));
            for (final TrafficClass protocol : PROTOCOLS)
            {
                final String name = protocolName(protocol);
                fields.put(name + "_packets" + suffix, rates.packetsPerSecond(direction, protocol));
                fields.put(name + "_bits" + suffix, rates.bitsPerSecond(direction, protocol));
            }
        }
        return fields;
    }

    private static boolean isZero(final HostRates rates)
    {
        for (final Direction direction : HOST_DIRECTIONS)
        {
            if (rates.packetsPerSecond(direction, TrafficClass.TOTAL) != 0 ||
                rates.bytesPerSecond(direction, TrafficClass.TOTAL) != 0 || rates.flowsPerSecond(direction) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static String protocolName(final TrafficClass protocol)
    {
        return switch (protocol)
        {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case TCP_SYN -> "tcp_syn";
            case FRAGMENTED -> "fragmented";
            case DROPPED -> "dropped";
            case TOTAL -> "total";
        };
    }

    private static int line(final StringBuilder out, final String measurement, final String tag,
        final String tagValue, final Map<String, Long> fields, final String time)
    {
        out.append(measurement).append(',').append(tag).append('=');
        escapeTag(out, tagValue);
        char separator = ' ';
        for (final Map.Entry<String, Long> field : fields.entrySet())
        {
            out.append(separator).append(field.getKey()).append('=').append(field.getValue()).append('i');
            separator = ',';
        }
        out.append(' ').append(time).append('\n');
        return 1;
    }

    /** Line protocol: commas, equals signs and spaces in a tag value are escaped with a backslash. */
    private static void escapeTag(final StringBuilder out, final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == ',' || c == '=' || c == ' ' || c == '\\')
            {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
