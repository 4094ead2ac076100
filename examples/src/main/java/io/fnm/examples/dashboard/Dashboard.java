package io.fnm.examples.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.capture.Clock;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.HostTraffic;
import io.fnm.core.IpPrefix;
import io.fnm.core.MetricsExporter;
import io.fnm.core.TopBy;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;
import io.fnm.examples.http.RunnerHttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The web dashboard: register {@link #exporter()} and {@link #attackLog()} with the engine's builder, {@link
 * #attach(DetectionEngine)} the engine once built, and {@link #routes(RunnerHttpServer)} on the runner's server. Each
 * tick's snapshot becomes one {@code tick} event on the stream (a row of the 15-minute traffic ring, the top hosts in
 * and out, per-network load, the ban list); the attack history goes out as an {@code attacks} event whenever it changes
 * and the ban list as a {@code bans} event after an unban from the page.
 */
public final class Dashboard
{
    /** Ticks of traffic kept for the charts: 15 minutes at one tick per second. */
    public static final int HISTORY_TICKS = 900;
    /** Attacks kept in the history. */
    public static final int ATTACKS_KEPT = 50;
    /** Sampled records kept per attack. */
    public static final int RECORDS_PER_ATTACK = 50;
    /** Streams (open pages) served at once. */
    public static final int MAX_STREAMS = 16;
    /** Hosts per top table. */
    public static final int TOP_HOSTS = 10;

    /** Delay of an {@code attacks} event after the first change it carries. */
    static final long ATTACKS_EVENT_DELAY_MILLIS = 250;

    private final TrafficHistory history = new TrafficHistory(HISTORY_TICKS);
    private final AttackLog attacks;
    private final EventStreams streams;
    private final String token;
    private final AtomicBoolean attacksPending = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "fnm-dashboard");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DetectionEngine engine;
    private volatile String latestTick = "";

    /**
     * @param clock the engine's clock (for unban times in the history).
     * @param token the bearer token the unban button must send, or null to refuse unbans from the page.
     */
    public Dashboard(final Clock clock, final String token)
    {
        this.token = token == null || token.isBlank() ? null : token;
        this.streams = new EventStreams(MAX_STREAMS, this::greeting);
        this.attacks = new AttackLog(ATTACKS_KEPT, RECORDS_PER_ATTACK, clock, this::attacksChanged);
    }

    /**
     * Coalesce history changes: the first change schedules one {@code attacks} event
     * {@value #ATTACKS_EVENT_DELAY_MILLIS} ms later, carrying every change made meanwhile; a ban storm costs at most a
     * few events per second.
     */
    private void attacksChanged()
    {
        if (attacksPending.compareAndSet(false, true))
        {
            try
            {
                timer.schedule(() ->
                {
                    attacksPending.set(false);
                    streams.broadcast(EventStreams.event("attacks", Json.write(attacksJson())));
                }, ATTACKS_EVENT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
            catch (final RejectedExecutionException ex)
            {
                attacksPending.set(false); // closed: no page to tell
            }
        }
    }

    /**
     * @param file a file holding the token (surrounding white space ignored), as {@code api_token_file}.
     * @return the token.
     * @throws IOException when the file cannot be read or is empty.
     */
    public static String readToken(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty())
        {
            throw new IOException("token file " + file + " is empty");
        }
        return text;
    }

    /**
     * @return the exporter to register with the engine: it feeds the charts and tables every tick.
     */
    public MetricsExporter exporter()
    {
        return new MetricsExporter()
        {
            @Override
            public void export(final TrafficSnapshot snapshot)
            {
                publish(snapshot);
            }

            @Override
            public String name()
            {
                return "dashboard";
            }

            @Override
            public int topHosts()
            {
                return TOP_HOSTS;
            }

            @Override
            public void close()
            {
                closeStreams();
            }
        };
    }

    /**
     * @return the action to register with the engine: it keeps the attack history.
     */
    public AttackAction attackLog()
    {
        return attacks;
    }

    /**
     * @param detectionEngine the engine built with {@link #exporter()} and {@link #attackLog()}: its ban list is
     *                        shown, and the unban button calls its {@link DetectionEngine#unban}.
     * @return this dashboard.
     */
    public Dashboard attach(final DetectionEngine detectionEngine)
    {
        this.engine = detectionEngine;
        return this;
    }

    /**
     * Add the page ({@code /}), its files ({@code /dashboard/*}), the unban ({@code POST /dashboard/unban}) and the
     * event stream ({@code /api/v1/stream}) to a server not yet started.
     *
     * @param server the runner's server.
     * @return the server.
     */
    public RunnerHttpServer routes(final RunnerHttpServer server)
    {
        final DashboardAssets assets = new DashboardAssets();
        return server.route("/", assets).route("/dashboard/*", assets)
            .route("/dashboard/unban", new UnbanEndpoint(token, this::unban))
            .route("/api/v1/stream", streams);
    }

    /**
     * @return pages connected now.
     */
    public int openStreams()
    {
        return streams.open();
    }

    /**
     * End every stream (the server's stop would too, less politely) and the dashboard's timer thread; called when
     * the engine closes the exporter.
     */
    public void closeStreams()
    {
        timer.shutdownNow();
        streams.closeAll();
    }

    private UnbanEndpoint.Outcome unban(final InetAddress address)
    {
        final DetectionEngine current = engine;
        if (current == null)
        {
            return UnbanEndpoint.Outcome.NOT_READY;
        }
        final boolean done = current.unban(address);
        final ArrayNode bans = bansJson(current);
        streams.broadcast(EventStreams.event("bans", Json.write(bans)));
        return done ? UnbanEndpoint.Outcome.UNBANNED : UnbanEndpoint.Outcome.NOT_BANNED;
    }

    private void publish(final TrafficSnapshot snapshot)
    {
        final ObjectNode tick = Json.object();
        tick.put("tick", snapshot.tick());
        tick.set("row", history.add(snapshot));
        tick.set("top_in", hosts(snapshot.topHosts(Direction.INCOMING, TopBy.PACKETS), Direction.INCOMING));
        tick.set("top_out", hosts(snapshot.topHosts(Direction.OUTGOING, TopBy.PACKETS), Direction.OUTGOING));
        tick.set("networks", networks(snapshot.networks()));
        final DetectionEngine current = engine;
        tick.set("bans", current == null ? JsonNodeFactory.instance.arrayNode() : bansJson(current));
        final String event = EventStreams.event("tick", Json.write(tick));
        latestTick = event;
        streams.broadcast(event);
    }

    private String greeting()
    {
        final ObjectNode start = Json.object();
        final ArrayNode columns = start.putArray("columns");
        TrafficHistory.COLUMNS.forEach(columns::add);
        start.put("capacity", history.capacity());
        start.set("rows", history.rows());
        return EventStreams.event("history", Json.write(start)) +
            EventStreams.event("attacks", Json.write(attacksJson())) + latestTick;
    }

    private ArrayNode attacksJson()
    {
        return attacks.json();
    }

    private static ArrayNode hosts(final List<HostTraffic> top, final Direction direction)
    {
        final ArrayNode list = JsonNodeFactory.instance.arrayNode(top.size());
        for (final HostTraffic host : top)
        {
            final HostRates rates = host.rates();
            final ObjectNode item = list.addObject();
            item.put("ip", host.ip());
            item.put("banned", host.banned());
            item.put("pps", rates.packetsPerSecond(direction, TrafficClass.TOTAL));
            item.put("bps", rates.bitsPerSecond(direction, TrafficClass.TOTAL));
            item.put("flows", rates.flowsPerSecond(direction));
            item.put("tcp_pps", rates.packetsPerSecond(direction, TrafficClass.TCP));
            item.put("udp_pps", rates.packetsPerSecond(direction, TrafficClass.UDP));
            item.put("icmp_pps", rates.packetsPerSecond(direction, TrafficClass.ICMP));
            item.put("syn_pps", rates.packetsPerSecond(direction, TrafficClass.TCP_SYN));
        }
        return list;
    }

    private static ArrayNode networks(final Map<IpPrefix, HostRates> load)
    {
        final ArrayNode list = JsonNodeFactory.instance.arrayNode(load.size());
        load.forEach((prefix, rates) -> list.addObject()
            .put("prefix", prefix.toString())
            .put("in_pps", rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL))
            .put("in_bps", rates.bitsPerSecond(Direction.INCOMING, TrafficClass.TOTAL))
            .put("out_pps", rates.packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL))
            .put("out_bps", rates.bitsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL)));
        return list;
    }

    private static ArrayNode bansJson(final DetectionEngine engine)
    {
        final List<BanEntry> bans = engine.banList();
        final ArrayNode list = JsonNodeFactory.instance.arrayNode(bans.size());
        for (final BanEntry entry : bans)
        {
            final Attack attack = entry.attack();
            final ObjectNode item = list.addObject();
            item.put("ip", attack.ip());
            item.put("uuid", attack.uuid().toString());
            item.put("type", attack.type().text());
            item.put("direction", attack.direction().text());
            item.put("protocol", attack.protocol().text());
            item.put("power_pps", attack.initialPowerPps());
            item.put("peak_pps", attack.peakPowerPps());
            item.put("manual", entry.manual());
            item.put("since", Instant.ofEpochMilli(entry.bannedAtMillis()).toString());
            if (entry.unbanAtMillis() == Long.MAX_VALUE)
            {
                item.putNull("until");
            }
            else
            {
                item.put("until", Instant.ofEpochMilli(entry.unbanAtMillis()).toString());
            }
        }
        return list;
    }
}
