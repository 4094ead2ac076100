package io.fnm.actions.redis;

import io.fnm.actions.internal.OutputSettings;
import io.fnm.capture.Clock;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;

import java.util.List;

/**
 * Creates the {@link RedisAction} from {@code fastnetmon.conf}: {@code redis_enabled} ({@code on} or {@code yes},
 * default off), {@code redis_host} (127.0.0.1), {@code redis_port} (6379), {@code redis_prefix} (empty; FastNetMon's
 * shipped file sets {@code mydc1}), and ours: {@code redis_timeout_ms} (connect and read timeout, 1500 as FastNetMon's
 * fixed one) and {@code redis_retries} (attempts per write, 3).
 */
public final class RedisActionProvider implements AttackActionProvider
{
    /** The switch. */
    public static final String ENABLED_KEY = "redis_enabled";
    /** The host. */
    public static final String HOST_KEY = "redis_host";
    /** The port. */
    public static final String PORT_KEY = "redis_port";
    /** The key prefix. */
    public static final String PREFIX_KEY = "redis_prefix";
    /** Connect and read timeout, milliseconds (ours). */
    public static final String TIMEOUT_KEY = "redis_timeout_ms";
    /** Attempts per write (ours). */
    public static final String RETRIES_KEY = "redis_retries";
    /** Default of {@link #TIMEOUT_KEY}: FastNetMon's fixed 1.5 s. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 1500;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(ENABLED_KEY, "write attacks to Redis (on/yes; default off)"),
        ConfigKey.of(HOST_KEY, "Redis host (default 127.0.0.1)"),
        ConfigKey.of(PORT_KEY, "Redis port (default 6379)"),
        ConfigKey.of(PREFIX_KEY, "key prefix joined with _ (default none)"),
        ConfigKey.of(TIMEOUT_KEY, "connect and read timeout in ms (default " + DEFAULT_TIMEOUT_MILLIS + ")"),
        ConfigKey.of(RETRIES_KEY, "attempts per write, with exponential backoff (default " +
            OutputSettings.DEFAULT_ATTEMPTS + ")"));

    @Override
    public String name()
    {
        return RedisAction.NAME;
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        return OutputSettings.onOrYes(config, ENABLED_KEY);
    }

    @Override
    public AttackAction create(final ConfigView config)
    {
        return new RedisAction(OutputSettings.host(config, HOST_KEY, "127.0.0.1"),
            OutputSettings.port(config, PORT_KEY, 6379), config.string(PREFIX_KEY, ""),
            OutputSettings.timeoutMillis(config, TIMEOUT_KEY, DEFAULT_TIMEOUT_MILLIS),
            OutputSettings.retry(config, RETRIES_KEY), Clock.SYSTEM);
    }
}
