package io.fnm.actions.json;

/**
 * The three moments an output hears of an attack, with the {@code action} value FastNetMon's JSON and notify script
 * use for each.
 */
public enum AttackEvent
{
    /** The host was banned (detected or manual). */
    BAN("ban"),
    /** The records sampled since detection arrived. */
    DETAILS("attack_details"),
    /** The ban ended. */
    UNBAN("unban");

    private final String text;

    AttackEvent(final String text)
    {
        this.text = text;
    }

    /**
     * @return {@code ban}, {@code attack_details} or {@code unban}.
     */
    public String text()
    {
        return text;
    }
}
