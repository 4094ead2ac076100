package io.fnm.actions.bgp;

import io.fnm.actions.bgp.internal.BgpFamily;
import io.fnm.actions.bgp.internal.BgpRoute;
import io.fnm.actions.bgp.internal.BgpSpeaker;
import io.fnm.actions.bgp.internal.RouteTable;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FastNetMon's GoBGP action without GoBGP: fnm's own BGP speaker ({@link BgpSpeaker}) holds sessions to the
 * configured peers and announces, for each ban, a blackhole (the host /32 or /128 and/or the matched customer
 * subnet, with their next hops and communities) and/or a FlowSpec rule ({@link FlowSpecPlanner}), as
 * {@link Mitigation} says for the attack's hostgroup. Everything is withdrawn on unban.
 * <p>
 * Decisions: at ban (no records yet) the rule comes from the attack type ({@link FlowSpecPlanner#atBan}); at attack
 * details it is refined from the sampled records ({@link FlowSpecPlanner#fromRecords}) and replaced when it changes
 * (the new route is announced before the old one is withdrawn); when the records show no shape, the attack's type
 * at details (which fnm-core may have refined, e.g. to {@code dns_amplification}) decides, and otherwise the
 * ban-time decision stays. With {@link Mitigation#FLOWSPEC} an attack with no rule is blackholed, and a blackhole
 * used at ban is withdrawn once the details give a rule.
 * <p>
 * The calls only change the route table and wake the speaker's thread: a dead or slow peer never delays them.
 * {@link #close()} withdraws nothing (the peers drop our routes when the sessions close) and joins the thread.
 */
public final class BgpSpeakerAction implements AttackAction, AutoCloseable
{
    /** Routes the speaker wants announced now (every peer converges on them). */
    public static final CounterDescriptor ROUTES_ACTIVE = CounterDescriptor.gauge("bgp_routes_active", "routes",
        "Distinct routes (blackholes and FlowSpec rules) of active bans", "action");

    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeakerAction.class);
    private static final int RFC_1997_MASK = 0xFFFF;

    private final BgpSpeakerSettings settings;
    private final RouteTable table = new RouteTable();
    private final BgpSpeaker speaker;
    private final Map<UUID, String> texts = new ConcurrentHashMap<>();
    private final Map<UUID, FlowSpecRule> rules = new ConcurrentHashMap<>();

    /**
     * Start the sessions (the first connections are attempted at once, on the speaker's thread).
     *
     * @param settings the settings.
     */
    public BgpSpeakerAction(final BgpSpeakerSettings settings)
    {
        this.settings = settings;
        int families = 0;
        for (final BgpFamily family : BgpFamily.values())
        {
            families |= family.bit();
        }
        speaker = new BgpSpeaker(settings.peers(), families, table, settings.clock(),
            settings.retryInitial().toNanos(), settings.retryMax().toNanos(), "fnm-bgp-speaker");
    }

    @Override
    public void onBan(final Attack attack)
    {
        final Mitigation mitigation = settings.mitigation(attack.hostgroup());
        final FlowSpecRule rule = mitigation == Mitigation.BLACKHOLE ? null : FlowSpecPlanner.atBan(attack);
        apply(attack, rule, "ban");
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        if (settings.mitigation(attack.hostgroup()) == Mitigation.BLACKHOLE || !texts.containsKey(attack.uuid()))
        {
            return;
        }
        final FlowSpecRule fromSample = FlowSpecPlanner.fromRecords(attack, records);
        // fnm-core may have refined the type from the same sample (dns_amplification...): its rule is the fallback
        final FlowSpecRule refined = fromSample != null ? fromSample : FlowSpecPlanner.atBan(attack);
        if (refined != null && !refined.equals(rules.get(attack.uuid())))
        {
            apply(attack, refined, "attack details");
        }
    }

    @Override
    public void onUnban(final Attack attack)
    {
        rules.remove(attack.uuid());
        texts.remove(attack.uuid());
        final List<BgpRoute> old = table.replace(attack.uuid(), List.of());
        speaker.routesChanged();
        if (!old.isEmpty())
        {
            LOG.info("BGP mitigation of {} withdrawn: {}", attack.ip(), joined(old));
        }
    }

    private void apply(final Attack attack, final FlowSpecRule rule, final String when)
    {
        final List<BgpRoute> routes = routes(attack, rule);
        if (rule != null)
        {
            rules.put(attack.uuid(), rule);
        }
        final String text = routes.isEmpty() ? "nothing (announce keys are off)" : joined(routes);
        texts.put(attack.uuid(), text);
        table.replace(attack.uuid(), routes);
        speaker.routesChanged();
        LOG.info("BGP mitigation of {} ({} {}, hostgroup {}) at {}: {}", attack.ip(), attack.type().text(),
            attack.protocol().text(), attack.hostgroup(), when, text);
    }

    /**
     * @param attack an attack.
     * @return what is announced for it, one route per line part ({@code ; } separated), e.g.
     * {@code ipv4-flowspec destination 192.0.2.10/32 protocol udp source-port =53 then discard}; null when it is
     * not (or no longer) banned. For the attack details writer and logs.
     */
    public String mitigationText(final Attack attack)
    {
        return texts.get(attack.uuid());
    }

    /**
     * @param attack an attack.
     * @param rule   its FlowSpec rule, or null for none.
     * @return the routes the attack's mitigation announces.
     */
    List<BgpRoute> routes(final Attack attack, final FlowSpecRule rule)
    {
        final Mitigation mitigation = settings.mitigation(attack.hostgroup());
        final List<BgpRoute> routes = new ArrayList<>(3);
        if (rule != null)
        {
            final BgpSpeakerSettings.FlowSpecAction action = settings.flowSpecAction();
            routes.add(new BgpRoute(rule.ipVersion() == 6 ? BgpFamily.IPV6_FLOWSPEC : BgpFamily.IPV4_FLOWSPEC,
                rule.nlri(), null, null, null, action.extendedCommunities(), rule.text() + " then " + action.text()));
        }
        if (rule == null || mitigation == Mitigation.BOTH)
        {
            blackhole(attack, routes);
        }
        return routes;
    }

    private void blackhole(final Attack attack, final List<BgpRoute> routes)
    {
        final int version = attack.ipVersion();
        final BgpSpeakerSettings.Blackhole blackhole = settings.blackhole(version);
        final BgpFamily family = version == 6 ? BgpFamily.IPV6_UNICAST : BgpFamily.IPV4_UNICAST;
        final IpPrefix subnet = attack.customerNetwork();
        if (blackhole.announceSubnet() && subnet != null && subnet.isIpv4() == (version == 4))
        {
            final byte[] address = prefixBytes(subnet);
            routes.add(unicast(family, subnet.length(), address, blackhole.nextHopSubnet(),
                blackhole.communitiesSubnet(), settings.largeCommunitiesSubnet()));
        }
        if (blackhole.announceHost())
        {
            final byte[] address = attack.address().getAddress();
            routes.add(unicast(family, address.length * 8, address, blackhole.nextHopHost(),
                blackhole.communitiesHost(), settings.largeCommunitiesHost()));
        }
    }

    private static BgpRoute unicast(final BgpFamily family, final int length, final byte[] address,
        final InetAddress nextHop, final int[] communities, final int[] large)
    {
        final StringBuilder text = new StringBuilder(80).append(Addresses.text(address));
        text.append('/').append(length).append(" next-hop ").append(Addresses.text(nextHop.getAddress()));
        if (communities.length > 0)
        {
            final StringJoiner joiner = new StringJoiner(" ", " community ", "");
            for (final int community : communities)
            {
                joiner.add((community >>> 16) + ":" + (community & RFC_1997_MASK));
            }
            text.append(joiner);
        }
        if (large.length > 0)
        {
            final StringJoiner joiner = new StringJoiner(" ", " large-community ", "");
            for (int i = 0; i < large.length; i += 3)
            {
                joiner.add(Integer.toUnsignedString(large[i]) + ":" + Integer.toUnsignedString(large[i + 1]) + ":" +
                    Integer.toUnsignedString(large[i + 2]));
            }
            text.append(joiner);
        }
        return new BgpRoute(family, BgpRoute.prefixNlri(length, address), nextHop.getAddress(), communities, large,
            null, text.toString());
    }

    private static byte[] prefixBytes(final IpPrefix prefix)
    {
        if (prefix.isIpv4())
        {
            final int a = prefix.ipv4();
            return new byte[] {(byte)(a >>> 24), (byte)(a >>> 16), (byte)(a >>> 8), (byte)a};
        }
        final byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(prefix.ipv6High() >>> (56 - 8 * i));
            bytes[8 + i] = (byte)(prefix.ipv6Low() >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static String joined(final List<BgpRoute> routes)
    {
        final StringJoiner joiner = new StringJoiner("; ");
        for (final BgpRoute route : routes)
        {
            joiner.add(route.toString());
        }
        return joiner.toString();
    }

    @Override
    public String name()
    {
        return "bgp_speaker";
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(ROUTES_ACTIVE, name(), table.size());
        speaker.counters(name(), visitor);
    }

    /**
     * @return the number of sessions established now.
     */
    public int sessionsUp()
    {
        return speaker.sessionsUp();
    }

    /**
     * @return the routes wanted now, as text ({@code <family> <route>}), for logs and tests.
     */
    public List<String> activeRoutes()
    {
        return table.texts();
    }

    /**
     * @return the speaker's thread (tests check it ends on close).
     */
    public Thread thread()
    {
        return speaker.thread();
    }

    /**
     * Send a Cease to every peer, close the sockets and join the speaker's thread (at most 5 s).
     */
    @Override
    public void close()
    {
        speaker.close();
        LOG.info("BGP speaker closed");
    }

    @Override
    public String toString()
    {
        return "BgpSpeakerAction{peers=" + settings.peers().size() + ", mitigation=" +
            settings.mitigation("global").text() + '}';
    }
}
