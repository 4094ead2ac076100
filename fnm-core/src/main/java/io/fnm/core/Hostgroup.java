package io.fnm.core;

import java.util.List;
import java.util.Objects;

/**
 * A named set of IPv4 and IPv6 prefixes with thresholds of its own ({@code hostgroup = name:cidr,cidr} plus
 * {@code <name>_<key>} settings in {@code fastnetmon.conf}). Immutable.
 * <p>
 * A group applies to every host inside one of its prefixes, the most specific prefix over all groups wins, and
 * every key the group does not set comes from the global thresholds ({@link #effective(Thresholds)}). FastNetMon
 * instead matches only prefixes that are literally entries of {@code networks_list} and inherits nothing.
 */
public final class Hostgroup
{
    /** The name reported for a host that is in no group. */
    public static final String GLOBAL = "global";

    private final String name;
    private final List<IpPrefix> prefixes;
    private final Thresholds.Overrides overrides;

    /**
     * @param name      the group name: letters, digits, '_', '-' and '.', not {@value #GLOBAL}.
     * @param prefixes  its prefixes, IPv4 and IPv6, at least one, no duplicates.
     * @param overrides the settings it gives (copied).
     * @throws IllegalArgumentException when the name or the prefixes are not acceptable.
     */
    public Hostgroup(final String name, final List<IpPrefix> prefixes, final Thresholds.Overrides overrides)
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefixes, "prefixes");
        Objects.requireNonNull(overrides, "overrides");
        checkName(name);
        if (prefixes.isEmpty())
        {
            throw new IllegalArgumentException("hostgroup '" + name + "' has no prefixes");
        }
        final List<IpPrefix> copy = List.copyOf(prefixes);
        for (int i = 0; i < copy.size(); i++)
        {
            for (int j = i + 1; j < copy.size(); j++)
            {
                if (copy.get(i).equals(copy.get(j)))
                {
                    throw new IllegalArgumentException("hostgroup '" + name + "' lists " + copy.get(i) + " twice");
                }
            }
        }
        this.name = name;
        this.prefixes = copy;
        this.overrides = overrides.copy();
    }

    /**
     * @param name      the group name.
     * @param prefixes  its prefixes.
     * @param overrides the settings it gives (copied).
     * @return the group.
     */
    public static Hostgroup of(final String name, final List<IpPrefix> prefixes, final Thresholds.Overrides overrides)
    {
        return new Hostgroup(name, prefixes, overrides);
    }

    /**
     * @return the group name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the prefixes, IPv4 and IPv6, unmodifiable.
     */
    public List<IpPrefix> prefixes()
    {
        return prefixes;
    }

    /**
     * @return a copy of the settings the group gives explicitly.
     */
    public Thresholds.Overrides overrides()
    {
        return overrides.copy();
    }

    /**
     * @param global the global thresholds.
     * @return the thresholds for hosts of this group: its own settings, the global value for every other key.
     */
    public Thresholds effective(final Thresholds global)
    {
        return overrides.overlay(global);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Hostgroup))
        {
            return false;
        }
        final Hostgroup that = (Hostgroup)o;
        return name.equals(that.name) && prefixes.equals(that.prefixes) && overrides.equals(that.overrides);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(name, prefixes, overrides);
    }

    @Override
    public String toString()
    {
        return "Hostgroup{" + name + ' ' + prefixes + ' ' + overrides + '}';
    }

    private static void checkName(final String name)
    {
        if (name.isEmpty())
        {
            throw new IllegalArgumentException("hostgroup name is empty");
        }
        if (GLOBAL.equals(name))
        {
            throw new IllegalArgumentException("hostgroup name '" + GLOBAL + "' is reserved for hosts in no group");
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.';
            if (!ok)
            {
                throw new IllegalArgumentException("hostgroup name '" + name + "' contains '" + c +
                    "'; use letters, digits, '_', '-' or '.'");
            }
        }
    }
}
