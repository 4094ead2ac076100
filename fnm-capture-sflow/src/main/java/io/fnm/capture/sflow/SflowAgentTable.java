package io.fnm.capture.sflow;

import java.util.List;

/**
 * The agents one decoder has seen, by address: an open-addressing table of at most
 * {@link SflowDecoder#MAX_AGENTS} agents (further agents are counted together under "other"), the last agent cached
 * since consecutive datagrams usually come from the same one. Looked up by the decoding thread only; snapshots may
 * be taken from any thread.
 */
final class SflowAgentTable
{
    private static final int TABLE_SIZE = SflowDecoder.MAX_AGENTS * 2;

    private final AgentState[] table = new AgentState[TABLE_SIZE];
    private final AgentState[] agents = new AgentState[SflowDecoder.MAX_AGENTS];
    /** Interfaces kept over every agent (one element, shared with the agents, written by the decoding thread). */
    private final int[] interfacesUsed = new int[1];
    private final AgentState otherAgents = new AgentState(0, 0, 0, 0, interfacesUsed);
    private volatile int agentCount;
    private AgentState lastAgent;

    /**
     * Find or add an agent; allocates only the first time an agent is seen.
     *
     * @param version 4 or 6.
     * @param ipv4    its IPv4 address (version 4).
     * @param high    the high 64 bits of its IPv6 address (version 6).
     * @param low     the low 64 bits of its IPv6 address (version 6).
     * @return its state, or the shared "other" state once the table is full.
     */
    AgentState lookup(final int version, final int ipv4, final long high, final long low)
    {
        final AgentState last = lastAgent;
        if (last != null && last.matches(version, ipv4, high, low))
        {
            return last;
        }
        long hash = version == 4 ? ipv4 : high ^ low;
        hash = hash * 0x9E3779B97F4A7C15L;
        int slot = (int)(hash >>> 40) & (TABLE_SIZE - 1);
        while (true)
        {
            final AgentState candidate = table[slot];
            if (candidate == null)
            {
                final int count = agentCount;
                if (count == SflowDecoder.MAX_AGENTS)
                {
                    lastAgent = otherAgents;
                    return otherAgents;
                }
                final AgentState created = new AgentState(version, ipv4, high, low, interfacesUsed);
                table[slot] = created;
                agents[count] = created;
                agentCount = count + 1;
                lastAgent = created;
                return created;
            }
            if (candidate.matches(version, ipv4, high, low))
            {
                lastAgent = candidate;
                return candidate;
            }
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
    }

    /**
     * Add a snapshot of every agent seen (and of "other" once it has counted a datagram).
     *
     * @param into           receives the snapshots.
     * @param withInterfaces whether the snapshots copy the interface counters.
     */
    void snapshots(final List<SflowAgentStats> into, final boolean withInterfaces)
    {
        final int count = agentCount;
        for (int i = 0; i < count; i++)
        {
            into.add(agents[i].snapshot(withInterfaces));
        }
        if (otherAgents.counters[AgentState.DATAGRAMS] != 0)
        {
            into.add(otherAgents.snapshot(withInterfaces));
        }
    }

    /**
     * @return interfaces whose counters are kept, over every agent (racy: for metrics).
     */
    int interfacesTracked()
    {
        int total = otherAgents.interfaceCount();
        final int count = agentCount;
        for (int i = 0; i < count; i++)
        {
            total += agents[i].interfaceCount();
        }
        return total;
    }
}
