package io.fnm.examples;

import io.fnm.actions.api.AttackHistory;
import io.fnm.actions.api.OperatorApi;
import io.fnm.actions.prometheus.PrometheusMetrics;
import io.fnm.capture.Clock;
import io.fnm.config.ConfigException;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.config.FastNetMonConfig;
import io.fnm.examples.api.ApiSettings;
import io.fnm.examples.api.OperatorView;
import io.fnm.examples.http.RunnerHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fnm run --configuration_file FILE}: the FastNetMon-compatible runner. Runs in the foreground with the capture
 * sources and actions the file enables, logs bans and unbans, and exits cleanly within 2 s of SIGINT or SIGTERM.
 * <p>
 * SIGINT and SIGTERM stop it cleanly (exit status 0); SIGHUP reloads networks, whitelist, thresholds and hostgroups
 * from the file, keeping counters and bans (FastNetMon cannot, #477). These handlers are the application's: the
 * library itself installs none.
 */
final class RunCommand
{
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final String DEFAULT_CONFIGURATION_FILE = "/etc/fastnetmon.conf";
    /** Keys only the runner reads (the library's are declared by the engine and the providers). */
    private static final List<String> RUNNER_KEYS = runnerKeys();

    private RunCommand()
    {
    }

    private static List<String> runnerKeys()
    {
        final List<String> keys = new ArrayList<>(ApiSettings.keys());
        keys.add(PrometheusEndpoint.TOP_HOSTS_KEY);
        return List.copyOf(keys);
    }

    static int run(final List<String> args, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        Path file = Path.of(DEFAULT_CONFIGURATION_FILE);
        boolean checkOnly = false;
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            switch (arg)
            {
                case "--configuration_file":
                    if (i + 1 >= args.size())
                    {
                        err.println("--configuration_file needs a path");
                        return 2;
                    }
                    file = Path.of(args.get(++i));
                    break;
                case "--configuration_check":
                    checkOnly = true;
                    break;
                case "--log_to_console":
                case "--disable_pid_logic":
                    break; // FastNetMon flags with nothing to do here: we always log to the console, keep no pid file
                case "--daemonize":
                    err.println("--daemonize is not supported: fnm runs in the foreground (use systemd or similar)");
                    return 2;
                default:
                    err.println("unknown option '" + arg + "'");
                    return 2;
            }
        }
        if (!Files.isRegularFile(file))
        {
            err.println("error: configuration file " + file + " does not exist");
            return 1;
        }

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
            loaded.warnings().forEach(warning -> out.println("warning: " + warning));
            return check(file, loaded.config(), out, err);
        }
        return serve(loaded.config(), err);
    }

    /**
     * Validate the file, its networks files and the keys of every capture source and action it enables (each
     * provider checks its own keys when it creates its source or action; nothing is started).
     */
    private static int check(final Path file, final EngineConfig config, final PrintStream out, final PrintStream err)
    {
        try (DetectionEngine engine = DetectionEngine.builder(config).tickThread(false).build())
        {
            PrometheusEndpoint.metricsIfEnabled(config.settings()); // checks prometheus and prometheus_top_hosts
            ApiSettings.read(config.settings()); // checks api, api_host, api_port and api_token_file
            if (!engine.problems().isEmpty())
            {
                engine.problems().forEach(problem -> err.println("error: " + problem));
                return 1;
            }
        }
        catch (final ConfigException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        out.println("configuration " + file + " is valid: " + config.networks().size() + " networks, " +
            config.whitelist().size() + " whitelisted, " + config.hostgroups().size() + " hostgroups");
        return 0;
    }

    private static int serve(final EngineConfig config, final PrintStream err) throws InterruptedException
    {
        final DetectionEngine engine;
        final PrometheusMetrics metrics;
        final RunnerHttpServer http;
        final ApiSettings apiSettings;
        final AttackHistory history;
        try
        {
            metrics = PrometheusEndpoint.metricsIfEnabled(config.settings());
            apiSettings = ApiSettings.read(config.settings());
            final DetectionEngine.Builder builder = DetectionEngine.builder(config).action(new LoggingAction());
            history = apiSettings == null ? null : new AttackHistory(AttackHistory.DEFAULT_CAPACITY,
                AttackHistory.DEFAULT_MAX_RECORDS, Clock.SYSTEM);
            if (history != null)
            {
                builder.action(history);
            }
            if (metrics != null)
            {
                builder.metricsExporter(metrics);
            }
            engine = builder.build();
            if (!engine.problems().isEmpty())
            {
                // The library reports and carries on; the runner, like FastNetMon, refuses to run half-configured.
                engine.problems().forEach(problem -> err.println("error: " + problem));
                engine.close();
                return 1;
            }
            engine.start();
        }
        catch (final ConfigException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        catch (final Exception ex)
        {
            err.println("error: cannot start: " + ex);
            return 1;
        }
        try
        {
            http = metrics == null ? null : new RunnerHttpServer(new InetSocketAddress(
                config.settings().string(PrometheusEndpoint.HOST_KEY, "127.0.0.1"),
                config.settings().intValue(PrometheusEndpoint.PORT_KEY, 9209, 0, 65535)),
                RunnerHttpServer.Limits.DEFAULT).route("/metrics", new PrometheusEndpoint(metrics, engine::counters))
                .start();
        }
        catch (final Exception ex)
        {
            engine.close();
            err.println("error: cannot start the Prometheus endpoint (prometheus_host, prometheus_port): " + ex);
            return 1;
        }

        final RunnerHttpServer api;
        try
        {
            api = apiSettings == null ? null : OperatorView.server(apiSettings, new OperatorApi(engine, history,
                apiSettings.token(), reloader(engine, config.source()))).start();
        }
        catch (final Exception ex)
        {
            close(http);
            engine.close();
            err.println("error: cannot start the API (api_host, api_port): " + ex);
            return 1;
        }

        runUntilStopped(engine, config, http, api);
        return 0;
    }

    private static void runUntilStopped(final DetectionEngine engine, final EngineConfig config,
        final RunnerHttpServer http, final RunnerHttpServer api) throws InterruptedException
    {
        final ProcessSignals signals = ProcessSignals.install(() -> reload(engine, config.source()));
        LOG.info("fnm running: {} networks, ban {}, prometheus {}, api {}", config.networks().size(),
            config.globalThresholds().enableBan() ? "on" : "off", http == null ? "off" : http.address(),
            api == null ? "off" : "http://" + api.address().getHostString() + ':' + api.address().getPort() +
            OperatorApi.PREFIX);
        signals.awaitStop();
        LOG.info("stopping");
        close(api);
        close(http);
        engine.close();
        signals.close();
        LOG.info("stopped");
    }

    private static void close(final RunnerHttpServer server)
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static OperatorApi.Reloader reloader(final DetectionEngine engine, final Path file)
    {
        if (file == null)
        {
            return null;
        }
        return () ->
        {
            engine.reload(FastNetMonConfig.load(file, RUNNER_KEYS).config());
            LOG.info("reloaded networks, whitelist, thresholds and hostgroups from {} (API)", file);
            return "reloaded networks, whitelist, thresholds and hostgroups from " + file;
        };
    }

    private static void reload(final DetectionEngine engine, final Path file)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            engine.reload(FastNetMonConfig.load(file, RUNNER_KEYS).config());
            LOG.info("reloaded networks, whitelist, thresholds and hostgroups from {}", file);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("reload of {} failed, keeping the running configuration: {}", file, ex.getMessage());
        }
    }
}
