package io.fnm.config;

/**
 * A configuration value that cannot be used. The message names the file, the line and the key when they are known,
 * e.g. {@code /etc/fastnetmon.conf:12: ban_time: 'soon' is not a whole number}.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String key;

    /**
     * @param location {@code file:line}, or null when the value was not read from a file.
     * @param key      the key, or null when the error is not about one key.
     * @param message  what is wrong and, where it helps, how to fix it.
     */
    public ConfigException(final String location, final String key, final String message)
    {
        super(format(location, key, message));
        this.location = location;
        this.key = key;
    }

    /**
     * @return {@code file:line}, or null.
     */
    public String location()
    {
        return location;
    }

    /**
     * @return the key, or null.
     */
    public String key()
    {
        return key;
    }

    private static String format(final String location, final String key, final String message)
    {
        final StringBuilder sb = new StringBuilder();
        if (location != null)
        {
            sb.append(location).append(": ");
        }
        if (key != null)
        {
            sb.append(key).append(": ");
        }
        return sb.append(message).toString();
    }
}
