package io.fnm.actions.mongodb;

import io.fnm.actions.internal.OutputSettings;
import io.fnm.capture.Clock;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;

import java.util.List;

/**
 * Creates the {@link MongoDbAction} from {@code fastnetmon.conf}: {@code mongodb_enabled} (default off),
 * {@code mongodb_host} (localhost), {@code mongodb_port} (27017), {@code mongodb_database_name} (fastnetmon), and
 * ours: {@code mongodb_timeout_ms} (connect, read and server-selection timeout, 2000) and {@code mongodb_retries}
 * (attempts per write, 3).
 */
public final class MongoDbActionProvider implements AttackActionProvider
{
    /** The switch. */
    public static final String ENABLED_KEY = "mongodb_enabled";
    /** The host. */
    public static final String HOST_KEY = "mongodb_host";
    /** The port. */
    public static final String PORT_KEY = "mongodb_port";
    /** The database. */
    public static final String DATABASE_KEY = "mongodb_database_name";
    /** Timeout, milliseconds (ours). */
    public static final String TIMEOUT_KEY = "mongodb_timeout_ms";
    /** Attempts per write (ours). */
    public static final String RETRIES_KEY = "mongodb_retries";
    /** Default of {@link #TIMEOUT_KEY}. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 2000;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(ENABLED_KEY, "write attacks to MongoDB (default off)"),
        ConfigKey.of(HOST_KEY, "MongoDB host (default localhost)"),
        ConfigKey.of(PORT_KEY, "MongoDB port (default 27017)"),
        ConfigKey.of(DATABASE_KEY, "database; the collection is attacks (default fastnetmon)"),
        ConfigKey.of(TIMEOUT_KEY, "connect, read and server-selection timeout in ms (default " +
            DEFAULT_TIMEOUT_MILLIS + ")"),
        ConfigKey.of(RETRIES_KEY, "attempts per write, with exponential backoff (default " +
            OutputSettings.DEFAULT_ATTEMPTS + ")"));

    @Override
    public String name()
    {
        return MongoDbAction.NAME;
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
    public AttackAction create(final ConfigView config)
    {
        final String host = OutputSettings.host(config, HOST_KEY, "localhost");
        final String database = config.string(DATABASE_KEY, "fastnetmon");
        if (database.isEmpty() || database.contains(".") || database.contains("/") || database.contains(" "))
        {
            throw config.error(DATABASE_KEY, "'" + database + "' is not a MongoDB database name");
        }
        return new MongoDbAction(host, OutputSettings.port(config, PORT_KEY, 27_017), database,
            OutputSettings.timeoutMillis(config, TIMEOUT_KEY, DEFAULT_TIMEOUT_MILLIS),
            OutputSettings.retry(config, RETRIES_KEY), Clock.SYSTEM);
    }
}
