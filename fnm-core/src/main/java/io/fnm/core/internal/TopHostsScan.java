package io.fnm.core.internal;

import io.fnm.core.Direction;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top hosts by an average: for a {@link TrafficSnapshot}, one pass over both host tables fills six bounded
 * min-heaps at once (in and out, by packets, bytes and flows), so a snapshot costs one scan whatever the number of
 * lists, and memory bounded by the limit; for one list ({@link #top}), one heap. Equal averages are ranked by address,
 * IPv4 first, so a list of many equal hosts is the same every time. Runs under the engine lock.
 */
final class TopHostsScan
{
    private static final Direction[] DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};
    private static final TopBy[] MEASURES = TopBy.values();

    private TopHostsScan()
    {
    }

    /**
     * @param b     the snapshot to fill.
     * @param hosts the active host tables (IPv4, IPv6).
     * @param bans  the bans by host.
     * @param n     hosts per list, at least 1.
     */
    static void fill(final TrafficSnapshot.Builder b, final HostTable[] hosts, final Map<HostKey, Ban> bans,
        final int n)
    {
        final int lists = DIRECTIONS.length * MEASURES.length;
        final Heap[] heaps = new Heap[lists];
        final int[] offsets = new int[lists];
        for (int dir = 0; dir < DIRECTIONS.length; dir++)
        {
            for (final TopBy by : MEASURES)
            {
                final int i = dir * MEASURES.length + by.ordinal();
                heaps[i] = new Heap(capacity(hosts, n), hosts);
                offsets[i] = switch (by)
                {
                    case PACKETS -> Layout.packets(dir, Layout.TOTAL);
                    case BYTES -> Layout.bytes(dir, Layout.TOTAL);
                    case FLOWS -> Layout.FLOWS_IN + dir;
                };
            }
        }
        scan(hosts, heaps, offsets);
        final Map<Long, HostTraffic> made = new HashMap<>();
        for (int dir = 0; dir < DIRECTIONS.length; dir++)
        {
            for (final TopBy by : MEASURES)
            {
                final long[] refs = heaps[dir * MEASURES.length + by.ordinal()].largestFirst();
                final List<HostTraffic> list = new ArrayList<>(refs.length);
                for (final long ref : refs)
                {
                    list.add(made.computeIfAbsent(ref, r -> host(hosts, bans, r)));
                }
                b.topHosts(DIRECTIONS[dir], by, list);
            }
        }
    }

    /**
     * @param hosts  the active host tables (IPv4, IPv6).
     * @param offset the average to rank by ({@link HostTable#average}).
     * @param n      most hosts, at least 1.
     * @return the hosts with a non-zero average, largest first, each as {@code (version << 32) | dense}.
     */
    static long[] top(final HostTable[] hosts, final int offset, final int n)
    {
        final Heap heap = new Heap(capacity(hosts, n), hosts);
        scan(hosts, new Heap[] {heap}, new int[] {offset});
        return heap.largestFirst();
    }

    /**
     * One pass over both host tables: each host's non-zero average {@code offsets[i]} is offered to {@code heaps[i]}.
     */
    private static void scan(final HostTable[] hosts, final Heap[] heaps, final int[] offsets)
    {
        for (int version = 0; version < 2; version++)
        {
            final HostTable table = hosts[version];
            for (int d = 0; d < table.size(); d++)
            {
                for (int i = 0; i < heaps.length; i++)
                {
                    final long value = table.average(d, offsets[i]);
                    if (value != 0)
                    {
                        heaps[i].offer(value, ((long)version << 32) | d);
                    }
                }
            }
        }
    }

    /** A heap no larger than the hosts there are: {@code n} may come from a query. */
    private static int capacity(final HostTable[] hosts, final int n)
    {
        return (int)Math.max(1, Math.min(n, (long)hosts[0].size() + hosts[1].size()));
    }

    private static HostTraffic host(final HostTable[] hosts, final Map<HostKey, Ban> bans, final long ref)
    {
        final HostTable table = hosts[(int)(ref >>> 32)];
        final int d = (int)ref;
        final HostKey key = new HostKey(table.ipv6(), table.keyHigh(d), table.keyLow(d));
        return new HostTraffic(key.address(), key.text(), RateAverages.hostRates(table, d), bans.containsKey(key));
    }

    /**
     * A bounded min-heap of (value, row) pairs in primitive arrays, the worst at the root: the lower value, then (a
     * tie) the higher address.
     */
    private static final class Heap
    {
        private final long[] values;
        private final long[] refs;
        private final HostTable[] hosts;
        private int size;

        Heap(final int capacity, final HostTable[] hosts)
        {
            values = new long[capacity];
            refs = new long[capacity];
            this.hosts = hosts;
        }

        void offer(final long value, final long ref)
        {
            if (size < values.length)
            {
                values[size] = value;
                refs[size] = ref;
                up(size++);
            }
            else if (values[0] < value || values[0] == value && addressAfter(refs[0], ref))
            {
                values[0] = value;
                refs[0] = ref;
                down(0);
            }
        }

        long[] largestFirst()
        {
            final long[] out = new long[size];
            while (size > 0)
            {
                out[size - 1] = refs[0];
                size--;
                values[0] = values[size];
                refs[0] = refs[size];
                down(0);
            }
            return out;
        }

        private void up(final int start)
        {
            int i = start;
            while (i > 0)
            {
                final int parent = (i - 1) >>> 1;
                if (!worse(i, parent))
                {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(final int start)
        {
            int i = start;
            while (true)
            {
                final int left = 2 * i + 1;
                if (left >= size)
                {
                    return;
                }
                final int right = left + 1;
                final int child = right < size && worse(right, left) ? right : left;
                if (!worse(child, i))
                {
                    return;
                }
                swap(i, child);
                i = child;
            }
        }

        /** Whether entry {@code a} ranks below entry {@code b}. */
        private boolean worse(final int a, final int b)
        {
            return values[a] < values[b] || values[a] == values[b] && addressAfter(refs[a], refs[b]);
        }

        /** Whether row {@code a}'s address sorts after row {@code b}'s (IPv6 after IPv4, then unsigned). */
        private boolean addressAfter(final long a, final long b)
        {
            final int versionA = (int)(a >>> 32);
            final int versionB = (int)(b >>> 32);
            if (versionA != versionB)
            {
                return versionA > versionB;
            }
            final HostTable table = hosts[versionA];
            final int high = Long.compareUnsigned(table.keyHigh((int)a), table.keyHigh((int)b));
            return high != 0 ? high > 0 : Long.compareUnsigned(table.keyLow((int)a), table.keyLow((int)b)) > 0;
        }

        private void swap(final int a, final int b)
        {
            final long v = values[a];
            values[a] = values[b];
            values[b] = v;
            final long r = refs[a];
            refs[a] = refs[b];
            refs[b] = r;
        }
    }
}
