package io.fnm.capture.netflow;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one decoder knows of one exporter: its templates, its sampling rates (per exporter and per sampler), and its
 * counters. Written only by the decoder's thread; the counters are published once per datagram with ordered writes so
 * other threads can read them.
 */
final class ExporterState
{
    /** Counter index: datagrams received. */
    public static final int DATAGRAMS = 0;
    /** Counter index: flow records delivered. */
    public static final int RECORDS = 1;
    /** Counter index: malformed datagrams or sets. */
    public static final int MALFORMED = 2;
    /** Counter index: data sets skipped for want of a template. */
    public static final int UNKNOWN_TEMPLATE = 3;
    /** Counter index: templates currently known. */
    public static final int TEMPLATES_KNOWN = 4;
    /** Counter index: the exporter-wide sampling rate in use (0 = none announced). */
    public static final int SAMPLING_RATE = 5;
    /** Counter index: version of the last datagram. */
    public static final int VERSION = 6;
    /** Counter index: options records seen. */
    public static final int OPTIONS_RECORDS = 7;
    /** Number of counters. */
    public static final int COUNTERS = 8;

    /** Largest number of per-sampler rates kept for one exporter. */
    public static final int MAX_SAMPLERS = 1024;

    final InetAddress address;
    final boolean agentIsIpv4;
    final int agentIpv4;
    final long agentIpv6High;
    final long agentIpv6Low;
    final String label;
    final Long2ObjectHashMap<Template> templates = new Long2ObjectHashMap<>();
    final Long2LongHashMap samplerRates = new Long2LongHashMap(0);
    final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
    long samplingRate;
    long lastSeenMillis;
    Template oldest;
    Template newest;
    /** Bytes held by this exporter's templates ({@link Template#memoryBytes()}). */
    long templateBytes;

    ExporterState(final InetAddress address)
    {
        this.address = address;
        this.label = address.getHostAddress();
        this.agentIsIpv4 = address instanceof Inet4Address;
        if (address instanceof Inet4Address)
        {
            agentIpv4 = IpAddresses.toInt((Inet4Address)address);
            agentIpv6High = 0;
            agentIpv6Low = 0;
        }
        else
        {
            final long[] words = IpAddresses.toLongs((Inet6Address)address);
            agentIpv4 = 0;
            agentIpv6High = words[0];
            agentIpv6Low = words[1];
        }
    }

    /**
     * @return the exporter's address.
     */
    public InetAddress address()
    {
        return address;
    }

    /**
     * @return the address as text, for labels.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param index one of the counter indexes.
     * @return its current value.
     */
    public long counter(final int index)
    {
        return counters.get(index);
    }

    void add(final int index, final long delta)
    {
        if (delta != 0)
        {
            counters.lazySet(index, counters.get(index) + delta);
        }
    }

    void set(final int index, final long value)
    {
        counters.lazySet(index, value);
    }

    /**
     * @param samplerKey sampler id (IE 48) or selector id (IE 302), tagged by {@link #samplerKey(long, long, boolean)}.
     * @return the rate announced for it, or 0.
     */
    long samplerRate(final long samplerKey)
    {
        return samplerRates.get(samplerKey);
    }

    void samplerRate(final long samplerKey, final long rate)
    {
        if (samplerRates.size() >= MAX_SAMPLERS && !samplerRates.containsKey(samplerKey))
        {
            return;
        }
        samplerRates.put(samplerKey, rate);
    }

    /**
     * Stamp this exporter as the record's agent.
     *
     * @param record the record being built.
     */
    void stampAgent(final TrafficRecord record)
    {
        if (agentIsIpv4)
        {
            record.agentIpv4(agentIpv4);
        }
        else
        {
            record.agentIpv6(agentIpv6High, agentIpv6Low);
        }
    }

    /**
     * @param domainId the source id / observation domain.
     * @param id       the sampler or selector id.
     * @param selector true for a selector id (IE 302), false for a sampler id (IE 48).
     * @return a key unique per (domain, kind, id) for the low 31 bits of the id.
     */
    static long samplerKey(final long domainId, final long id, final boolean selector)
    {
        return (domainId << 32) ^ (id & 0x7FFF_FFFFL) ^ (selector ? 0x8000_0000L : 0);
    }
}
