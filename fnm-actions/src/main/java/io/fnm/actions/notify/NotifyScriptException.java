package io.fnm.actions.notify;

import java.io.IOException;

/**
 * The notify script exited with a non-zero status or was killed after its timeout: thrown by the action's calls so
 * that the engine counts them in {@code fnm_action_failures_total} and logs them deduplicated.
 */
public final class NotifyScriptException extends IOException
{
    private static final long serialVersionUID = 1L;

    /** The exit status, or {@link NotifyScriptAction#KILLED}. */
    private final int exitStatus;

    /**
     * @param exitStatus the exit status, or {@link NotifyScriptAction#KILLED}.
     * @param message    what ran and how it ended.
     */
    public NotifyScriptException(final int exitStatus, final String message)
    {
        super(message);
        this.exitStatus = exitStatus;
    }

    /**
     * @return the exit status, or {@link NotifyScriptAction#KILLED} when the script was killed after its timeout.
     */
    public int exitStatus()
    {
        return exitStatus;
    }
}
