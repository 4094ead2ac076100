package io.fnm.actions.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.capture.testkit.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code gobgpd} (Debian package {@code gobgpd}, installed when missing) on loopback, for tests that announce
 * routes to it and read its RIB back with the {@code gobgp} CLI.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (Gobgpd gobgpd = Gobgpd.start(tempDir, 65000, "192.0.2.254",
 *     List.of(Gobgpd.Neighbor.passive("127.0.0.1", 65001))))
 * {
 *     // point the speaker under test at 127.0.0.1:gobgpd.bgpPort(), AS 65000
 *     gobgpd.awaitEstablished("127.0.0.1", Duration.ofSeconds(20));
 *     List<Gobgpd.Route> routes = gobgpd.awaitRib("ipv4", r -> !r.isEmpty(), Duration.ofSeconds(10));
 *     // routes.get(0).prefix() is "10.0.0.1/32", nextHop() "192.0.2.1", communities() ["65001:666"]
 * }
 * }</pre>
 *
 * <p>The configuration ({@code gobgpd.toml}) and the log ({@code gobgpd.log}) are written to the caller's
 * directory. Every neighbor gets the ipv4-unicast, ipv6-unicast, ipv4-flowspec and ipv6-flowspec families and a
 * one-second connect retry. gobgpd listens for BGP on 127.0.0.1:{@link #bgpPort()} and for its gRPC API on
 * 127.0.0.1:{@link #apiPort()}, both chosen free at start and kept across {@link #restart()}.
 */
public final class Gobgpd implements AutoCloseable
{
    /** The gobgpd binary. */
    public static final String GOBGPD = "/usr/bin/gobgpd";
    /** The gobgp CLI, from the same Debian package. */
    public static final String GOBGP = "/usr/bin/gobgp";

    private static final String[] FAMILIES = {"ipv4-unicast", "ipv6-unicast", "ipv4-flowspec", "ipv6-flowspec"};
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final long CLI_TIMEOUT_SECONDS = 20;
    private static final long POLL_MILLIS = 100;
    private static final String[] SESSION_STATES = {
        "unknown", "idle", "connect", "active", "opensent", "openconfirm", "established"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Path config;
    private final int bgpPort;
    private final int apiPort;
    private ServerProcess process;

    private Gobgpd(final Path directory, final Path config, final int bgpPort, final int apiPort)
    {
        this.directory = directory;
        this.config = config;
        this.bgpPort = bgpPort;
        this.apiPort = apiPort;
    }

    /**
     * One BGP neighbor of gobgpd.
     *
     * @param address    the neighbor's address; gobgpd accepts a session only from this source address (any
     *                   127.x.y.z works on loopback).
     * @param peerAs     the neighbor's AS (4-octet values allowed).
     * @param passive    true: gobgpd waits for the neighbor to connect to {@link #bgpPort()}; false: gobgpd
     *                   connects to {@code address:remotePort}.
     * @param remotePort the port gobgpd connects to when active (ignored when passive).
     */
    public record Neighbor(String address, long peerAs, boolean passive, int remotePort)
    {
        /**
         * @param address the neighbor's source address.
         * @param peerAs  its AS.
         * @return a neighbor that connects to gobgpd.
         */
        public static Neighbor passive(final String address, final long peerAs)
        {
            return new Neighbor(address, peerAs, true, 0);
        }

        /**
         * @param address    the neighbor's address.
         * @param peerAs     its AS.
         * @param remotePort the port it listens on.
         * @return a neighbor gobgpd connects to.
         */
        public static Neighbor active(final String address, final long peerAs, final int remotePort)
        {
            return new Neighbor(address, peerAs, false, remotePort);
        }
    }

    /**
     * One route of gobgpd's RIB (its best path).
     *
     * @param prefix      the RIB key as gobgp prints it: {@code 10.0.0.1/32}, {@code 2001:db8::1/128}, or for
     *                    FlowSpec {@code [destination: 10.0.0.1/32][protocol: ==udp][source-port: ==53]}.
     * @param nextHop     the next hop (NEXT_HOP or MP_REACH_NLRI's), or "" when there is none.
     * @param communities the standard communities as {@code asn:value}, in order.
     * @param path        the whole path as gobgp's JSON gives it (attributes under {@code attrs}), for what the
     *                    other fields do not cover (large and extended communities, FlowSpec actions).
     */
    public record Route(String prefix, String nextHop, List<String> communities, JsonNode path)
    {
    }

    /**
     * Writes the configuration, starts gobgpd and waits until its BGP and API ports accept connections.
     *
     * @param directory the test's directory ({@code @TempDir}).
     * @param localAs   gobgpd's AS.
     * @param routerId  gobgpd's router id (an IPv4 address).
     * @param neighbors its neighbors.
     * @return the running daemon.
     * @throws AssertionError when gobgpd cannot be installed or does not start, with its log.
     */
    public static Gobgpd start(final Path directory, final long localAs, final String routerId,
        final List<Neighbor> neighbors)
    {
        DebianPackages.require(GOBGPD, "gobgpd");
        DebianPackages.require(GOBGP, "gobgpd");
        final int bgpPort = ServerProcess.freePort();
        int apiPort = ServerProcess.freePort();
        while (apiPort == bgpPort)
        {
            apiPort = ServerProcess.freePort();
        }
        final Path config = directory.resolve("gobgpd.toml");
        try
        {
            Files.writeString(config, toml(localAs, routerId, bgpPort, neighbors), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot write " + config + ": " + ex, ex);
        }
        final Gobgpd gobgpd = new Gobgpd(directory, config, bgpPort, apiPort);
        gobgpd.launch();
        return gobgpd;
    }

    /**
     * @return the port gobgpd listens on for BGP, on 127.0.0.1.
     */
    public int bgpPort()
    {
        return bgpPort;
    }

    /**
     * @return the port of gobgpd's gRPC API, on 127.0.0.1 (what {@code gobgp -p} takes).
     */
    public int apiPort()
    {
        return apiPort;
    }

    /**
     * @return the configuration file gobgpd runs with.
     */
    public Path configFile()
    {
        return config;
    }

    /**
     * Runs the gobgp CLI against this daemon.
     *
     * @param arguments what follows {@code gobgp -p <apiPort>}, e.g. {@code "global", "rib", "-a", "ipv4", "-j"}.
     * @return its standard output.
     * @throws AssertionError when it fails or times out, with its output.
     */
    public String cli(final String... arguments)
    {
        final List<String> command = new ArrayList<>(List.of(GOBGP, "-u", "127.0.0.1", "-p",
            Integer.toString(apiPort)));
        command.addAll(List.of(arguments));
        try
        {
            final Path out = Files.createTempFile(directory, "gobgp", ".out");
            final Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .start();
            if (!cli.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                cli.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            final String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            if (cli.exitValue() != 0)
            {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + cli.exitValue() + "): " +
                    text);
            }
            return text;
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * Reads the global RIB of one family.
     *
     * @param family gobgp's family name: {@code ipv4}, {@code ipv6}, {@code ipv4-flowspec}, {@code ipv6-flowspec}.
     * @return its routes (best path of each), in gobgp's order.
     */
    public List<Route> rib(final String family)
    {
        final JsonNode root = parse(cli("global", "rib", "-a", family, "-j"));
        final List<Route> routes = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> entries = root.fields();
        while (entries.hasNext())
        {
            final Map.Entry<String, JsonNode> entry = entries.next();
            routes.add(route(entry.getKey(), best(entry.getValue())));
        }
        return routes;
    }

    /**
     * Polls the RIB of one family until it satisfies a condition.
     *
     * @param family  as for {@link #rib}.
     * @param until   the condition, e.g. {@code routes -> routes.isEmpty()}.
     * @param timeout how long to wait.
     * @return the RIB that satisfied it.
     * @throws AssertionError when it never did, with the last RIB seen.
     */
    public List<Route> awaitRib(final String family, final Predicate<List<Route>> until, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        List<Route> routes = rib(family);
        while (!until.test(routes))
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("gobgpd's " + family + " RIB did not reach the expected state within " +
                    timeout + "; last seen: " + routes);
            }
            pause();
            routes = rib(family);
        }
        return routes;
    }

    /**
     * @param neighborAddress a configured neighbor's address.
     * @return its session state in lower case: {@code idle}, {@code connect}, {@code active}, {@code opensent},
     *     {@code openconfirm}, {@code established} (or {@code unknown}).
     */
    public String sessionState(final String neighborAddress)
    {
        final JsonNode root = parse(cli("neighbor", neighborAddress, "-j"));
        final JsonNode neighbor = root.isArray() ? root.path(0) : root;
        final int state = neighbor.path("state").path("session_state").asInt(0);
        return state >= 0 && state < SESSION_STATES.length ? SESSION_STATES[state] : "unknown";
    }

    /**
     * Waits until the session with a neighbor is Established.
     *
     * @param neighborAddress a configured neighbor's address.
     * @param timeout         how long to wait.
     * @throws AssertionError when it is not, with the last state and gobgpd's log.
     */
    public void awaitEstablished(final String neighborAddress, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String state = sessionState(neighborAddress);
        while (!"established".equals(state))
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("session with " + neighborAddress + " not established within " + timeout +
                    " (state " + state + "); gobgpd log:\n" + logTail());
            }
            pause();
            state = sessionState(neighborAddress);
        }
    }

    /**
     * Kills gobgpd (no NOTIFICATION is sent: the sessions drop as on a crash) and starts it again on the same
     * ports with the same configuration and an empty RIB.
     */
    public void restart()
    {
        stop();
        launch();
    }

    /**
     * Kills gobgpd without starting it again ({@link #restart()} after this starts it).
     */
    public void stop()
    {
        if (process != null)
        {
            process.close();
            process = null;
        }
    }

    /**
     * @return whether gobgpd is running.
     */
    public boolean isAlive()
    {
        return process != null && process.isAlive();
    }

    /**
     * @return the last part of gobgpd's log.
     */
    public String logTail()
    {
        return process == null ? "(gobgpd stopped)" : process.logTail();
    }

    @Override
    public void close()
    {
        stop();
    }

    private void launch()
    {
        process = ServerProcess.start("gobgpd", directory, List.of(GOBGPD, "-f", config.toString(), "-t", "toml",
            "-p", "--pprof-disable", "--api-hosts=127.0.0.1:" + apiPort));
        process.awaitPort(apiPort, START_TIMEOUT).awaitPort(bgpPort, START_TIMEOUT);
    }

    private static String toml(final long localAs, final String routerId, final int bgpPort,
        final List<Neighbor> neighbors)
    {
        final StringBuilder text = new StringBuilder(512)
            .append("[global.config]\n")
            .append("  as = ").append(localAs).append('\n')
            .append("  router-id = \"").append(routerId).append("\"\n")
            .append("  port = ").append(bgpPort).append('\n')
            .append("  local-address-list = [\"127.0.0.1\"]\n");
        for (final Neighbor neighbor : neighbors)
        {
            text.append("\n[[neighbors]]\n")
                .append("  [neighbors.config]\n")
                .append("    neighbor-address = \"").append(neighbor.address()).append("\"\n")
                .append("    peer-as = ").append(neighbor.peerAs()).append('\n')
                .append("  [neighbors.timers.config]\n")
                .append("    connect-retry = 1\n")
                .append("    idle-hold-time-after-reset = 1\n")
                .append("  [neighbors.transport.config]\n");
            if (neighbor.passive())
            {
                text.append("    passive-mode = true\n");
            }
            else
            {
                text.append("    remote-port = ").append(neighbor.remotePort()).append('\n');
            }
            for (final String family : FAMILIES)
            {
                text.append("  [[neighbors.afi-safis]]\n")
                    .append("    [neighbors.afi-safis.config]\n")
                    .append("      afi-safi-name = \"").append(family).append("\"\n");
            }
        }
        return text.toString();
    }

    private static JsonNode parse(final String json)
    {
        try
        {
            return JSON.readTree(json.isBlank() ? "{}" : json);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("gobgp printed what is not JSON: " + json, ex);
        }
    }

    private static JsonNode best(final JsonNode paths)
    {
        for (final JsonNode path : paths)
        {
            if (path.path("best").asBoolean(false))
            {
                return path;
            }
        }
        return paths.path(0);
    }

    private static Route route(final String prefix, final JsonNode path)
    {
        String nextHop = "";
        final List<String> communities = new ArrayList<>();
        for (final JsonNode attribute : path.path("attrs"))
        {
            if (attribute.has("nexthop") && nextHop.isEmpty())
            {
                nextHop = attribute.path("nexthop").asText();
            }
            if (attribute.path("type").asInt() == 8)
            {
                for (final JsonNode community : attribute.path("communities"))
                {
                    final long value = community.asLong();
                    communities.add((value >>> 16) + ":" + (value & 0xFFFF));
                }
            }
        }
        return new Route(prefix, nextHop, List.copyOf(communities), path);
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(POLL_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }
}
