package io.fnm.actions.internal;

import io.fnm.config.ConfigView;

import java.time.Duration;

/**
 * Reads the keys every output has in some form: the server's host and port, timeouts, push period and top hosts
 * (each checked the same way, errors naming the file, line and key), FastNetMon's Redis switch ({@code on} or
 * {@code yes}), and the retry keys.
 */
public final class OutputSettings
{
    /** Default attempts per write. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** Wait after the first failed attempt. */
    public static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    /** Longest wait between two attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private OutputSettings()
    {
    }

    /**
     * FastNetMon's one switch that takes {@code yes} as well as {@code on} is {@code redis_enabled}; every other
     * switch is read with {@link ConfigView#bool}.
     *
     * @param config the configuration.
     * @param key    a switch.
     * @return true for {@code on} or {@code yes}, false for {@code off}, {@code no} or when not set.
     * @throws io.fnm.config.ConfigException for any other value.
     */
    public static boolean onOrYes(final ConfigView config, final String key)
    {
        final String value = config.get(key);
        if ("yes".equals(value))
        {
            return true;
        }
        if ("no".equals(value))
        {
            return false;
        }
        return config.bool(key, false);
    }

    /**
     * @param config the configuration.
     * @param key    the attempts key (ours, e.g. {@code redis_retries}).
     * @return exponential backoff from {@link #INITIAL_BACKOFF} to {@link #MAX_BACKOFF} with the key's attempts
     *         (1..20, default {@value #DEFAULT_ATTEMPTS}).
     */
    public static RetryPolicy retry(final ConfigView config, final String key)
    {
        return new RetryPolicy(config.intValue(key, DEFAULT_ATTEMPTS, 1, 20), INITIAL_BACKOFF, MAX_BACKOFF);
    }

    /**
     * @param config   the configuration.
     * @param key      a server's host key.
     * @param fallback the default.
     * @return the host name or address.
     * @throws io.fnm.config.ConfigException when it is empty or holds a space, a control character, {@code /} or
     *                                       {@code @} (a URL or a user pasted where a host belongs).
     */
    public static String host(final ConfigView config, final String key, final String fallback)
    {
        final String host = config.string(key, fallback);
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@'))
        {
            throw config.error(key, "'" + host + "' is not a host name or address");
        }
        return host;
    }

    /**
     * @param config   the configuration.
     * @param key      a server's port key.
     * @param fallback the default.
     * @return the port, 1 to 65 535.
     */
    public static int port(final ConfigView config, final String key, final int fallback)
    {
        return config.intValue(key, fallback, 1, 65_535);
    }

    /**
     * @param config         the configuration.
     * @param key            a timeout key in milliseconds (ours).
     * @param fallbackMillis the default.
     * @return the timeout, 1 ms to 10 minutes.
     */
    public static Duration timeoutMillis(final ConfigView config, final String key, final int fallbackMillis)
    {
        return Duration.ofMillis(config.intValue(key, fallbackMillis, 1, 600_000));
    }

    /**
     * @param config the configuration.
     * @param key    a push period key in seconds (FastNetMon's {@code graphite_push_period}...).
     * @return the period in milliseconds: 1 s (default) to one day.
     */
    public static long pushPeriodMillis(final ConfigView config, final String key)
    {
        return config.longValue(key, 1, 1, 86_400) * 1000;
    }

    /**
     * @param config   the configuration.
     * @param key      a top-hosts key (ours).
     * @param fallback the default.
     * @return hosts per list, 0 to 10 000.
     */
    public static int topHosts(final ConfigView config, final String key, final int fallback)
    {
        return config.intValue(key, fallback, 0, 10_000);
    }
}
