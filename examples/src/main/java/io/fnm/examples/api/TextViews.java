package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator API's answers as text lines for people, shared by {@code fnm api} and {@code fnm top}.
 */
final class TextViews
{
    private static final String[] PROTOCOLS = {"tcp", "udp", "icmp", "tcp_syn", "fragmented", "dropped"};
    private static final String[] DIRECTIONS = {"incoming", "outgoing", "internal", "other"};

    private TextViews()
    {
    }

    static List<String> banList(final JsonNode bans)
    {
        final List<String> lines = new ArrayList<>();
        if (bans.isEmpty())
        {
            lines.add("no bans");
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "%-39s %-22s %-9s %10s %-20s %-20s %s", "IP", "TYPE", "DIRECTION",
            "POWER_PPS", "SINCE", "UNTIL", "UUID"));
        for (final JsonNode b : bans)
        {
            lines.add(String.format(Locale.ROOT, "%-39s %-22s %-9s %10d %-20s %-20s %s", b.path("ip").asText(),
                b.path("manual").asBoolean() ? "manual" : b.path("type").asText(), b.path("direction").asText(),
                b.path("power_pps").asLong(), shortTime(b.path("since")), shortTime(b.path("until")),
                b.path("uuid").asText()));
        }
        return lines;
    }

    /**
     * @param lines a table of {@link #banList} or {@link #top}: a header line, then one line per item.
     * @param items the items, each with its {@code engine}.
     * @return the table with an ENGINE column.
     */
    static List<String> withEngines(final List<String> lines, final JsonNode items)
    {
        if (items.isEmpty())
        {
            return lines;
        }
        final List<String> result = new ArrayList<>(lines.size());
        result.add(lines.get(0) + "  ENGINE");
        int i = 0;
        for (final JsonNode item : items)
        {
            result.add(lines.get(++i) + "  " + item.path("engine").asText());
        }
        return result;
    }

    static List<String> top(final JsonNode top, final String title)
    {
        final List<String> lines = new ArrayList<>();
        final String direction = top.path("direction").asText();
        lines.add(String.format(Locale.ROOT, "%-39s %12s %10s %10s", title, "pps", "mbps", "flows"));
        for (final JsonNode h : top.path("hosts"))
        {
            lines.add(hostLine(h, direction));
        }
        return lines;
    }

    static String hostLine(final JsonNode host, final String direction)
    {
        final JsonNode d = host.path(direction);
        return String.format(Locale.ROOT, "%-39s %12d %10d %10d%s", host.path("ip").asText(), d.path("pps").asLong(),
            d.path("mbps").asLong(), d.path("flows").asLong(), host.path("banned").asBoolean() ? "  *banned*" : "");
    }

    static List<String> host(final JsonNode host)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(host.path("ip").asText() + (host.path("banned").asBoolean() ? "  *banned*" : ""));
        for (final String direction : new String[] {"incoming", "outgoing"})
        {
            lines.addAll(directionLines(direction, host.path(direction)));
        }
        return lines;
    }

    static List<String> totals(final JsonNode totals)
    {
        final List<String> lines = new ArrayList<>();
        for (final String version : new String[] {"ipv4", "ipv6"})
        {
            lines.add(version.toUpperCase(Locale.ROOT));
            for (final String direction : DIRECTIONS)
            {
                lines.addAll(directionLines(direction, totals.path(version).path(direction)));
            }
        }
        return lines;
    }

    static List<String> directionLines(final String name, final JsonNode d)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  %-10s %12d pps %8d mbps %8d flows", name, d.path("pps").asLong(),
            d.path("mbps").asLong(), d.path("flows").asLong()));
        final StringBuilder protocols = new StringBuilder("             ");
        for (final String protocol : PROTOCOLS)
        {
            protocols.append(String.format(Locale.ROOT, " %s %d pps %d mbps", protocol,
                d.path(protocol).path("pps").asLong(), d.path(protocol).path("bps").asLong() / 1_000_000));
            protocols.append(protocol.equals("dropped") ? "" : ",");
        }
        lines.add(protocols.toString());
        return lines;
    }

    static List<String> networks(final JsonNode networks)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-43s %12s %10s %12s %10s", "NETWORK", "in pps", "in mbps", "out pps",
            "out mbps"));
        for (final JsonNode n : networks)
        {
            lines.add(String.format(Locale.ROOT, "%-43s %12d %10d %12d %10d", n.path("network").asText(),
                n.at("/incoming/pps").asLong(), n.at("/incoming/mbps").asLong(), n.at("/outgoing/pps").asLong(),
                n.at("/outgoing/mbps").asLong()));
        }
        return lines;
    }

    static List<String> attacks(final JsonNode attacks)
    {
        final List<String> lines = new ArrayList<>();
        for (final JsonNode a : attacks)
        {
            final JsonNode d = a.path("attack_details");
            lines.add(String.format(Locale.ROOT, "%-39s %-20s %-22s %-9s %10d pps %s%s", a.path("ip").asText(),
                shortTime(a.path("event_time")), a.path("manual").asBoolean() ? "manual" :
                d.path("attack_type").asText(), d.path("attack_direction").asText(),
                d.path("initial_attack_power").asLong(), d.path("attack_uuid").asText(),
                a.has("unbanned_at") ? "  unbanned " + shortTime(a.path("unbanned_at")) : ""));
        }
        return lines.isEmpty() ? List.of("no attacks") : lines;
    }

    private static String shortTime(final JsonNode time)
    {
        if (time.isMissingNode() || time.isNull())
        {
            return "never";
        }
        final String text = time.asText();
        // 2026-12-02T16:40:32.123Z -> 2026-12-02 16:40:32
        return text.length() >= 19 ? text.substring(0, 10) + ' ' + text.substring(11, 19) : text;
    }
}
