package io.fnm.actions.bgp;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates the {@link BgpSpeakerAction} when {@code gobgp = on}: FastNetMon's GoBGP keys (with FastNetMon's code
 * defaults) say what a blackhole announces, and keys of ours say whom to peer with and how to mitigate. See
 * {@link #configKeys()} for every key and its default.
 * <p>
 * Unlike FastNetMon: {@code gobgp_next_hop_host_ipv4} and {@code gobgp_next_hop_subnet_ipv4} are read (FastNetMon
 * never reads them); {@code gobgp_announce_whole_subnet_ipv6} works; a community key takes one or more communities
 * ({@code 65001:666 65535:666}, the names {@code blackhole}, {@code no-export}, {@code no-advertise} too); next hop
 * 0.0.0.0 means our own address on each session (GoBGP's "self").
 */
public final class BgpSpeakerActionProvider implements AttackActionProvider
{
    /** FastNetMon's switch. */
    public static final String GOBGP = "gobgp";
    /** Peer addresses, comma separated: {@code 192.0.2.1}, {@code 192.0.2.1:1179}, {@code [2001:db8::1]:179}. */
    public static final String PEER_ADDRESS = "bgp_peer_address";
    /** Peer port when an address has none. */
    public static final String PEER_PORT = "bgp_peer_port";
    /** Peer AS: one for all peers, or one per peer. */
    public static final String PEER_AS = "bgp_peer_as";
    /** Our AS. */
    public static final String LOCAL_AS = "bgp_local_as";
    /** Our BGP identifier. */
    public static final String ROUTER_ID = "bgp_router_id";
    /** The hold time we offer. */
    public static final String HOLD_TIME = "bgp_hold_time";
    /** The local address to connect from. */
    public static final String LOCAL_ADDRESS = "bgp_local_address";
    /** TCP MD5 password (not supported: an error when set). */
    public static final String MD5_PASSWORD = "bgp_md5_password";
    /** First reconnection delay. */
    public static final String RETRY = "bgp_connect_retry_seconds";
    /** Largest reconnection delay. */
    public static final String RETRY_MAX = "bgp_connect_retry_max_seconds";
    /** blackhole, flowspec or both. */
    public static final String MITIGATION = "bgp_mitigation";
    /** Per hostgroup: {@code name:mode, name:mode}. */
    public static final String MITIGATION_HOSTGROUPS = "bgp_mitigation_hostgroups";
    /** Large communities of host routes. */
    public static final String LARGE_COMMUNITY_HOST = "bgp_large_community_host";
    /** Large communities of subnet routes. */
    public static final String LARGE_COMMUNITY_SUBNET = "bgp_large_community_subnet";
    /** FlowSpec traffic-rate in bytes per second, 0 = discard. */
    public static final String FLOWSPEC_RATE = "bgp_flowspec_rate_limit_bytes_per_second";
    /** FlowSpec redirect route target {@code asn:value}. */
    public static final String FLOWSPEC_REDIRECT = "bgp_flowspec_redirect";
    /** FlowSpec DSCP marking. */
    public static final String FLOWSPEC_MARK = "bgp_flowspec_mark_dscp";

    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeakerActionProvider.class);
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");
    private static final int BLACKHOLE_COMMUNITY = 0xFFFF_029A;
    private static final int NO_EXPORT = 0xFFFF_FF01;
    private static final int NO_ADVERTISE = 0xFFFF_FF02;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(GOBGP, "announce bans over BGP with fnm's own speaker (default off)"),
        ConfigKey.of("gobgp_next_hop", "IPv4 next hop, fallback of the host/subnet ones (default 0.0.0.0 = self)"),
        ConfigKey.of("gobgp_next_hop_host_ipv4", "next hop of IPv4 host routes (default 0.0.0.0: gobgp_next_hop)"),
        ConfigKey.of("gobgp_next_hop_subnet_ipv4", "next hop of IPv4 subnet routes (default 0.0.0.0: gobgp_next_hop)"),
        ConfigKey.of("gobgp_announce_host", "announce the banned IPv4 host as /32 (default off)"),
        ConfigKey.of("gobgp_announce_whole_subnet", "announce the host's networks_list prefix (default off)"),
        ConfigKey.of("gobgp_community_host", "communities of IPv4 host routes (default 65001:668)"),
        ConfigKey.of("gobgp_community_subnet", "communities of IPv4 subnet routes (default 65001:667)"),
        ConfigKey.of("gobgp_next_hop_ipv6", "IPv6 next hop, fallback of the host/subnet ones (default 100::1)"),
        ConfigKey.of("gobgp_next_hop_host_ipv6", "next hop of IPv6 host routes (default ::0: gobgp_next_hop_ipv6)"),
        ConfigKey.of("gobgp_next_hop_subnet_ipv6", "next hop of IPv6 subnet routes (default ::0: gobgp_next_hop_ipv6)"),
        ConfigKey.of("gobgp_announce_host_ipv6", "announce the banned IPv6 host as /128 (default off)"),
        ConfigKey.of("gobgp_announce_whole_subnet_ipv6", "announce the IPv6 host's networks_list prefix (default off)"),
        ConfigKey.of("gobgp_community_host_ipv6", "communities of IPv6 host routes (default 65001:668)"),
        ConfigKey.of("gobgp_community_subnet_ipv6", "communities of IPv6 subnet routes (default 65001:667)"),
        ConfigKey.of(PEER_ADDRESS, "BGP peers, comma separated, address or address:port (required with gobgp)"),
        ConfigKey.of(PEER_PORT, "port of peers given without one (default 179)"),
        ConfigKey.of(PEER_AS, "peer AS, one for all or one per peer (required with gobgp)"),
        ConfigKey.of(LOCAL_AS, "our AS (required with gobgp)"),
        ConfigKey.of(ROUTER_ID, "our BGP identifier (default bgp_local_address when IPv4, else required)"),
        ConfigKey.of(HOLD_TIME, "hold time offered, seconds, 0 or 3..65535 (default 90)"),
        ConfigKey.of(LOCAL_ADDRESS, "local address to connect from (default: the system's choice)"),
        ConfigKey.of(MD5_PASSWORD, "TCP MD5 password: not supported (the JDK has no TCP_MD5SIG); an error when set"),
        ConfigKey.of(RETRY, "first reconnection delay, seconds, doubled per failure (default 5)"),
        ConfigKey.of(RETRY_MAX, "largest reconnection delay, seconds (default 120)"),
        ConfigKey.of(MITIGATION, "blackhole, flowspec or both (default blackhole)"),
        ConfigKey.of(MITIGATION_HOSTGROUPS, "per hostgroup mitigation: name:mode, name:mode (default none)"),
        ConfigKey.of(LARGE_COMMUNITY_HOST, "RFC 8092 large communities of host routes, a:b:c (default none)"),
        ConfigKey.of(LARGE_COMMUNITY_SUBNET, "RFC 8092 large communities of subnet routes, a:b:c (default none)"),
        ConfigKey.of(FLOWSPEC_RATE, "FlowSpec traffic-rate, bytes per second; 0 = discard (default 0)"),
        ConfigKey.of(FLOWSPEC_REDIRECT, "FlowSpec redirect to route target asn:value (default none)"),
        ConfigKey.of(FLOWSPEC_MARK, "FlowSpec DSCP marking, 0..63 (default none)"));

    @Override
    public String name()
    {
        return "bgp_speaker";
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        return config.bool(GOBGP, false);
    }

    @Override
    public AttackAction create(final ConfigView config)
    {
        return new BgpSpeakerAction(settings(config));
    }

    /**
     * Read and check the settings without starting anything.
     *
     * @param config the configuration.
     * @return the settings.
     * @throws ConfigException naming the key when a value is missing or wrong.
     */
    public static BgpSpeakerSettings settings(final ConfigView config)
    {
        if (config.get(MD5_PASSWORD) != null)
        {
            throw config.error(MD5_PASSWORD, "TCP MD5 signatures (RFC 2385) need the TCP_MD5SIG socket option, which " +
                "the JDK does not expose; remove the key (and the password on the peer)");
        }
        final BgpSpeakerSettings.Builder b = BgpSpeakerSettings.builder();
        for (final BgpPeer peer : peers(config))
        {
            b.peer(peer);
        }
        b.mitigation(mitigation(config, MITIGATION, config.string(MITIGATION, "blackhole")));
        for (final String item : config.list(MITIGATION_HOSTGROUPS))
        {
            final int colon = item.indexOf(':');
            if (colon <= 0)
            {
                throw config.error(MITIGATION_HOSTGROUPS, "'" + item + "' is not hostgroup:mode");
            }
            b.mitigation(item.substring(0, colon).trim(), mitigation(config, MITIGATION_HOSTGROUPS,
                item.substring(colon + 1).trim()));
        }
        b.blackhole(4, blackhole(config, "", "gobgp_next_hop", "0.0.0.0"));
        b.blackhole(6, blackhole(config, "_ipv6", "gobgp_next_hop_ipv6", "100::1"));
        b.largeCommunities(largeCommunities(config, LARGE_COMMUNITY_HOST),
            largeCommunities(config, LARGE_COMMUNITY_SUBNET));
        b.flowSpecAction(flowSpecAction(config));
        final int retry = config.intValue(RETRY, 5, 1, 3600);
        b.retry(Duration.ofSeconds(retry), Duration.ofSeconds(config.intValue(RETRY_MAX, Math.max(120, retry),
            retry, 86_400)));
        final BgpSpeakerSettings settings = b.build();
        if (!settings.blackhole(4).announceHost() && !settings.blackhole(4).announceSubnet() &&
            settings.mitigation(io.fnm.core.Hostgroup.GLOBAL) != Mitigation.FLOWSPEC)
        {
            LOG.warn("gobgp = on but gobgp_announce_host and gobgp_announce_whole_subnet are off (FastNetMon's " +
                "defaults): IPv4 bans get no blackhole route");
        }
        return settings;
    }

    private static List<BgpPeer> peers(final ConfigView config)
    {
        final List<String> addresses = config.list(PEER_ADDRESS);
        if (addresses.isEmpty())
        {
            throw config.error(PEER_ADDRESS, "is not set: gobgp = on needs at least one BGP peer");
        }
        final List<String> asList = config.list(PEER_AS);
        if (asList.isEmpty())
        {
            throw config.error(PEER_AS, "is not set: gobgp = on needs the peer AS");
        }
        if (asList.size() != 1 && asList.size() != addresses.size())
        {
            throw config.error(PEER_AS, "lists " + asList.size() + " ASes for " + addresses.size() + " peers; give " +
                "one for all or one per peer");
        }
        if (config.get(LOCAL_AS) == null)
        {
            throw config.error(LOCAL_AS, "is not set: gobgp = on needs our AS");
        }
        final long localAs = config.longValue(LOCAL_AS, 0, 1, 0xFFFF_FFFFL);
        final int defaultPort = config.intValue(PEER_PORT, BgpPeer.DEFAULT_PORT, 1, 0xFFFF);
        final int hold = config.intValue(HOLD_TIME, BgpPeer.DEFAULT_HOLD_TIME_SECONDS, 0, 0xFFFF);
        if (hold == 1 || hold == 2)
        {
            throw config.error(HOLD_TIME, "must be 0 or 3..65535 (RFC 4271)");
        }
        final InetAddress local = config.get(LOCAL_ADDRESS) == null ? null :
            literal(config, LOCAL_ADDRESS, config.get(LOCAL_ADDRESS));
        final Inet4Address routerId = routerId(config, local);
        final List<BgpPeer> peers = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++)
        {
            final String item = addresses.get(i);
            final String asText = asList.get(asList.size() == 1 ? 0 : i);
            final long peerAs = parseLong(config, PEER_AS, asText, 1, 0xFFFF_FFFFL);
            final HostPort target = hostPort(config, item, defaultPort);
            peers.add(new BgpPeer(literal(config, PEER_ADDRESS, target.host()), target.port(), peerAs, localAs,
                routerId, hold, local));
        }
        return peers;
    }

    private static HostPort hostPort(final ConfigView config, final String item, final int defaultPort)
    {
        if (item.startsWith("["))
        {
            final int close = item.indexOf(']');
            if (close < 0)
            {
                throw config.error(PEER_ADDRESS, "'" + item + "' lacks ']'");
            }
            final int port = item.length() > close + 2 ?
                (int)parseLong(config, PEER_ADDRESS, item.substring(close + 2), 1, 0xFFFF) : defaultPort;
            return new HostPort(item.substring(1, close), port);
        }
        final int colon = item.indexOf(':');
        if (colon > 0 && colon == item.lastIndexOf(':'))
        {
            return new HostPort(item.substring(0, colon),
                (int)parseLong(config, PEER_ADDRESS, item.substring(colon + 1), 1, 0xFFFF));
        }
        return new HostPort(item, defaultPort);
    }

    private record HostPort(String host, int port)
    {
    }

    private static Inet4Address routerId(final ConfigView config, final InetAddress local)
    {
        final String text = config.get(ROUTER_ID);
        if (text == null)
        {
            if (local instanceof Inet4Address)
            {
                return (Inet4Address)local;
            }
            throw config.error(ROUTER_ID, "is not set (and bgp_local_address is not an IPv4 address to use instead)");
        }
        final InetAddress id = literal(config, ROUTER_ID, text);
        if (!(id instanceof Inet4Address) || id.isAnyLocalAddress())
        {
            throw config.error(ROUTER_ID, "'" + text + "' is not a non-zero IPv4 address");
        }
        return (Inet4Address)id;
    }

    private static Mitigation mitigation(final ConfigView config, final String key, final String text)
    {
        final Mitigation value = Mitigation.parse(text);
        if (value == null)
        {
            throw config.error(key, "'" + text + "' is not blackhole, flowspec or both");
        }
        return value;
    }

    private static BgpSpeakerSettings.Blackhole blackhole(final ConfigView config, final String suffix,
        final String legacyKey, final String legacyDefault)
    {
        final boolean v6 = !suffix.isEmpty();
        final InetAddress legacy = nextHop(config, legacyKey, legacyDefault, v6);
        final String hostKey = v6 ? "gobgp_next_hop_host_ipv6" : "gobgp_next_hop_host_ipv4";
        final String subnetKey = v6 ? "gobgp_next_hop_subnet_ipv6" : "gobgp_next_hop_subnet_ipv4";
        final InetAddress host = nextHop(config, hostKey, v6 ? "::" : "0.0.0.0", v6);
        final InetAddress subnet = nextHop(config, subnetKey, v6 ? "::" : "0.0.0.0", v6);
        return new BgpSpeakerSettings.Blackhole(config.bool("gobgp_announce_host" + suffix, false),
            config.bool("gobgp_announce_whole_subnet" + suffix, false),
            host.isAnyLocalAddress() ? legacy : host, subnet.isAnyLocalAddress() ? legacy : subnet,
            communities(config, "gobgp_community_host" + suffix, "65001:668"),
            communities(config, "gobgp_community_subnet" + suffix, "65001:667"));
    }

    private static InetAddress nextHop(final ConfigView config, final String key, final String defaultValue,
        final boolean v6)
    {
        final InetAddress address = literal(config, key, config.string(key, defaultValue));
        if (address instanceof Inet6Address != v6)
        {
            throw config.error(key, "'" + config.get(key) + "' is not an IPv" + (v6 ? 6 : 4) + " address");
        }
        return address;
    }

    /**
     * @param config the configuration, for errors.
     * @param key    the key.
     * @param defaultValue the value when the key is not set: communities separated by spaces or commas,
     *                     optionally in brackets.
     * @return the communities, {@code asn << 16 | value} each.
     */
    static int[] communities(final ConfigView config, final String key, final String defaultValue)
    {
        final String text = config.string(key, defaultValue).replace('[', ' ').replace(']', ' ').trim();
        if (text.isEmpty())
        {
            return new int[0];
        }
        final String[] items = text.split("[\\s,]+");
        final int[] values = new int[items.length];
        for (int i = 0; i < items.length; i++)
        {
            values[i] = switch (items[i])
            {
                case "blackhole" -> BLACKHOLE_COMMUNITY;
                case "no-export" -> NO_EXPORT;
                case "no-advertise" -> NO_ADVERTISE;
                default ->
                {
                    final String[] parts = items[i].split(":", -1);
                    if (parts.length != 2)
                    {
                        throw config.error(key, "'" + items[i] + "' is not a community asn:value");
                    }
                    yield (int)(parseLong(config, key, parts[0], 0, 0xFFFF) << 16 |
                        parseLong(config, key, parts[1], 0, 0xFFFF));
                }
            };
        }
        return values;
    }

    private static int[] largeCommunities(final ConfigView config, final String key)
    {
        final String text = config.string(key, "").trim();
        if (text.isEmpty())
        {
            return new int[0];
        }
        final String[] items = text.split("[\\s,]+");
        final int[] values = new int[3 * items.length];
        for (int i = 0; i < items.length; i++)
        {
            final String[] parts = items[i].split(":", -1);
            if (parts.length != 3)
            {
                throw config.error(key, "'" + items[i] + "' is not a large community global:data1:data2");
            }
            for (int j = 0; j < 3; j++)
            {
                values[3 * i + j] = (int)parseLong(config, key, parts[j], 0, 0xFFFF_FFFFL);
            }
        }
        return values;
    }

    private static BgpSpeakerSettings.FlowSpecAction flowSpecAction(final ConfigView config)
    {
        final String redirect = config.get(FLOWSPEC_REDIRECT);
        int redirectAs = -1;
        long redirectValue = 0;
        if (redirect != null)
        {
            final String[] parts = redirect.split(":", -1);
            if (parts.length != 2)
            {
                throw config.error(FLOWSPEC_REDIRECT, "'" + redirect + "' is not a route target asn:value");
            }
            redirectAs = (int)parseLong(config, FLOWSPEC_REDIRECT, parts[0], 0, 0xFFFF);
            redirectValue = parseLong(config, FLOWSPEC_REDIRECT, parts[1], 0, 0xFFFF_FFFFL);
        }
        // With a redirect, traffic-rate is sent only when asked for, so the redirected traffic is not also dropped.
        final long rate = config.longValue(FLOWSPEC_RATE, redirect == null ? 0 : -1, redirect == null ? 0 : -1,
            100_000_000_000L);
        final int mark = config.get(FLOWSPEC_MARK) == null ? -1 : config.intValue(FLOWSPEC_MARK, 0, 0, 63);
        return new BgpSpeakerSettings.FlowSpecAction(rate, redirectAs, redirectValue, mark);
    }

    private static long parseLong(final ConfigView config, final String key, final String text, final long min,
        final long max)
    {
        try
        {
            final long value = Long.parseLong(text.trim());
            if (value < min || value > max)
            {
                throw config.error(key, value + " is out of range [" + min + ", " + max + "]");
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw config.error(key, "'" + text + "' is not a whole number");
        }
    }

    private static InetAddress literal(final ConfigView config, final String key, final String text)
    {
        if (!LITERAL.matcher(text).matches())
        {
            throw config.error(key, "'" + text + "' is not an IP address");
        }
        try
        {
            return InetAddress.getByName(text);
        }
        catch (final UnknownHostException ex)
        {
            throw config.error(key, "'" + text + "' is not an IP address");
        }
    }
}
