package io.fnm.actions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.IpAddresses;
import io.fnm.config.ConfigView;
import io.fnm.core.BanEntry;
import io.fnm.core.BanResult;
import io.fnm.core.DetectionEngine;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.TopBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The operator's HTTP API, version 1, on the engine's public snapshot API (no lock on the capture path), answering
 * JSON under {@value #PREFIX}:
 * <ul>
 * <li>{@code GET bans}, {@code POST bans} ({@code {"ip": ..., "duration": seconds, "reason": ...}}, duration and
 *     reason optional), {@code DELETE bans/<ip>}: the ban list, manual ban and unban;</li>
 * <li>{@code GET top?direction=incoming|outgoing&by=packets|bytes|flows&n=1..1000&version=4|6}: top hosts with
 *     every rate; {@code GET hosts/<ip>}: one host's rates;</li>
 * <li>{@code GET totals}, {@code GET networks}: totals per IP version and direction with per-protocol rates,
 *     per-network load;</li>
 * <li>{@code GET attacks?n=}: the last attacks with their sampled records ({@link AttackHistory});</li>
 * <li>{@code GET counters}, {@code GET config} (secrets masked), {@code POST reload}.</li>
 * </ul>
 * Every call that changes something ({@code POST}, {@code DELETE}) needs {@code Authorization: Bearer <token>}; with
 * no token configured, changes are refused (403). Bad input is a 4xx with {@code {"status", "error"}}; no exception
 * escapes {@link #handle(ApiRequest)}.
 */
public final class OperatorApi
{
    /** The versioned path prefix. */
    public static final String PREFIX = "/api/v1";
    /** The largest {@code n} of {@code top} and {@code attacks}. */
    public static final int MAX_N = 1000;
    /** The {@code n} of {@code top} when none is given (FastNetMon's {@code max_ips_in_list}). */
    public static final int DEFAULT_TOP_N = 7;
    /** The longest manual ban, in seconds (a year). */
    public static final long MAX_BAN_SECONDS = 366L * 24 * 3600;
    /** The longest reason of a manual ban. */
    public static final int MAX_REASON_CHARS = 256;
    /** The value secrets are replaced with in {@code GET config}. */
    public static final String MASK = "********";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|passwd|secret|token|credential).*");
    private static final Pattern URL_USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private final DetectionEngine engine;
    private final AttackHistory history;
    private final byte[] token;
    private final Reloader reloader;

    /**
     * @param engine   the engine whose snapshots are served.
     * @param history  the attack history registered with the engine as an action.
     * @param token    the bearer token changes need, or null to refuse every change.
     * @param reloader what {@code POST reload} runs, or null when reloading is not possible (501).
     */
    public OperatorApi(final DetectionEngine engine, final AttackHistory history, final String token,
        final Reloader reloader)
    {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.history = Objects.requireNonNull(history, "history");
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
        this.reloader = reloader;
    }

    /**
     * @param request a request whose path starts with {@link #PREFIX}.
     * @return the answer; never throws.
     */
    public ApiResponse handle(final ApiRequest request)
    {
        try
        {
            return route(request);
        }
        catch (final BadRequest ex)
        {
            return ApiResponse.error(ex.status, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            return ApiResponse.error(500, "internal error: " + ex.getClass().getSimpleName());
        }
    }

    private ApiResponse route(final ApiRequest request)
    {
        final String path = request.path();
        if (!path.startsWith(PREFIX))
        {
            throw new BadRequest(404, "no such endpoint: " + path);
        }
        final String rest = path.substring(PREFIX.length());
        final String method = request.method();
        final boolean change = "POST".equals(method) || "DELETE".equals(method);
        if (change)
        {
            authorize(request.authorization());
        }
        else if (!"GET".equals(method))
        {
            throw new BadRequest(405, "method " + method + " not allowed");
        }
        if (rest.startsWith("/bans/") && "DELETE".equals(method))
        {
            return unban(rest.substring("/bans/".length()));
        }
        if (rest.startsWith("/hosts/") && !change)
        {
            return host(rest.substring("/hosts/".length()));
        }
        return change ? routeChange(method + ' ' + rest, request) : routeRead(rest, request.query());
    }

    private ApiResponse routeChange(final String call, final ApiRequest request)
    {
        switch (call)
        {
            case "POST /bans":
                return ban(request.body());
            case "POST /reload":
                return reload();
            default:
                throw new BadRequest(404, "no such endpoint: " + call);
        }
    }

    private ApiResponse routeRead(final String rest, final Map<String, String> query)
    {
        switch (rest)
        {
            case "":
            case "/":
                return ok(index());
            case "/bans":
                return ok(bans());
            case "/top":
                return top(query);
            case "/totals":
                return ok(totals());
            case "/networks":
                return ok(networks());
            case "/attacks":
                return ok(history.latest(intParam(query, "n", 20, 1, MAX_N)));
            case "/counters":
                return ok(counters());
            case "/config":
                return ok(config());
            default:
                throw new BadRequest(404, "no such endpoint: GET " + PREFIX + rest);
        }
    }

    private void authorize(final String authorization)
    {
        if (token == null)
        {
            throw new BadRequest(403, "changes are disabled: no api_token_file is configured");
        }
        if (authorization == null || !authorization.startsWith("Bearer "))
        {
            throw new BadRequest(401, "this call needs Authorization: Bearer <token>");
        }
        final byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token))
        {
            throw new BadRequest(401, "wrong token");
        }
    }

    private ApiResponse ban(final byte[] body)
    {
        final JsonNode json;
        try
        {
            json = AttackJson.read(new String(body, StandardCharsets.UTF_8));
        }
        catch (final RuntimeException ex)
        {
            throw new BadRequest(400, "the body must be a JSON object such as {\"ip\": \"203.0.113.7\"}");
        }
        if (!json.isObject() || !json.path("ip").isTextual())
        {
            throw new BadRequest(400, "the body must be a JSON object such as {\"ip\": \"203.0.113.7\"}");
        }
        final Duration duration = duration(json.get("duration"));
        final String reason = reason(json.get("reason"));
        final String ip = json.get("ip").asText();
        final BanResult result = engine.ban(ourAddress(ip), duration, reason);
        switch (result.outcome())
        {
            case BANNED:
                return new ApiResponse(201, AttackJson.write(result.entry().map(SnapshotJson::ban)
                    .orElseGet(() -> NODES.objectNode().put("ip", ip))));
            case ALREADY_BANNED:
                throw new BadRequest(409, ip + " is already banned");
            case OUTSIDE_NETWORKS:
                throw new BadRequest(422, ip + " is outside our networks (networks_list)");
            default:
                throw new BadRequest(409, ip + " is not banned: " + result.outcome().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' '));
        }
    }

    private static Duration duration(final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            return null;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0 ||
            node.asLong() > MAX_BAN_SECONDS)
        {
            throw new BadRequest(400, "duration must be a whole number of seconds in [0, " + MAX_BAN_SECONDS +
                "] (0: until unbanned)");
        }
        return node.asLong() == 0 ? null : Duration.ofSeconds(node.asLong());
    }

    private static String reason(final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > MAX_REASON_CHARS)
        {
            throw new BadRequest(400, "reason must be a string of at most " + MAX_REASON_CHARS + " characters");
        }
        return node.asText();
    }

    private ApiResponse unban(final String ip)
    {
        final InetAddress address = parse(ip);
        final BanEntry entry = findBan(address);
        if (entry == null || !engine.unban(address))
        {
            throw new BadRequest(404, ip + " is not banned");
        }
        return ok(SnapshotJson.ban(entry).put("unbanned", true));
    }

    private ApiResponse reload()
    {
        if (reloader == null)
        {
            throw new BadRequest(501, "this engine has no configuration file to reload");
        }
        try
        {
            return ok(NODES.objectNode().put("reloaded", true).put("message", reloader.reload()));
        }
        catch (final Exception ex)
        {
            throw new BadRequest(422, "reload failed, the running configuration stays: " + ex.getMessage());
        }
    }

    private ApiResponse host(final String ip)
    {
        final InetAddress address = ourAddress(ip);
        final HostRates rates = engine.hostRates(address);
        if (rates == null)
        {
            throw new BadRequest(404, ip + " is not tracked (no recent traffic)");
        }
        final ObjectNode node = NODES.objectNode();
        node.put("ip", text(address));
        node.put("banned", findBan(address) != null);
        node.setAll(SnapshotJson.hostRates(rates));
        return ok(node);
    }

    private ApiResponse top(final Map<String, String> query)
    {
        final Direction direction = enumParam(query, "direction", Direction.INCOMING,
            Direction.INCOMING, Direction.OUTGOING);
        final TopBy by = enumParam(query, "by", TopBy.PACKETS, TopBy.values());
        final int n = intParam(query, "n", DEFAULT_TOP_N, 1, MAX_N);
        final int version = query.containsKey("version") ? intParam(query, "version", 4, 4, 6) : 0;
        if (version == 5)
        {
            throw new BadRequest(400, "version must be 4 or 6");
        }
        final List<HostTraffic> hosts = engine.topHosts(direction, by, version == 0 ? n : MAX_N);
        final ObjectNode node = NODES.objectNode();
        node.put("direction", direction.text());
        node.put("by", by.name().toLowerCase(Locale.ROOT));
        final ArrayNode list = node.putArray("hosts");
        for (final HostTraffic host : hosts)
        {
            if (list.size() < n && (version == 0 || versionOf(host.address()) == version))
            {
                list.add(SnapshotJson.host(host));
            }
        }
        return ok(node);
    }

    private ArrayNode bans()
    {
        final ArrayNode list = NODES.arrayNode();
        for (final BanEntry entry : engine.banList())
        {
            list.add(SnapshotJson.ban(entry));
        }
        return list;
    }

    private ObjectNode totals()
    {
        final ObjectNode node = NODES.objectNode();
        node.set("ipv4", SnapshotJson.rates(engine.totals(4), Direction.values()));
        node.set("ipv6", SnapshotJson.rates(engine.totals(6), Direction.values()));
        return node;
    }

    private ArrayNode networks()
    {
        final ArrayNode list = NODES.arrayNode();
        for (final Map.Entry<IpPrefix, HostRates> e : engine.networkLoad().entrySet())
        {
            final ObjectNode n = list.addObject();
            n.put("network", e.getKey().toString());
            n.setAll(SnapshotJson.hostRates(e.getValue()));
        }
        return list;
    }

    private ArrayNode counters()
    {
        final ArrayNode list = NODES.arrayNode();
        engine.counters((descriptor, label1, label2, value) ->
        {
            final ObjectNode c = list.addObject();
            c.put("name", descriptor.name());
            final ObjectNode labels = c.putObject("labels");
            final String[] values = {label1, label2};
            for (int i = 0; i < descriptor.labelNames().size() && i < values.length; i++)
            {
                if (values[i] != null)
                {
                    labels.put(descriptor.labelNames().get(i), values[i]);
                }
            }
            c.put("value", value);
        });
        return list;
    }

    private ObjectNode config()
    {
        final ConfigView settings = engine.config().settings();
        final Map<String, String> sorted = new TreeMap<>();
        for (final String key : settings.keys())
        {
            sorted.put(key, mask(key, settings.get(key)));
        }
        final ObjectNode node = NODES.objectNode();
        final ObjectNode keys = node.putObject("settings");
        sorted.forEach(keys::put);
        final ArrayNode networks = node.putArray("networks");
        engine.config().networks().forEach(p -> networks.add(p.toString()));
        final ArrayNode whitelist = node.putArray("whitelist");
        engine.config().whitelist().forEach(p -> whitelist.add(p.toString()));
        node.put("ban_time", engine.config().banTimeSeconds());
        return node;
    }

    /**
     * @param key   a configuration key.
     * @param value its value.
     * @return {@link #MASK} for passwords, tokens and secrets; the value with any {@code user:password@} of a URL
     *         masked otherwise.
     */
    public static String mask(final String key, final String value)
    {
        if (value == null)
        {
            return null;
        }
        if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() && !key.endsWith("_file") &&
            !key.endsWith("_path"))
        {
            return MASK;
        }
        return URL_USERINFO.matcher(value).replaceAll(MASK + "@");
    }

    private ObjectNode index()
    {
        final ObjectNode node = NODES.objectNode();
        node.put("version", 1);
        final ArrayNode endpoints = node.putArray("endpoints");
        for (final String e : List.of("GET bans", "POST bans", "DELETE bans/{ip}", "GET top", "GET hosts/{ip}",
            "GET totals", "GET networks", "GET attacks", "GET counters", "GET config", "POST reload"))
        {
            endpoints.add(e.replace(" ", " " + PREFIX + "/"));
        }
        return node;
    }

    private BanEntry findBan(final InetAddress address)
    {
        for (final BanEntry entry : engine.banList())
        {
            if (entry.attack().address().equals(address))
            {
                return entry;
            }
        }
        return null;
    }

    private InetAddress ourAddress(final String ip)
    {
        final InetAddress address = parse(ip);
        final IpPrefix host = IpPrefix.parse(text(address) + (address instanceof Inet6Address ?
            "/128" : "/32"));
        for (final IpPrefix network : engine.config().networks())
        {
            if (network.contains(host))
            {
                return address;
            }
        }
        throw new BadRequest(422, ip + " is outside our networks (networks_list)");
    }

    private static InetAddress parse(final String ip)
    {
        try
        {
            return IpAddresses.parseLiteral(ip);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadRequest(400, "'" + abbreviate(ip) + "' is not an IPv4 or IPv6 address");
        }
    }

    private static String text(final InetAddress address)
    {
        if (address instanceof Inet6Address)
        {
            final long[] halves = IpAddresses.parseIpv6(address.getHostAddress());
            return IpAddresses.ipv6ToString(halves[0], halves[1]);
        }
        return address.getHostAddress();
    }

    private static int versionOf(final InetAddress address)
    {
        return address instanceof Inet6Address ? 6 : 4;
    }

    private static int intParam(final Map<String, String> query, final String name, final int defaultValue,
        final int min, final int max)
    {
        final String text = query.get(name);
        if (text == null)
        {
            return defaultValue;
        }
        try
        {
            final int value = Integer.parseInt(text);
            if (value >= min && value <= max)
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new BadRequest(400, name + " must be a whole number in [" + min + ", " + max + "], not '" +
            abbreviate(text) + "'");
    }

    @SafeVarargs
    private static <E extends Enum<E>> E enumParam(final Map<String, String> query, final String name,
        final E defaultValue, final E... allowed)
    {
        final String text = query.get(name);
        if (text == null)
        {
            return defaultValue;
        }
        final StringBuilder names = new StringBuilder();
        for (final E value : allowed)
        {
            if (value.name().equalsIgnoreCase(text))
            {
                return value;
            }
            names.append(names.length() == 0 ? "" : ", ").append(value.name().toLowerCase(Locale.ROOT));
        }
        throw new BadRequest(400, name + " must be one of " + names + ", not '" + abbreviate(text) + "'");
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static ApiResponse ok(final JsonNode node)
    {
        return new ApiResponse(200, AttackJson.write(node));
    }

    /**
     * What {@code POST reload} runs: the embedding application re-reads its configuration and calls
     * {@link DetectionEngine#reload}.
     */
    @FunctionalInterface
    public interface Reloader
    {
        /**
         * @return a message for the operator.
         * @throws Exception when the configuration cannot be reloaded (the running one stays).
         */
        String reload() throws Exception;
    }

    /** A 4xx or 5xx answer raised while routing. */
    private static final class BadRequest extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(final int status, final String message)
        {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
