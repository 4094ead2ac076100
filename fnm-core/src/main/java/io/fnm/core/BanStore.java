package io.fnm.core;

import java.io.IOException;
import java.util.List;

/**
 * Where the engine keeps its ban list across restarts ({@link DetectionEngine.Builder#banStore(BanStore)}).
 * <p>
 * {@link DetectionEngine#start()} calls {@link #load()} once, before the first tick; the engine then calls
 * {@link #save(List)} with the whole ban list after each tick, manual ban or unban that changed it, on a thread of
 * its own ({@code fnm-ban-store}: the tick and the capture threads never wait for the disk), the latest list
 * replacing one not yet written, and once more when it closes. Calls never overlap.
 * {@link FileBanStore} is the bundled implementation.
 */
public interface BanStore
{
    /**
     * @param bans the whole ban list, in ban order (replaces what was saved before).
     * @throws IOException when it cannot be written; the engine logs it and tries again at the next change.
     */
    void save(List<BanEntry> bans) throws IOException;

    /**
     * @return the ban list last saved, in ban order; empty when nothing was ever saved.
     * @throws IOException when it cannot be read or is corrupt (the message names what and where); the engine logs
     *                     it as an error and starts with no bans.
     */
    List<BanEntry> load() throws IOException;
}
