package io.fnm.capture.sflow;

import io.fnm.capture.CounterDescriptor;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live counters of one agent, written by one receive thread only and read (racily, for monitoring) by others.
 * The interface map is copied on write so readers never see it mid-resize.
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
    static final List<CounterDescriptor> DESCRIPTORS = List.of(
        SflowAgentStats.DATAGRAMS, SflowAgentStats.FLOW_SAMPLES, SflowAgentStats.COUNTER_SAMPLES,
        SflowAgentStats.RECORDS, SflowAgentStats.MALFORMED, SflowAgentStats.UNKNOWN_RECORDS,
        SflowAgentStats.UNKNOWN_SAMPLES, SflowAgentStats.SAMPLES_WITHOUT_HEADER,
        SflowAgentStats.HEADER_PARSE_FAILURES, SflowAgentStats.UNSUPPORTED_HEADER_PROTOCOL,
        SflowAgentStats.DISCARDED);

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
    private volatile Long2ObjectHashMap<SflowInterfaceCounters> interfaces = new Long2ObjectHashMap<>();

    AgentState(final int ipVersion, final int ipv4, final long ipv6High, final long ipv6Low)
    {
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
     * @return the counters of an interface, created (by copying the map) on first sight; null when the agent
     * already has {@link #MAX_INTERFACES}.
     */
    SflowInterfaceCounters interfaceCounters(final long ifIndex)
    {
        final Long2ObjectHashMap<SflowInterfaceCounters> current = interfaces;
        final SflowInterfaceCounters existing = current.get(ifIndex);
        if (existing != null)
        {
            return existing;
        }
        if (current.size() >= MAX_INTERFACES)
        {
            return null;
        }
        final Long2ObjectHashMap<SflowInterfaceCounters> copy = new Long2ObjectHashMap<>();
        copy.putAll(current);
        final SflowInterfaceCounters created = new SflowInterfaceCounters();
        copy.put(ifIndex, created);
        interfaces = copy;
        return created;
    }

    SflowAgentStats snapshot()
    {
        final Map<Long, Long> rateMap = new TreeMap<>();
        for (int i = 0; i < rateCount; i++)
        {
            rateMap.put(rates[i], rateCounts[i]);
        }
        final Map<Long, SflowInterfaceCounters> ifs = new TreeMap<>();
        interfaces.forEach((ifIndex, counters) -> ifs.put(ifIndex, counters.copy()));
        return new SflowAgentStats(
            SflowAgentStats.agentName(ipVersion, ipv4, ipv6High, ipv6Low), counters.clone(), lastSamplingRate,
            rateMap, ifs);
    }
}
