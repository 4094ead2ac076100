package io.fnm.examples;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import io.fnm.core.FileBanStore;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runner's state directory ({@code state_directory}, a key of ours, default {@value #DEFAULT}): where the ban list
 * is kept across restarts ({@code bans}, a {@link FileBanStore}). The default directory is used when it exists (the
 * {@code .deb}'s systemd unit creates it with {@code StateDirectory=fnm}) and otherwise skipped with a warning; a
 * directory set in the file is created when missing and must be usable; an empty value keeps bans in memory only.
 */
final class StateDirectory
{
    /** The key. */
    static final String KEY = "state_directory";
    /** Its default, systemd's {@code StateDirectory=fnm}. */
    static final String DEFAULT = "/var/lib/fnm";
    /** The ban list's file in the directory. */
    static final String BANS_FILE = "bans";

    private StateDirectory()
    {
    }

    /**
     * @param settings the configuration.
     * @return the ban store, or null when bans are kept in memory only (logged).
     * @throws ConfigException when a directory set in the file cannot be created or is not a writable directory.
     */
    static FileBanStore banStore(final ConfigView settings)
    {
        final String value = settings.string(KEY, null);
        if (value != null && value.isBlank())
        {
            LoggerFactory.getLogger(StateDirectory.class).info("state_directory is empty: bans will not survive a " +
                "restart");
            return null;
        }
        final Path dir = Path.of(value == null ? DEFAULT : value.strip());
        if (value == null && !Files.isDirectory(dir))
        {
            LoggerFactory.getLogger(StateDirectory.class).warn("state directory {} does not exist: bans will not " +
                "survive a restart (set state_directory, or run under the .deb's systemd unit)", dir);
            return null;
        }
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(settings.location(KEY), KEY, dir + ": cannot create the directory: " + ex);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir))
        {
            throw new ConfigException(settings.location(KEY), KEY, dir + ": not a writable directory");
        }
        return new FileBanStore(dir.resolve(BANS_FILE));
    }
}
