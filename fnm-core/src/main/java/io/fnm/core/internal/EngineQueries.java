package io.fnm.core.internal;

import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Queries over the tick-owned state (bans, host averages, totals, networks, table sizes), each a consistent snapshot
 * taken under the engine lock.
 * <p>
 * The top-hosts lists are computed once per tick and kept: averages change only at a tick, so a hundred dashboards,
 * top screens and API clients polling every second cost one scan of the host tables per direction and sort key per
 * tick, not one each (the scan reads every tracked host's row and would otherwise evict the capture threads' working
 * set a hundred times a second). Only the "banned" flag of each row is read afresh at every call.
 */
final class EngineQueries
{
    private final ReentrantLock lock;
    private final RateAverages averages;
    private final HostTable[] hosts;
    private final HostTable[] idle;
    private final long[] totalAverages;
    private final Map<HostKey, Ban> bans;
    /** Top-hosts cache per direction and sort key, valid for one generation of the averages (one tick). */
    private final long[] topGeneration = new long[2 * TopBy.values().length];
    private final HostKey[][] topKeys = new HostKey[topGeneration.length][];
    private final HostRates[][] topRates = new HostRates[topGeneration.length][];
    private final int[] topComplete = new int[topGeneration.length];

    /**
     * @param lock     the engine lock.
     * @param averages the rates and averages.
     * @param bans     the bans by host.
     */
    EngineQueries(final ReentrantLock lock, final RateAverages averages, final Map<HostKey, Ban> bans)
    {
        this.lock = lock;
        this.averages = averages;
        this.hosts = averages.hosts();
        this.idle = averages.idle();
        this.totalAverages = averages.totalAverages();
        this.bans = bans;
        Arrays.fill(topGeneration, -1);
    }

    /**
     * @return the ban list, in ban order.
     */
    List<BanEntry> banList()
    {
        lock.lock();
        try
        {
            final List<BanEntry> list = new ArrayList<>(bans.size());
            for (final Ban ban : bans.values())
            {
                list.add(ban.entry());
            }
            return Collections.unmodifiableList(list);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param address a host.
     * @return its averages, or null when it is not tracked.
     */
    HostRates hostRates(final InetAddress address)
    {
        final HostKey key = HostKey.of(address);
        lock.lock();
        try
        {
            final HostTable table = hosts[key.ipv6() ? 1 : 0];
            final int d = table.find(key.high(), key.low());
            if (d >= 0)
            {
                return RateAverages.hostRates(table, d);
            }
            return idle[key.ipv6() ? 1 : 0].find(key.high(), key.low()) >= 0 ? HostRates.ZERO : null;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @param by        what to sort by.
     * @param n         how many.
     * @return the top n hosts of both IP versions, largest first.
     */
    List<HostTraffic> topHosts(final Direction direction, final TopBy by, final int n)
    {
        if (n <= 0 || (direction != Direction.INCOMING && direction != Direction.OUTGOING))
        {
            return List.of();
        }
        final int dir = direction == Direction.INCOMING ? Layout.IN : Layout.OUT;
        final int offset = switch (by)
        {
            case PACKETS -> Layout.packets(dir, Layout.TOTAL);
            case BYTES -> Layout.bytes(dir, Layout.TOTAL);
            case FLOWS -> Layout.FLOWS_IN + dir;
        };
        final int cache = dir * TopBy.values().length + by.ordinal();
        lock.lock();
        try
        {
            final long generation = averages.generation();
            if (topGeneration[cache] != generation || (topKeys[cache].length < n && topComplete[cache] < n))
            {
                scanTop(cache, offset, n);
                topGeneration[cache] = generation;
            }
            final HostKey[] keys = topKeys[cache];
            final HostRates[] rates = topRates[cache];
            final int size = Math.min(n, keys.length);
            final List<HostTraffic> result = new ArrayList<>(size);
            for (int i = 0; i < size; i++)
            {
                result.add(new HostTraffic(keys[i].address(), keys[i].text(), rates[i], bans.containsKey(keys[i])));
            }
            return Collections.unmodifiableList(result);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Scan both host tables for the top {@code n} by one average into the cache slot (under the lock; equal averages
     * in address order, see {@link TopHostsScan}).
     */
    private void scanTop(final int cache, final int offset, final int n)
    {
        final long[] refs = TopHostsScan.top(hosts, offset, n);
        final int size = refs.length;
        final HostKey[] keys = new HostKey[size];
        final HostRates[] rates = new HostRates[size];
        for (int i = 0; i < size; i++)
        {
            final HostTable table = hosts[(int)(refs[i] >>> 32)];
            final int d = (int)refs[i];
            keys[i] = new HostKey(table.ipv6(), table.keyHigh(d), table.keyLow(d));
            rates[i] = RateAverages.hostRates(table, d);
        }
        topKeys[cache] = keys;
        topRates[cache] = rates;
        // fewer than n hosts with traffic: the list is complete for any larger n of this generation
        topComplete[cache] = size < n ? Integer.MAX_VALUE : n;
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the totals of that version, all four directions.
     */
    HostRates totals(final int ipVersion)
    {
        if (ipVersion != 4 && ipVersion != 6)
        {
            throw new IllegalArgumentException("ipVersion must be 4 or 6: " + ipVersion);
        }
        lock.lock();
        try
        {
            final int base = ipVersion == 6 ? Layout.TOTAL_STRIDE : 0;
            final HostRates.Builder b = HostRates.builder();
            for (int dir = 0; dir < Layout.DIRECTIONS; dir++)
            {
                final Direction direction = Direction.of(dir);
                for (int c = 0; c < Layout.CLASSES; c++)
                {
                    b.packetsPerSecond(direction, TrafficClass.of(c), totalAverages[base + Layout.packets(dir, c)]);
                    b.bytesPerSecond(direction, TrafficClass.of(c), totalAverages[base + Layout.bytes(dir, c)]);
                }
                b.flowsPerSecond(direction, totalAverages[base + Layout.DIRECTIONS * Layout.PER_DIRECTION + dir]);
            }
            return b.build();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return averages per networks_list prefix (as of the last tick's configuration).
     */
    Map<IpPrefix, HostRates> networkLoad()
    {
        lock.lock();
        try
        {
            final Map<IpPrefix, HostRates> result = new LinkedHashMap<>();
            final List<IpPrefix> prefixes = averages.view().networks().prefixes();
            final long[] networkAverages = averages.networkAverages();
            for (int i = 0; i < prefixes.size(); i++)
            {
                if (result.containsKey(prefixes.get(i)))
                {
                    continue;
                }
                final HostRates.Builder b = HostRates.builder();
                final int base = i * Layout.NETWORK_STRIDE;
                for (int dir = 0; dir < 2; dir++)
                {
                    final Direction direction = Direction.of(dir);
                    for (int c = 0; c < Layout.CLASSES; c++)
                    {
                        final TrafficClass trafficClass = TrafficClass.of(c);
                        b.packetsPerSecond(direction, trafficClass, networkAverages[base + Layout.packets(dir, c)]);
                        b.bytesPerSecond(direction, trafficClass, networkAverages[base + Layout.bytes(dir, c)]);
                    }
                }
                result.put(prefixes.get(i), b.build());
            }
            return Collections.unmodifiableMap(result);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param ipVersion 4 or 6.
     * @return hosts tracked.
     */
    int hostsTracked(final int ipVersion)
    {
        lock.lock();
        try
        {
            final int version = ipVersion == 6 ? 1 : 0;
            return hosts[version].size() + idle[version].size();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param ipVersion 4 or 6.
     * @return bytes held by that version's host table.
     */
    long hostTableBytes(final int ipVersion)
    {
        lock.lock();
        try
        {
            final int version = ipVersion == 6 ? 1 : 0;
            return hosts[version].memoryBytes() + idle[version].memoryBytes();
        }
        finally
        {
            lock.unlock();
        }
    }
}
