package io.fnm.actions.influxdb;

import io.fnm.actions.internal.OutputSettings;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.MetricsExporter;
import io.fnm.core.spi.MetricsExporterProvider;

import java.util.List;

/**
 * Creates the {@link InfluxDbExporter} from FastNetMon's keys: {@code influxdb} (default off), {@code influxdb_host}
 * (127.0.0.1), {@code influxdb_port} (8086), {@code influxdb_database} (fastnetmon), {@code influxdb_auth} (off),
 * {@code influxdb_user} (fastnetmon), {@code influxdb_password} (fastnetmon), {@code influxdb_push_period} (1
 * second), and ours, {@code influxdb_top_hosts} (100).
 */
public final class InfluxDbExporterProvider implements MetricsExporterProvider
{
    /** The switch. */
    public static final String ENABLED_KEY = "influxdb";
    /** InfluxDB's host. */
    public static final String HOST_KEY = "influxdb_host";
    /** Its HTTP port. */
    public static final String PORT_KEY = "influxdb_port";
    /** The database. */
    public static final String DATABASE_KEY = "influxdb_database";
    /** Whether to authenticate. */
    public static final String AUTH_KEY = "influxdb_auth";
    /** The user. */
    public static final String USER_KEY = "influxdb_user";
    /** The password. */
    public static final String PASSWORD_KEY = "influxdb_password";
    /** Seconds between pushes. */
    public static final String PUSH_PERIOD_KEY = "influxdb_push_period";
    /** Hosts per list written as hosts_traffic (ours). */
    public static final String TOP_HOSTS_KEY = "influxdb_top_hosts";

    /** Default of {@link #TOP_HOSTS_KEY}. */
    public static final int DEFAULT_TOP_HOSTS = 100;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(ENABLED_KEY, "push traffic to InfluxDB 1.x (default off)"),
        ConfigKey.of(HOST_KEY, "InfluxDB's host (default 127.0.0.1)"),
        ConfigKey.of(PORT_KEY, "InfluxDB's HTTP port (default 8086)"),
        ConfigKey.of(DATABASE_KEY, "database, created when missing (default fastnetmon)"),
        ConfigKey.of(AUTH_KEY, "authenticate with influxdb_user and influxdb_password (default off)"),
        ConfigKey.of(USER_KEY, "user (default fastnetmon)"),
        ConfigKey.of(PASSWORD_KEY, "password (default fastnetmon)"),
        ConfigKey.of(PUSH_PERIOD_KEY, "seconds between pushes (default 1)"),
        ConfigKey.of(TOP_HOSTS_KEY, "hosts written per list: in and out, by packets, bytes and flows (default " +
            DEFAULT_TOP_HOSTS + ")"));

    @Override
    public String name()
    {
        return "influxdb";
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
        final int port = OutputSettings.port(config, PORT_KEY, 8086);
        final String database = config.string(DATABASE_KEY, "fastnetmon");
        if (database.isEmpty())
        {
            throw config.error(DATABASE_KEY, "is empty");
        }
        final boolean auth = config.bool(AUTH_KEY, false);
        final String user = auth ? config.string(USER_KEY, "fastnetmon") : null;
        final String password = auth ? config.string(PASSWORD_KEY, "fastnetmon") : null;
        return new InfluxDbExporter(host, port, database, user, password,
            OutputSettings.pushPeriodMillis(config, PUSH_PERIOD_KEY),
            OutputSettings.topHosts(config, TOP_HOSTS_KEY, DEFAULT_TOP_HOSTS));
    }
}
