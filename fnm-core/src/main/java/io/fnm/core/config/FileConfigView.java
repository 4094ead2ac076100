package io.fnm.core.config;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one {@code fastnetmon.conf}, in FastNetMon's syntax, with the {@code file:line} of every value.
 * <p>
 * Syntax (FastNetMon's {@code load_configuration_file}): each line is trimmed; empty lines and lines that
 * <em>start</em> with {@code #} are skipped (there are no inline comments: {@code ban_time = 10 # s} is the value
 * {@code 10 # s}); the line is split on runs of {@code =} and must give exactly two parts, key and value, each
 * trimmed. The last occurrence of a key wins, except {@code hostgroup}, whose every occurrence is kept
 * ({@link #occurrences(String)}).
 * <p>
 * Stricter than FastNetMon: a line that does not split into exactly one key and one value (no {@code =}, an empty
 * key, or a value containing {@code =}) is an error naming the file and line, where FastNetMon logs "Can't parse
 * config line" and carries on without the setting.
 * <p>
 * Booleans are exactly {@code on} or {@code off} ({@link ConfigView#bool(String, boolean)}); the one exception, as
 * in FastNetMon, is {@code redis_enabled}, which also accepts {@code yes}.
 */
public final class FileConfigView implements ConfigView
{
    /** Largest configuration file read, a guard against pointing the parser at a device or a huge file. */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private static final Pattern SEPARATOR = Pattern.compile("=+");
    private static final String REDIS_ENABLED = "redis_enabled";

    private final Path file;
    private final Map<String, List<Setting>> settings;

    private FileConfigView(final Path file, final Map<String, List<Setting>> settings)
    {
        this.file = file;
        this.settings = settings;
    }

    /**
     * Read and parse a file.
     *
     * @param file the configuration file.
     * @return its settings.
     * @throws ConfigException when the file cannot be read or a line is not {@code key = value}.
     */
    public static FileConfigView parse(final Path file)
    {
        return parse(file.toString(), readLines(file, null));
    }

    /**
     * Parse lines already read.
     *
     * @param fileName the name used in locations.
     * @param lines    the lines, in file order.
     * @return the settings.
     * @throws ConfigException when a line is not {@code key = value}.
     */
    public static FileConfigView parse(final String fileName, final List<String> lines)
    {
        final Map<String, List<Setting>> settings = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String raw = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            final String line = raw.trim();
            if (line.isEmpty() || line.charAt(0) == '#')
            {
                continue;
            }
            final String location = fileName + ":" + (i + 1);
            final String[] parts = SEPARATOR.split(line, -1);
            if (parts.length != 2)
            {
                throw new ConfigException(location, null, parts.length < 2 ?
                    "'" + line + "' is not a 'key = value' line" :
                    "'" + line + "' has more than one '='; a value cannot contain '=' in fastnetmon.conf " +
                    "(FastNetMon would skip this line)");
            }
            final String key = parts[0].trim();
            if (key.isEmpty())
            {
                throw new ConfigException(location, null, "'" + line + "' has no key before '='");
            }
            settings.computeIfAbsent(key, k -> new ArrayList<>(1))
                .add(new Setting(key, parts[1].trim(), fileName, i + 1));
        }
        for (final Map.Entry<String, List<Setting>> entry : settings.entrySet())
        {
            entry.setValue(Collections.unmodifiableList(entry.getValue()));
        }
        return new FileConfigView(Path.of(fileName), Collections.unmodifiableMap(settings));
    }

    /**
     * Read a text file of lines with the size guard, for the networks and whitelist files too.
     *
     * @param file the file.
     * @param key  the key that named the file, for the error, or null.
     * @return its lines.
     * @throws ConfigException when the file is missing, too large or unreadable.
     */
    static List<String> readLines(final Path file, final String key)
    {
        try
        {
            if (Files.size(file) > MAX_FILE_BYTES)
            {
                throw new ConfigException(file.toString(), key, "file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            final String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return List.of(text.split("\r?\n|\r", -1));
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(file.toString(), key, "file does not exist");
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file.toString(), key, "cannot read the file: " + ex);
        }
    }

    /**
     * @return the file the settings came from.
     */
    public Path file()
    {
        return file;
    }

    @Override
    public String get(final String key)
    {
        final Setting setting = last(key);
        return setting == null ? null : setting.value();
    }

    @Override
    public String location(final String key)
    {
        final Setting setting = last(key);
        return setting == null ? null : setting.location();
    }

    @Override
    public Set<String> keys()
    {
        return settings.keySet();
    }

    /**
     * FastNetMon's booleans, plus its one exception: {@code redis_enabled} also accepts {@code yes}.
     *
     * @param key          the key.
     * @param defaultValue the value when the key is not set.
     * @return true for {@code on}, false for {@code off}.
     * @throws ConfigException for any other value.
     */
    @Override
    public boolean bool(final String key, final boolean defaultValue)
    {
        if (REDIS_ENABLED.equals(key) && "yes".equals(get(key)))
        {
            return true;
        }
        return ConfigView.super.bool(key, defaultValue);
    }

    /**
     * @param key the key.
     * @return every occurrence of the key, in file order (several only for keys set more than once, such as
     *         {@code hostgroup}); empty when the key is not set.
     */
    public List<Setting> occurrences(final String key)
    {
        final List<Setting> list = settings.get(key);
        return list == null ? List.of() : list;
    }

    private Setting last(final String key)
    {
        final List<Setting> list = settings.get(key);
        return list == null ? null : list.get(list.size() - 1);
    }

    /**
     * One {@code key = value} line.
     */
    public static final class Setting
    {
        private final String key;
        private final String value;
        private final String file;
        private final int line;

        Setting(final String key, final String value, final String file, final int line)
        {
            this.key = key;
            this.value = value;
            this.file = file;
            this.line = line;
        }

        /**
         * @return the trimmed key.
         */
        public String key()
        {
            return key;
        }

        /**
         * @return the trimmed value.
         */
        public String value()
        {
            return value;
        }

        /**
         * @return the 1-based line number.
         */
        public int line()
        {
            return line;
        }

        /**
         * @return {@code file:line}.
         */
        public String location()
        {
            return file + ":" + line;
        }

        @Override
        public String toString()
        {
            return location() + ": " + key + " = " + value;
        }
    }
}
