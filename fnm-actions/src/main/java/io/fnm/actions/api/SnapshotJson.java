package io.fnm.actions.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.core.Attack;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.TrafficClass;

import java.time.Instant;
import java.util.Locale;

/**
 * JSON trees of the engine's snapshot types, as the operator API answers them. Every rate of a direction:
 * {@code pps}, {@code bps}, {@code mbps}, {@code flows} (connection tracking) and, per class ({@code tcp}, {@code udp},
 * {@code icmp}, {@code tcp_syn}, {@code fragmented}, {@code dropped}), {@code pps} and {@code bps}.
 */
public final class SnapshotJson
{
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};

    private SnapshotJson()
    {
    }

    /**
     * @param rates      the rates.
     * @param directions the directions to render.
     * @return one object per direction, keyed by its name.
     */
    public static ObjectNode rates(final HostRates rates, final Direction... directions)
    {
        final ObjectNode node = NODES.objectNode();
        for (final Direction direction : directions)
        {
            final ObjectNode d = node.putObject(direction.text());
            d.put("pps", rates.packetsPerSecond(direction, TrafficClass.TOTAL));
            d.put("bps", rates.bitsPerSecond(direction, TrafficClass.TOTAL));
            d.put("mbps", rates.megabitsPerSecond(direction, TrafficClass.TOTAL));
            d.put("flows", rates.flowsPerSecond(direction));
            for (final TrafficClass trafficClass : TrafficClass.values())
            {
                if (trafficClass != TrafficClass.TOTAL)
                {
                    final ObjectNode c = d.putObject(trafficClass.name().toLowerCase(Locale.ROOT));
                    c.put("pps", rates.packetsPerSecond(direction, trafficClass));
                    c.put("bps", rates.bitsPerSecond(direction, trafficClass));
                }
            }
        }
        return node;
    }

    /**
     * @param rates a host's rates.
     * @return its incoming and outgoing rates.
     */
    public static ObjectNode hostRates(final HostRates rates)
    {
        return rates(rates, HOST_DIRECTIONS);
    }

    /**
     * @param host a host of a top list.
     * @return {@code ip}, {@code banned} and its rates.
     */
    public static ObjectNode host(final HostTraffic host)
    {
        final ObjectNode node = NODES.objectNode();
        node.put("ip", host.ip());
        node.put("banned", host.banned());
        node.setAll(hostRates(host.rates()));
        return node;
    }

    /**
     * @param entry a ban.
     * @return the ban: address, attack UUID, type, direction, protocol, power, since and until ({@code null} when
     *         it never expires), manual or detected.
     */
    public static ObjectNode ban(final BanEntry entry)
    {
        final Attack attack = entry.attack();
        final ObjectNode node = NODES.objectNode();
        node.put("ip", attack.ip());
        node.put("uuid", attack.uuid().toString());
        node.put("type", attack.type().text());
        node.put("direction", attack.direction().text());
        node.put("protocol", attack.protocol().text());
        node.put("power_pps", attack.initialPowerPps());
        node.put("peak_pps", attack.peakPowerPps());
        node.put("hostgroup", attack.hostgroup());
        node.put("manual", entry.manual());
        attack.reason().ifPresent(reason -> node.put("reason", reason));
        return period(node, entry.bannedAtMillis(), entry.unbanAtMillis());
    }

    /**
     * @param node           a ban's JSON.
     * @param bannedAtMillis when it was banned, epoch milliseconds.
     * @param unbanAtMillis  when it ends, epoch milliseconds, {@link Long#MAX_VALUE} for never.
     * @return the node, with {@code since} and {@code until} (ISO-8601; {@code null} when it never ends).
     */
    public static ObjectNode period(final ObjectNode node, final long bannedAtMillis, final long unbanAtMillis)
    {
        node.put("since", Instant.ofEpochMilli(bannedAtMillis).toString());
        if (unbanAtMillis == Long.MAX_VALUE)
        {
            node.putNull("until");
        }
        else
        {
            node.put("until", Instant.ofEpochMilli(unbanAtMillis).toString());
        }
        return node;
    }
}
