package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.json.AttackJson;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fnm api <verb>}: {@code fastnetmon_api_client}'s verbs ({@code ban}, {@code unban}, {@code get_banlist} as
 * {@code banlist}) plus ours ({@code top}, {@code host}, {@code totals}, {@code networks}, {@code attacks},
 * {@code reload}, and the cluster view of a Kafka engine: {@code cluster-bans}, {@code cluster-top},
 * {@code cluster-totals}) over the operator API. Options: {@code --api URL} (default {@value ApiClient#DEFAULT_URL}),
 * {@code --token-file F} (needed to ban, unban and reload), {@code --json}. Exit status 0 on success, 1 with the
 * server's message on an error answer or when the server cannot be reached, 2 on a usage error.
 */
public final class ApiCommand
{
    /** The usage text. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "usage: fnm api [--api URL] [--token-file FILE] [--json] <verb>",
        "  ban IP [--duration SECONDS] [--reason TEXT]   ban a host by hand (needs the token)",
        "  unban IP                                      lift a ban (needs the token)",
        "  banlist                                       the ban list (also: get_banlist)",
        "  top [--direction incoming|outgoing] [--by packets|bytes|flows] [--n N] [--version 4|6]",
        "  host IP                                       one host's rates",
        "  totals                                        totals per IP version, direction and protocol",
        "  networks                                      the load of each network of networks_list",
        "  attacks [--n N]                               the last attacks",
        "  reload                                        re-read the configuration file (needs the token)",
        "  cluster-bans                                  every Kafka engine's bans, with the engine holding each",
        "  cluster-top [--direction ...] [--by ...] [--n N]  the top hosts of every Kafka engine, merged",
        "  cluster-totals                                the sums of every Kafka engine's totals",
        "");

    private ApiCommand()
    {
    }

    /**
     * @param args the arguments after {@code api}.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        final Options o;
        try
        {
            o = Options.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("error: " + ex.getMessage());
            err.print(USAGE);
            return 2;
        }
        try
        {
            final ApiClient client = new ApiClient(o.url, ApiClient.readToken(o.tokenFile));
            final Answer answer = call(client, o);
            out.println(o.json ? AttackJson.write(answer.json) : String.join(System.lineSeparator(), answer.text));
            return 0;
        }
        catch (final ApiClient.ApiException ex)
        {
            err.println("error: " + (ex.status() == 0 ? "" : ex.status() + " ") + ex.getMessage());
            return 1;
        }
        catch (final IOException ex)
        {
            err.println("error: cannot read the token file: " + ex.getMessage());
            return 1;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("error: " + ex.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static Answer call(final ApiClient client, final Options o) throws ApiClient.ApiException
    {
        switch (o.verb)
        {
            case "ban":
                return ban(client, o);
            case "unban":
                final JsonNode unbanned = client.send("DELETE", "/bans/" + encode(o.ip()), null);
                return new Answer(unbanned, List.of("unbanned " + unbanned.path("ip").asText()));
            case "banlist":
            case "get_banlist":
                final JsonNode bans = client.get("/bans");
                return new Answer(bans, TextViews.banList(bans));
            case "top":
                final JsonNode top = client.get("/top?direction=" + encode(o.direction) + "&by=" + encode(o.by) +
                    "&n=" + o.n + (o.version == null ? "" : "&version=" + encode(o.version)));
                return new Answer(top, TextViews.top(top, top.path("direction").asText() + " by " +
                    top.path("by").asText()));
            case "host":
                final JsonNode host = client.get("/hosts/" + encode(o.ip()));
                return new Answer(host, TextViews.host(host));
            case "totals":
                final JsonNode totals = client.get("/totals");
                return new Answer(totals, TextViews.totals(totals));
            case "networks":
                final JsonNode networks = client.get("/networks");
                return new Answer(networks, TextViews.networks(networks));
            case "attacks":
                final JsonNode attacks = client.get("/attacks?n=" + o.n);
                return new Answer(attacks, TextViews.attacks(attacks));
            case "reload":
                final JsonNode reloaded = client.send("POST", "/reload", null);
                return new Answer(reloaded, List.of(reloaded.path("message").asText()));
            case "cluster-bans":
                final JsonNode clusterBans = client.get("/cluster/bans");
                return new Answer(clusterBans, TextViews.withEngines(TextViews.banList(clusterBans), clusterBans));
            case "cluster-top":
                final JsonNode clusterTop = client.get("/cluster/top?direction=" + encode(o.direction) + "&by=" +
                    encode(o.by) + "&n=" + o.n);
                return new Answer(clusterTop, TextViews.withEngines(TextViews.top(clusterTop, "cluster " +
                    clusterTop.path("direction").asText() + " by " + clusterTop.path("by").asText()),
                    clusterTop.path("hosts")));
            case "cluster-totals":
                return clusterTotals(client.get("/cluster/totals"));
            default:
                throw new IllegalArgumentException("unknown verb '" + o.verb + "'");
        }
    }

    private static Answer clusterTotals(final JsonNode totals)
    {
        final List<String> engines = new ArrayList<>();
        totals.path("engines").forEach(e -> engines.add(e.path("engine").asText() + " (tick " +
            e.path("tick").asLong() + ")"));
        final List<String> lines = new ArrayList<>();
        lines.add("engines: " + (engines.isEmpty() ? "none heard from" : String.join(", ", engines)));
        lines.addAll(TextViews.totals(totals));
        return new Answer(totals, lines);
    }

    private static Answer ban(final ApiClient client, final Options o) throws ApiClient.ApiException
    {
        final ObjectNode body = JsonNodeFactory.instance.objectNode().put("ip", o.ip());
        if (o.duration != null)
        {
            body.put("duration", Long.parseLong(o.duration));
        }
        if (o.reason != null)
        {
            body.put("reason", o.reason);
        }
        final JsonNode banned = client.send("POST", "/bans", AttackJson.write(body));
        return new Answer(banned, List.of("banned " + banned.path("ip").asText() + " (attack " +
            banned.path("uuid").asText() + ", until " + (banned.path("until").isNull() ? "unbanned" :
            banned.path("until").asText()) + ")"));
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A JSON answer and its text for people. */
    private record Answer(JsonNode json, List<String> text)
    {
    }

    /** The parsed command line. */
    private static final class Options
    {
        private String url = ApiClient.DEFAULT_URL;
        private Path tokenFile;
        private boolean json;
        private String verb;
        private final List<String> operands = new ArrayList<>();
        private String duration;
        private String reason;
        private String direction = "incoming";
        private String by = "packets";
        private String version;
        private int n = 10;

        static Options parse(final List<String> args)
        {
            final Options o = new Options();
            for (int i = 0; i < args.size(); i++)
            {
                final String arg = args.get(i);
                if (!arg.startsWith("--"))
                {
                    if (o.verb == null)
                    {
                        o.verb = arg;
                    }
                    else
                    {
                        o.operands.add(arg);
                    }
                    continue;
                }
                if ("--json".equals(arg))
                {
                    o.json = true;
                    continue;
                }
                if (i + 1 >= args.size())
                {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                o.option(arg, args.get(++i));
            }
            if (o.verb == null)
            {
                throw new IllegalArgumentException("no verb");
            }
            return o;
        }

        private void option(final String name, final String value)
        {
            switch (name)
            {
                case "--api" -> url = value;
                case "--token-file" -> tokenFile = Path.of(value);
                case "--duration" -> duration = number(name, value);
                case "--reason" -> reason = value;
                case "--direction" -> direction = value;
                case "--by" -> by = value;
                case "--version" -> version = value;
                case "--n" -> n = Integer.parseInt(number(name, value));
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }

        private static String number(final String name, final String value)
        {
            if (!value.matches("[0-9]{1,9}"))
            {
                throw new IllegalArgumentException(name + " needs a whole number, not '" + value + "'");
            }
            return value;
        }

        String ip()
        {
            if (operands.size() != 1)
            {
                throw new IllegalArgumentException(verb + " needs one IP address");
            }
            return operands.get(0);
        }
    }
}
