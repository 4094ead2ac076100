package io.fnm.core.internal;

import io.fnm.core.EngineConfig;
import io.fnm.core.Hostgroup;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a reload can change, immutable and published through one volatile field: capture threads read it once
 * per record, the tick once per tick. Group index -1 means global; effective threshold tables are indexed by
 * {@code group + 1}.
 */
public final class EngineView
{
    /** Threshold value meaning "this kind is off" (strict {@code >} never fires). */
    public static final long OFF = Long.MAX_VALUE;
    /** Largest IP packet, bytes: converts a bandwidth threshold into the fewest packets that can exceed it. */
    private static final long MAX_IP_PACKET_BYTES = 65_535;
    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final long generation = GENERATIONS.incrementAndGet();
    private final EngineConfig config;
    private final PrefixTable networks;
    private final PrefixTable whitelist;
    private final PrefixTable hostgroupPrefixes;
    private final int[] groupOfPrefix;
    private final List<Hostgroup> groups;
    private final Thresholds[] effective;
    private final long[][] thresholdValues;
    private final boolean[] banIpv4;
    private final boolean[] banIpv6;
    private final Map<IpPrefix, Integer> networkIndex = new HashMap<>();
    private final boolean processIncoming;
    private final boolean processOutgoing;
    private final boolean connectionTracking;
    private final boolean hasHostgroups;
    private final long hotPacketsPerInterval;

    /**
     * @return a number that grows with every view built, so that of two views the newer is known.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @param config the configuration.
     */
    public EngineView(final EngineConfig config)
    {
        this(config, false);
    }

    /**
     * @param config  the configuration.
     * @param monitor true in monitor mode: every host is checked against its thresholds whatever enable_ban says
     *                (detection without banning).
     */
    public EngineView(final EngineConfig config, final boolean monitor)
    {
        this.config = config;
        this.networks = new PrefixTable(config.networks());
        this.whitelist = new PrefixTable(config.whitelist());
        this.processIncoming = config.processIncomingTraffic();
        this.processOutgoing = config.processOutgoingTraffic();
        this.connectionTracking = config.enableConnectionTracking();
        for (int i = 0; i < config.networks().size(); i++)
        {
            networkIndex.putIfAbsent(config.networks().get(i), i);
        }
        this.groups = List.copyOf(config.hostgroups());
        final List<IpPrefix> all = new ArrayList<>();
        final List<Integer> owner = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++)
        {
            for (final IpPrefix p : groups.get(g).prefixes())
            {
                all.add(p);
                owner.add(g);
            }
        }
        this.hostgroupPrefixes = new PrefixTable(all);
        this.hasHostgroups = !all.isEmpty();
        this.groupOfPrefix = new int[owner.size()];
        for (int i = 0; i < groupOfPrefix.length; i++)
        {
            groupOfPrefix[i] = owner.get(i);
        }
        final int n = groups.size() + 1;
        effective = new Thresholds[n];
        thresholdValues = new long[n][];
        banIpv4 = new boolean[n];
        banIpv6 = new boolean[n];
        final Thresholds global = config.globalThresholds();
        for (int i = 0; i < n; i++)
        {
            final Thresholds t = i == 0 ? global : groups.get(i - 1).effective(global);
            effective[i] = t;
            banIpv4[i] = monitor || t.enableBan();
            banIpv6[i] = monitor || t.enableBanIpv6();
            final long[] values = new long[ThresholdKind.values().length];
            for (final ThresholdKind kind : ThresholdKind.values())
            {
                values[kind.ordinal()] = t.enabled(kind) ? Math.max(0, t.value(kind)) : OFF;
            }
            thresholdValues[i] = values;
        }
        final long lowest = lowestBanPacketsPerSecond();
        this.hotPacketsPerInterval = lowest == OFF ? OFF : Math.max(1, lowest / 2);
    }

    /**
     * The lowest packet rate at which a threshold of a banning hostgroup (or the global one) can fire, whatever the
     * traffic: a packet threshold is its value, a bandwidth threshold its value in packets of the largest IP packet
     * (65 535 bytes), a flow threshold its value (a flow is at least one packet).
     */
    private long lowestBanPacketsPerSecond()
    {
        long lowest = OFF;
        for (int i = 0; i < thresholdValues.length; i++)
        {
            if (!banIpv4[i] && !banIpv6[i])
            {
                continue;
            }
            for (final ThresholdKind kind : ThresholdKind.values())
            {
                final long value = thresholdValues[i][kind.ordinal()];
                if (value == OFF)
                {
                    continue;
                }
                final long packets = kind.isBandwidth() ? value * (1_000_000L / 8) / MAX_IP_PACKET_BYTES : value;
                lowest = Math.min(lowest, packets);
            }
        }
        return lowest;
    }

    /**
     * How many packets of one host in one interval make it <em>hot</em>: so many that a threshold may fire for it
     * (half the {@link #lowestBanPacketsPerSecond lowest rate} at which any banning threshold fires, intervals being
     * at least one second). A host the counting partitions have no room for gets an exact row in their small
     * overflow table once its untracked packets reach this, and the tick makes room for it in a full host table.
     *
     * @return packets, {@link #OFF} when no threshold bans.
     */
    public long hotPacketsPerInterval()
    {
        return hotPacketsPerInterval;
    }

    /**
     * @return the configuration.
     */
    public EngineConfig config()
    {
        return config;
    }

    /**
     * @return process_incoming_traffic.
     */
    public boolean processIncoming()
    {
        return processIncoming;
    }

    /**
     * @return process_outgoing_traffic.
     */
    public boolean processOutgoing()
    {
        return processOutgoing;
    }

    /**
     * @return enable_connection_tracking.
     */
    public boolean connectionTracking()
    {
        return connectionTracking;
    }

    /**
     * @return true when some hostgroup has a prefix (otherwise every host is global).
     */
    public boolean hasHostgroups()
    {
        return hasHostgroups;
    }

    /**
     * @return networks_list.
     */
    public PrefixTable networks()
    {
        return networks;
    }

    /**
     * @return networks_whitelist.
     */
    public PrefixTable whitelist()
    {
        return whitelist;
    }

    /**
     * @param prefix a networks_list prefix.
     * @return its index, or -1.
     */
    public int networkIndex(final IpPrefix prefix)
    {
        final Integer index = networkIndex.get(prefix);
        return index == null ? -1 : index;
    }

    /**
     * @param high high 64 bits (0 for IPv4).
     * @param low  low 64 bits (IPv4 address unsigned).
     * @param ipv6 the version.
     * @return the most specific hostgroup containing the host, or -1 for global.
     */
    public int groupOf(final long high, final long low, final boolean ipv6)
    {
        if (!hasHostgroups)
        {
            return -1;
        }
        final int prefix = ipv6 ? hostgroupPrefixes.lookupIpv6(high, low) : hostgroupPrefixes.lookupIpv4((int)low);
        return prefix < 0 ? -1 : groupOfPrefix[prefix];
    }

    /**
     * @param group group index or -1.
     * @return its name, {@value Hostgroup#GLOBAL} for -1.
     */
    public String groupName(final int group)
    {
        return group < 0 ? Hostgroup.GLOBAL : groups.get(group).name();
    }

    /**
     * @param group group index or -1.
     * @return effective thresholds.
     */
    public Thresholds effective(final int group)
    {
        return effective[group + 1];
    }

    /**
     * @param group group index or -1.
     * @return threshold values by kind ordinal, {@link #OFF} when disabled.
     */
    public long[] thresholdValues(final int group)
    {
        return thresholdValues[group + 1];
    }

    /**
     * @param group group index or -1.
     * @param ipv6  the version.
     * @return enable_ban (IPv4) or enable_ban_ipv6 (IPv6) of the effective thresholds.
     */
    public boolean banEnabled(final int group, final boolean ipv6)
    {
        return ipv6 ? banIpv6[group + 1] : banIpv4[group + 1];
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @param ipv6 the version.
     * @return true when a whitelist prefix contains the host.
     */
    public boolean whitelisted(final long high, final long low, final boolean ipv6)
    {
        return (ipv6 ? whitelist.lookupIpv6(high, low) : whitelist.lookupIpv4((int)low)) >= 0;
    }

    /**
     * @param high high 64 bits.
     * @param low  low 64 bits.
     * @param ipv6 the version.
     * @return index of the longest networks_list match, or -1.
     */
    public int networkOf(final long high, final long low, final boolean ipv6)
    {
        return ipv6 ? networks.lookupIpv6(high, low) : networks.lookupIpv4((int)low);
    }
}
