package io.fnm.actions.kafka;

import io.fnm.capture.IpAddresses;
import io.fnm.core.Attack;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded snapshots of one engine each: its hosts in {@code 10.<engine>.0.0/16} (every rate non-zero), its totals, its
 * top lists holding every host, largest first; and the true global top over the hosts of several engines.
 */
final class ClusterSnapshots
{
    static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};

    private ClusterSnapshots()
    {
    }

    /** One engine's figures: every host it tracks and the snapshot the engine would export. */
    record EngineFigures(List<HostTraffic> hosts, TrafficSnapshot snapshot)
    {
    }

    static EngineFigures engine(final int engine, final int hosts, final long seed, final long epochMillis)
    {
        final Random random = new Random(seed);
        final List<HostTraffic> all = new ArrayList<>();
        for (int i = 0; i < hosts; i++)
        {
            final String ip = "10." + engine + "." + (i >> 8) + "." + (i & 0xFF);
            all.add(new HostTraffic(IpAddresses.parseLiteral(ip), ip, rates(random, HOST_DIRECTIONS, 1_000_000),
                i % 7 == 0));
        }
        final TrafficSnapshot.Builder b = TrafficSnapshot.builder().tick(engine + 1).epochMillis(epochMillis)
            .totals(4, rates(random, Direction.values(), 1_000_000_000_000L))
            .totals(6, rates(random, Direction.values(), 1_000_000_000_000L));
        for (final Direction direction : HOST_DIRECTIONS)
        {
            for (final TopBy by : TopBy.values())
            {
                b.topHosts(direction, by, sorted(all, direction, by));
            }
        }
        return new EngineFigures(List.copyOf(all), b.build());
    }

    static List<HostTraffic> sorted(final List<HostTraffic> hosts, final Direction direction, final TopBy by)
    {
        final List<HostTraffic> list = new ArrayList<>(hosts);
        list.sort(Comparator.comparingLong((HostTraffic h) -> value(h.rates(), direction, by)).reversed()
            .thenComparing(HostTraffic::ip));
        return list;
    }

    static long value(final HostRates rates, final Direction direction, final TopBy by)
    {
        if (by == TopBy.PACKETS)
        {
            return rates.packetsPerSecond(direction, TrafficClass.TOTAL);
        }
        return by == TopBy.BYTES ? rates.bytesPerSecond(direction, TrafficClass.TOTAL) :
            rates.flowsPerSecond(direction);
    }

    static HostRates rates(final Random random, final Direction[] directions, final long bound)
    {
        final HostRates.Builder b = HostRates.builder();
        for (final Direction direction : directions)
        {
            for (final TrafficClass trafficClass : TrafficClass.values())
            {
                b.packetsPerSecond(direction, trafficClass, 1 + (long)(random.nextDouble() * bound));
                b.bytesPerSecond(direction, trafficClass, 1 + (long)(random.nextDouble() * bound * 100));
            }
            b.flowsPerSecond(direction, 1 + (long)(random.nextDouble() * bound));
        }
        return b.build();
    }

    static HostRates sum(final HostRates a, final HostRates b)
    {
        final HostRates.Builder sum = HostRates.builder();
        for (final Direction direction : Direction.values())
        {
            for (final TrafficClass c : TrafficClass.values())
            {
                sum.packetsPerSecond(direction, c, a.packetsPerSecond(direction, c) + b.packetsPerSecond(direction, c));
                sum.bytesPerSecond(direction, c, a.bytesPerSecond(direction, c) + b.bytesPerSecond(direction, c));
            }
            sum.flowsPerSecond(direction, a.flowsPerSecond(direction) + b.flowsPerSecond(direction));
        }
        return sum.build();
    }

    static BanEntry ban(final String ip, final long sinceMillis, final long untilMillis)
    {
        final Attack attack = Attack.builder().address(IpAddresses.parseLiteral(ip)).direction(Direction.INCOMING)
            .type(AttackType.SYN_FLOOD).initialPowerPps(123_456).build();
        return new BanEntry(attack, sinceMillis, untilMillis);
    }
}
