package io.fnm.core.internal;

import java.util.Arrays;

/**
 * One interval's raw counts of one counting {@link Partition}: per-host rows (IPv4 and IPv6) of the hosts that hash
 * to it, their distinct flows, per-network rows (indexed by the {@link EngineView} they were counted under), and the
 * totals per IP version and direction of the records it counted. Owned by one thread at a time (whoever holds the
 * partition); the tick swaps a clean instance in and reads the full one, with no merge: a host has one row.
 */
public final class PartitionCounts
{
    /** Records whose host rows are fetched together before they are updated (memory-level parallelism). */
    private static final int STAGE = 16;
    /** Hosts in a table below which rows fit in cache and staging would only cost. */
    private static final int STAGE_MIN_HOSTS = 1 << 14;

    final HostCounts ipv4;
    final HostCounts ipv6;
    final FlowCounter flows = new FlowCounter();
    final long[] totals = new long[2 * Layout.TOTAL_STRIDE];
    long[] networks;
    EngineView view;
    long untrackedRecords;
    boolean hasData;
    /** Folds the values {@link HostCounts#touch} returns so the loads are not dead code. */
    int touchSink;

    /**
     * @param view     the view to count networks under.
     * @param maxHosts most hosts per IP version.
     */
    public PartitionCounts(final EngineView view, final int maxHosts)
    {
        this.ipv4 = new HostCounts(false, maxHosts);
        this.ipv6 = new HostCounts(true, maxHosts);
        this.view = view;
        this.networks = new long[view.networks().prefixes().size() * Layout.NETWORK_STRIDE];
    }

    /**
     * @param ipv6Table true for IPv6.
     * @return that version's host table.
     */
    public HostCounts hosts(final boolean ipv6Table)
    {
        return ipv6Table ? ipv6 : ipv4;
    }

    /**
     * Re-index the per-network rows for another view: rows of prefixes still listed move, others are dropped
     * (allocates; only after a reload).
     *
     * @param newView the view to count under from now on.
     */
    public void remap(final EngineView newView)
    {
        final long[] remapped = new long[newView.networks().prefixes().size() * Layout.NETWORK_STRIDE];
        if (hasData)
        {
            for (int i = 0; i < view.networks().prefixes().size(); i++)
            {
                final int to = newView.networkIndex(view.networks().prefix(i));
                if (to >= 0)
                {
                    for (int k = 0; k < Layout.NETWORK_STRIDE; k++)
                    {
                        remapped[to * Layout.NETWORK_STRIDE + k] += networks[i * Layout.NETWORK_STRIDE + k];
                    }
                }
            }
        }
        networks = remapped;
        view = newView;
    }

    /**
     * Forget every count.
     */
    public void clear()
    {
        if (!hasData)
        {
            return;
        }
        ipv4.clear();
        ipv6.clear();
        flows.clear();
        Arrays.fill(totals, 0L);
        Arrays.fill(networks, 0L);
        untrackedRecords = 0;
        hasData = false;
    }

    /**
     * Count a batch of records (the caller holds the partition).
     *
     * @param batch the records.
     */
    void count(final RecordBatch batch)
    {
        final int n = batch.size;
        if (n == 0)
        {
            return;
        }
        boolean translate = false;
        if (batch.view != view)
        {
            if (batch.view.generation() > view.generation())
            {
                remap(batch.view);
            }
            else
            {
                translate = true;
            }
        }
        hasData = true;
        final long[] d = batch.data;
        final boolean stage = ipv4.size() >= STAGE_MIN_HOSTS || ipv6.size() >= STAGE_MIN_HOSTS;
        for (int from = 0; from < n; from += STAGE)
        {
            final int to = Math.min(n, from + STAGE);
            if (stage)
            {
                int touchedValue = 0;
                for (int j = from; j < to; j++)
                {
                    final int at = j * RecordBatch.STRIDE;
                    final long meta = d[at + 5];
                    if ((meta & 2) == 0)
                    {
                        touchedValue += hosts((meta & RecordBatch.V6) != 0).touch(d[at], d[at + 1]);
                        if ((meta & RecordBatch.FLOW) != 0)
                        {
                            touchedValue += flows.touch(d[at + 4]);
                        }
                    }
                }
                touchSink += touchedValue;
            }
            for (int j = from; j < to; j++)
            {
                countRecord(d, j * RecordBatch.STRIDE, translate ? batch.view : null);
            }
        }
    }

    private void countRecord(final long[] d, final int at, final EngineView translateFrom)
    {
        final long packets = d[at + 2];
        final long bytes = d[at + 3];
        final long meta = d[at + 5];
        final int direction = (int)(meta & RecordBatch.DIRECTION_MASK);
        final boolean v6 = (meta & RecordBatch.V6) != 0;
        add(totals, (v6 ? Layout.TOTAL_STRIDE : 0) + direction * Layout.PER_DIRECTION, packets, bytes, meta);
        if (direction > Layout.OUT)
        {
            return;
        }
        int net = (int)(meta >>> RecordBatch.NETWORK_SHIFT);
        if (translateFrom != null)
        {
            net = view.networkIndex(translateFrom.networks().prefix(net));
        }
        if (net >= 0)
        {
            add(networks, net * Layout.NETWORK_STRIDE + direction * Layout.PER_DIRECTION, packets, bytes, meta);
        }
        final HostCounts hosts = v6 ? ipv6 : ipv4;
        final int host = hosts.findOrInsert(d[at], d[at + 1]);
        if (host < 0)
        {
            untrackedRecords++;
            return;
        }
        final int base = hosts.countsBase(host);
        add(hosts.rows(), base + direction * Layout.PER_DIRECTION, packets, bytes, meta);
        if ((meta & RecordBatch.FLOW) != 0)
        {
            flows.count(hosts, base + Layout.FLOWS_IN + direction, d[at + 4]);
        }
    }

    /**
     * Turn the interval's flows into per-host counts in the rows; tick only, after the partition was taken.
     */
    void finishFlows()
    {
        flows.finish();
    }

    private static void add(final long[] row, final int base, final long packets, final long bytes, final long meta)
    {
        row[base] += packets;
        row[base + 1] += bytes;
        if ((meta & RecordBatch.TCP) != 0)
        {
            row[base + Layout.TCP * 2] += packets;
            row[base + Layout.TCP * 2 + 1] += bytes;
            if ((meta & RecordBatch.SYN) != 0)
            {
                row[base + Layout.SYN * 2] += packets;
                row[base + Layout.SYN * 2 + 1] += bytes;
            }
        }
        else if ((meta & RecordBatch.UDP) != 0)
        {
            row[base + Layout.UDP * 2] += packets;
            row[base + Layout.UDP * 2 + 1] += bytes;
        }
        else if ((meta & RecordBatch.ICMP) != 0)
        {
            row[base + Layout.ICMP * 2] += packets;
            row[base + Layout.ICMP * 2 + 1] += bytes;
        }
        if ((meta & RecordBatch.FRAG) != 0)
        {
            row[base + Layout.FRAG * 2] += packets;
            row[base + Layout.FRAG * 2 + 1] += bytes;
        }
        if ((meta & RecordBatch.DROPPED) != 0)
        {
            row[base + Layout.DROPPED * 2] += packets;
            row[base + Layout.DROPPED * 2 + 1] += bytes;
        }
    }
}
