package io.fnm.core;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one line an engine logs when it starts: what captures, what acts, whether it bans, and the thresholds.
 */
final class EngineSummary
{
    private EngineSummary()
    {
    }

    /**
     * @param config     the configuration in force.
     * @param components the sources and actions with their states.
     * @param monitor    monitor mode.
     * @return e.g. {@code fnm engine running in ban mode: capture sources [netflow RUNNING], actions [notify_script],
     * ban IPv4 on, IPv6 off; thresholds global {threshold_pps > 20000}; hostgroups [my_hosts {...}]}.
     */
    static String describe(final EngineConfig config, final List<ComponentHealth> components, final boolean monitor)
    {
        final List<String> sources = new ArrayList<>();
        final List<String> actions = new ArrayList<>();
        final List<String> exporters = new ArrayList<>();
        for (final ComponentHealth c : components)
        {
            final String text = c.state() == ComponentState.FAILED ? c.name() + " FAILED" : c.name();
            switch (c.kind())
            {
                case CAPTURE_SOURCE -> sources.add(c.name() + " " + c.state());
                case ACTION -> actions.add(text);
                case METRICS_EXPORTER -> exporters.add(text);
                default -> throw new IllegalStateException("unknown component kind " + c.kind());
            }
        }
        final Thresholds global = config.globalThresholds();
        final StringBuilder sb = new StringBuilder("fnm engine running in ")
            .append(monitor ? "monitor mode (detection without banning)" : "ban mode")
            .append(": capture sources ").append(sources.isEmpty() ? "[none: records only through newSink]" : sources)
            .append(", actions ").append(actions)
            .append(exporters.isEmpty() ? "" : ", metrics exporters " + exporters)
            .append(", ").append(config.networks().size()).append(" networks");
        if (!monitor)
        {
            sb.append(", ban IPv4 ").append(onOff(global.enableBan())).append(", IPv6 ")
                .append(onOff(global.enableBanIpv6()));
        }
        sb.append("; thresholds global ").append(thresholds(global));
        for (final Hostgroup group : config.hostgroups())
        {
            sb.append("; hostgroup ").append(group.name()).append(' ').append(thresholds(group.effective(global)));
            if (!monitor)
            {
                sb.append(" ban ").append(onOff(group.effective(global).enableBan()));
            }
        }
        if (!monitor && !global.enableBan() && !global.enableBanIpv6() && anyThreshold(config))
        {
            sb.append(". Thresholds are set but enable_ban and enable_ban_ipv6 are off: nothing will be detected; " +
                "switch ban on, or use monitor mode to detect without banning");
        }
        return sb.toString();
    }

    private static boolean anyThreshold(final EngineConfig config)
    {
        if (!thresholds(config.globalThresholds()).equals("{}"))
        {
            return true;
        }
        for (final Hostgroup group : config.hostgroups())
        {
            if (!thresholds(group.effective(config.globalThresholds())).equals("{}"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param t thresholds.
     * @return the switched-on ones, e.g. {@code {threshold_pps > 20000, threshold_mbps > 1000}}.
     */
    static String thresholds(final Thresholds t)
    {
        final StringJoiner joiner = new StringJoiner(", ", "{", "}");
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            if (t.enabled(kind))
            {
                joiner.add(kind.thresholdKey() + " > " + t.value(kind));
            }
        }
        return joiner.toString();
    }

    private static String onOff(final boolean on)
    {
        return on ? "on" : "off";
    }
}
