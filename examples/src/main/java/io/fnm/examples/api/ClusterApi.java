package io.fnm.examples.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.api.ApiRequest;
import io.fnm.actions.api.ApiResponse;
import io.fnm.actions.api.OperatorApi;
import io.fnm.actions.api.SnapshotJson;
import io.fnm.actions.json.AttackJson;
import io.fnm.actions.kafka.ClusterMetrics;
import io.fnm.actions.kafka.KafkaClusterView;
import io.fnm.core.Direction;
import io.fnm.core.TopBy;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster's part of the operator API, under {@value #PREFIX}, answered from a {@link KafkaClusterView} when the
 * runner is a Kafka engine ({@code kafka_engine = on}); read only:
 * <ul>
 * <li>{@code GET totals}: the live engines (id, tick, time) and the sums of their totals, in the shape of
 *     {@code GET /api/v1/totals};</li>
 * <li>{@code GET top?direction=incoming|outgoing&by=packets|bytes|flows&n=1..1000}: the global top hosts, each as in
 *     {@code GET /api/v1/top} plus the {@code engine} holding it;</li>
 * <li>{@code GET bans}: the union of the engines' ban lists, each with its {@code engine}.</li>
 * </ul>
 * Without a view every path is a 404 saying so; bad input a 400; no exception escapes {@link #handle}.
 */
public final class ClusterApi
{
    /** The path prefix. */
    public static final String PREFIX = OperatorApi.PREFIX + "/cluster";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KafkaClusterView view;

    /**
     * @param view the cluster view, or null when the runner is not a Kafka engine.
     */
    public ClusterApi(final KafkaClusterView view)
    {
        this.view = view;
    }

    /**
     * @param path a request's decoded path.
     * @return whether it is one of this API's paths.
     */
    public static boolean owns(final String path)
    {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * @param request a request whose path {@link #owns}.
     * @return the answer; never throws.
     */
    public ApiResponse handle(final ApiRequest request)
    {
        if (view == null)
        {
            return ApiResponse.error(404, "no cluster view: the runner is not a Kafka engine (kafka_engine = on)");
        }
        if (!"GET".equals(request.method()))
        {
            return ApiResponse.error(405, "method " + request.method() + " not allowed: the cluster view is read only");
        }
        try
        {
            switch (request.path().substring(PREFIX.length()))
            {
                case "/totals":
                    return ok(totals());
                case "/top":
                    return top(request.query());
                case "/bans":
                    return ok(bans());
                default:
                    return ApiResponse.error(404, "no such endpoint: GET " + request.path());
            }
        }
        catch (final RuntimeException ex)
        {
            return ApiResponse.error(500, "internal error: " + ex.getClass().getSimpleName());
        }
    }

    private ObjectNode totals()
    {
        final ObjectNode node = NODES.objectNode();
        final ArrayNode engines = node.putArray("engines");
        for (final ClusterMetrics metrics : view.engines().values())
        {
            engines.addObject().put("engine", metrics.engine()).put("tick", metrics.tick())
                .put("time", Instant.ofEpochMilli(metrics.epochMillis()).toString());
        }
        node.set("ipv4", SnapshotJson.rates(view.totals(4), Direction.values()));
        node.set("ipv6", SnapshotJson.rates(view.totals(6), Direction.values()));
        return node;
    }

    private ApiResponse top(final Map<String, String> query)
    {
        final String directionText = query.getOrDefault("direction", "incoming").toLowerCase(Locale.ROOT);
        final Direction direction = "incoming".equals(directionText) ? Direction.INCOMING :
            "outgoing".equals(directionText) ? Direction.OUTGOING : null;
        if (direction == null)
        {
            return ApiResponse.error(400, "direction must be incoming or outgoing");
        }
        TopBy by = null;
        for (final TopBy measure : TopBy.values())
        {
            if (measure.name().equalsIgnoreCase(query.getOrDefault("by", "packets")))
            {
                by = measure;
            }
        }
        if (by == null)
        {
            return ApiResponse.error(400, "by must be packets, bytes or flows");
        }
        final String nText = query.getOrDefault("n", String.valueOf(OperatorApi.DEFAULT_TOP_N));
        final int n = nText.matches("[0-9]{1,4}") ? Integer.parseInt(nText) : -1;
        if (n < 1 || n > OperatorApi.MAX_N)
        {
            return ApiResponse.error(400, "n must be a whole number in [1, " + OperatorApi.MAX_N + "]");
        }
        final ObjectNode node = NODES.objectNode();
        node.put("direction", direction.text());
        node.put("by", by.name().toLowerCase(Locale.ROOT));
        final ArrayNode hosts = node.putArray("hosts");
        for (final KafkaClusterView.TopHost host : view.topHosts(direction, by, n))
        {
            hosts.add(SnapshotJson.host(host.host()).put("engine", host.engine()));
        }
        return ok(node);
    }

    private ArrayNode bans()
    {
        final ArrayNode list = NODES.arrayNode();
        for (final ClusterMetrics.Ban ban : view.bans())
        {
            final ObjectNode node = list.addObject();
            node.put("ip", ban.ip());
            node.put("engine", ban.engine());
            node.put("uuid", ban.uuid());
            node.put("type", ban.type());
            node.put("direction", ban.direction());
            node.put("protocol", ban.protocol());
            node.put("power_pps", ban.powerPps());
            node.put("manual", ban.manual());
            SnapshotJson.period(node, ban.bannedAtMillis(), ban.unbanAtMillis());
        }
        return list;
    }

    private static ApiResponse ok(final JsonNode node)
    {
        return new ApiResponse(200, AttackJson.write(node));
    }
}
