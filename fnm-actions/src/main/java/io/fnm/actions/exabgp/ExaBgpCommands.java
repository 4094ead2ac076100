package io.fnm.actions.exabgp;

import io.fnm.core.Attack;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;

/**
 * The text of ExaBGP API commands (ExaBGP 4.x), one line each without the trailing new line.
 * <p>
 * Blackhole routes are FastNetMon's lines ({@code src/actions/exabgp_action.cpp}), except that an empty community
 * leaves the {@code community} clause out (FastNetMon writes {@code community } with nothing after it, which
 * ExaBGP rejects):
 * <pre>
 * announce route 10.0.0.5/32 next-hop 192.0.2.1 community 65001:666
 * withdraw route 10.0.0.5/32 next-hop 192.0.2.1
 * </pre>
 * FlowSpec rules (FastNetMon 1.2.0-1.2.2 announced amplification rules only, and never withdrew them) match the
 * attacked host, as destination for an incoming attack and as source for an outgoing one, and discard:
 * <pre>
 * announce flow route { match { destination 10.0.0.5/32; protocol udp; source-port =53; } then { discard; } }
 * announce flow route { match { destination 10.0.0.5/32; protocol tcp; tcp-flags [ syn&amp;!ack ]; }
 *     then { discard; } }                                             (one line)
 * announce flow route { match { destination 10.0.0.5/32; fragment [ is-fragment ]; } then { discard; } }
 * announce flow route { match { destination 2001:db8::5/128/0; next-header udp; source-port =123; } then { discard; } }
 * </pre>
 * The withdraw of a rule is the same line starting with {@code withdraw}.
 */
final class ExaBgpCommands
{
    private ExaBgpCommands()
    {
    }

    /**
     * @param prefix    the prefix, e.g. {@code 10.0.0.5/32}.
     * @param nextHop   the next hop (an address or {@code self}).
     * @param community the community text, written verbatim ({@code 65001:666}, {@code [65001:666 65001:777]}),
     *                  or empty for none.
     * @return {@code announce route <prefix> next-hop <nextHop> community <community>}.
     */
    static String announceRoute(final String prefix, final String nextHop, final String community)
    {
        final String line = "announce route " + prefix + " next-hop " + nextHop;
        return community.isEmpty() ? line : line + " community " + community;
    }

    /**
     * @param prefix  the prefix.
     * @param nextHop the next hop it was announced with.
     * @return {@code withdraw route <prefix> next-hop <nextHop>}.
     */
    static String withdrawRoute(final String prefix, final String nextHop)
    {
        return "withdraw route " + prefix + " next-hop " + nextHop;
    }

    /**
     * The FlowSpec match and action for an attack, or null when its type has no narrower rule than a blackhole:
     * amplification types match UDP from their source port, {@code syn_flood} TCP with SYN set and ACK clear,
     * {@code ip_fragmentation} fragments.
     *
     * @param attack the attack (INCOMING matches it as destination, OUTGOING as source).
     * @return {@code { match { ... } then { discard; } }}, or null.
     */
    static String flowRule(final Attack attack)
    {
        final AttackType type = attack.type();
        final boolean ipv6 = attack.ipVersion() == 6;
        final String protocol = ipv6 ? "next-header" : "protocol";
        final String criteria;
        if (type.isAmplification())
        {
            criteria = protocol + " udp; source-port =" + type.amplificationSourcePort() + "; ";
        }
        else if (type == AttackType.SYN_FLOOD)
        {
            criteria = protocol + " tcp; tcp-flags [ syn&!ack ]; ";
        }
        else if (type == AttackType.IP_FRAGMENTATION)
        {
            criteria = "fragment [ is-fragment ]; ";
        }
        else
        {
            return null;
        }
        final String side = attack.direction() == Direction.OUTGOING ? "source " : "destination ";
        final String host = ipv6 ? attack.ip() + "/128/0" : attack.ip() + "/32";
        return "{ match { " + side + host + "; " + criteria + "} then { discard; } }";
    }

    /**
     * @param rule a rule of {@link #flowRule}.
     * @return {@code announce flow route <rule>}.
     */
    static String announceFlow(final String rule)
    {
        return "announce flow route " + rule;
    }

    /**
     * @param rule a rule of {@link #flowRule}.
     * @return {@code withdraw flow route <rule>}.
     */
    static String withdrawFlow(final String rule)
    {
        return "withdraw flow route " + rule;
    }
}
