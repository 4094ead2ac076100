package io.fnm.examples;

import io.fnm.actions.api.AttackHistory;
import io.fnm.actions.api.OperatorApi;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.config.ConfigView;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.AttackReport;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import io.fnm.examples.api.ApiEndpoint;
import io.fnm.examples.api.OperatorView;
import io.fnm.examples.dashboard.Dashboard;
import io.fnm.examples.http.RunnerHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fnm demo}: no root, no network card, no configuration file. A built-in simulation of background traffic for
 * 40 hosts plus a UDP flood against one of them is exported as NetFlow v9 over loopback UDP to the engine's real
 * collector; the user sees the victim detected, banned
 * with its attack type and details, and unbanned once the flood is over. Exit status 0 when exactly the victim was
 * banned and unbanned.
 * <p>
 * {@code fnm demo --api[=PORT]} also serves the web dashboard on {@code http://127.0.0.1:PORT/} (default 9210) and
 * prints its URL and unban token; the flood then starts after {@value #API_FLOOD_START_MILLIS} ms and lasts a minute,
 * so there is time to open the page, and the demo keeps serving after the unban until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisHeading = "usage: ", description = {"Simulated background traffic plus a flood, exported as NetFlow v9 " +
        "over loopback,", "detected, banned and unbanned in about 15 seconds."})
final class DemoCommand implements Callable<Integer>
{
    private static final long FLOOD_START_MILLIS = 1_500;
    private static final long FLOOD_END_MILLIS = 7_500;
    private static final long STEP_MILLIS = 100;
    private static final long DEADLINE_SECONDS = 40;
    private static final long API_FLOOD_START_MILLIS = 15_000;
    private static final long API_FLOOD_MILLIS = 60_000;
    /** The dashboard's port in the demo unless --api=PORT says otherwise (api_port's default). */
    static final int DEFAULT_API_PORT = 9210;

    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--api", arity = "0..1", fallbackValue = "" + DEFAULT_API_PORT, paramLabel = "PORT",
        description = {"Also serve the web dashboard on http://127.0.0.1:PORT/ (default ${FALLBACK-VALUE}),",
            "start the flood at 15 s for a minute, and keep serving after the unban until Ctrl-C."})
    Integer api;

    DemoCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException, IOException
    {
        if (api != null && (api < 0 || api > 65_535))
        {
            err.println("error: --api=PORT needs a port from 0 to 65535, not " + api);
            return 2;
        }
        return run(api == null ? -1 : api, out, err);
    }

    static EngineConfig demoConfig(final int netflowPort)
    {
        return EngineConfig.builder()
            .settings(ConfigView.of(Map.of(
                "netflow", "on",
                "netflow_host", "127.0.0.1",
                "netflow_port", Integer.toString(netflowPort))))
            .networks(List.of(IpPrefix.parse(DemoScenario.NETWORK), IpPrefix.parse("2001:db8:100::/48")))
            .averageCalculationTimeSeconds(2)
            .speedCalculationDelaySeconds(1)
            .globalThresholds(Thresholds.builder()
                .enableBan(true)
                .enableBanIpv6(true)
                .enable(ThresholdKind.PPS, true)
                .value(ThresholdKind.PPS, 20_000)
                .enable(ThresholdKind.MBPS, true)
                .value(ThresholdKind.MBPS, 1_000)
                .build())
            .banTimeSeconds(4)
            .unbanOnlyIfAttackFinished(true)
            .banDetailsRecordsCount(5)
            .banDetailsMaxWaitSeconds(3)
            .build();
    }

    /**
     * @param apiPort the dashboard's port, or -1 for none.
     */
    static int run(final int apiPort, final PrintStream out, final PrintStream err)
        throws InterruptedException, IOException
    {
        final long floodStart = apiPort < 0 ? FLOOD_START_MILLIS : API_FLOOD_START_MILLIS;
        final long floodEnd = apiPort < 0 ? FLOOD_END_MILLIS : API_FLOOD_START_MILLIS + API_FLOOD_MILLIS;
        final long start = System.currentTimeMillis();
        final Set<String> banned = ConcurrentHashMap.newKeySet();
        final CountDownLatch unbanned = new CountDownLatch(1);
        final int netflowPort = freeUdpPort();
        final EngineConfig config = demoConfig(netflowPort);

        out.printf("fnm demo: networks %s and 2001:db8:100::/48, threshold %d pps, average over %d s, ban_time %d s%n",
            DemoScenario.NETWORK, config.globalThresholds().value(ThresholdKind.PPS),
            config.averageCalculationTimeSeconds(), config.banTimeSeconds());
        out.printf("[%5.1fs] exporting NetFlow v9 over loopback to the collector on 127.0.0.1:%d: %d hosts with " +
            "about %d pps each way; a UDP flood of %d pps against %s from %.1fs to %.1fs%n", 0.0, netflowPort,
            DemoScenario.BACKGROUND_HOSTS, DemoScenario.BACKGROUND_PPS_PER_HOST, DemoScenario.FLOOD_PPS,
            DemoScenario.VICTIM, floodStart / 1000.0, floodEnd / 1000.0);

        final AttackAction printer = printer(start, out, banned, unbanned);

        final String token = UUID.randomUUID().toString();
        final Dashboard dashboard = apiPort < 0 ? null : new Dashboard(Clock.SYSTEM, token);
        final DetectionEngine.Builder builder = DetectionEngine.builder(config).action(printer);
        final AttackHistory history = dashboard == null ? null : new AttackHistory(AttackHistory.DEFAULT_CAPACITY,
            AttackHistory.DEFAULT_MAX_RECORDS, Clock.SYSTEM);
        if (dashboard != null)
        {
            builder.action(dashboard.attackLog()).action(history).metricsExporter(dashboard.exporter());
        }
        try (DetectionEngine engine = builder.build();
            NetflowExporter exporter = new NetflowExporter(start, netflowPort, floodStart, floodEnd);
            RunnerHttpServer http = dashboard == null ? null : dashboard.attach(engine).routes(new RunnerHttpServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), apiPort), RunnerHttpServer.Limits.DEFAULT)
                .route(ApiEndpoint.PATH_SPEC, new ApiEndpoint(new OperatorApi(engine, history, token, null),
                OperatorView.MAX_BODY_BYTES))))
        {
            if (!engine.problems().isEmpty())
            {
                engine.problems().forEach(problem -> err.println("demo: " + problem));
                return 1;
            }
            if (http != null)
            {
                try
                {
                    http.start();
                }
                catch (final IOException ex)
                {
                    err.println("demo: cannot serve the dashboard: " + ex.getMessage());
                    return 1;
                }
                out.printf("[%5.1fs] dashboard: http://127.0.0.1:%d/  (unban token: %s); API and fnm top: --api " +
                    "http://127.0.0.1:%d%n", seconds(start), http.address().getPort(), token, http.address().getPort());
            }
            engine.start();
            exporter.start();
            final long deadline = DEADLINE_SECONDS + floodEnd / 1000;
            if (!unbanned.await(deadline, TimeUnit.SECONDS))
            {
                err.printf("demo: no unban within %d s%n", deadline);
                return 1;
            }
            if (http != null)
            {
                out.printf("[%5.1fs] demo done; the dashboard stays at http://127.0.0.1:%d/ until Ctrl-C%n",
                    seconds(start), http.address().getPort());
                try (ProcessSignals signals = ProcessSignals.install(() -> { }))
                {
                    signals.awaitStop();
                }
            }
        }
        final boolean onlyVictim = banned.equals(Set.of(DemoScenario.VICTIM));
        out.printf("[%5.1fs] demo done: %d host(s) banned %s, %s%n", seconds(start), banned.size(), banned,
            onlyVictim ? "no innocent host banned" : "UNEXPECTED bans");
        return onlyVictim ? 0 : 1;
    }

    /** Prints each ban, its details and the unban as they happen; counts the unban down. */
    private static AttackAction printer(final long start, final PrintStream out, final Set<String> banned,
        final CountDownLatch unbanned)
    {
        return new AttackAction()
        {
            @Override
            public void onBan(final Attack attack)
            {
                banned.add(attack.ip());
                out.printf("[%5.1fs] BAN %s: %s %s, %s, %d pps (threshold %s, hostgroup %s)%n", seconds(start),
                    attack.ip(), attack.direction().text(), attack.type().text(), attack.protocol().text(),
                    attack.initialPowerPps(), attack.threshold() == null ? "manual" : attack.threshold().name(),
                    attack.hostgroup());
                out.print(indent(AttackReport.describe(attack)));
            }

            @Override
            public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
            {
                out.printf("[%5.1fs] ATTACK DETAILS %s: %d sampled records%n", seconds(start), attack.ip(),
                    records.size());
                final StringBuilder dump = new StringBuilder();
                for (final TrafficRecord record : records)
                {
                    AttackReport.appendPacketLine(dump, record, ZoneId.systemDefault());
                }
                out.print(indent(dump.toString()));
            }

            @Override
            public void onUnban(final Attack attack)
            {
                out.printf("[%5.1fs] UNBAN %s: attack %s over, peak %d pps%n", seconds(start), attack.ip(),
                    attack.uuid(), attack.peakPowerPps());
                unbanned.countDown();
            }
        };
    }

    private static double seconds(final long start)
    {
        return (System.currentTimeMillis() - start) / 1000.0;
    }

    private static String indent(final String text)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String line : text.split("\n"))
        {
            if (!line.isBlank())
            {
                sb.append("          ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Plays the scenario in real time as a router would: NetFlow v9 datagrams (templates repeated every step) from
     * the project's own generator, over loopback UDP to the engine's real collector.
     */
    static final class NetflowExporter implements AutoCloseable
    {
        private final long start;
        private final long floodStart;
        private final long floodEnd;
        private final NetflowUdpSender sender;
        private final Thread thread;
        private volatile boolean running = true;

        NetflowExporter(final long start, final int port, final long floodStart, final long floodEnd)
            throws IOException
        {
            this.start = start;
            this.floodStart = floodStart;
            this.floodEnd = floodEnd;
            this.sender = new NetflowUdpSender(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            this.thread = new Thread(this::run, "fnm-demo-exporter");
            this.thread.setDaemon(true);
        }

        void start()
        {
            thread.start();
        }

        private void run()
        {
            final DemoScenario scenario = new DemoScenario(42, floodStart, floodEnd);
            final NetflowGenerator generator = new NetflowGenerator(1, start - 60_000);
            final ByteBuffer datagram = ByteBuffer.allocate(65_507);
            final List<TrafficRecord> step = new ArrayList<>();
            long next = System.currentTimeMillis();
            try
            {
                while (running)
                {
                    final long now = System.currentTimeMillis();
                    step.clear();
                    scenario.step(now - start, STEP_MILLIS, now, record -> step.add(
                        new TrafficRecord().copyFrom(record).flowTimes(now - STEP_MILLIS, now)));
                    int index = 0;
                    boolean templates = true;
                    while (index < step.size())
                    {
                        datagram.clear();
                        index = generator.writeV9(datagram, step, index, templates, 0, now);
                        templates = false;
                        datagram.flip();
                        sender.send(datagram);
                    }
                    next += STEP_MILLIS;
                    final long pause = next - System.currentTimeMillis();
                    if (pause > 0)
                    {
                        Thread.sleep(pause); // pacing the simulated router, not waiting for a tick
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final IOException ex)
            {
                System.err.println("demo exporter stopped: " + ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            running = false;
            thread.interrupt();
            try
            {
                thread.join(2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            sender.close();
        }
    }
}
