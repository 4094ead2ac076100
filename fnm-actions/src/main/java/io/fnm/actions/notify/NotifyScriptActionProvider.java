package io.fnm.actions.notify;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Creates the {@link NotifyScriptAction} from {@code fastnetmon.conf} keys: enabled when {@code notify_script_path}
 * is set and not empty; {@code notify_script_timeout_seconds} (ours, default 30, 1..86400);
 * {@code notify_script_pass_details} (default on).
 * <p>
 * A script that does not exist or is not executable is a {@link ConfigException} naming {@code notify_script_path}
 * (FastNetMon disables the script silently, with only an error in its log).
 */
public final class NotifyScriptActionProvider implements AttackActionProvider
{
    /** The script to run. */
    public static final String PATH_KEY = "notify_script_path";
    /** Seconds a call may run before the script is killed (ours). */
    public static final String TIMEOUT_KEY = "notify_script_timeout_seconds";
    /** Whether to run the script with {@code attack_details} too. */
    public static final String PASS_DETAILS_KEY = "notify_script_pass_details";

    /** Scripts that may run at once, for different hosts (ours). */
    public static final String MAX_CONCURRENT_CALLS_KEY = "notify_script_max_concurrent_calls";

    /** Default of {@link #TIMEOUT_KEY}. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(PATH_KEY, "executable run on ban, unban and attack details; set to switch the action on"),
        ConfigKey.of(TIMEOUT_KEY, "seconds a call may run before the script is killed (default " +
            DEFAULT_TIMEOUT_SECONDS + ")"),
        ConfigKey.of(PASS_DETAILS_KEY, "also run the script with attack_details (default on)"),
        ConfigKey.of(MAX_CONCURRENT_CALLS_KEY, "scripts run at once for different hosts, 1..64 (default " +
            NotifyScriptAction.DEFAULT_MAX_CONCURRENT_CALLS + ")"));

    @Override
    public String name()
    {
        return "notify_script";
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        final String path = config.get(PATH_KEY);
        return path != null && !path.isEmpty();
    }

    @Override
    public AttackAction create(final ConfigView config)
    {
        final String pathText = config.get(PATH_KEY);
        if (pathText == null || pathText.isEmpty())
        {
            throw config.error(PATH_KEY, "is not set");
        }
        final Path script;
        try
        {
            script = Path.of(pathText);
        }
        catch (final IllegalArgumentException ex)
        {
            throw config.error(PATH_KEY, "'" + pathText + "' is not a path");
        }
        if (!Files.isRegularFile(script))
        {
            throw config.error(PATH_KEY, "'" + pathText + "' does not exist or is not a file");
        }
        if (!Files.isExecutable(script))
        {
            throw config.error(PATH_KEY, "'" + pathText + "' is not executable; chmod +x it");
        }
        final int timeoutSeconds = config.intValue(TIMEOUT_KEY, DEFAULT_TIMEOUT_SECONDS, 1, 86_400);
        final boolean passDetails = config.bool(PASS_DETAILS_KEY, true);
        final int concurrent = config.intValue(MAX_CONCURRENT_CALLS_KEY,
            NotifyScriptAction.DEFAULT_MAX_CONCURRENT_CALLS, 1, 64);
        return new NotifyScriptAction(script, Duration.ofSeconds(timeoutSeconds), passDetails, concurrent);
    }
}
