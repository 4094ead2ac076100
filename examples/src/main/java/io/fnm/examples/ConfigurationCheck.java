package io.fnm.examples;

import io.fnm.config.ConfigException;
import io.fnm.core.ComponentHealth;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.EngineHealth;
import io.fnm.core.Hostgroup;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import io.fnm.core.config.FastNetMonConfig;
import io.fnm.examples.api.ApiSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fnm --configuration_check}: passes or fails as FastNetMon's check does on the same file, and says more.
 * <ul>
 * <li>Errors that stop FastNetMon too (a bad value, a missing networks file, a capture source that cannot be
 *     created) fail the check.</li>
 * <li>What FastNetMon runs without, fnm reports as an error line and runs without too: an action that cannot be
 *     created (a missing notify script), a FastNetMon feature switched on that fnm does not implement. With
 *     {@code --strict} these and the warnings fail the check.</li>
 * <li>It warns when no capture source is on (nor {@code kafka_engine}, which consumes the flows topic), and prints
 *     the effective thresholds of every hostgroup with what each inherits from the global values.</li>
 * </ul>
 */
final class ConfigurationCheck
{
    private ConfigurationCheck()
    {
    }

    /**
     * @param file   the configuration file.
     * @param loaded what loading it gave.
     * @param strict warnings and tolerated errors fail.
     * @param out    where the report goes.
     * @param err    where errors go.
     * @return the exit status.
     */
    static int run(final Path file, final FastNetMonConfig.Result loaded, final boolean strict, final PrintStream out,
        final PrintStream err)
    {
        final EngineConfig config = loaded.config();
        final List<String> tolerated = new ArrayList<>(loaded.errors());
        loaded.warnings().forEach(w -> (strict ? err : out).println((strict ? "error: " : "warning: ") + w));
        loaded.notes().forEach(note -> out.println("note: " + note));
        final EngineHealth health;
        try (DetectionEngine engine = DetectionEngine.builder(config).tickThread(false).tolerateFailures(true)
            .build())
        {
            PrometheusEndpoint.metricsIfEnabled(config.settings()); // checks prometheus and prometheus_top_hosts
            ApiSettings.read(config.settings()); // checks api, api_host, api_port, api_token_file
            if (!engine.problems().isEmpty() && engine.health().failed().isEmpty())
            {
                engine.problems().forEach(problem -> err.println("error: " + problem));
                return 1;
            }
            health = engine.health();
        }
        catch (final ConfigException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        final List<ComponentHealth> failedSources = new ArrayList<>();
        for (final ComponentHealth failed : health.failed())
        {
            if (failed.kind() == ComponentHealth.Kind.CAPTURE_SOURCE)
            {
                failedSources.add(failed);
            }
            else
            {
                tolerated.add(RunCommand.failureLine(failed) + " (fnm runs without it, as FastNetMon does)");
            }
        }
        tolerated.forEach(error -> err.println("error: " + error));
        if (!failedSources.isEmpty())
        {
            RunCommand.printFailures(failedSources, err);
            return 1;
        }
        if (!KafkaRoles.isEngine(config.settings()) && !warnIfNothingCaptures(health, strict, out, err))
        {
            return 1;
        }
        out.println("configuration " + file + " is valid: " + config.networks().size() + " networks, " +
            config.whitelist().size() + " whitelisted, " + config.hostgroups().size() + " hostgroups");
        printThresholds(config, out);
        return strict && (!tolerated.isEmpty() || !loaded.warnings().isEmpty()) ? 1 : 0;
    }

    /**
     * @return false when nothing captures and strict.
     */
    private static boolean warnIfNothingCaptures(final EngineHealth health, final boolean strict,
        final PrintStream out, final PrintStream err)
    {
        if (health.components().stream().anyMatch(c -> c.kind() == ComponentHealth.Kind.CAPTURE_SOURCE))
        {
            return true;
        }
        (strict ? err : out).println((strict ? "error: " : "warning: ") + "no capture source is on (netflow, " +
            "sflow...): nothing will be counted, so nothing can be detected");
        return !strict;
    }

    /**
     * The effective thresholds: the global ones, then each hostgroup's with {@code (own)} or {@code (global)} after
     * each value, since fnm's groups inherit the global values where FastNetMon's do not.
     */
    static void printThresholds(final EngineConfig config, final PrintStream out)
    {
        final Thresholds global = config.globalThresholds();
        out.println("effective thresholds:");
        out.println("  global: " + describe(global, null));
        for (final Hostgroup group : config.hostgroups())
        {
            out.println("  hostgroup " + group.name() + " " + group.prefixes() + ": " +
                describe(group.effective(global), group.overrides()));
        }
    }

    private static String describe(final Thresholds t, final Thresholds.Overrides own)
    {
        final List<String> parts = new ArrayList<>();
        parts.add(EngineConfig.ENABLE_BAN + " " + onOff(t.enableBan()) +
            origin(own == null ? null : own.isEnableBanSet()));
        parts.add(EngineConfig.ENABLE_BAN_IPV6 + " " + onOff(t.enableBanIpv6()) +
            origin(own == null ? null : own.isEnableBanIpv6Set()));
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            if (t.enabled(kind))
            {
                parts.add(kind.thresholdKey() + " > " + t.value(kind) +
                    origin(own == null ? null : own.isEnableSet(kind) || own.isValueSet(kind)));
            }
        }
        return String.join(", ", parts) + (parts.size() == 2 ? ", no threshold on" : "");
    }

    private static String origin(final Boolean ownSet)
    {
        return ownSet == null ? "" : ownSet ? " (own)" : " (global)";
    }

    private static String onOff(final boolean on)
    {
        return on ? "on" : "off";
    }
}
