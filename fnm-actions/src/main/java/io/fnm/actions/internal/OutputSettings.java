package io.fnm.actions.internal;

import io.fnm.config.ConfigView;

import java.time.Duration;

/**
 * Reads FastNetMon's Redis switch ({@code on} or {@code yes}) and the retry keys shared by the outputs.
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
}
