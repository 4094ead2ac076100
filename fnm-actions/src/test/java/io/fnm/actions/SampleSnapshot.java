package io.fnm.actions;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.IpAddresses;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.util.List;

/**
 * A snapshot with known figures for the exporters' tests: IPv4 and IPv6 totals, three networks (one idle), two
 * incoming hosts (one IPv6) and one outgoing, and a few counters.
 */
public final class SampleSnapshot
{
    /** Records processed. */
    public static final CounterDescriptor RECORDS = CounterDescriptor.counter("fnm_records_processed_total", "records",
        "Traffic records handed to the engine, by source", "source");
    /** Tick duration. */
    public static final CounterDescriptor TICK = CounterDescriptor.gauge("fnm_tick_duration_microseconds",
        "microseconds", "How long the last tick took");

    private SampleSnapshot()
    {
    }

    /**
     * @param epochMillis the tick's wall time.
     * @return the snapshot.
     */
    public static TrafficSnapshot at(final long epochMillis)
    {
        final HostRates v4 = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 1000)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 125_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TCP, 600)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TCP, 75_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, 400)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.UDP, 50_000)
            .flowsPerSecond(Direction.INCOMING, 30)
            .packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 200)
            .bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 25_000)
            .flowsPerSecond(Direction.OUTGOING, 5)
            .packetsPerSecond(Direction.INTERNAL, TrafficClass.TOTAL, 10)
            .bytesPerSecond(Direction.INTERNAL, TrafficClass.TOTAL, 1250)
            .build();
        final HostRates v6 = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 50)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 5000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, 50)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.UDP, 5000)
            .build();
        final HostTraffic host1 = host("10.0.0.1", HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 700)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 87_500)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TCP, 700)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TCP, 87_500)
            .flowsPerSecond(Direction.INCOMING, 20).build());
        final HostTraffic host6 = host("2001:db8:100::1", HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 50)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 5000).build());
        final HostTraffic host2 = host("10.0.0.2", HostRates.builder()
            .packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 200)
            .bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 25_000).build());
        return TrafficSnapshot.builder().tick(7).epochMillis(epochMillis).totals(4, v4).totals(6, v6)
            .network(IpPrefix.parse("10.0.0.0/24"), HostRates.builder()
                .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 900)
                .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 112_500)
                .packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 200)
                .bytesPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 25_000).build())
            .network(IpPrefix.parse("10.1.0.0/16"), HostRates.ZERO)
            .network(IpPrefix.parse("2001:db8:100::/48"), HostRates.builder()
                .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 50)
                .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 5000).build())
            .topHosts(Direction.INCOMING, TopBy.PACKETS, List.of(host1, host6))
            .topHosts(Direction.INCOMING, TopBy.BYTES, List.of(host1, host6))
            .topHosts(Direction.INCOMING, TopBy.FLOWS, List.of(host1))
            .topHosts(Direction.OUTGOING, TopBy.PACKETS, List.of(host2))
            .topHosts(Direction.OUTGOING, TopBy.BYTES, List.of(host2))
            .counter(RECORDS, "netflow", null, 12_000)
            .counter(RECORDS, "sflow", null, 345)
            .counter(TICK, null, null, 1_234_567)
            .build();
    }

    private static HostTraffic host(final String ip, final HostRates rates)
    {
        return new HostTraffic(IpAddresses.parseLiteral(ip), ip, rates, false);
    }
}
