package io.fnm.actions.bgp;

import io.fnm.capture.Clock;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link BgpSpeakerAction} needs: the peers, the mitigation per hostgroup, what a blackhole announces for
 * each IP version, the FlowSpec action, and the reconnection backoff. Immutable; build with {@link #builder()} or
 * from {@code fastnetmon.conf} with {@link BgpSpeakerActionProvider}.
 */
public final class BgpSpeakerSettings
{
    private final List<BgpPeer> peers;
    private final Mitigation mitigation;
    private final Map<String, Mitigation> hostgroupMitigation;
    private final Blackhole ipv4;
    private final Blackhole ipv6;
    private final int[] largeCommunitiesHost;
    private final int[] largeCommunitiesSubnet;
    private final FlowSpecAction flowSpecAction;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;

    private BgpSpeakerSettings(final Builder b)
    {
        if (b.peers.isEmpty())
        {
            throw new IllegalArgumentException("no BGP peer");
        }
        peers = List.copyOf(b.peers);
        mitigation = Objects.requireNonNull(b.mitigation, "mitigation");
        hostgroupMitigation = Map.copyOf(b.hostgroupMitigation);
        ipv4 = Objects.requireNonNull(b.ipv4, "ipv4");
        ipv6 = Objects.requireNonNull(b.ipv6, "ipv6");
        largeCommunitiesHost = b.largeCommunitiesHost.clone();
        largeCommunitiesSubnet = b.largeCommunitiesSubnet.clone();
        flowSpecAction = Objects.requireNonNull(b.flowSpecAction, "flowSpecAction");
        retryInitial = Objects.requireNonNull(b.retryInitial, "retryInitial");
        retryMax = Objects.requireNonNull(b.retryMax, "retryMax");
        clock = Objects.requireNonNull(b.clock, "clock");
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0)
        {
            throw new IllegalArgumentException("retry delays must be positive and max >= initial");
        }
    }

    /**
     * @return a builder with FastNetMon's defaults: blackhole mitigation, nothing announced until a blackhole's
     * {@code announceHost}/{@code announceSubnet} is set, discard for FlowSpec, retry after 5 s doubling up to 120 s.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the peers.
     */
    public List<BgpPeer> peers()
    {
        return peers;
    }

    /**
     * @param hostgroup a hostgroup name ({@link io.fnm.core.Attack#hostgroup()}).
     * @return the mitigation for hosts of that group.
     */
    public Mitigation mitigation(final String hostgroup)
    {
        return hostgroupMitigation.getOrDefault(hostgroup, mitigation);
    }

    /**
     * @param ipVersion 4 or 6.
     * @return what a blackhole announces for that IP version.
     */
    public Blackhole blackhole(final int ipVersion)
    {
        return ipVersion == 6 ? ipv6 : ipv4;
    }

    /**
     * @return RFC 8092 large communities of host routes, three ints each.
     */
    public int[] largeCommunitiesHost()
    {
        return largeCommunitiesHost.clone();
    }

    /**
     * @return RFC 8092 large communities of subnet routes, three ints each.
     */
    public int[] largeCommunitiesSubnet()
    {
        return largeCommunitiesSubnet.clone();
    }

    /**
     * @return what FlowSpec rules do with the traffic they match.
     */
    public FlowSpecAction flowSpecAction()
    {
        return flowSpecAction;
    }

    /**
     * @return the first reconnection delay.
     */
    public Duration retryInitial()
    {
        return retryInitial;
    }

    /**
     * @return the largest reconnection delay.
     */
    public Duration retryMax()
    {
        return retryMax;
    }

    /**
     * @return the clock of the session timers.
     */
    public Clock clock()
    {
        return clock;
    }

    /**
     * What a blackhole announces for one IP version: the host route (/32 or /128) and/or the matched customer
     * subnet, each with its next hop (all zeros = our address on the session, IPv4 only) and communities.
     *
     * @param announceHost      announce the host route.
     * @param announceSubnet    announce the matched {@code networks_list} prefix.
     * @param nextHopHost       next hop of the host route.
     * @param nextHopSubnet     next hop of the subnet route.
     * @param communitiesHost   RFC 1997 communities of the host route ({@code asn << 16 | value}).
     * @param communitiesSubnet RFC 1997 communities of the subnet route.
     */
    public record Blackhole(boolean announceHost, boolean announceSubnet, InetAddress nextHopHost,
        InetAddress nextHopSubnet, int[] communitiesHost, int[] communitiesSubnet)
    {
        /**
         * Checks the next hops are there and copies the arrays.
         */
        public Blackhole
        {
            Objects.requireNonNull(nextHopHost, "nextHopHost");
            Objects.requireNonNull(nextHopSubnet, "nextHopSubnet");
            communitiesHost = communitiesHost.clone();
            communitiesSubnet = communitiesSubnet.clone();
        }
    }

    /**
     * What FlowSpec rules do (RFC 8955 §7): traffic-rate (0 = discard), redirect to a route target, DSCP marking.
     *
     * @param rateBytesPerSecond the traffic-rate, bytes per second; 0 discards; negative sends no traffic-rate.
     * @param redirectAs         the redirect route target's 2-byte AS, or -1 for no redirect.
     * @param redirectValue      the redirect route target's 4-byte value.
     * @param markDscp           the DSCP to mark, 0..63, or -1 for none.
     */
    public record FlowSpecAction(float rateBytesPerSecond, int redirectAs, long redirectValue, int markDscp)
    {
        /** Discard everything matched. */
        public static final FlowSpecAction DISCARD = new FlowSpecAction(0, -1, 0, -1);

        /**
         * @return the extended communities carrying the action, 8 bytes each.
         */
        public long[] extendedCommunities()
        {
            final List<Long> values = new ArrayList<>();
            if (rateBytesPerSecond >= 0)
            {
                values.add(0x8006L << 48 | Float.floatToIntBits(rateBytesPerSecond) & 0xFFFF_FFFFL);
            }
            if (redirectAs >= 0)
            {
                values.add(0x8008L << 48 | (long)(redirectAs & 0xFFFF) << 32 | redirectValue & 0xFFFF_FFFFL);
            }
            if (markDscp >= 0)
            {
                values.add(0x8009L << 48 | markDscp & 0x3F);
            }
            final long[] array = new long[values.size()];
            for (int i = 0; i < array.length; i++)
            {
                array[i] = values.get(i);
            }
            return array;
        }

        /**
         * @return the action as text, e.g. {@code discard} or {@code rate-limit 125000 bytes/s, mark dscp 10}.
         */
        public String text()
        {
            final List<String> parts = new ArrayList<>();
            if (rateBytesPerSecond == 0)
            {
                parts.add("discard");
            }
            else if (rateBytesPerSecond > 0)
            {
                parts.add("rate-limit " + (long)rateBytesPerSecond + " bytes/s");
            }
            if (redirectAs >= 0)
            {
                parts.add("redirect " + redirectAs + ":" + redirectValue);
            }
            if (markDscp >= 0)
            {
                parts.add("mark dscp " + markDscp);
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Builds {@link BgpSpeakerSettings}; not thread-safe.
     */
    public static final class Builder
    {
        private final List<BgpPeer> peers = new ArrayList<>();
        private final Map<String, Mitigation> hostgroupMitigation = new HashMap<>();
        private Mitigation mitigation = Mitigation.BLACKHOLE;
        private Blackhole ipv4;
        private Blackhole ipv6;
        private int[] largeCommunitiesHost = new int[0];
        private int[] largeCommunitiesSubnet = new int[0];
        private FlowSpecAction flowSpecAction = FlowSpecAction.DISCARD;
        private Duration retryInitial = Duration.ofSeconds(5);
        private Duration retryMax = Duration.ofSeconds(120);
        private Clock clock = Clock.SYSTEM;

        private Builder()
        {
            try
            {
                ipv4 = new Blackhole(false, false, InetAddress.getByName("0.0.0.0"), InetAddress.getByName("0.0.0.0"),
                    new int[0], new int[0]);
                ipv6 = new Blackhole(false, false, InetAddress.getByName("100::1"), InetAddress.getByName("100::1"),
                    new int[0], new int[0]);
            }
            catch (final java.net.UnknownHostException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        /**
         * @param peer a peer to add.
         * @return this builder.
         */
        public Builder peer(final BgpPeer peer)
        {
            peers.add(Objects.requireNonNull(peer, "peer"));
            return this;
        }

        /**
         * @param value the mitigation for hosts in no listed hostgroup.
         * @return this builder.
         */
        public Builder mitigation(final Mitigation value)
        {
            mitigation = value;
            return this;
        }

        /**
         * @param hostgroup a hostgroup name.
         * @param value     the mitigation for its hosts.
         * @return this builder.
         */
        public Builder mitigation(final String hostgroup, final Mitigation value)
        {
            hostgroupMitigation.put(hostgroup, value);
            return this;
        }

        /**
         * @param ipVersion 4 or 6.
         * @param value     what a blackhole announces for it.
         * @return this builder.
         */
        public Builder blackhole(final int ipVersion, final Blackhole value)
        {
            if (ipVersion == 6)
            {
                ipv6 = value;
            }
            else
            {
                ipv4 = value;
            }
            return this;
        }

        /**
         * @param host   large communities of host routes, three ints each.
         * @param subnet large communities of subnet routes, three ints each.
         * @return this builder.
         */
        public Builder largeCommunities(final int[] host, final int[] subnet)
        {
            if (host.length % 3 != 0 || subnet.length % 3 != 0)
            {
                throw new IllegalArgumentException("large communities come in threes");
            }
            largeCommunitiesHost = host.clone();
            largeCommunitiesSubnet = subnet.clone();
            return this;
        }

        /**
         * @param value what FlowSpec rules do.
         * @return this builder.
         */
        public Builder flowSpecAction(final FlowSpecAction value)
        {
            flowSpecAction = value;
            return this;
        }

        /**
         * @param initial the first reconnection delay.
         * @param max     the largest.
         * @return this builder.
         */
        public Builder retry(final Duration initial, final Duration max)
        {
            retryInitial = initial;
            retryMax = max;
            return this;
        }

        /**
         * @param value the clock of the session timers.
         * @return this builder.
         */
        public Builder clock(final Clock value)
        {
            clock = value;
            return this;
        }

        /**
         * @return the settings.
         * @throws IllegalArgumentException when no peer was added or the delays are wrong.
         */
        public BgpSpeakerSettings build()
        {
            return new BgpSpeakerSettings(this);
        }
    }
}
