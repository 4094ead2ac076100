package io.fnm.actions.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.capture.IpAddresses;
import io.fnm.core.Attack;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One engine's figures of one tick as it publishes them on the metrics topic: the document {@code ClusterMetrics}
 * version 1, compact JSON (UTF-8), written by {@link #encode} and read back, untrusted, by {@link #decode}:
 * <pre>
 * {"v": 1, "engine": "engine-1", "tick": 42, "time": 1700000000000,
 *  "totals": [[60 numbers: IPv4], [60 numbers: IPv6]],
 *  "hosts": [["10.0.0.5", banned 0|1, 30 numbers], ...],
 *  "top": [[host indexes], x 6],
 *  "bans": [{"ip", "uuid", "type", "direction", "protocol", "power_pps", "manual", "since", "until"}, ...],
 *  "bans_truncated": false}
 * </pre>
 * A rate block of one direction is 15 ({@link #RATES_PER_DIRECTION}) whole numbers: packets and bytes per second of
 * each {@link TrafficClass} in ordinal order (total, tcp, udp, icmp, tcp_syn, fragmented, dropped), then distinct flows
 * per second. Totals carry the four {@link Direction}s in ordinal order, hosts incoming then outgoing. {@code top}
 * holds the six lists incoming by packets, bytes, flows, then outgoing by packets, bytes, flows, each the indexes into
 * {@code hosts} of the engine's first N hosts, largest first (a host in several lists is written once). {@code since}
 * and {@code until} are epoch milliseconds, {@code until} null for a ban without end. Rates are the engine's moving
 * averages, which are linear: the cluster's totals are the sums of the engines'.
 */
public final class ClusterMetrics
{
    /** The document's version, its {@code "v"}. */
    public static final int VERSION = 1;
    /** Numbers per direction in a rate block. */
    public static final int RATES_PER_DIRECTION = TrafficClass.values().length * 2 + 1;
    /**
     * The most bans one document lists (the rest is flagged {@code bans_truncated}): with {@link #MAX_TOP_HOSTS}, a
     * document stays below Kafka's default 1 MiB record (about 205 B per ban, 270 B per host at worst).
     */
    public static final int MAX_BANS = 1024;
    /** The most hosts of each top list one document carries (six lists: at most 1 200 distinct hosts). */
    public static final int MAX_TOP_HOSTS = 200;
    /** The longest engine id. */
    public static final int MAX_ENGINE_ID_CHARS = 255;

    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Direction[] HOST_DIRECTIONS = {Direction.INCOMING, Direction.OUTGOING};
    private static final TrafficClass[] CLASSES = TrafficClass.values();
    private static final TopBy[] MEASURES = TopBy.values();
    private static final int LISTS = HOST_DIRECTIONS.length * MEASURES.length;
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private final String engine;
    private final long tick;
    private final long epochMillis;
    private final HostRates totalsIpv4;
    private final HostRates totalsIpv6;
    private final List<List<HostTraffic>> top;
    private final List<Ban> bans;
    private final boolean bansTruncated;

    private ClusterMetrics(final String engine, final long tick, final long epochMillis, final HostRates[] totals,
        final List<List<HostTraffic>> top, final List<Ban> bans, final boolean bansTruncated)
    {
        this.engine = engine;
        this.tick = tick;
        this.epochMillis = epochMillis;
        this.totalsIpv4 = totals[0];
        this.totalsIpv6 = totals[1];
        this.top = top;
        this.bans = bans;
        this.bansTruncated = bansTruncated;
    }

    /**
     * @return the publishing engine's instance id.
     */
    public String engine()
    {
        return engine;
    }

    /**
     * @return the engine's tick number.
     */
    public long tick()
    {
        return tick;
    }

    /**
     * @return the engine clock's time of the tick, epoch milliseconds.
     */
    public long epochMillis()
    {
        return epochMillis;
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the engine's totals of that version, all four directions.
     */
    public HostRates totals(final int ipVersion)
    {
        return ipVersion == 4 ? totalsIpv4 : totalsIpv6;
    }

    /**
     * @param direction INCOMING or OUTGOING.
     * @param by        the measure.
     * @return the engine's top hosts, largest first (empty for another direction).
     */
    public List<HostTraffic> topHosts(final Direction direction, final TopBy by)
    {
        if (direction != Direction.INCOMING && direction != Direction.OUTGOING)
        {
            return List.of();
        }
        return top.get(listIndex(direction, by));
    }

    /**
     * @return the engine's bans.
     */
    public List<Ban> bans()
    {
        return bans;
    }

    /**
     * @return whether the engine held more than {@value #MAX_BANS} bans, of which the document lists the first.
     */
    public boolean bansTruncated()
    {
        return bansTruncated;
    }

    /**
     * @param host a host's rates.
     * @param direction the direction.
     * @param by the measure.
     * @return the value the host is ranked by: packets, bytes or distinct flows per second of the direction.
     */
    public static long measure(final HostRates host, final Direction direction, final TopBy by)
    {
        switch (by)
        {
            case PACKETS:
                return host.packetsPerSecond(direction, TrafficClass.TOTAL);
            case BYTES:
                return host.bytesPerSecond(direction, TrafficClass.TOTAL);
            default:
                return host.flowsPerSecond(direction);
        }
    }

    /**
     * Write one tick of one engine.
     *
     * @param engine   the engine's instance id.
     * @param snapshot the tick's figures.
     * @param topHosts how many hosts of each top list to write.
     * @param banList  the engine's bans (the first {@value #MAX_BANS} are written).
     * @return the document, UTF-8.
     */
    public static byte[] encode(final String engine, final TrafficSnapshot snapshot, final int topHosts,
        final Collection<BanEntry> banList)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out))
        {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("engine", engine);
            g.writeNumberField("tick", snapshot.tick());
            g.writeNumberField("time", snapshot.epochMillis());
            g.writeArrayFieldStart("totals");
            writeRates(g, snapshot.totals(4), DIRECTIONS);
            writeRates(g, snapshot.totals(6), DIRECTIONS);
            g.writeEndArray();
            writeHostsAndTop(g, snapshot, topHosts);
            g.writeArrayFieldStart("bans");
            int written = 0;
            for (final BanEntry entry : banList)
            {
                if (written++ == MAX_BANS)
                {
                    break;
                }
                writeBan(g, entry);
            }
            g.writeEndArray();
            g.writeBooleanField("bans_truncated", written > MAX_BANS);
            g.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void writeHostsAndTop(final JsonGenerator g, final TrafficSnapshot snapshot, final int topHosts)
        throws IOException
    {
        final Map<String, Integer> index = new LinkedHashMap<>();
        final int[][] lists = new int[LISTS][];
        g.writeArrayFieldStart("hosts");
        for (final Direction direction : HOST_DIRECTIONS)
        {
            for (final TopBy by : MEASURES)
            {
                final List<HostTraffic> list = snapshot.topHosts(direction, by);
                final int[] indexes = new int[Math.min(topHosts, list.size())];
                for (int i = 0; i < indexes.length; i++)
                {
                    final HostTraffic host = list.get(i);
                    Integer at = index.get(host.ip());
                    if (at == null)
                    {
                        at = index.size();
                        index.put(host.ip(), at);
                        g.writeStartArray();
                        g.writeString(host.ip());
                        g.writeNumber(host.banned() ? 1 : 0);
                        writeRateNumbers(g, host.rates(), HOST_DIRECTIONS);
                        g.writeEndArray();
                    }
                    indexes[i] = at;
                }
                lists[listIndex(direction, by)] = indexes;
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("top");
        for (final int[] list : lists)
        {
            g.writeArray(list, 0, list.length);
        }
        g.writeEndArray();
    }

    private static void writeRates(final JsonGenerator g, final HostRates rates, final Direction[] directions)
        throws IOException
    {
        g.writeStartArray();
        writeRateNumbers(g, rates, directions);
        g.writeEndArray();
    }

    private static void writeRateNumbers(final JsonGenerator g, final HostRates rates, final Direction[] directions)
        throws IOException
    {
        for (final Direction direction : directions)
        {
            for (final TrafficClass trafficClass : CLASSES)
            {
                g.writeNumber(rates.packetsPerSecond(direction, trafficClass));
                g.writeNumber(rates.bytesPerSecond(direction, trafficClass));
            }
            g.writeNumber(rates.flowsPerSecond(direction));
        }
    }

    private static void writeBan(final JsonGenerator g, final BanEntry entry) throws IOException
    {
        final Attack attack = entry.attack();
        g.writeStartObject();
        g.writeStringField("ip", attack.ip());
        g.writeStringField("uuid", attack.uuid().toString());
        g.writeStringField("type", attack.type() == null ? "unknown" : attack.type().text());
        g.writeStringField("direction", attack.direction().text());
        g.writeStringField("protocol", attack.protocol() == null ? "unknown" : attack.protocol().text());
        g.writeNumberField("power_pps", attack.initialPowerPps());
        g.writeBooleanField("manual", entry.manual());
        g.writeNumberField("since", entry.bannedAtMillis());
        if (entry.unbanAtMillis() == Long.MAX_VALUE)
        {
            g.writeNullField("until");
        }
        else
        {
            g.writeNumberField("until", entry.unbanAtMillis());
        }
        g.writeEndObject();
    }

    /**
     * Read a document from the topic. Everything is checked: the version, each field's type, every rate whole and
     * not negative, every rate block's length, addresses literal (no name lookup), indexes in range, at most
     * {@value #MAX_BANS} bans. The caller bounds the document's size.
     *
     * @param document the record's value, untrusted.
     * @return the figures.
     * @throws IllegalArgumentException when it is not a valid version-1 document.
     */
    public static ClusterMetrics decode(final byte[] document)
    {
        if (document == null || document.length == 0)
        {
            throw new IllegalArgumentException("empty document");
        }
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(document);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("not JSON");
        }
        final String engine = engineOf(root);
        final JsonNode totals = root.path("totals");
        if (!totals.isArray() || totals.size() != 2)
        {
            throw new IllegalArgumentException("totals must hold two rate blocks");
        }
        final HostRates[] versions = {rates(totals.get(0), 0, DIRECTIONS), rates(totals.get(1), 0, DIRECTIONS)};
        final List<HostTraffic> hosts = hosts(root.path("hosts"));
        final List<List<HostTraffic>> top = top(root.path("top"), hosts);
        final JsonNode bans = root.path("bans");
        if (!bans.isArray() || bans.size() > MAX_BANS)
        {
            throw new IllegalArgumentException("bans must be an array of at most " + MAX_BANS);
        }
        final List<Ban> banList = new ArrayList<>(bans.size());
        for (final JsonNode ban : bans)
        {
            banList.add(ban(engine, ban));
        }
        return new ClusterMetrics(engine, whole(root.path("tick")), whole(root.path("time")), versions,
            top, List.copyOf(banList), root.path("bans_truncated").asBoolean(false));
    }

    private static String engineOf(final JsonNode root)
    {
        if (root == null || !root.isObject() || root.path("v").asInt(-1) != VERSION || !root.path("v").isInt())
        {
            throw new IllegalArgumentException("not a ClusterMetrics version " + VERSION + " document");
        }
        final String engine = root.path("engine").asText("");
        if (!root.path("engine").isTextual() || engine.isEmpty() || engine.length() > MAX_ENGINE_ID_CHARS)
        {
            throw new IllegalArgumentException("engine must be a string of 1 to " + MAX_ENGINE_ID_CHARS + " chars");
        }
        return engine;
    }

    private static List<HostTraffic> hosts(final JsonNode hosts)
    {
        if (!hosts.isArray() || hosts.size() > LISTS * TrafficSnapshot.MAX_TOP_HOSTS)
        {
            throw new IllegalArgumentException("hosts must be an array");
        }
        final int length = 2 + HOST_DIRECTIONS.length * RATES_PER_DIRECTION;
        final List<HostTraffic> list = new ArrayList<>(hosts.size());
        for (final JsonNode host : hosts)
        {
            if (!host.isArray() || host.size() != length || !host.get(0).isTextual())
            {
                throw new IllegalArgumentException("a host must be [ip, banned, " + (length - 2) + " rates]");
            }
            final InetAddress address = address(host.get(0).asText());
            list.add(new HostTraffic(address, host.get(0).asText(), rates(host, 2, HOST_DIRECTIONS),
                whole(host.get(1)) != 0));
        }
        return list;
    }

    private static List<List<HostTraffic>> top(final JsonNode top, final List<HostTraffic> hosts)
    {
        if (!top.isArray() || top.size() != LISTS)
        {
            throw new IllegalArgumentException("top must hold " + LISTS + " lists");
        }
        final List<List<HostTraffic>> lists = new ArrayList<>(LISTS);
        for (final JsonNode indexes : top)
        {
            if (!indexes.isArray())
            {
                throw new IllegalArgumentException("a top list must be an array of host indexes");
            }
            final List<HostTraffic> list = new ArrayList<>(indexes.size());
            for (final JsonNode i : indexes)
            {
                final long at = whole(i);
                if (at >= hosts.size())
                {
                    throw new IllegalArgumentException("host index out of range: " + at);
                }
                list.add(hosts.get((int)at));
            }
            lists.add(List.copyOf(list));
        }
        return List.copyOf(lists);
    }

    private static HostRates rates(final JsonNode block, final int from, final Direction[] directions)
    {
        if (block == null || !block.isArray() || block.size() != from + directions.length * RATES_PER_DIRECTION)
        {
            throw new IllegalArgumentException("a rate block must hold " + directions.length * RATES_PER_DIRECTION
                + " numbers");
        }
        final HostRates.Builder b = HostRates.builder();
        int at = from;
        for (final Direction direction : directions)
        {
            for (final TrafficClass trafficClass : CLASSES)
            {
                b.packetsPerSecond(direction, trafficClass, whole(block.get(at++)));
                b.bytesPerSecond(direction, trafficClass, whole(block.get(at++)));
            }
            b.flowsPerSecond(direction, whole(block.get(at++)));
        }
        return b.build();
    }

    private static Ban ban(final String engine, final JsonNode ban)
    {
        if (!ban.isObject() || !ban.path("ip").isTextual())
        {
            throw new IllegalArgumentException("a ban must be an object with an ip");
        }
        final String ip = ban.get("ip").asText();
        address(ip);
        final JsonNode until = ban.path("until");
        return new Ban(ip, engine, text(ban, "uuid"), text(ban, "type"), text(ban, "direction"),
            text(ban, "protocol"), whole(ban.path("power_pps")), ban.path("manual").asBoolean(false),
            whole(ban.path("since")), until.isNull() ? Long.MAX_VALUE : whole(until));
    }

    private static String text(final JsonNode node, final String field)
    {
        final JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().length() > 64)
        {
            throw new IllegalArgumentException(field + " must be a string of at most 64 chars");
        }
        return value.asText();
    }

    private static long whole(final JsonNode node)
    {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0)
        {
            throw new IllegalArgumentException("expected a whole number >= 0, got " + node);
        }
        return node.asLong();
    }

    private static InetAddress address(final String ip)
    {
        try
        {
            return IpAddresses.parseLiteral(ip);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an IP address literal");
        }
    }

    private static int listIndex(final Direction direction, final TopBy by)
    {
        return (direction == Direction.INCOMING ? 0 : 1) * MEASURES.length + by.ordinal();
    }

    /**
     * One ban of the cluster's list, as an engine published it.
     *
     * @param ip             the banned address.
     * @param engine         the engine holding the ban.
     * @param uuid           the attack's UUID.
     * @param type           the attack type's text.
     * @param direction      the attack's direction text.
     * @param protocol       the attack's protocol text.
     * @param powerPps       the attack's initial power, packets per second.
     * @param manual         whether it is a manual ban (restored bans are).
     * @param bannedAtMillis when it was banned, epoch milliseconds.
     * @param unbanAtMillis  when it ends, epoch milliseconds; {@link Long#MAX_VALUE} for never.
     */
    public record Ban(String ip, String engine, String uuid, String type, String direction, String protocol,
        long powerPps, boolean manual, long bannedAtMillis, long unbanAtMillis)
    {
        /**
         * @param ip             the banned address.
         * @param engine         the engine holding the ban.
         * @param uuid           the attack's UUID.
         * @param type           the attack type's text.
         * @param direction      the attack's direction text.
         * @param protocol       the attack's protocol text.
         * @param powerPps       the attack's initial power.
         * @param manual         whether it is manual.
         * @param bannedAtMillis when banned.
         * @param unbanAtMillis  when it ends.
         */
        public Ban
        {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(engine, "engine");
        }
    }
}
