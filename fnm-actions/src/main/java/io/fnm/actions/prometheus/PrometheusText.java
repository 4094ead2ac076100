package io.fnm.actions.prometheus;

import io.fnm.actions.internal.FastNetMonSystemCounters;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renders Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}): every metric name with one {@code # HELP} and one
 * {@code # TYPE}, then all its series.
 * <ul>
 * <li>every counter of the engine, its capture sources, actions and exporters, from their
 *     {@link CounterDescriptor}s ({@code fnm_*}, {@code netflow_*}, {@code sflow_*}...);</li>
 * <li>FastNetMon's names where fnm has the figure: the system counters as {@code fastnetmon_<name>}
 *     ({@link FastNetMonSystemCounters}) and
 *     {@code fastnetmon_total_traffic_packets|bits|flows{traffic_direction,protocol_version}} (FastNetMon writes
 *     flows without the space before the value, repeats HELP and TYPE per series and leaves the metric name out of
 *     HELP; all three fixed here; flows for IPv6 too);</li>
 * <li>ours: {@code fnm_total_protocol_packets_per_second} and {@code fnm_total_protocol_bits_per_second}
 *     {@code {direction,ip_version,protocol}}, {@code fnm_network_packets_per_second|bits_per_second
 *     {network,direction}} and, for the top hosts, {@code fnm_host_packets_per_second|bits_per_second|
 *     flows_per_second{host,direction}} (FastNetMon has no per-host metrics).</li>
 * </ul>
 */
public final class PrometheusText
{
    /** The content type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};
    private static final TrafficClass[] PROTOCOLS = {TrafficClass.TCP, TrafficClass.UDP, TrafficClass.ICMP,
        TrafficClass.TCP_SYN, TrafficClass.FRAGMENTED, TrafficClass.DROPPED};

    private PrometheusText()
    {
    }

    /**
     * Render every series a source of counters visits, grouped per metric name whatever the visiting order;
     * {@code # HELP} and {@code # TYPE} come from the first descriptor seen under that name.
     *
     * @param counters visits the series (e.g. {@code engine::counters} or {@code snapshot::counters}).
     * @param text     where the exposition is appended.
     */
    public static void renderCounters(final Consumer<CounterVisitor> counters, final StringBuilder text)
    {
        final Map<String, StringBuilder> families = new LinkedHashMap<>();
        counters.accept((descriptor, label1, label2, value) ->
        {
            final StringBuilder family = families.computeIfAbsent(descriptor.name(), name ->
                header(new StringBuilder(256), descriptor.name(), descriptor.help(),
                    descriptor.type() == CounterDescriptor.Type.COUNTER));
            descriptor.appendSeries(family, label1, label2).append(' ').append(value).append('\n');
        });
        families.values().forEach(text::append);
    }

    /**
     * Render a snapshot: its counters, FastNetMon's metrics, totals per protocol, networks and the top hosts.
     *
     * @param snapshot the snapshot.
     * @param topHosts hosts per list (in/out by packets, bytes, flows) with per-host series.
     * @param text     where the exposition is appended.
     */
    public static void render(final TrafficSnapshot snapshot, final int topHosts, final StringBuilder text)
    {
        renderCounters(snapshot::counters, text);
        for (final FastNetMonSystemCounters.Counter counter : FastNetMonSystemCounters.of(snapshot))
        {
            final String name = "fastnetmon_" + counter.name();
            header(text, name, counter.description(), counter.counter());
            text.append(name).append(' ').append(counter.value()).append('\n');
        }
        fastNetMonTotals(snapshot, text);
        protocolTotals(snapshot, text);
        networks(snapshot.networks(), text);
        hosts(snapshot.hosts(topHosts), text);
    }

    private static void fastNetMonTotals(final TrafficSnapshot snapshot, final StringBuilder text)
    {
        header(text, "fastnetmon_total_traffic_packets", "Total traffic in packets", false);
        for (int version = 4; version <= 6; version += 2)
        {
            for (final Direction direction : DIRECTIONS)
            {
                fastNetMonSeries(text, "fastnetmon_total_traffic_packets", direction, version,
                    snapshot.totals(version).packetsPerSecond(direction, TrafficClass.TOTAL));
            }
        }
        header(text, "fastnetmon_total_traffic_bits", "Total traffic in bits", false);
        for (int version = 4; version <= 6; version += 2)
        {
            for (final Direction direction : DIRECTIONS)
            {
                fastNetMonSeries(text, "fastnetmon_total_traffic_bits", direction, version,
                    snapshot.totals(version).bitsPerSecond(direction, TrafficClass.TOTAL));
            }
        }
        header(text, "fastnetmon_total_traffic_flows", "Total traffic in flows", false);
        for (int version = 4; version <= 6; version += 2)
        {
            for (final Direction direction : HOST_DIRECTIONS)
            {
                fastNetMonSeries(text, "fastnetmon_total_traffic_flows", direction, version,
                    snapshot.totals(version).flowsPerSecond(direction));
            }
        }
    }

    private static void fastNetMonSeries(final StringBuilder text, final String name, final Direction direction,
        final int version, final long value)
    {
        text.append(name).append("{traffic_direction=\"").append(direction.text())
            .append("\",protocol_version=\"ipv").append(version).append("\"} ").append(value).append('\n');
    }

    private static void protocolTotals(final TrafficSnapshot snapshot, final StringBuilder text)
    {
        for (int bits = 0; bits < 2; bits++)
        {
            final String name = bits == 0 ? "fnm_total_protocol_packets_per_second" :
                "fnm_total_protocol_bits_per_second";
            header(text, name, (bits == 0 ? "Packets" : "Bits") + " per second over every host by direction, IP" +
                " version and protocol (moving average)", false);
            for (int version = 4; version <= 6; version += 2)
            {
                final HostRates totals = snapshot.totals(version);
                for (final Direction direction : DIRECTIONS)
                {
                    for (final TrafficClass protocol : PROTOCOLS)
                    {
                        text.append(name).append("{direction=\"").append(direction.text())
                            .append("\",ip_version=\"").append(version).append("\",protocol=\"")
                            .append(protocolName(protocol)).append("\"} ")
                            .append(bits == 0 ? totals.packetsPerSecond(direction, protocol) :
                                totals.bitsPerSecond(direction, protocol)).append('\n');
                    }
                }
            }
        }
    }

    private static void networks(final Map<IpPrefix, HostRates> networks, final StringBuilder text)
    {
        for (int bits = 0; bits < 2; bits++)
        {
            final String name = bits == 0 ? "fnm_network_packets_per_second" : "fnm_network_bits_per_second";
            header(text, name, (bits == 0 ? "Packets" : "Bits") + " per second of a networks_list prefix by" +
                " direction (moving average)", false);
            for (final Map.Entry<IpPrefix, HostRates> network : networks.entrySet())
            {
                for (final Direction direction : HOST_DIRECTIONS)
                {
                    final HostRates rates = network.getValue();
                    series(text, name, "network", network.getKey().toString(), direction,
                        bits == 0 ? rates.packetsPerSecond(direction, TrafficClass.TOTAL) :
                        rates.bitsPerSecond(direction, TrafficClass.TOTAL));
                }
            }
        }
    }

    private static void hosts(final List<HostTraffic> hosts, final StringBuilder text)
    {
        final String[] names = {"fnm_host_packets_per_second", "fnm_host_bits_per_second",
            "fnm_host_flows_per_second"};
        final String[] what = {"Packets", "Bits", "Distinct flows"};
        for (int m = 0; m < names.length; m++)
        {
            header(text, names[m], what[m] + " per second of one of the top hosts by direction (moving average)",
                false);
            for (final HostTraffic host : hosts)
            {
                for (final Direction direction : HOST_DIRECTIONS)
                {
                    final HostRates rates = host.rates();
                    final long value = m == 0 ? rates.packetsPerSecond(direction, TrafficClass.TOTAL) :
                        m == 1 ? rates.bitsPerSecond(direction, TrafficClass.TOTAL) : rates.flowsPerSecond(direction);
                    series(text, names[m], "host", host.ip(), direction, value);
                }
            }
        }
    }

    private static void series(final StringBuilder text, final String name, final String label, final String value,
        final Direction direction, final long number)
    {
        text.append(name).append('{').append(label).append("=\"");
        escapeLabel(text, value);
        text.append("\",direction=\"").append(direction.text()).append("\"} ").append(number).append('\n');
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

    private static StringBuilder header(final StringBuilder sb, final String name, final String help,
        final boolean counter)
    {
        sb.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            if (c == '\\')
            {
                sb.append("\\\\");
            }
            else if (c == '\n')
            {
                sb.append("\\n");
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append("\n# TYPE ").append(name).append(' ').append(counter ? "counter" : "gauge").append('\n');
    }

    private static void escapeLabel(final StringBuilder sb, final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '\\' || c == '"')
            {
                sb.append('\\').append(c);
            }
            else if (c == '\n')
            {
                sb.append("\\n");
            }
            else
            {
                sb.append(c);
            }
        }
    }
}
