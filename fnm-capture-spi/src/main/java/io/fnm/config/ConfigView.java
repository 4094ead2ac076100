package io.fnm.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A typed, read-only view of FastNetMon-style {@code key = value} settings. The engine reads its own keys through
 * it, and every capture or action provider reads its keys ({@code netflow_port}, {@code redis_host}...) the same
 * way, so a third-party provider can define keys of its own.
 * <p>
 * Values follow FastNetMon's syntax: booleans are exactly {@code on} or {@code off} (anything else is an error with a
 * hint, never a silent "off"), lists are comma separated, numbers are decimal. Every error names the file and line
 * the value came from, when it came from a file.
 */
public interface ConfigView
{
    /** A view with no keys. */
    ConfigView EMPTY = of(Map.of());

    /**
     * @param key the key.
     * @return the trimmed raw value, or null when the key is not set.
     */
    String get(String key);

    /**
     * @param key the key.
     * @return {@code file:line} where the key was set, or null when unknown.
     */
    default String location(final String key)
    {
        return null;
    }

    /**
     * @return every key that is set, in file order where there is one.
     */
    Set<String> keys();

    /**
     * @param key the key.
     * @return true when the key is set.
     */
    default boolean contains(final String key)
    {
        return get(key) != null;
    }

    /**
     * @param key     the key.
     * @param message what is wrong with its value.
     * @return an exception naming the file, line and key.
     */
    default ConfigException error(final String key, final String message)
    {
        return new ConfigException(location(key), key, message);
    }

    /**
     * @param key          the key.
     * @param defaultValue the value when the key is not set.
     * @return the value, or the default.
     */
    default String string(final String key, final String defaultValue)
    {
        final String value = get(key);
        return value == null ? defaultValue : value;
    }

    /**
     * @param key          the key.
     * @param defaultValue the value when the key is not set.
     * @return true for {@code on}, false for {@code off}.
     * @throws ConfigException for any other value.
     */
    default boolean bool(final String key, final boolean defaultValue)
    {
        final String value = get(key);
        if (value == null)
        {
            return defaultValue;
        }
        if ("on".equals(value))
        {
            return true;
        }
        if ("off".equals(value))
        {
            return false;
        }
        throw error(key, "'" + value + "' is not a boolean; use 'on' or 'off' (FastNetMon would silently read it" +
            " as off)");
    }

    /**
     * @param key          the key.
     * @param defaultValue the value when the key is not set.
     * @return the value.
     * @throws ConfigException when the value is not a whole number that fits a long.
     */
    default long longValue(final String key, final long defaultValue)
    {
        final String value = get(key);
        if (value == null)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw error(key, "'" + value + "' is not a whole number");
        }
    }

    /**
     * @param key          the key.
     * @param defaultValue the value when the key is not set.
     * @param min          smallest allowed value.
     * @param max          largest allowed value.
     * @return the value.
     * @throws ConfigException when the value is not a whole number within [min, max].
     */
    default long longValue(final String key, final long defaultValue, final long min, final long max)
    {
        final long value = longValue(key, defaultValue);
        if (value < min || value > max)
        {
            throw error(key, value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    /**
     * @param key          the key.
     * @param defaultValue the value when the key is not set.
     * @param min          smallest allowed value.
     * @param max          largest allowed value.
     * @return the value.
     * @throws ConfigException when the value is not a whole number within [min, max].
     */
    default int intValue(final String key, final int defaultValue, final int min, final int max)
    {
        return (int)longValue(key, defaultValue, min, max);
    }

    /**
     * @param key the key.
     * @return the comma-separated items, trimmed, empty ones dropped; an empty list when the key is not set.
     */
    default List<String> list(final String key)
    {
        final String value = get(key);
        if (value == null || value.isEmpty())
        {
            return List.of();
        }
        final List<String> items = new ArrayList<>();
        for (final String item : value.split(","))
        {
            final String trimmed = item.trim();
            if (!trimmed.isEmpty())
            {
                items.add(trimmed);
            }
        }
        return Collections.unmodifiableList(items);
    }

    /**
     * @param values key to value.
     * @return a view over a copy of the map, with no file locations.
     */
    static ConfigView of(final Map<String, String> values)
    {
        final Map<String, String> copy = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        return new ConfigView()
        {
            @Override
            public String get(final String key)
            {
                final String value = copy.get(key);
                return value == null ? null : value.trim();
            }

            @Override
            public Set<String> keys()
            {
                return copy.keySet();
            }
        };
    }
}
