package io.fnm.actions.exabgp;

import io.fnm.capture.IpAddresses;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Creates the {@link ExaBgpAction} from {@code fastnetmon.conf}, with FastNetMon's keys and code defaults:
 * {@code exabgp} (off) switches it on; {@code exabgp_command_pipe} (/var/run/exabgp.cmd);
 * {@code exabgp_next_hop} (required when a route is announced); {@code exabgp_community} (empty: no community
 * clause) and {@code exabgp_community_host} / {@code exabgp_community_subnet} (default {@code exabgp_community});
 * {@code exabgp_announce_host} (off), {@code exabgp_announce_whole_subnet} (off),
 * {@code exabgp_flow_spec_announces} (off).
 * <p>
 * Ours: the IPv6 twins {@code exabgp_next_hop_ipv6}, {@code exabgp_announce_host_ipv6} (off),
 * {@code exabgp_announce_whole_subnet_ipv6} (off), {@code exabgp_community_host_ipv6} /
 * {@code exabgp_community_subnet_ipv6} (default: the IPv4 host / subnet community),
 * {@code exabgp_flow_spec_announces_ipv6} (off); and {@code exabgp_command_pipe_timeout_milliseconds} (2000,
 * 10..60000), the bound on one write.
 * <p>
 * FastNetMon disables ExaBGP with an error in its log when the pipe or next hop is empty; here that is a
 * {@link io.fnm.config.ConfigException} naming the key. A next hop must be an address of its family or
 * {@code self}. A configuration that switches ExaBGP on but announces nothing is logged as a warning.
 */
public final class ExaBgpActionProvider implements AttackActionProvider
{
    /** The switch. */
    public static final String ENABLED_KEY = "exabgp";
    /** The command pipe. */
    public static final String PIPE_KEY = "exabgp_command_pipe";
    /** Default community. */
    public static final String COMMUNITY_KEY = "exabgp_community";
    /** Host route community. */
    public static final String COMMUNITY_HOST_KEY = "exabgp_community_host";
    /** Subnet route community. */
    public static final String COMMUNITY_SUBNET_KEY = "exabgp_community_subnet";
    /** IPv4 next hop. */
    public static final String NEXT_HOP_KEY = "exabgp_next_hop";
    /** Announce IPv4 hosts. */
    public static final String ANNOUNCE_HOST_KEY = "exabgp_announce_host";
    /** Announce IPv4 subnets. */
    public static final String ANNOUNCE_SUBNET_KEY = "exabgp_announce_whole_subnet";
    /** IPv4 FlowSpec rules. */
    public static final String FLOW_SPEC_KEY = "exabgp_flow_spec_announces";
    /** IPv6 next hop (ours). */
    public static final String NEXT_HOP_IPV6_KEY = "exabgp_next_hop_ipv6";
    /** Announce IPv6 hosts (ours). */
    public static final String ANNOUNCE_HOST_IPV6_KEY = "exabgp_announce_host_ipv6";
    /** Announce IPv6 subnets (ours). */
    public static final String ANNOUNCE_SUBNET_IPV6_KEY = "exabgp_announce_whole_subnet_ipv6";
    /** IPv6 host route community (ours). */
    public static final String COMMUNITY_HOST_IPV6_KEY = "exabgp_community_host_ipv6";
    /** IPv6 subnet route community (ours). */
    public static final String COMMUNITY_SUBNET_IPV6_KEY = "exabgp_community_subnet_ipv6";
    /** IPv6 FlowSpec rules (ours). */
    public static final String FLOW_SPEC_IPV6_KEY = "exabgp_flow_spec_announces_ipv6";
    /** The bound on one write (ours). */
    public static final String PIPE_TIMEOUT_KEY = "exabgp_command_pipe_timeout_milliseconds";

    /** Default of {@link #PIPE_KEY}. */
    public static final String DEFAULT_PIPE = "/var/run/exabgp.cmd";
    /** Default of {@link #PIPE_TIMEOUT_KEY}. */
    public static final int DEFAULT_PIPE_TIMEOUT_MILLIS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(ExaBgpActionProvider.class);

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(ENABLED_KEY, "write announce/withdraw lines to ExaBGP's command pipe (default off)"),
        ConfigKey.of(PIPE_KEY, "ExaBGP's command pipe (default " + DEFAULT_PIPE + ")"),
        ConfigKey.of(COMMUNITY_KEY, "community text written verbatim, e.g. 65001:666 or [65001:666 65001:777] " +
            "(default none)"),
        ConfigKey.of(COMMUNITY_HOST_KEY, "community of host routes (default exabgp_community)"),
        ConfigKey.of(COMMUNITY_SUBNET_KEY, "community of subnet routes (default exabgp_community)"),
        ConfigKey.of(NEXT_HOP_KEY, "IPv4 next hop of announced routes (required when one is announced)"),
        ConfigKey.of(ANNOUNCE_HOST_KEY, "announce the attacked IPv4 host /32 (default off)"),
        ConfigKey.of(ANNOUNCE_SUBNET_KEY, "announce its networks_list prefix (default off)"),
        ConfigKey.of(FLOW_SPEC_KEY, "announce an IPv4 FlowSpec rule for the attack, withdrawn on unban (default off)"),
        ConfigKey.of(NEXT_HOP_IPV6_KEY, "IPv6 next hop of announced routes (required when one is announced)"),
        ConfigKey.of(ANNOUNCE_HOST_IPV6_KEY, "announce the attacked IPv6 host /128 (default off)"),
        ConfigKey.of(ANNOUNCE_SUBNET_IPV6_KEY, "announce its IPv6 networks_list prefix (default off)"),
        ConfigKey.of(COMMUNITY_HOST_IPV6_KEY, "community of IPv6 host routes (default exabgp_community_host)"),
        ConfigKey.of(COMMUNITY_SUBNET_IPV6_KEY, "community of IPv6 subnet routes (default exabgp_community_subnet)"),
        ConfigKey.of(FLOW_SPEC_IPV6_KEY, "announce an IPv6 FlowSpec rule for the attack, withdrawn on unban " +
            "(default off)"),
        ConfigKey.of(PIPE_TIMEOUT_KEY, "longest wait for one write to the pipe, milliseconds (default " +
            DEFAULT_PIPE_TIMEOUT_MILLIS + ")"));

    @Override
    public String name()
    {
        return "exabgp";
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        return config.bool(ENABLED_KEY, false);
    }

    @Override
    public AttackAction create(final ConfigView config)
    {
        final String pipeText = config.string(PIPE_KEY, DEFAULT_PIPE);
        if (pipeText.isEmpty())
        {
            throw config.error(PIPE_KEY, "is empty; set ExaBGP's command pipe");
        }
        final Path pipe;
        try
        {
            pipe = Path.of(pipeText);
        }
        catch (final InvalidPathException ex)
        {
            throw config.error(PIPE_KEY, "'" + pipeText + "' is not a path");
        }
        final String community = config.string(COMMUNITY_KEY, "");
        final String communityHost = config.string(COMMUNITY_HOST_KEY, community);
        final String communitySubnet = config.string(COMMUNITY_SUBNET_KEY, community);
        final ExaBgpSettings.Family ipv4 = family(config, false, NEXT_HOP_KEY, ANNOUNCE_HOST_KEY,
            ANNOUNCE_SUBNET_KEY, communityHost, communitySubnet, FLOW_SPEC_KEY);
        final ExaBgpSettings.Family ipv6 = family(config, true, NEXT_HOP_IPV6_KEY, ANNOUNCE_HOST_IPV6_KEY,
            ANNOUNCE_SUBNET_IPV6_KEY, config.string(COMMUNITY_HOST_IPV6_KEY, communityHost),
            config.string(COMMUNITY_SUBNET_IPV6_KEY, communitySubnet), FLOW_SPEC_IPV6_KEY);
        if (!ipv4.announcesAnything() && !ipv6.announcesAnything())
        {
            LOG.warn("exabgp = on but nothing is announced: set {}, {}, {} or their _ipv6 twins", ANNOUNCE_HOST_KEY,
                ANNOUNCE_SUBNET_KEY, FLOW_SPEC_KEY);
        }
        final int timeoutMillis = config.intValue(PIPE_TIMEOUT_KEY, DEFAULT_PIPE_TIMEOUT_MILLIS, 10, 60_000);
        return new ExaBgpAction(new ExaBgpSettings(pipe, Duration.ofMillis(timeoutMillis), ipv4, ipv6));
    }

    private static ExaBgpSettings.Family family(final ConfigView config, final boolean v6, final String nextHopKey,
        final String hostKey, final String subnetKey, final String communityHost, final String communitySubnet,
        final String flowKey)
    {
        final boolean host = config.bool(hostKey, false);
        final boolean subnet = config.bool(subnetKey, false);
        final String nextHop = config.string(nextHopKey, "");
        if ((host || subnet) && nextHop.isEmpty())
        {
            throw config.error(nextHopKey, "is not set; it is needed to announce routes (" +
                (host ? hostKey : subnetKey) + " = on)");
        }
        if (!nextHop.isEmpty() && !"self".equals(nextHop) && !isAddressOf(nextHop, v6))
        {
            throw config.error(nextHopKey, "'" + nextHop + "' is not an " + (v6 ? "IPv6" : "IPv4") +
                " address (or self)");
        }
        checkCommunity(config, communityHost, v6 ? COMMUNITY_HOST_IPV6_KEY : COMMUNITY_HOST_KEY);
        checkCommunity(config, communitySubnet, v6 ? COMMUNITY_SUBNET_IPV6_KEY : COMMUNITY_SUBNET_KEY);
        return new ExaBgpSettings.Family(nextHop, host, subnet, communityHost, communitySubnet,
            config.bool(flowKey, false));
    }

    private static boolean isAddressOf(final String text, final boolean v6)
    {
        try
        {
            final InetAddress address = IpAddresses.parseLiteral(text);
            return v6 ? address instanceof Inet6Address : address instanceof Inet4Address;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static void checkCommunity(final ConfigView config, final String community, final String key)
    {
        // written verbatim into one API line: a ';', '{', '}' or control character would change the command
        for (int i = 0; i < community.length(); i++)
        {
            final char c = community.charAt(i);
            if (c < ' ' || c == ';' || c == '{' || c == '}')
            {
                throw config.error(key, "'" + community + "' contains '" + (c < ' ' ? "\\u" +
                    Integer.toHexString(c) : String.valueOf(c)) + "', which cannot go into an ExaBGP command");
            }
        }
    }
}
