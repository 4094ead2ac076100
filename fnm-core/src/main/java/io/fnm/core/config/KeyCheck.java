package io.fnm.core.config;

import io.fnm.core.EngineConfig;
import io.fnm.core.Hostgroup;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The known-key check of a FastNetMon file: repeated keys, FastNetMon switches fnm does not implement (an error
 * when on, a note when off), legacy keys, per-hostgroup keys of an undefined group, and unknown keys with a
 * did-you-mean. A FastNetMon switch is implemented iff something on the class path declares it: a provider's
 * {@code configKeys()} ({@link FastNetMonConfig#providerKeys(ClassLoader)}) or the application's extra keys.
 */
final class KeyCheck
{
    /** Farthest edit distance suggested: {@code threshhold_pps} is 1 from {@code threshold_pps}. */
    private static final int MAX_DISTANCE = 3;

    private final FileConfigView view;
    private final List<Hostgroup> groups;
    private final Set<String> implemented;
    private final Set<String> groupKeys = new HashSet<>();
    private final Set<String> candidates = new HashSet<>();

    /**
     * @param view        the file.
     * @param groups      the hostgroups it defines.
     * @param implemented keys declared by providers and the application.
     */
    KeyCheck(final FileConfigView view, final List<Hostgroup> groups, final Set<String> implemented)
    {
        this.view = view;
        this.groups = groups;
        this.implemented = implemented;
        for (final Hostgroup group : groups)
        {
            for (final String suffix : KnownKeys.HOSTGROUP_SUFFIXES)
            {
                groupKeys.add(group.name() + "_" + suffix);
            }
        }
        candidates.addAll(KnownKeys.all());
        candidates.addAll(implemented);
        candidates.addAll(groupKeys);
    }

    /**
     * @param warnings receives the warnings.
     * @param errors   receives the errors that do not stop a load (a FastNetMon feature switched on that fnm does
     *                 not implement).
     * @param notes    receives the notes (such a feature, switched off).
     */
    void check(final List<String> warnings, final List<String> errors, final List<String> notes)
    {
        for (final String key : view.keys())
        {
            final List<FileConfigView.Setting> occurrences = view.occurrences(key);
            final String at = view.location(key) + ": ";
            if (occurrences.size() > 1 && !EngineConfig.HOSTGROUP.equals(key))
            {
                warnings.add(at + key + ": also set at line " + occurrences.get(0).line() + "; the last one wins");
            }
            if (KnownKeys.isFeatureSwitch(key) && !implemented.contains(key))
            {
                if (isOn(key, view.get(key)))
                {
                    errors.add(at + "`" + key + " = " + view.get(key) + "`: not supported by fnm yet (no capture " +
                        "source, action or exporter on the class path implements it); FastNetMon would act on it, " +
                        "fnm does not");
                }
                else
                {
                    notes.add(at + "`" + key + " = " + view.get(key) + "`: not supported by fnm yet (off here, so " +
                        "nothing is lost)");
                }
                continue;
            }
            if (KnownKeys.isKnown(key) || groupKeys.contains(key) || implemented.contains(key))
            {
                continue;
            }
            warnings.add(at + key + ": " + unknown(key));
        }
    }

    private String unknown(final String key)
    {
        if (KnownKeys.isLegacy(key))
        {
            return "no longer used by FastNetMon nor fnm; ignored";
        }
        final String group = groupPrefix(key);
        if (group != null)
        {
            return "not a setting of hostgroup '" + group + "'" + suggestion(key) + "; per-group keys are " +
                KnownKeys.HOSTGROUP_SUFFIXES + "; ignored";
        }
        final String undefined = undefinedGroup(key);
        if (undefined != null)
        {
            final String closest = closestGroup(undefined);
            return "hostgroup '" + undefined + "' is not defined (no 'hostgroup = " + undefined + ":...' line)" +
                (closest == null ? "" : "; did you mean hostgroup '" + closest + "'?") + "; ignored";
        }
        return "unknown key" + suggestion(key) + "; ignored";
    }

    private String suggestion(final String key)
    {
        final String best = closest(key, candidates);
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private String groupPrefix(final String key)
    {
        for (final Hostgroup group : groups)
        {
            if (key.startsWith(group.name() + "_"))
            {
                return group.name();
            }
        }
        return null;
    }

    /** {@code my_host_threshold_pps} → {@code my_host}: a per-group key whose group is not defined. */
    private static String undefinedGroup(final String key)
    {
        for (final String suffix : KnownKeys.HOSTGROUP_SUFFIXES)
        {
            if (key.endsWith("_" + suffix) && key.length() > suffix.length() + 1)
            {
                return key.substring(0, key.length() - suffix.length() - 1);
            }
        }
        return null;
    }

    private String closestGroup(final String name)
    {
        final Set<String> names = new HashSet<>();
        for (final Hostgroup group : groups)
        {
            names.add(group.name());
        }
        return closest(name, names);
    }

    private static String closest(final String word, final Set<String> options)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String option : options)
        {
            final int d = distance(word, option);
            if (d < bestDistance || d == bestDistance && best != null && option.compareTo(best) < 0)
            {
                best = option;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.min(MAX_DISTANCE, Math.max(1, word.length() / 4)) ? best : null;
    }

    /**
     * @return the Levenshtein distance (insertions, deletions, substitutions).
     */
    static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * @return true when a FastNetMon switch is on: {@code on} ({@code redis_enabled} also takes {@code yes}), or,
     * for a path such as {@code cli_stats_file_path}, any value.
     */
    private static boolean isOn(final String key, final String value)
    {
        if (KnownKeys.isFeaturePath(key))
        {
            return value != null && !value.isEmpty();
        }
        final String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        return "on".equals(v) || "yes".equals(v);
    }
}
