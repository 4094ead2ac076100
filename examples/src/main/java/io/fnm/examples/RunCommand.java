package io.fnm.examples;

import io.fnm.config.ConfigException;
import io.fnm.core.DetectionEngine;
import io.fnm.core.ComponentHealth;
import io.fnm.core.EngineConfig;
import io.fnm.core.EngineHealth;
import io.fnm.core.EngineStartException;
import io.fnm.core.ReloadReport;
import io.fnm.core.config.FastNetMonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
final class RunCommand
{
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final String DEFAULT_CONFIGURATION_FILE = "/etc/fastnetmon.conf";

    private RunCommand()
    {
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
            loaded = checkOnly ? FastNetMonConfig.read(file, List.of()) : FastNetMonConfig.load(file, List.of());
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
            if (!engine.problems().isEmpty())
            {
                engine.problems().forEach(problem -> err.println("error: " + problem));
                return 1;
            }
        }
        catch (final EngineStartException ex)
        {
            printFailures(ex, err);
            return 1;
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
        final PrometheusEndpoint prometheus;
        final AtomicReference<EngineHealth> failed = new AtomicReference<>();
        final CountDownLatch failure = new CountDownLatch(1);
        try
        {
            // Fail fast (the library's default): a source or action that cannot be created or started ends the run.
            engine = DetectionEngine.builder(config).action(new LoggingAction()).listener(health ->
            {
                failed.set(health);
                failure.countDown();
            }).build();
            if (!engine.problems().isEmpty())
            {
                // A broken provider jar: the library reports and carries on; the runner refuses to run like that.
                engine.problems().forEach(problem -> err.println("error: " + problem));
                engine.close();
                return 1;
            }
            engine.start();
        }
        catch (final EngineStartException ex)
        {
            printFailures(ex, err);
            return 1;
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
            prometheus = PrometheusEndpoint.startIfEnabled(config.settings(), engine);
        }
        catch (final Exception ex)
        {
            engine.close();
            err.println("error: cannot start the Prometheus endpoint: " + ex);
            return 1;
        }

        final ProcessSignals signals = ProcessSignals.install(() -> reload(engine, config.source()));
        final Thread watcher = new Thread(() ->
        {
            try
            {
                failure.await();
                signals.requestStop();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "fnm-failure-watch");
        watcher.setDaemon(true);
        watcher.start();
        LOG.info("fnm running: {} networks, ban {}, prometheus {}", config.networks().size(),
            config.globalThresholds().enableBan() ? "on" : "off", prometheus == null ? "off" : prometheus.address());
        signals.awaitStop();
        watcher.interrupt();
        LOG.info("stopping");
        if (prometheus != null)
        {
            prometheus.close();
        }
        engine.close();
        signals.close();
        final EngineHealth health = failed.get();
        if (health != null)
        {
            err.println("fnm: the engine FAILED (" + health.cause().map(Throwable::toString).orElse("unknown") +
                "; " + health.failed() + "): stopped; restart it (systemd does with Restart=on-failure)");
            LOG.error("stopped after a fatal error: {}", health);
            return 1;
        }
        LOG.info("stopped");
        return 0;
    }

    /**
     * One line per failed source or action, naming the FastNetMon switch that enabled it (a provider's name is its
     * switch) and the cause, without a stack trace.
     */
    static void printFailures(final EngineStartException ex, final PrintStream err)
    {
        for (final ComponentHealth failure : ex.failures())
        {
            err.println("error: " + failure.key().map(key -> key + " = on: ").orElse("") + failure.kind().text() +
                " " + failure.name() + " cannot start: " + failure.cause().map(RunCommand::describe)
                .orElse("unknown cause"));
        }
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

    private static void reload(final DetectionEngine engine, final Path file)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            final ReloadReport report = engine.reload(FastNetMonConfig.load(file));
            LOG.info("reloaded {}: applied {}", file, report.applied().isEmpty() ? "nothing (no change)" :
                report.applied());
            if (report.restartNeeded())
            {
                LOG.warn("reloaded {}: these changes need a restart of fnm: {}", file, report.needsRestart());
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("reload of {} failed, keeping the running configuration: {}", file, ex.getMessage());
        }
    }
}
