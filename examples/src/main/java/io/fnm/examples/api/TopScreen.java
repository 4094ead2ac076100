package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code fnm top} shows, like {@code fastnetmon_client}: totals per direction with per-protocol rates, the top
 * hosts in and out, the ban list and the load of each network, read from the operator API once per refresh. The
 * state (sort field, IP version, selected host, pending confirmation, last message) changes with the keys; rendering
 * is a pure function of the state and the last answers, so the terminal loop and the plain mode share it.
 */
final class TopScreen
{
    /** Sort fields, cycled by the keys p, b and f. */
    static final List<String> SORTS = List.of("packets", "bytes", "flows");

    private final ApiClient client;
    private final String url;
    private final int n;
    private String by;
    private int version = 4;
    private int selected;
    private String pending;
    private String message = "";
    private JsonNode totals = MissingNode.getInstance();
    private JsonNode incoming = MissingNode.getInstance();
    private JsonNode outgoing = MissingNode.getInstance();
    private JsonNode bans = MissingNode.getInstance();
    private JsonNode networks = MissingNode.getInstance();
    private final List<String> selectable = new ArrayList<>();

    TopScreen(final ApiClient client, final String url, final int n, final String by)
    {
        this.client = client;
        this.url = url;
        this.n = n;
        this.by = by;
    }

    /** Fetch every view; an error is kept as the message and the last answers stay. */
    void refresh()
    {
        try
        {
            totals = client.get("/totals");
            final String query = "&by=" + by + "&n=" + n + "&version=" + version;
            incoming = client.get("/top?direction=incoming" + query);
            outgoing = client.get("/top?direction=outgoing" + query);
            bans = client.get("/bans");
            networks = client.get("/networks");
            if (message.startsWith("error:"))
            {
                message = "";
            }
        }
        catch (final ApiClient.ApiException ex)
        {
            message = "error: " + ex.getMessage();
        }
    }

    void sortBy(final String field)
    {
        by = field;
        message = "sorted by " + field;
    }

    void toggleVersion()
    {
        version = version == 4 ? 6 : 4;
        selected = 0;
        message = "IPv" + version;
    }

    void move(final int delta)
    {
        selected = Math.max(0, Math.min(selectable.size() - 1, selected + delta));
    }

    /** Ask to ban ({@code ban}) or unban the selected host: the next key confirms (y) or cancels. */
    void ask(final String action)
    {
        if (selectable.isEmpty())
        {
            message = "no host selected";
            return;
        }
        pending = action + ' ' + selectable.get(Math.min(selected, selectable.size() - 1));
        message = pending + "? (y/n)";
    }

    boolean confirming()
    {
        return pending != null;
    }

    /** Answer the pending question: y runs it, anything else cancels. */
    void confirm(final boolean yes)
    {
        final String[] question = pending.split(" ");
        pending = null;
        if (!yes)
        {
            message = "cancelled";
            return;
        }
        try
        {
            if ("ban".equals(question[0]))
            {
                client.send("POST", "/bans", "{\"ip\":\"" + question[1] + "\"}");
                message = "banned " + question[1];
            }
            else
            {
                client.send("DELETE", "/bans/" + question[1], null);
                message = "unbanned " + question[1];
            }
        }
        catch (final ApiClient.ApiException ex)
        {
            message = "error: " + ex.getMessage();
        }
        refresh();
    }

    /**
     * @param width       the terminal's columns.
     * @param height      the terminal's rows (0: no limit).
     * @param interactive whether to mark the selection and show the keys.
     * @return the screen's lines, each at most {@code width} characters.
     */
    List<String> render(final int width, final int height, final boolean interactive)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "fnm top  %s  IPv%d  hosts ordered by %s  %s", url, version, by,
            Instant.now().toString().substring(0, 19).replace('T', ' ')));
        if (interactive)
        {
            lines.add("keys: p/b/f sort by packets/bytes/flows  4/6 IPv4/IPv6  up/down or j/k select  " +
                "B ban  U unban  q quit");
        }
        lines.add(message);
        for (final String direction : new String[] {"incoming", "outgoing", "internal", "other"})
        {
            lines.addAll(TextViews.directionLines(direction, totals.path("ipv" + version).path(direction)));
        }
        selectable.clear();
        hosts(lines, "Incoming", incoming, "incoming", interactive);
        hosts(lines, "Outgoing", outgoing, "outgoing", interactive);
        lines.add("");
        lines.add("Ban list:");
        for (final JsonNode ban : bans)
        {
            final String ip = ban.path("ip").asText();
            lines.add(mark(interactive, ip) + String.format(Locale.ROOT, "%-39s %-22s since %s until %s", ip,
                ban.path("manual").asBoolean() ? "manual" : ban.path("type").asText(),
                ban.path("since").asText(), ban.path("until").isNull() ? "unbanned" : ban.path("until").asText()));
        }
        lines.add("");
        for (final String line : TextViews.networks(networks))
        {
            lines.add("  " + line);
        }
        return fit(lines, width, height);
    }

    private void hosts(final List<String> lines, final String title, final JsonNode top, final String direction,
        final boolean interactive)
    {
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  %-39s %12s %10s %10s", title + " traffic, top " + n, "pps", "mbps",
            "flows"));
        for (final JsonNode host : top.path("hosts"))
        {
            lines.add(mark(interactive, host.path("ip").asText()) + TextViews.hostLine(host, direction));
        }
    }

    private String mark(final boolean interactive, final String ip)
    {
        final boolean isSelected = interactive && selectable.size() == selected;
        selectable.add(ip);
        return isSelected ? "> " : "  ";
    }

    private static List<String> fit(final List<String> lines, final int width, final int height)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : lines)
        {
            if (height > 0 && out.size() >= height)
            {
                break;
            }
            out.add(width > 0 && line.length() > width ? line.substring(0, width) : line);
        }
        return out;
    }
}
