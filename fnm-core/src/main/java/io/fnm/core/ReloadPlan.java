package io.fnm.core;

import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares the configuration in force with a new one: the configuration a reload puts in force (the new one, except
 * for what needs a restart) and its {@link ReloadReport}.
 */
final class ReloadPlan
{
    private static final Set<String> ENGINE_KEYS = new HashSet<>(List.of(EngineConfig.AVERAGE_CALCULATION_TIME,
        EngineConfig.SPEED_CALCULATION_DELAY, EngineConfig.PROCESS_INCOMING_TRAFFIC,
        EngineConfig.PROCESS_OUTGOING_TRAFFIC, EngineConfig.ENABLE_CONNECTION_TRACKING, EngineConfig.BAN_TIME,
        EngineConfig.UNBAN_ONLY_IF_ATTACK_FINISHED, EngineConfig.BAN_DETAILS_RECORDS_COUNT,
        EngineConfig.BAN_DETAILS_MAX_WAIT_SECONDS, EngineConfig.MAX_TRACKED_HOSTS,
        EngineConfig.HOST_IDLE_TIMEOUT_SECONDS, EngineConfig.ACTION_TIMEOUT_SECONDS, EngineConfig.ENABLE_BAN,
        EngineConfig.ENABLE_BAN_IPV6, EngineConfig.NETWORKS_LIST_PATH, EngineConfig.WHITE_LIST_PATH,
        EngineConfig.HOSTGROUP));

    final EngineConfig effective;
    final ReloadReport report;

    ReloadPlan(final EngineConfig old, final EngineConfig next)
    {
        final List<String> applied = new ArrayList<>();
        final List<String> restart = new ArrayList<>();
        compare(applied, "networks_list", old, next, c -> c.networks());
        compare(applied, "networks_whitelist", old, next, c -> c.whitelist());
        compare(applied, "global thresholds", old, next, c -> c.globalThresholds());
        compare(applied, "hostgroups", old, next, c -> c.hostgroups());
        compare(applied, EngineConfig.BAN_TIME, old, next, c -> c.banTimeSeconds());
        compare(applied, EngineConfig.UNBAN_ONLY_IF_ATTACK_FINISHED, old, next, c -> c.unbanOnlyIfAttackFinished());
        compare(applied, EngineConfig.BAN_DETAILS_RECORDS_COUNT, old, next, c -> c.banDetailsRecordsCount());
        compare(applied, EngineConfig.BAN_DETAILS_MAX_WAIT_SECONDS, old, next, c -> c.banDetailsMaxWaitSeconds());
        compare(applied, EngineConfig.AVERAGE_CALCULATION_TIME, old, next, c -> c.averageCalculationTimeSeconds());
        compare(applied, EngineConfig.SPEED_CALCULATION_DELAY, old, next, c -> c.speedCalculationDelaySeconds());
        compare(applied, EngineConfig.HOST_IDLE_TIMEOUT_SECONDS, old, next, c -> c.hostIdleTimeoutSeconds());
        compare(applied, EngineConfig.PROCESS_INCOMING_TRAFFIC, old, next, c -> c.processIncomingTraffic());
        compare(applied, EngineConfig.PROCESS_OUTGOING_TRAFFIC, old, next, c -> c.processOutgoingTraffic());
        compare(applied, EngineConfig.ENABLE_CONNECTION_TRACKING, old, next, c -> c.enableConnectionTracking());
        keep(restart, EngineConfig.MAX_TRACKED_HOSTS, old, next, c -> c.maxTrackedHosts());
        keep(restart, EngineConfig.ACTION_TIMEOUT_SECONDS, old, next, c -> c.actionTimeoutSeconds());
        for (final String key : changedSettings(old.settings(), next.settings(), next))
        {
            restart.add(key + ": " + text(old.settings().get(key)) + " -> " + text(next.settings().get(key)) +
                " (read by a capture source or action when it is created)");
        }
        this.effective = next.toBuilder().maxTrackedHosts(old.maxTrackedHosts())
            .actionTimeoutSeconds(old.actionTimeoutSeconds()).settings(old.settings()).build();
        this.report = new ReloadReport(applied, restart);
    }

    private static void compare(final List<String> into, final String name, final EngineConfig old,
        final EngineConfig next, final Function<EngineConfig, Object> value)
    {
        final Object before = value.apply(old);
        final Object after = value.apply(next);
        if (!Objects.equals(before, after))
        {
            into.add(name + ": " + before + " -> " + after);
        }
    }

    private static void keep(final List<String> into, final String name, final EngineConfig old,
        final EngineConfig next, final Function<EngineConfig, Object> value)
    {
        final Object before = value.apply(old);
        final Object after = value.apply(next);
        if (!Objects.equals(before, after))
        {
            into.add(name + ": " + before + " -> " + after + " (" + before + " stays in force)");
        }
    }

    /** Keys other than the engine's whose value changed: capture sources and actions read them once. */
    private static Set<String> changedSettings(final ConfigView old, final ConfigView next, final EngineConfig config)
    {
        final Set<String> keys = new TreeSet<>(old.keys());
        keys.addAll(next.keys());
        keys.removeIf(key -> isEngineKey(key, config) || Objects.equals(old.get(key), next.get(key)));
        return keys;
    }

    private static boolean isEngineKey(final String key, final EngineConfig config)
    {
        if (ENGINE_KEYS.contains(key))
        {
            return true;
        }
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            if (key.endsWith(kind.switchKey()) || key.endsWith(kind.thresholdKey()))
            {
                return true;
            }
        }
        return key.endsWith("_" + EngineConfig.ENABLE_BAN) || key.endsWith("_" + EngineConfig.ENABLE_BAN_IPV6);
    }

    private static String text(final String value)
    {
        return value == null ? "(unset)" : "'" + value + "'";
    }
}
