package io.fnm.core;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One tick's traffic figures, immutable, as a {@link MetricsExporter} receives them: the smoothed totals per IP
 * version (all four directions, every {@link TrafficClass}, flows), the load of every {@code networks_list} prefix,
 * the top hosts in and out by packets, bytes and flows (bounded), each with all its rates, and the engine's counters
 * (engine, capture sources, actions and exporters, read just after the tick).
 * <p>
 * Rates are FastNetMon's moving averages over {@code average_calculation_time}, as the thresholds see them.
 */
public final class TrafficSnapshot
{
    /** The most hosts a snapshot lists per direction and measure. */
    public static final int MAX_TOP_HOSTS = 10_000;

    private static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};
    private static final TopBy[] MEASURES = TopBy.values();

    private final long tick;
    private final long epochMillis;
    private final HostRates totalsIpv4;
    private final HostRates totalsIpv6;
    private final Map<IpPrefix, HostRates> networks;
    private final List<List<HostTraffic>> top;
    private final CounterDescriptor[] descriptors;
    private final String[] labels1;
    private final String[] labels2;
    private final long[] values;

    private TrafficSnapshot(final Builder b)
    {
        this.tick = b.tick;
        this.epochMillis = b.epochMillis;
        this.totalsIpv4 = b.totalsIpv4;
        this.totalsIpv6 = b.totalsIpv6;
        this.networks = Collections.unmodifiableMap(new LinkedHashMap<>(b.networks));
        final List<List<HostTraffic>> lists = new ArrayList<>(b.top.size());
        for (final List<HostTraffic> list : b.top)
        {
            lists.add(List.copyOf(list));
        }
        this.top = Collections.unmodifiableList(lists);
        final int n = b.descriptors.size();
        this.descriptors = b.descriptors.toArray(new CounterDescriptor[n]);
        this.labels1 = b.labels1.toArray(new String[n]);
        this.labels2 = b.labels2.toArray(new String[n]);
        this.values = new long[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = b.values.get(i);
        }
    }

    /**
     * @return a builder (for the engine, and for tests of exporters).
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the number of the tick, counted from 1 ({@code fnm_ticks_total} after it).
     */
    public long tick()
    {
        return tick;
    }

    /**
     * @return the engine clock's wall time at the tick, in milliseconds since the epoch.
     */
    public long epochMillis()
    {
        return epochMillis;
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the totals of that version: all four directions, every class, flows.
     */
    public HostRates totals(final int ipVersion)
    {
        if (ipVersion != 4 && ipVersion != 6)
        {
            throw new IllegalArgumentException("ipVersion must be 4 or 6: " + ipVersion);
        }
        return ipVersion == 4 ? totalsIpv4 : totalsIpv6;
    }

    /**
     * @return the load of each {@code networks_list} prefix (incoming and outgoing, every class; no flows), in the
     * order of the list.
     */
    public Map<IpPrefix, HostRates> networks()
    {
        return networks;
    }

    /**
     * @param direction {@link Direction#INCOMING} or {@link Direction#OUTGOING}.
     * @param by        the measure.
     * @return the hosts of both IP versions with a non-zero value, largest first (equal values in address order, IPv4
     * first), at most the snapshot's limit.
     */
    public List<HostTraffic> topHosts(final Direction direction, final TopBy by)
    {
        final int d = direction == Direction.INCOMING ? 0 : direction == Direction.OUTGOING ? 1 : -1;
        if (d < 0)
        {
            return List.of();
        }
        return top.get(d * MEASURES.length + by.ordinal());
    }

    /**
     * @param n how many of each list to take.
     * @return the union of the first {@code n} hosts of every {@link #topHosts(Direction, TopBy)} list (in and out, by
     * packets, bytes and flows), each host once: at most {@code 6 n} hosts.
     */
    public List<HostTraffic> hosts(final int n)
    {
        final Map<String, HostTraffic> union = new LinkedHashMap<>();
        for (final Direction direction : HOST_DIRECTIONS)
        {
            for (final TopBy by : MEASURES)
            {
                final List<HostTraffic> list = topHosts(direction, by);
                for (int i = 0; i < Math.min(n, list.size()); i++)
                {
                    union.putIfAbsent(list.get(i).ip(), list.get(i));
                }
            }
        }
        return List.copyOf(union.values());
    }

    /**
     * Replay the counters read just after the tick, each series once, in the order they were read.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        for (int i = 0; i < descriptors.length; i++)
        {
            visitor.counter(descriptors[i], labels1[i], labels2[i], values[i]);
        }
    }

    /**
     * @param name a counter's name, e.g. {@code fnm_records_processed_total}.
     * @return the sum of its series, 0 when absent.
     */
    public long counterSum(final String name)
    {
        long sum = 0;
        for (int i = 0; i < descriptors.length; i++)
        {
            if (descriptors[i].name().equals(name))
            {
                sum += values[i];
            }
        }
        return sum;
    }

    /**
     * @param name a counter's name.
     * @return whether a series of that name was read.
     */
    public boolean hasCounter(final String name)
    {
        for (final CounterDescriptor descriptor : descriptors)
        {
            if (descriptor.name().equals(name))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param source visits the counters to record (e.g. {@code engine::counters}).
     * @return a copy of this snapshot whose counters are the ones the source visits now.
     */
    public TrafficSnapshot withCounters(final Consumer<CounterVisitor> source)
    {
        final Builder b = new Builder().tick(tick).epochMillis(epochMillis).totals(4, totalsIpv4)
            .totals(6, totalsIpv6);
        b.networks.putAll(networks);
        for (int i = 0; i < top.size(); i++)
        {
            b.top.set(i, top.get(i));
        }
        source.accept(b::counter);
        return b.build();
    }

    @Override
    public String toString()
    {
        final Set<String> hosts = new LinkedHashSet<>();
        hosts(3).forEach(h -> hosts.add(h.ip()));
        return "TrafficSnapshot{tick=" + tick + ", ipv4=" + totalsIpv4 + ", ipv6=" + totalsIpv6 + ", networks=" +
            networks.size() + ", top=" + hosts + ", counters=" + descriptors.length + '}';
    }

    /**
     * Builds a {@link TrafficSnapshot}; not thread-safe.
     */
    public static final class Builder
    {
        private long tick;
        private long epochMillis;
        private HostRates totalsIpv4 = HostRates.ZERO;
        private HostRates totalsIpv6 = HostRates.ZERO;
        private final Map<IpPrefix, HostRates> networks = new LinkedHashMap<>();
        private final List<List<HostTraffic>> top = new ArrayList<>();
        private final List<CounterDescriptor> descriptors = new ArrayList<>();
        private final List<String> labels1 = new ArrayList<>();
        private final List<String> labels2 = new ArrayList<>();
        private final List<Long> values = new ArrayList<>();

        private Builder()
        {
            for (int i = 0; i < HOST_DIRECTIONS.length * MEASURES.length; i++)
            {
                top.add(List.of());
            }
        }

        /**
         * @param value the tick's number.
         * @return this builder.
         */
        public Builder tick(final long value)
        {
            tick = value;
            return this;
        }

        /**
         * @param value wall time of the tick, milliseconds since the epoch.
         * @return this builder.
         */
        public Builder epochMillis(final long value)
        {
            epochMillis = value;
            return this;
        }

        /**
         * @param ipVersion 4 or 6.
         * @param rates     the totals of that version.
         * @return this builder.
         */
        public Builder totals(final int ipVersion, final HostRates rates)
        {
            if (ipVersion == 4)
            {
                totalsIpv4 = Objects.requireNonNull(rates, "rates");
            }
            else if (ipVersion == 6)
            {
                totalsIpv6 = Objects.requireNonNull(rates, "rates");
            }
            else
            {
                throw new IllegalArgumentException("ipVersion must be 4 or 6: " + ipVersion);
            }
            return this;
        }

        /**
         * @param prefix a networks_list prefix.
         * @param rates  its load.
         * @return this builder.
         */
        public Builder network(final IpPrefix prefix, final HostRates rates)
        {
            networks.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(rates, "rates"));
            return this;
        }

        /**
         * @param direction INCOMING or OUTGOING.
         * @param by        the measure.
         * @param hosts     the hosts, largest first.
         * @return this builder.
         */
        public Builder topHosts(final Direction direction, final TopBy by, final List<HostTraffic> hosts)
        {
            if (direction != Direction.INCOMING && direction != Direction.OUTGOING)
            {
                throw new IllegalArgumentException("top hosts are incoming or outgoing: " + direction);
            }
            final int d = direction == Direction.INCOMING ? 0 : 1;
            top.set(d * MEASURES.length + by.ordinal(), hosts.size() > MAX_TOP_HOSTS ?
                hosts.subList(0, MAX_TOP_HOSTS) : hosts);
            return this;
        }

        /**
         * @param descriptor  what the value is.
         * @param labelValue1 the first label's value, or null.
         * @param labelValue2 the second label's value, or null.
         * @param value       the value.
         * @return this builder.
         */
        public Builder counter(final CounterDescriptor descriptor, final String labelValue1, final String labelValue2,
            final long value)
        {
            descriptors.add(Objects.requireNonNull(descriptor, "descriptor"));
            labels1.add(labelValue1);
            labels2.add(labelValue2);
            values.add(value);
            return this;
        }

        /**
         * @return the snapshot.
         */
        public TrafficSnapshot build()
        {
            return new TrafficSnapshot(this);
        }
    }
}
