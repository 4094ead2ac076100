package io.fnm.capture.sflow;

import io.fnm.capture.CounterDescriptor;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live counters of one agent, written by one receive thread only and read (racily, for monitoring) by others.
 * Interfaces are looked up by the writer in a primitive map and published to readers through an append-only array
 * (grown by doubling, the count written last), so a new interface costs O(1) amortised and readers never see a map
 * mid-resize. At most {@link #MAX_INTERFACES} interfaces per agent and {@link SflowDecoder#MAX_INTERFACES_TOTAL} per
 * decoder (over its agents) are kept; the counter records of any further interface are counted
 * ({@code sflow_interface_counters_dropped_total}) and dropped.
 */
final class AgentState
{
    static final int DATAGRAMS = 0;
    static final int FLOW_SAMPLES = 1;
    static final int COUNTER_SAMPLES = 2;
    static final int RECORDS = 3;
    static final int MALFORMED = 4;
    static final int UNKNOWN_RECORDS = 5;
    static final int UNKNOWN_SAMPLES = 6;
    static final int SAMPLES_WITHOUT_HEADER = 7;
    static final int HEADER_PARSE_FAILURES = 8;
    static final int UNSUPPORTED_HEADER_PROTOCOL = 9;
    static final int DISCARDED = 10;
    static final int INTERFACES_DROPPED = 11;
    static final List<CounterDescriptor> DESCRIPTORS = List.of(
        SflowAgentStats.DATAGRAMS, SflowAgentStats.FLOW_SAMPLES, SflowAgentStats.COUNTER_SAMPLES,
        SflowAgentStats.RECORDS, SflowAgentStats.MALFORMED, SflowAgentStats.UNKNOWN_RECORDS,
        SflowAgentStats.UNKNOWN_SAMPLES, SflowAgentStats.SAMPLES_WITHOUT_HEADER,
        SflowAgentStats.HEADER_PARSE_FAILURES, SflowAgentStats.UNSUPPORTED_HEADER_PROTOCOL,
        SflowAgentStats.DISCARDED, SflowAgentStats.INTERFACES_DROPPED);

    static final int MAX_SAMPLING_RATES = 8;
    static final int MAX_INTERFACES = 4096;

    final int ipVersion;
    final int ipv4;
    final long ipv6High;
    final long ipv6Low;
    final long[] counters = new long[DESCRIPTORS.size()];
    final long[] rates = new long[MAX_SAMPLING_RATES];
    final long[] rateCounts = new long[MAX_SAMPLING_RATES];
    int rateCount;
    volatile long lastSamplingRate;
    private final Long2ObjectHashMap<SflowInterfaceCounters> interfaceIndex = new Long2ObjectHashMap<>();
    private final int[] interfacesUsed;
    private SflowInterfaceCounters[] interfaces = new SflowInterfaceCounters[4];
    private volatile int interfaceCount;

    AgentState(final int ipVersion, final int ipv4, final long ipv6High, final long ipv6Low)
    {
        this(ipVersion, ipv4, ipv6High, ipv6Low, new int[1]);
    }

    /**
     * @param interfacesUsed the decoder's count of interfaces over every agent (one element, shared).
     */
    AgentState(final int ipVersion, final int ipv4, final long ipv6High, final long ipv6Low,
        final int[] interfacesUsed)
    {
        this.interfacesUsed = interfacesUsed;
        this.ipVersion = ipVersion;
        this.ipv4 = ipv4;
        this.ipv6High = ipv6High;
        this.ipv6Low = ipv6Low;
    }

    boolean matches(final int version, final int v4, final long high, final long low)
    {
        return ipVersion == version && ipv4 == v4 && ipv6High == high && ipv6Low == low;
    }

    void samplingRate(final long rate)
    {
        lastSamplingRate = rate;
        for (int i = 0; i < rateCount; i++)
        {
            if (rates[i] == rate)
            {
                rateCounts[i]++;
                return;
            }
        }
        if (rateCount < MAX_SAMPLING_RATES)
        {
            rates[rateCount] = rate;
            rateCounts[rateCount] = 1;
            rateCount++;
        }
    }

    /**
     * @return the counters of an interface, created on first sight; null (counted as dropped) when the agent already
     * has {@link #MAX_INTERFACES} or the decoder {@link SflowDecoder#MAX_INTERFACES_TOTAL}.
     */
    SflowInterfaceCounters interfaceCounters(final long ifIndex)
    {
        final SflowInterfaceCounters existing = interfaceIndex.get(ifIndex);
        if (existing != null)
        {
            return existing;
        }
        final int count = interfaceCount;
        if (count >= MAX_INTERFACES || interfacesUsed[0] >= SflowDecoder.MAX_INTERFACES_TOTAL)
        {
            counters[INTERFACES_DROPPED]++;
            return null;
        }
        final SflowInterfaceCounters created = new SflowInterfaceCounters();
        interfaceIndex.put(ifIndex, created);
        if (count == interfaces.length)
        {
            interfaces = Arrays.copyOf(interfaces, count * 2);
        }
        interfaces[count] = created;
        interfacesUsed[0]++;
        interfaceCount = count + 1;
        return created;
    }

    /**
     * @return interfaces whose counters are kept.
     */
    int interfaceCount()
    {
        return interfaceCount;
    }

    /**
     * @param withInterfaces whether to copy the interface counters too (the {@code agentStats()} API does; the
     *                       metrics scrape does not, so it costs the same whatever the interfaces).
     * @return a snapshot.
     */
    SflowAgentStats snapshot(final boolean withInterfaces)
    {
        final Map<Long, Long> rateMap = new TreeMap<>();
        for (int i = 0; i < rateCount; i++)
        {
            rateMap.put(rates[i], rateCounts[i]);
        }
        final Map<Long, SflowInterfaceCounters> ifs = new TreeMap<>();
        if (withInterfaces)
        {
            final int count = interfaceCount;
            final SflowInterfaceCounters[] published = interfaces;
            for (int i = 0; i < count && i < published.length; i++)
            {
                final SflowInterfaceCounters copy = published[i].copy();
                ifs.put(copy.ifIndex(), copy);
            }
        }
        return new SflowAgentStats(
            SflowAgentStats.agentName(ipVersion, ipv4, ipv6High, ipv6Low), counters.clone(), lastSamplingRate,
            rateMap, ifs);
    }
}
