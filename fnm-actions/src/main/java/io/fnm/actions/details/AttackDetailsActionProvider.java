package io.fnm.actions.details;

import io.fnm.capture.Clock;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * Creates the {@link AttackDetailsAction} from {@code fastnetmon.conf}: {@code attack_details_folder} (FastNetMon's
 * default {@value #DEFAULT_FOLDER}) and {@code collect_attack_pcap_dumps} (default off).
 * <p>
 * Enabled when {@code attack_details_folder} is set or {@code collect_attack_pcap_dumps = on}. FastNetMon writes the
 * folder always; fnm, a library that may run inside another application, writes files only when asked.
 */
public final class AttackDetailsActionProvider implements AttackActionProvider
{
    /** The folder. */
    public static final String FOLDER_KEY = "attack_details_folder";
    /** Whether to write the attack's records as pcap (frames) and CSV (flow records). */
    public static final String PCAP_KEY = "collect_attack_pcap_dumps";
    /** FastNetMon's default folder. */
    public static final String DEFAULT_FOLDER = "/var/log/fastnetmon_attacks";

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(FOLDER_KEY, "folder of the per-attack .txt and .json files (default " + DEFAULT_FOLDER +
            "); setting it switches them on"),
        ConfigKey.of(PCAP_KEY, "also write the attack's sampled packets as .pcap (mirror capture) and its flow " +
            "records as .records.csv (flow sources); default off"));

    @Override
    public String name()
    {
        return AttackDetailsAction.NAME;
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        final String folder = config.get(FOLDER_KEY);
        return folder != null && !folder.isEmpty() || config.bool(PCAP_KEY, false);
    }

    @Override
    public AttackAction create(final ConfigView config)
    {
        final String text = config.string(FOLDER_KEY, DEFAULT_FOLDER);
        if (text.isEmpty())
        {
            throw config.error(FOLDER_KEY, "is empty");
        }
        final Path folder;
        try
        {
            folder = Path.of(text);
        }
        catch (final InvalidPathException ex)
        {
            throw config.error(FOLDER_KEY, "'" + text + "' is not a path");
        }
        return new AttackDetailsAction(folder, config.bool(PCAP_KEY, false), ZoneId.systemDefault(), Clock.SYSTEM);
    }
}
