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
 * The top hosts of a {@link TrafficSnapshot}: one pass over both host tables fills six bounded min-heaps at once (in
 * and out, by packets, bytes and flows), so a snapshot costs one scan whatever the number of lists, and memory
 * bounded by the limit. Runs under the engine lock, on the tick.
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
                heaps[i] = new Heap(n);
                offsets[i] = switch (by)
                {
                    case PACKETS -> Layout.packets(dir, Layout.TOTAL);
                    case BYTES -> Layout.bytes(dir, Layout.TOTAL);
                    case FLOWS -> Layout.FLOWS_IN + dir;
                };
            }
        }
        for (int version = 0; version < 2; version++)
        {
            final HostTable table = hosts[version];
            for (int d = 0; d < table.size(); d++)
            {
                for (int i = 0; i < lists; i++)
                {
                    final long value = table.average(d, offsets[i]);
                    if (value != 0)
                    {
                        heaps[i].offer(value, ((long)version << 32) | d);
                    }
                }
            }
        }
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

    private static HostTraffic host(final HostTable[] hosts, final Map<HostKey, Ban> bans, final long ref)
    {
        final HostTable table = hosts[(int)(ref >>> 32)];
        final int d = (int)ref;
        final HostKey key = new HostKey(table.ipv6(), table.keyHigh(d), table.keyLow(d));
        return new HostTraffic(key.address(), key.text(), RateAverages.hostRates(table, d), bans.containsKey(key));
    }

    /** A bounded min-heap of (value, row) pairs in primitive arrays. */
    private static final class Heap
    {
        private final long[] values;
        private final long[] refs;
        private int size;

        Heap(final int capacity)
        {
            values = new long[capacity];
            refs = new long[capacity];
        }

        void offer(final long value, final long ref)
        {
            if (size < values.length)
            {
                values[size] = value;
                refs[size] = ref;
                up(size++);
            }
            else if (values[0] < value)
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
                if (values[parent] <= values[i])
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
                final int child = right < size && values[right] < values[left] ? right : left;
                if (values[i] <= values[child])
                {
                    return;
                }
                swap(i, child);
                i = child;
            }
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
