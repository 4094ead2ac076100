package io.fnm.capture.sflow;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.IpAddresses;

import java.util.Collections;
import java.util.Map;

/**
 * An immutable snapshot of what one sFlow agent sent: operational counters, sampling rates seen and the last
 * interface counters per ifIndex.
 */
public final class SflowAgentStats
{
    /** The label of every per-agent series: the agent address as text. */
    public static final String AGENT_LABEL = "agent";

    /** Per-agent counter: datagrams from this agent. */
    public static final CounterDescriptor DATAGRAMS = CounterDescriptor.counter(
        "sflow_datagrams_total", "datagrams",
        "Datagrams received from one sFlow agent", AGENT_LABEL);
    /** Per-agent counter: flow samples (compact and expanded). */
    public static final CounterDescriptor FLOW_SAMPLES = CounterDescriptor.counter(
        "sflow_flow_samples_total", "samples",
        "Flow samples (compact and expanded) from one agent", AGENT_LABEL);
    /** Per-agent counter: counter samples (compact and expanded). */
    public static final CounterDescriptor COUNTER_SAMPLES = CounterDescriptor.counter(
        "sflow_counter_samples_total", "samples",
        "Counter samples (compact and expanded) from one agent", AGENT_LABEL);
    /** Per-agent counter: records delivered to the engine. */
    public static final CounterDescriptor RECORDS = CounterDescriptor.counter(
        "sflow_records_total", "records",
        "Records delivered to the engine from one agent", AGENT_LABEL);
    /** Per-agent counter: datagrams or samples cut short or whose lengths or counts do not add up. */
    public static final CounterDescriptor MALFORMED = CounterDescriptor.counter(
        "sflow_malformed_total", "datagrams",
        "Datagrams or samples from one agent cut short or whose lengths or counts do not add up", AGENT_LABEL);
    /** Per-agent counter: flow or counter records of a type not decoded (skipped by length). */
    public static final CounterDescriptor UNKNOWN_RECORDS = CounterDescriptor.counter(
        "sflow_unknown_records_total", "records",
        "Flow or counter records of a type not decoded, skipped", AGENT_LABEL);
    /** Per-agent counter: samples of a type not decoded (skipped by length). */
    public static final CounterDescriptor UNKNOWN_SAMPLES = CounterDescriptor.counter(
        "sflow_unknown_samples_total", "samples",
        "Samples of a type not decoded, skipped", AGENT_LABEL);
    /** Per-agent counter: flow samples without a usable raw packet header record (counted, not delivered). */
    public static final CounterDescriptor SAMPLES_WITHOUT_HEADER = CounterDescriptor.counter(
        "sflow_samples_without_header_total", "samples",
        "Flow samples without a usable raw packet header record", AGENT_LABEL);
    /** Per-agent counter: raw packet headers the header parser could not turn into an IP packet. */
    public static final CounterDescriptor HEADER_PARSE_FAILURES = CounterDescriptor.counter(
        "sflow_header_parse_failures_total", "samples",
        "Raw packet headers the header parser could not turn into an IP packet", AGENT_LABEL);
    /** Per-agent counter: raw packet headers of a header protocol other than Ethernet, IPv4 or IPv6. */
    public static final CounterDescriptor UNSUPPORTED_HEADER_PROTOCOL = CounterDescriptor.counter(
        "sflow_unsupported_header_protocol_total", "samples",
        "Raw packet headers of a protocol other than Ethernet, IPv4 or IPv6", AGENT_LABEL);
    /** Per-agent counter: flow samples of packets the agent discarded (output format 1). */
    public static final CounterDescriptor DISCARDED = CounterDescriptor.counter(
        "sflow_discarded_samples_total", "samples",
        "Flow samples of packets the agent discarded", AGENT_LABEL);
    /** Per-agent counter: counter records of interfaces beyond the per-agent or per-decoder bound, dropped. */
    public static final CounterDescriptor INTERFACES_DROPPED = CounterDescriptor.counter(
        "sflow_interface_counters_dropped_total", "records",
        "Interface counter records of interfaces beyond the bound (4096 per agent, 65536 per receive thread), dropped",
        AGENT_LABEL);
    /** Per-agent gauge: the sampling rate of the last flow sample. */
    public static final CounterDescriptor SAMPLING_RATE = CounterDescriptor.gauge(
        "sflow_sampling_rate", "packets_per_sample", "Sampling rate of the last flow sample from one agent",
        AGENT_LABEL);

    private final String agent;
    private final long[] counters;
    private final long lastSamplingRate;
    private final Map<Long, Long> samplingRates;
    private final Map<Long, SflowInterfaceCounters> interfaces;

    SflowAgentStats(
        final String agent,
        final long[] counters,
        final long lastSamplingRate,
        final Map<Long, Long> samplingRates,
        final Map<Long, SflowInterfaceCounters> interfaces)
    {
        this.agent = agent;
        this.counters = counters;
        this.lastSamplingRate = lastSamplingRate;
        this.samplingRates = Collections.unmodifiableMap(samplingRates);
        this.interfaces = Collections.unmodifiableMap(interfaces);
    }

    static String agentName(final int ipVersion, final int ipv4, final long high, final long low)
    {
        return ipVersion == 4 ? IpAddresses.ipv4ToString(ipv4) : IpAddresses.ipv6ToString(high, low);
    }

    /**
     * @return the agent address as text.
     */
    public String agent()
    {
        return agent;
    }

    /**
     * @return datagrams received from the agent.
     */
    public long datagrams()
    {
        return counters[AgentState.DATAGRAMS];
    }

    /**
     * @return flow samples received.
     */
    public long flowSamples()
    {
        return counters[AgentState.FLOW_SAMPLES];
    }

    /**
     * @return counter samples received.
     */
    public long counterSamples()
    {
        return counters[AgentState.COUNTER_SAMPLES];
    }

    /**
     * @return records delivered.
     */
    public long records()
    {
        return counters[AgentState.RECORDS];
    }

    /**
     * @return malformed datagrams or samples.
     */
    public long malformed()
    {
        return counters[AgentState.MALFORMED];
    }

    /**
     * @return records of unknown type, skipped.
     */
    public long unknownRecords()
    {
        return counters[AgentState.UNKNOWN_RECORDS];
    }

    /**
     * @return samples of unknown type, skipped.
     */
    public long unknownSamples()
    {
        return counters[AgentState.UNKNOWN_SAMPLES];
    }

    /**
     * @return flow samples without a usable header record.
     */
    public long samplesWithoutHeader()
    {
        return counters[AgentState.SAMPLES_WITHOUT_HEADER];
    }

    /**
     * @return raw packet headers the parser rejected.
     */
    public long headerParseFailures()
    {
        return counters[AgentState.HEADER_PARSE_FAILURES];
    }

    /**
     * @return raw packet headers of unsupported header protocols.
     */
    public long unsupportedHeaderProtocol()
    {
        return counters[AgentState.UNSUPPORTED_HEADER_PROTOCOL];
    }

    /**
     * @return flow samples of discarded packets.
     */
    public long discarded()
    {
        return counters[AgentState.DISCARDED];
    }

    /**
     * @return the sampling rate of the last flow sample, 0 before any.
     */
    public long lastSamplingRate()
    {
        return lastSamplingRate;
    }

    /**
     * @return sampling rate to the number of flow samples that carried it (at most
     * {@value AgentState#MAX_SAMPLING_RATES} distinct rates are tracked).
     */
    public Map<Long, Long> samplingRates()
    {
        return samplingRates;
    }

    /**
     * @return ifIndex to the interface's last generic counters.
     */
    public Map<Long, SflowInterfaceCounters> interfaces()
    {
        return interfaces;
    }

    /**
     * Report this agent's counters with the label {@code agent="..."}.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        for (int i = 0; i < AgentState.DESCRIPTORS.size(); i++)
        {
            visitor.counter(AgentState.DESCRIPTORS.get(i), agent, counters[i]);
        }
        visitor.counter(SAMPLING_RATE, agent, lastSamplingRate);
    }

    /**
     * @param other another snapshot of the same agent (from another receive thread).
     * @return the sum of both.
     */
    SflowAgentStats merge(final SflowAgentStats other)
    {
        final long[] sum = counters.clone();
        for (int i = 0; i < sum.length; i++)
        {
            sum[i] += other.counters[i];
        }
        final Map<Long, Long> rates = new java.util.TreeMap<>(samplingRates);
        other.samplingRates.forEach((rate, count) -> rates.merge(rate, count, Long::sum));
        final Map<Long, SflowInterfaceCounters> ifs = new java.util.TreeMap<>(interfaces);
        ifs.putAll(other.interfaces);
        return new SflowAgentStats(agent, sum, other.lastSamplingRate != 0 ? other.lastSamplingRate :
            lastSamplingRate, rates, ifs);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "SflowAgentStats{" + agent + " datagrams=" + datagrams() + " flowSamples=" + flowSamples() +
            " counterSamples=" + counterSamples() + " malformed=" + malformed() + " rates=" + samplingRates + "}";
    }
}
