package io.fnm.actions.graphite;

import io.fnm.actions.internal.OutputSettings;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.MetricsExporter;
import io.fnm.core.spi.MetricsExporterProvider;

import java.util.List;

/**
 * Creates the {@link GraphiteExporter} from FastNetMon's keys: {@code graphite} (default off), {@code graphite_host}
 * (127.0.0.1; FastNetMon needs an IP literal, a name works here), {@code graphite_port} (2003),
 * {@code graphite_prefix} (fastnetmon), {@code graphite_push_period} (1 second), and ours,
 * {@code graphite_top_hosts} (100).
 */
public final class GraphiteExporterProvider implements MetricsExporterProvider
{
    /** The switch. */
    public static final String ENABLED_KEY = "graphite";
    /** carbon's host. */
    public static final String HOST_KEY = "graphite_host";
    /** carbon's plaintext port. */
    public static final String PORT_KEY = "graphite_port";
    /** Path prefix. */
    public static final String PREFIX_KEY = "graphite_prefix";
    /** Seconds between pushes. */
    public static final String PUSH_PERIOD_KEY = "graphite_push_period";
    /** Hosts per list written under {@code .hosts.} (ours). */
    public static final String TOP_HOSTS_KEY = "graphite_top_hosts";

    /** Default of {@link #TOP_HOSTS_KEY}. */
    public static final int DEFAULT_TOP_HOSTS = 100;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(ENABLED_KEY, "push traffic to Graphite (default off)"),
        ConfigKey.of(HOST_KEY, "carbon's host (default 127.0.0.1)"),
        ConfigKey.of(PORT_KEY, "carbon's plaintext port (default 2003)"),
        ConfigKey.of(PREFIX_KEY, "path prefix (default fastnetmon)"),
        ConfigKey.of(PUSH_PERIOD_KEY, "seconds between pushes (default 1)"),
        ConfigKey.of(TOP_HOSTS_KEY, "hosts written per list: in and out, by packets, bytes and flows (default " +
            DEFAULT_TOP_HOSTS + ")"));

    @Override
    public String name()
    {
        return "graphite";
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        return config.bool(ENABLED_KEY, false);
    }

    @Override
    public MetricsExporter create(final ConfigView config)
    {
        final String host = OutputSettings.host(config, HOST_KEY, "127.0.0.1");
        final int port = OutputSettings.port(config, PORT_KEY, 2003);
        final String prefix = config.string(PREFIX_KEY, "fastnetmon");
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c <= ' ' || c >= 127) || prefix.startsWith(".") ||
            prefix.endsWith("."))
        {
            throw config.error(PREFIX_KEY, "'" + prefix + "' is not a Graphite path (printable ASCII without" +
                " spaces, not starting or ending with a dot)");
        }
        return new GraphiteExporter(host, port, prefix, OutputSettings.pushPeriodMillis(config, PUSH_PERIOD_KEY),
            OutputSettings.topHosts(config, TOP_HOSTS_KEY, DEFAULT_TOP_HOSTS));
    }
}
