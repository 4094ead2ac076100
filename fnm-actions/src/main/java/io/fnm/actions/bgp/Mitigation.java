package io.fnm.actions.bgp;

import java.util.Locale;

/**
 * What the speaker announces for a ban ({@code bgp_mitigation}, per hostgroup {@code bgp_mitigation_hostgroups}).
 */
public enum Mitigation
{
    /** Blackhole routes only (FastNetMon's GoBGP action). */
    BLACKHOLE,
    /** A FlowSpec rule when the attack has a shape a rule captures ({@link FlowSpecPlanner}), else the blackhole. */
    FLOWSPEC,
    /** Both the blackhole and, when the attack has a shape, the FlowSpec rule. */
    BOTH;

    /**
     * @param text {@code blackhole}, {@code flowspec} or {@code both}.
     * @return the mitigation, or null for any other text.
     */
    public static Mitigation parse(final String text)
    {
        for (final Mitigation value : values())
        {
            if (value.name().equalsIgnoreCase(text))
            {
                return value;
            }
        }
        return null;
    }

    /**
     * @return the lower-case name used in the configuration.
     */
    public String text()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
