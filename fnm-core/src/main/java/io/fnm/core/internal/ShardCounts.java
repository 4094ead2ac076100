package io.fnm.core.internal;

import java.util.Arrays;

/**
 * One interval's raw counts of one capture thread: per-host rows (IPv4 and IPv6), the distinct flows, per-network
 * rows (indexed by the {@link EngineView} they were counted under), and the totals per IP version and direction.
 * Owned by one thread at a time; the tick swaps a clean instance in and merges the full one.
 */
public final class ShardCounts
{
    final HostCounts ipv4;
    final HostCounts ipv6;
    final FlowSet flows = new FlowSet();
    final long[] totals = new long[2 * Layout.TOTAL_STRIDE];
    long[] networks;
    EngineView view;
    long untrackedRecords;
    boolean hasData;

    /**
     * @param view     the view to count networks under.
     * @param maxHosts most hosts per IP version.
     */
    public ShardCounts(final EngineView view, final int maxHosts)
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
}
