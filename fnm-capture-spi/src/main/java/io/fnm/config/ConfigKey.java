package io.fnm.config;

import java.util.Objects;

/**
 * A configuration key a component reads, with one line saying what it does. Providers list theirs
 * ({@code CaptureSourceProvider.configKeys()}, {@code AttackActionProvider.configKeys()}) so that the configuration
 * check knows every key of every provider found on the class path, third-party ones included, without a hand copy.
 */
public final class ConfigKey
{
    private final String name;
    private final String description;

    private ConfigKey(final String name, final String description)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * @param name        the key as written in the file, e.g. {@code netflow_port}.
     * @param description what it does, with its default.
     * @return the key.
     */
    public static ConfigKey of(final String name, final String description)
    {
        return new ConfigKey(name, description);
    }

    /**
     * @return the key as written in the file.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return what it does, with its default.
     */
    public String description()
    {
        return description;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean equals(final Object other)
    {
        return other instanceof ConfigKey && name.equals(((ConfigKey)other).name);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int hashCode()
    {
        return name.hashCode();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return name + ": " + description;
    }
}
