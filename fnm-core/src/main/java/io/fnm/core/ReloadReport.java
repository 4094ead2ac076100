package io.fnm.core;

import java.util.List;

/**
 * What {@link DetectionEngine#reload(EngineConfig)} applied, and what it could not apply without a restart.
 */
public final class ReloadReport
{
    private final List<String> applied;
    private final List<String> needsRestart;

    /**
     * @param applied      each setting applied, e.g. {@code ban_time: 1800 -> 600}.
     * @param needsRestart each setting that changed but keeps its running value until a restart, e.g.
     *                     {@code max_tracked_hosts: 1048576 -> 100 (1048576 stays in force)}.
     */
    public ReloadReport(final List<String> applied, final List<String> needsRestart)
    {
        this.applied = List.copyOf(applied);
        this.needsRestart = List.copyOf(needsRestart);
    }

    /**
     * @return each setting applied, with its old and new value; empty when nothing changed.
     */
    public List<String> applied()
    {
        return applied;
    }

    /**
     * @return each changed setting that needs a restart: the engine's table bounds and action timeout, and the keys
     * of capture sources and actions (created once, from the settings the engine was built with).
     */
    public List<String> needsRestart()
    {
        return needsRestart;
    }

    /**
     * @return true when some change waits for a restart.
     */
    public boolean restartNeeded()
    {
        return !needsRestart.isEmpty();
    }

    @Override
    public String toString()
    {
        return "applied " + (applied.isEmpty() ? "nothing" : applied) +
            (needsRestart.isEmpty() ? "" : "; needs a restart: " + needsRestart);
    }
}
