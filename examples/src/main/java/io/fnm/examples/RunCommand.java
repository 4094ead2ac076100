package io.fnm.examples;

import io.fnm.actions.api.AttackHistory;
import io.fnm.actions.api.OperatorApi;
import io.fnm.actions.prometheus.PrometheusMetrics;
import io.fnm.capture.Clock;
import io.fnm.config.ConfigException;
import io.fnm.core.DetectionEngine;
import io.fnm.core.ComponentHealth;
import io.fnm.core.EngineConfig;
import io.fnm.core.EngineHealth;
import io.fnm.core.ReloadReport;
import io.fnm.core.config.FastNetMonConfig;
import io.fnm.examples.api.ApiSettings;
import io.fnm.examples.api.OperatorView;
import io.fnm.examples.dashboard.Dashboard;
import io.fnm.examples.http.RunnerHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code fnm run --configuration_file FILE}: the FastNetMon-compatible runner. Runs in the foreground with the capture
 * sources and actions the file enables, logs bans and unbans, and exits cleanly within 2 s of SIGINT or SIGTERM.
 * <p>
 * SIGINT and SIGTERM stop it cleanly (exit status 0); SIGHUP reloads networks, whitelist, thresholds and hostgroups
 * from the file, keeping counters and bans (FastNetMon cannot, #477). These handlers are the application's: the
 * library itself installs none.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisHeading = "usage: ", sortOptions = false,
    description = {"Run the engine with the capture sources and actions FILE enables (fastnetmon.conf syntax),",
        "or with --configuration_check validate FILE, its networks files and every enabled provider's keys.",
        "SIGINT/SIGTERM stop it (exit 0), SIGHUP reloads; exit 1 when a source cannot start or the engine fails."})
final class RunCommand implements Callable<Integer>
{
    private static final String DEFAULT_CONFIGURATION_FILE = "/etc/fastnetmon.conf";
    /**
     * Keys the runner reads (the library's are declared by the engine and the providers): its /metrics endpoint, so
     * {@code prometheus = on} counts as implemented here (an embedding application serves its own), its state
     * directory ({@link StateDirectory}, where the ban list survives a restart), and the Kafka roles' keys.
     */
    static final List<String> RUNNER_KEYS = runnerKeys();

    @CommandLine.Mixin
    final FastNetMonFlags flags = new FastNetMonFlags();

    @Option(names = "--strict", description = "with --configuration_check: warnings are errors")
    boolean strict;

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    private static List<String> runnerKeys()
    {
        final List<String> keys = new ArrayList<>(List.of(PrometheusEndpoint.ENABLED_KEY, PrometheusEndpoint.HOST_KEY,
            PrometheusEndpoint.PORT_KEY, PrometheusEndpoint.TOP_HOSTS_KEY, ApiSettings.FASTNETMON_ENABLED_KEY,
            StateDirectory.KEY));
        keys.addAll(ApiSettings.keys());
        keys.addAll(KafkaRoles.keys());
        return List.copyOf(keys);
    }

    private static Logger log()
    {
        // looked up when used, not when the class loads: the runner configures slf4j-simple first
        return LoggerFactory.getLogger(RunCommand.class);
    }

    @Override
    public Integer call() throws InterruptedException
    {
        if (flags.daemonize)
        {
            err.println("--daemonize is not supported: fnm runs in the foreground (use systemd or similar)");
            return 2;
        }
        final Path file = Path.of(flags.configurationFile == null ? DEFAULT_CONFIGURATION_FILE :
            flags.configurationFile);
        if (!Files.isRegularFile(file))
        {
            err.println("error: configuration file " + file + " does not exist");
            return 1;
        }
        final boolean checkOnly = flags.configurationCheck;
        final FastNetMonConfig.Result loaded;
        try
        {
            // The keys known are the engine's, FastNetMon's and those the providers on the class path declare.
            loaded = checkOnly ? FastNetMonConfig.read(file, RUNNER_KEYS) : FastNetMonConfig.load(file, RUNNER_KEYS);
        }
        catch (final ConfigException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        if (checkOnly)
        {
            return ConfigurationCheck.run(file, loaded, strict, out, err);
        }
        if (strict && !(loaded.errors().isEmpty() && loaded.warnings().isEmpty()))
        {
            loaded.errors().forEach(error -> err.println("error: " + error));
            loaded.warnings().forEach(warning -> err.println("error: " + warning));
            err.println("error: --strict: not starting with the errors and warnings above");
            return 1;
        }
        return serve(loaded.config(), err);
    }

    /**
     * FastNetMon's command-line flags, accepted by {@code fnm} itself and by {@code fnm run}.
     */
    static final class FastNetMonFlags
    {
        @Option(names = "--configuration_file", paramLabel = "FILE",
            description = "FastNetMon configuration file (default " + DEFAULT_CONFIGURATION_FILE + ")")
        String configurationFile;

        @Option(names = "--configuration_check", description = "validate the configuration and exit")
        boolean configurationCheck;

        @Option(names = "--log_file", paramLabel = "FILE", description = "log to FILE instead of standard error")
        String logFile;

        @Option(names = "--log_to_console", description = "log to standard error (the default; wins over --log_file)")
        boolean logToConsole;

        @Option(names = {"--disable_pid_logic", "--pid_logic"},
            description = "accepted for FastNetMon compatibility; fnm keeps no pid file")
        boolean pidLogic;

        @Option(names = "--daemonize", description = "not supported: fnm runs in the foreground under systemd")
        boolean daemonize;

        void copy(final FastNetMonFlags other)
        {
            configurationFile = other.configurationFile;
            configurationCheck = other.configurationCheck;
            logFile = other.logFile;
            logToConsole = other.logToConsole;
            pidLogic = other.pidLogic;
            daemonize = other.daemonize;
        }
    }

    private static int serve(final EngineConfig config, final PrintStream err) throws InterruptedException
    {
        if (KafkaRoles.isInlet(config.settings()))
        {
            final ProcessSignals signals = ProcessSignals.install(() -> { });
            final int status = KafkaRoles.runInlet(config, signals);
            signals.close();
            return status;
        }
        final Services services = new Services();
        try
        {
            if (!buildAndStart(config, services, err))
            {
                services.close();
                return 1;
            }
        }
        catch (final ConfigException ex)
        {
            services.close();
            err.println("error: " + ex.getMessage());
            return 1;
        }
        catch (final Exception ex)
        {
            services.close();
            err.println("error: cannot start: " + ex);
            return 1;
        }
        if (!startServers(config, services, err))
        {
            services.close();
            return 1;
        }
        return runUntilStopped(config, services, err);
    }

    /**
     * Build the engine with what the file enables and the runner adds (metrics, ban store, Kafka engine role, the
     * API's attack history, the dashboard), and start it.
     *
     * @return false when it must not run (a broken provider, a capture source that cannot start).
     */
    private static boolean buildAndStart(final EngineConfig config, final Services services, final PrintStream err)
        throws Exception
    {
        services.metrics = PrometheusEndpoint.metricsIfEnabled(config.settings());
        services.apiSettings = ApiSettings.read(config.settings());
        if (services.apiSettings != null)
        {
            services.history = new AttackHistory(AttackHistory.DEFAULT_CAPACITY, AttackHistory.DEFAULT_MAX_RECORDS,
                Clock.SYSTEM);
            services.dashboard = new Dashboard(Clock.SYSTEM, services.apiSettings.token());
        }
        // As FastNetMon: an action that cannot be created (a missing notify script) is an error line and the rest
        // runs; a capture source that cannot be created or started ends the run, naming its switch.
        final DetectionEngine.Builder builder = DetectionEngine.builder(config).action(new LoggingAction())
            .tolerateFailures(true).listener(health ->
            {
                services.failed.set(health);
                services.failure.countDown();
            });
        if (services.metrics != null)
        {
            builder.metricsExporter(services.metrics);
        }
        builder.banStore(StateDirectory.banStore(config.settings()));
        services.bans = KafkaRoles.addEngineRole(config, builder);
        services.cluster = KafkaClusterRole.addIfEngine(config.settings(), builder);
        if (services.history != null)
        {
            builder.action(services.history).action(services.dashboard.attackLog())
                .metricsExporter(services.dashboard.exporter());
        }
        services.engine = builder.build();
        if (services.bans != null)
        {
            services.bans.bind(services.engine);
        }
        if (services.cluster != null)
        {
            services.cluster.bind(services.engine, services.apiSettings != null);
        }
        if (!services.engine.problems().isEmpty())
        {
            // A broken provider jar: the library reports and carries on; the runner refuses to run like that.
            services.engine.problems().forEach(problem -> err.println("error: " + problem));
            return false;
        }
        return start(services.engine, err);
    }

    /**
     * Start /metrics and the operator API (with the dashboard at {@code /}).
     *
     * @return false when one cannot start (the error printed).
     */
    private static boolean startServers(final EngineConfig config, final Services services, final PrintStream err)
    {
        try
        {
            services.http = services.metrics == null ? null : new RunnerHttpServer(new InetSocketAddress(
                config.settings().string(PrometheusEndpoint.HOST_KEY, "127.0.0.1"),
                config.settings().intValue(PrometheusEndpoint.PORT_KEY, 9209, 0, 65535)),
                RunnerHttpServer.Limits.DEFAULT).route("/metrics",
                new PrometheusEndpoint(services.metrics, services.engine::counters)).start();
        }
        catch (final Exception ex)
        {
            err.println("error: cannot start the Prometheus endpoint (prometheus_host, prometheus_port): " + ex);
            return false;
        }
        services.api = startApi(services.engine, config, services.apiSettings, services.history,
            services.dashboard, services.cluster == null ? null : services.cluster.view(), err);
        return services.apiSettings == null || services.api != null;
    }

    /** What the runner started, closed in reverse order. */
    private static final class Services
    {
        final AtomicReference<EngineHealth> failed = new AtomicReference<>();
        final CountDownLatch failure = new CountDownLatch(1);
        DetectionEngine engine;
        KafkaRoles.EngineRole bans;
        KafkaClusterRole cluster;
        PrometheusMetrics metrics;
        ApiSettings apiSettings;
        AttackHistory history;
        Dashboard dashboard;
        RunnerHttpServer http;
        RunnerHttpServer api;

        void close()
        {
            RunCommand.close(api);
            RunCommand.close(http);
            if (engine != null)
            {
                engine.close();
            }
            if (bans != null)
            {
                bans.close();
            }
            if (cluster != null)
            {
                cluster.close();
            }
        }
    }

    /**
     * Run until SIGINT, SIGTERM or a fatal engine failure, then stop the servers and the engine.
     *
     * @return 0 when stopped, 1 after a fatal failure.
     */
    private static int runUntilStopped(final EngineConfig config, final Services services, final PrintStream err)
        throws InterruptedException
    {
        final DetectionEngine engine = services.engine;
        final ProcessSignals signals = ProcessSignals.install(() -> reload(engine, config.source()));
        final Thread watcher = new Thread(() ->
        {
            try
            {
                services.failure.await();
                signals.requestStop();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "fnm-failure-watch");
        watcher.setDaemon(true);
        watcher.start();
        final RunnerHttpServer api = services.api;
        log().info("fnm running: {} networks, ban {}, prometheus {}, api {}", config.networks().size(),
            config.globalThresholds().enableBan() ? "on" : "off", services.http == null ? "off" :
            services.http.address(), api == null ? "off" : "http://" + api.address().getHostString() + ':' +
            api.address().getPort() + OperatorApi.PREFIX + " (dashboard at /)");
        signals.awaitStop();
        watcher.interrupt();
        log().info("stopping");
        services.close();
        signals.close();
        final EngineHealth health = services.failed.get();
        if (health != null)
        {
            err.println("fnm: the engine FAILED (" + health.cause().map(Throwable::toString).orElse("unknown") +
                "; " + health.failed() + "): stopped; restart it (systemd does with Restart=on-failure)");
            log().error("stopped after a fatal error: {}", health);
            return 1;
        }
        log().info("stopped");
        return 0;
    }

    /**
     * Start the engine: a capture source that failed ends the run (false); a failed action or exporter is an error
     * line and the rest runs, as FastNetMon runs without a missing notify script.
     */
    private static boolean start(final DetectionEngine engine, final PrintStream err)
    {
        engine.start();
        final List<ComponentHealth> sourceFailures = engine.health().failed().stream()
            .filter(c -> c.kind() == ComponentHealth.Kind.CAPTURE_SOURCE).toList();
        if (!sourceFailures.isEmpty())
        {
            engine.close();
            printFailures(sourceFailures, err);
            return false;
        }
        engine.health().failed().forEach(c -> err.println("error: " + failureLine(c) + " (running without it)"));
        if (engine.health().components().stream().noneMatch(c -> c.kind() == ComponentHealth.Kind.CAPTURE_SOURCE))
        {
            log().warn("no capture source is on (netflow, sflow...): nothing will be counted");
        }
        return true;
    }

    /**
     * One line per failed source or action, naming the FastNetMon switch that enabled it (a provider's name is its
     * switch) and the cause, without a stack trace.
     */
    static void printFailures(final List<ComponentHealth> failures, final PrintStream err)
    {
        for (final ComponentHealth failure : failures)
        {
            err.println("error: " + failureLine(failure));
        }
    }

    /**
     * @param failure a failed source or action.
     * @return e.g. {@code netflow = on: capture source netflow:2055 cannot start: BindException: ...}, or
     * {@code action notify_script cannot start: FILE:LINE: notify_script_path: ... does not exist}.
     */
    static String failureLine(final ComponentHealth failure)
    {
        // a ConfigException names its own file, line and key; otherwise the switch that enabled the component does
        final boolean namesItsKey = failure.cause().filter(ConfigException.class::isInstance).isPresent();
        return (namesItsKey ? "" : failure.key().map(key -> key + " = on: ").orElse("")) + failure.kind().text() +
            " " + failure.name() + " cannot start: " + failure.cause().map(RunCommand::describe)
            .orElse("unknown cause");
    }

    private static String describe(final Throwable cause)
    {
        final String message = cause.getMessage();
        if (cause instanceof ConfigException)
        {
            return message;
        }
        return message == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + message;
    }

    /**
     * Serve the operator API when {@code api = on}.
     *
     * @return the server, or null when the API is off or cannot start (then the error is printed).
     */
    private static RunnerHttpServer startApi(final DetectionEngine engine, final EngineConfig config,
        final ApiSettings settings, final AttackHistory history, final Dashboard dashboard,
        final io.fnm.actions.kafka.KafkaClusterView cluster, final PrintStream err)
    {
        if (settings == null)
        {
            return null;
        }
        final Path file = config.source();
        final OperatorApi.Reloader reloader = file == null ? null : () ->
        {
            final ReloadReport report = engine.reload(FastNetMonConfig.load(file, RUNNER_KEYS).config());
            log().info("reloaded {} (API): applied {}", file, report.applied());
            return "reloaded " + file + ": applied " + (report.applied().isEmpty() ? "nothing (no change)" :
                report.applied()) + (report.restartNeeded() ? "; these changes need a restart of fnm: " +
                report.needsRestart() : "");
        };
        try
        {
            final RunnerHttpServer server = OperatorView.server(settings,
                new OperatorApi(engine, history, settings.token(), reloader), cluster);
            return dashboard.attach(engine).routes(server).start();
        }
        catch (final Exception ex)
        {
            err.println("error: cannot start the API (api_host, api_port): " + ex);
            return null;
        }
    }

    private static void close(final RunnerHttpServer server)
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static void reload(final DetectionEngine engine, final Path file)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            final ReloadReport report = engine.reload(FastNetMonConfig.load(file, RUNNER_KEYS).config());
            log().info("reloaded {}: applied {}", file, report.applied().isEmpty() ? "nothing (no change)" :
                report.applied());
            if (report.restartNeeded())
            {
                log().warn("reloaded {}: these changes need a restart of fnm: {}", file, report.needsRestart());
            }
        }
        catch (final RuntimeException ex)
        {
            log().error("reload of {} failed, keeping the running configuration: {}", file, ex.getMessage());
        }
    }
}
