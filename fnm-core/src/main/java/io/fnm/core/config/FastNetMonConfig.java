package io.fnm.core.config;

import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.spi.ServiceDiscovery;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.EngineConfig;
import io.fnm.core.Hostgroup;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import io.fnm.core.spi.AttackActionProvider;
import io.fnm.core.spi.MetricsExporterProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads FastNetMon's {@code fastnetmon.conf} and its {@code networks_list} / {@code networks_whitelist} files into
 * an {@link EngineConfig}.
 * <p>
 * File syntax is FastNetMon's (see {@link FileConfigView}), with one deliberate difference: a line that is not
 * {@code key = value} is an error naming the file and line, where FastNetMon logs and skips it. Values are checked:
 * a boolean other than {@code on}/{@code off}, a number that is not a whole number or is out of range, a bad prefix,
 * each is a {@link ConfigException} naming the file, the line and the key (FastNetMon reads them as off or 0).
 * A key that neither FastNetMon, the engine nor a provider found by {@link java.util.ServiceLoader} reads is warned
 * about once per load (providers declare their keys: {@link #providerKeys(ClassLoader)}); keys that only older
 * FastNetMon versions read are warned about as "no longer used"; a FastNetMon feature switch ({@code exabgp},
 * {@code mirror_afpacket}...) that is on while no provider reads it is warned about as not implemented. Keys
 * missing from the file take FastNetMon's <em>code</em> defaults ({@link EngineConfig#builder()}), not the values
 * of its shipped file.
 * <p>
 * Differences from FastNetMon, on purpose:
 * <ul>
 *   <li>Relative {@code networks_list_path} / {@code white_list_path} are resolved against the directory of the
 *   configuration file (FastNetMon uses its working directory). A missing networks file is an error naming
 *   {@code networks_list_path}, and so is a networks file that lists no prefix (empty, only comments or blank
 *   lines, NUL bytes: FastNetMon would run with detection silently off); a missing whitelist file is an error only
 *   when {@code white_list_path} is set, an empty one is fine.</li>
 *   <li>Both files: IPv4 entries must be CIDR; IPv6 entries are validated too; errors name the file and line.
 *   Host bits are cleared with a warning, as FastNetMon does for IPv4.</li>
 *   <li>{@code hostgroup = name:cidr,cidr} is split on the <em>first</em> {@code :}, so IPv6 prefixes work
 *   (FastNetMon cannot, #1044). A group name defined twice, or a prefix listed in two groups, is an error (FastNetMon
 *   warns and keeps the first).</li>
 *   <li>Per-group keys {@code <name>_<key>} that are not set come from the global value (FastNetMon inherits
 *   nothing).</li>
 * </ul>
 */
public final class FastNetMonConfig
{
    /** FastNetMon's build-time default for {@code networks_list_path}. */
    public static final String DEFAULT_NETWORKS_LIST_PATH = "/etc/networks_list";
    /** FastNetMon's switch adding the machine's own addresses to the networks (default on). */
    public static final String MONITOR_LOCAL_IP_ADDRESSES = "monitor_local_ip_addresses";
    /** FastNetMon's build-time default for {@code white_list_path}. */
    public static final String DEFAULT_WHITE_LIST_PATH = "/etc/networks_whitelist";

    private static final Logger LOG = LoggerFactory.getLogger(FastNetMonConfig.class);
    /**
     * The kinds of provider asked for the keys they implement, one line each: a new kind of provider (e.g. a metrics
     * exporter SPI) adds its line here, and the FastNetMon switches it declares stop being reported as unsupported.
     */
    private static final List<ProviderKind<?>> PROVIDER_KINDS = List.of(
        new ProviderKind<>(CaptureSourceProvider.class, CaptureSourceProvider::configKeys),
        new ProviderKind<>(AttackActionProvider.class, AttackActionProvider::configKeys),
        new ProviderKind<>(MetricsExporterProvider.class, MetricsExporterProvider::configKeys));

    private FastNetMonConfig()
    {
    }

    /**
     * Parse the file's settings only, without interpreting them.
     *
     * @param confFile the configuration file.
     * @return its settings, with {@code file:line} locations.
     * @throws ConfigException when the file cannot be read or a line is not {@code key = value}.
     */
    public static ConfigView parse(final Path confFile)
    {
        return FileConfigView.parse(confFile);
    }

    /**
     * Load the configuration and the files it names; warnings are logged.
     *
     * @param confFile the configuration file.
     * @return the configuration.
     * @throws ConfigException naming file, line and key of the first error.
     */
    public static EngineConfig load(final Path confFile)
    {
        return load(confFile, List.of()).config();
    }

    /**
     * Load the configuration and the files it names; warnings are logged and returned.
     *
     * @param confFile       the configuration file.
     * @param extraKnownKeys keys read by something other than the engine and the providers found by
     *                       {@link java.util.ServiceLoader} (e.g. the embedding application), so they are not
     *                       reported as unknown.
     * @return the configuration and the warnings.
     * @throws ConfigException naming file, line and key of the first error.
     */
    public static Result load(final Path confFile, final Collection<String> extraKnownKeys)
    {
        final Result result = read(confFile, extraKnownKeys);
        for (final String error : result.errors())
        {
            LOG.error("{}", error);
        }
        for (final String warning : result.warnings())
        {
            LOG.warn("{}", warning);
        }
        for (final String note : result.notes())
        {
            LOG.info("{}", note);
        }
        return result;
    }

    /**
     * Load the configuration and the files it names, without logging ({@code --configuration_check}).
     *
     * @param confFile       the configuration file.
     * @param extraKnownKeys keys read by something other than the engine and the providers found by
     *                       {@link java.util.ServiceLoader}.
     * @return the configuration and the warnings (unknown keys, legacy keys, normalised prefixes...).
     * @throws ConfigException naming file, line and key of the first error.
     */
    public static Result read(final Path confFile, final Collection<String> extraKnownKeys)
    {
        final FileConfigView view = FileConfigView.parse(confFile);
        final List<String> warnings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final EngineConfig config = toEngineConfig(view, confFile, confFile.toAbsolutePath().getParent(),
            extraKnownKeys, warnings, errors, notes);
        return new Result(config, warnings, errors, notes);
    }

    /**
     * Validate everything {@link #load(Path)} validates, without logging.
     *
     * @param confFile       the configuration file.
     * @param extraKnownKeys keys read by something other than the engine and the providers found by
     *                       {@link java.util.ServiceLoader}.
     * @return the warnings (unknown keys, legacy keys, normalised prefixes...); empty when the file is clean.
     * @throws ConfigException naming file, line and key of the first error.
     */
    public static List<String> check(final Path confFile, final Collection<String> extraKnownKeys)
    {
        return read(confFile, extraKnownKeys).warnings();
    }

    /**
     * @return every key recognised without asking the providers: the engine's, FastNetMon's and the legacy ones
     * (per-hostgroup keys aside); add {@link #providerKeys(ClassLoader)} for the whole set.
     */
    public static Set<String> knownKeys()
    {
        return KnownKeys.all();
    }

    /**
     * The keys declared by every {@link CaptureSourceProvider}, {@link AttackActionProvider} and
     * {@link MetricsExporterProvider} that {@link java.util.ServiceLoader} finds; a provider that cannot be loaded is
     * skipped (the engine reports it).
     *
     * @param loader where providers are looked for.
     * @return the keys, in discovery order.
     */
    public static Set<String> providerKeys(final ClassLoader loader)
    {
        final Set<String> keys = new LinkedHashSet<>();
        for (final ProviderKind<?> kind : PROVIDER_KINDS)
        {
            kind.addKeys(keys, loader);
        }
        return Collections.unmodifiableSet(keys);
    }

    /**
     * One kind of provider found by {@link java.util.ServiceLoader} and how to ask it for its keys.
     *
     * @param <P> the provider interface.
     */
    private static final class ProviderKind<P>
    {
        private final Class<P> type;
        private final Function<P, List<ConfigKey>> keys;

        ProviderKind(final Class<P> type, final Function<P, List<ConfigKey>> keys)
        {
            this.type = type;
            this.keys = keys;
        }

        void addKeys(final Set<String> into, final ClassLoader loader)
        {
            for (final P provider : ServiceDiscovery.load(type, loader,
                (what, ex) -> LOG.debug("{} skipped while listing keys", what, ex)))
            {
                FastNetMonConfig.addKeys(into, () -> keys.apply(provider), provider);
            }
        }
    }

    private static void addKeys(final Set<String> keys, final Supplier<List<ConfigKey>> declared, final Object provider)
    {
        try
        {
            for (final ConfigKey key : declared.get())
            {
                keys.add(key.name());
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.debug("provider {} failed to list its keys", provider.getClass().getName(), ex);
        }
    }

    private static ClassLoader defaultLoader()
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FastNetMonConfig.class.getClassLoader();
    }

    /**
     * Map parsed settings to an {@link EngineConfig}.
     *
     * @param view           the settings.
     * @param source         the configuration file, recorded in the result (may be null).
     * @param baseDir        the directory relative networks/whitelist paths are resolved against.
     * @param extraKnownKeys keys read by something other than the engine and the providers found by
     *                       {@link java.util.ServiceLoader} (which are asked with the thread's context class loader).
     * @param warnings       where warnings are added.
     * @return the configuration.
     * @throws ConfigException naming file, line and key of the first error.
     */
    public static EngineConfig toEngineConfig(final FileConfigView view, final Path source, final Path baseDir,
        final Collection<String> extraKnownKeys, final List<String> warnings)
    {
        final List<String> errors = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final EngineConfig config = toEngineConfig(view, source, baseDir, extraKnownKeys, warnings, errors, notes);
        errors.forEach(error -> warnings.add("error: " + error));
        return config;
    }

    private static EngineConfig toEngineConfig(final FileConfigView view, final Path source, final Path baseDir,
        final Collection<String> extraKnownKeys, final List<String> warnings, final List<String> errors,
        final List<String> notes)
    {
        final EngineConfig.Builder builder = EngineConfig.builder().settings(view).source(source)
            .processIncomingTraffic(view.bool(EngineConfig.PROCESS_INCOMING_TRAFFIC, true))
            .processOutgoingTraffic(view.bool(EngineConfig.PROCESS_OUTGOING_TRAFFIC, true))
            .averageCalculationTimeSeconds(intValue(view, EngineConfig.AVERAGE_CALCULATION_TIME, 15))
            .speedCalculationDelaySeconds(intValue(view, EngineConfig.SPEED_CALCULATION_DELAY, 1))
            .enableConnectionTracking(view.bool(EngineConfig.ENABLE_CONNECTION_TRACKING, true))
            .banTimeSeconds(view.longValue(EngineConfig.BAN_TIME, 1800))
            .unbanOnlyIfAttackFinished(view.bool(EngineConfig.UNBAN_ONLY_IF_ATTACK_FINISHED, true))
            .banDetailsRecordsCount(intValue(view, EngineConfig.BAN_DETAILS_RECORDS_COUNT, 50))
            .banDetailsMaxWaitSeconds(intValue(view, EngineConfig.BAN_DETAILS_MAX_WAIT_SECONDS, 20))
            .maxTrackedHosts(intValue(view, EngineConfig.MAX_TRACKED_HOSTS, 1_048_576))
            .maxBannedHosts(intValue(view, EngineConfig.MAX_BANNED_HOSTS, 10_000))
            .banDetailsMaxOpen(intValue(view, EngineConfig.BAN_DETAILS_MAX_OPEN, 1_000))
            .hostIdleTimeoutSeconds(intValue(view, EngineConfig.HOST_IDLE_TIMEOUT_SECONDS, 60))
            .actionTimeoutSeconds(intValue(view, EngineConfig.ACTION_TIMEOUT_SECONDS, 30));

        final Thresholds global = globalThresholds(view);
        builder.globalThresholds(global);
        if (global.enabled(ThresholdKind.FLOWS) && !view.bool(EngineConfig.ENABLE_CONNECTION_TRACKING, true))
        {
            warnings.add(view.location(ThresholdKind.FLOWS.switchKey()) + ": " + ThresholdKind.FLOWS.switchKey() +
                ": has no effect while enable_connection_tracking is off");
        }

        final List<IpPrefix> networks = withLocalAddresses(view, readPrefixFile(view, baseDir,
            EngineConfig.NETWORKS_LIST_PATH, DEFAULT_NETWORKS_LIST_PATH, true, warnings));
        builder.networks(networks);
        builder.whitelist(readPrefixFile(view, baseDir, EngineConfig.WHITE_LIST_PATH, DEFAULT_WHITE_LIST_PATH,
            false, warnings));

        final List<Hostgroup> groups = hostgroups(view, networks, warnings);
        builder.hostgroups(groups);
        final Set<String> providerKeys = new HashSet<>(providerKeys(defaultLoader()));
        providerKeys.addAll(extraKnownKeys);
        new KeyCheck(view, groups, providerKeys).check(warnings, errors, notes);
        return builder.build();
    }

    /**
     * FastNetMon's {@code monitor_local_ip_addresses} (default on): the machine's own IPv4 addresses, as /32, join
     * the networks (every interface but the loopback and OpenVZ's {@code venet0}, as FastNetMon's {@code ip addr}
     * reading does).
     */
    private static List<IpPrefix> withLocalAddresses(final ConfigView view, final List<IpPrefix> networks)
    {
        if (!view.bool(MONITOR_LOCAL_IP_ADDRESSES, true))
        {
            return networks;
        }
        final Set<IpPrefix> all = new LinkedHashSet<>(networks);
        all.addAll(localAddresses());
        return List.copyOf(all);
    }

    /**
     * @return this machine's IPv4 addresses as /32 prefixes, loopback and {@code venet0} aside; empty when the
     * interfaces cannot be listed.
     */
    public static List<IpPrefix> localAddresses()
    {
        final List<IpPrefix> found = new ArrayList<>();
        try
        {
            final Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements())
            {
                final NetworkInterface nic = interfaces.nextElement();
                if (nic.isLoopback() || "venet0".equals(nic.getName()))
                {
                    continue;
                }
                for (final InetAddress address : Collections.list(nic.getInetAddresses()))
                {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress())
                    {
                        found.add(IpPrefix.parse(address.getHostAddress() + "/32"));
                    }
                }
            }
        }
        catch (final SocketException ex)
        {
            LOG.warn("monitor_local_ip_addresses: cannot list this machine's addresses: {}", ex.toString());
        }
        return found;
    }

    private static int intValue(final ConfigView view, final String key, final int defaultValue)
    {
        return view.intValue(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static Thresholds globalThresholds(final ConfigView view)
    {
        final Thresholds.Builder builder = Thresholds.builder()
            .enableBan(view.bool(EngineConfig.ENABLE_BAN, false))
            .enableBanIpv6(view.bool(EngineConfig.ENABLE_BAN_IPV6, false));
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            builder.enable(kind, view.bool(kind.switchKey(), false));
            builder.value(kind, view.longValue(kind.thresholdKey(), 0, 0, Long.MAX_VALUE));
        }
        return builder.build();
    }

    private static List<IpPrefix> readPrefixFile(final ConfigView view, final Path baseDir, final String key,
        final String defaultPath, final boolean required, final List<String> warnings)
    {
        final String pathText = view.string(key, defaultPath);
        if (pathText.isEmpty())
        {
            if (required)
            {
                throw view.error(key, "is empty; it must name the file that lists your prefixes");
            }
            return List.of();
        }
        final Path path = baseDir == null ? Path.of(pathText) : baseDir.resolve(pathText);
        if (!path.toFile().exists())
        {
            if (required || view.contains(key))
            {
                throw view.error(key, "file '" + path + "' does not exist");
            }
            return List.of();
        }
        final List<String> lines = FileConfigView.readLines(path, key);
        final List<IpPrefix> prefixes = parsePrefixes(path.toString(), lines, key, warnings);
        if (required && prefixes.isEmpty())
        {
            throw view.error(key, "file '" + path + "' lists no prefix (" + emptyForm(lines) + "): no host would " +
                "be counted and detection would be off");
        }
        return prefixes;
    }

    /**
     * @param lines the lines of a prefix file without a prefix.
     * @return what it holds instead, for the error.
     */
    private static String emptyForm(final List<String> lines)
    {
        boolean nul = false;
        boolean comment = false;
        for (final String line : lines)
        {
            nul |= line.indexOf('\0') >= 0;
            comment |= line.trim().startsWith("#");
        }
        if (nul)
        {
            return "it holds NUL bytes";
        }
        return comment ? "it holds only comments and blank lines" : "it is empty";
    }

    /**
     * Parse a {@code networks_list} / {@code networks_whitelist} file: one prefix per line, lines trimmed, empty lines
     * and lines starting with {@code #} skipped; IPv4 must be CIDR, IPv6 is validated; host bits are cleared with a
     * warning; a repeated prefix is dropped with a warning.
     *
     * @param fileName the name used in locations.
     * @param lines    the lines.
     * @param key      the key that named the file, for errors.
     * @param warnings where warnings are added.
     * @return the prefixes in file order.
     * @throws ConfigException naming the file and line of the first bad entry.
     */
    public static List<IpPrefix> parsePrefixes(final String fileName, final List<String> lines, final String key,
        final List<String> warnings)
    {
        final Map<IpPrefix, Integer> prefixes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).trim();
            if (line.isEmpty() || line.charAt(0) == '#')
            {
                continue;
            }
            final String location = fileName + ":" + (i + 1);
            final IpPrefix prefix;
            try
            {
                prefix = IpPrefix.parse(line);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException(location, key, ex.getMessage());
            }
            if (prefix.wasNormalised())
            {
                warnings.add(location + ": " + line + " has host bits set; using " + prefix);
            }
            final Integer previous = prefixes.putIfAbsent(prefix, i + 1);
            if (previous != null)
            {
                warnings.add(location + ": " + prefix + " is already listed at line " + previous + "; ignored");
            }
        }
        return List.copyOf(prefixes.keySet());
    }

    private static List<Hostgroup> hostgroups(final FileConfigView view, final List<IpPrefix> networks,
        final List<String> warnings)
    {
        final Map<String, FileConfigView.Setting> groupLines = new HashMap<>();
        final Map<IpPrefix, String> prefixOwner = new HashMap<>();
        final List<Hostgroup> groups = new ArrayList<>();
        for (final FileConfigView.Setting setting : view.occurrences(EngineConfig.HOSTGROUP))
        {
            final String location = setting.location();
            final String value = setting.value();
            final int colon = value.indexOf(':');
            if (colon < 0)
            {
                throw new ConfigException(location, EngineConfig.HOSTGROUP, "'" + value +
                    "' is not 'name:cidr,cidr,...'");
            }
            final String name = value.substring(0, colon).trim();
            final FileConfigView.Setting previous = groupLines.putIfAbsent(name, setting);
            if (previous != null)
            {
                throw new ConfigException(location, EngineConfig.HOSTGROUP, "hostgroup '" + name +
                    "' is already defined at " + previous.location());
            }
            final List<IpPrefix> prefixes = new ArrayList<>();
            for (final String item : value.substring(colon + 1).split(","))
            {
                final String cidr = item.trim();
                if (cidr.isEmpty())
                {
                    continue;
                }
                final IpPrefix prefix = parseGroupPrefix(location, name, cidr, warnings);
                final String owner = prefixOwner.putIfAbsent(prefix, name);
                if (owner != null)
                {
                    throw new ConfigException(location, EngineConfig.HOSTGROUP, prefix + " is in hostgroup '" +
                        owner + "' (" + groupLines.get(owner).location() + ") and in hostgroup '" + name +
                        "'; a prefix may belong to one group only");
                }
                if (!isCovered(prefix, networks))
                {
                    warnings.add(location + ": hostgroup '" + name + "': " + prefix +
                        " is not inside networks_list, so its hosts are never counted");
                }
                prefixes.add(prefix);
            }
            try
            {
                groups.add(new Hostgroup(name, prefixes, overrides(view, name)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException(location, EngineConfig.HOSTGROUP, ex.getMessage());
            }
        }
        return groups;
    }

    private static IpPrefix parseGroupPrefix(final String location, final String group, final String cidr,
        final List<String> warnings)
    {
        try
        {
            final IpPrefix prefix = IpPrefix.parse(cidr);
            if (prefix.wasNormalised())
            {
                warnings.add(location + ": hostgroup '" + group + "': " + cidr + " has host bits set; using " +
                    prefix);
            }
            return prefix;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(location, EngineConfig.HOSTGROUP, "hostgroup '" + group + "': " +
                ex.getMessage());
        }
    }

    private static boolean isCovered(final IpPrefix prefix, final List<IpPrefix> networks)
    {
        for (final IpPrefix network : networks)
        {
            if (network.overlaps(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private static Thresholds.Overrides overrides(final ConfigView view, final String group)
    {
        final Thresholds.Overrides overrides = new Thresholds.Overrides();
        final String prefix = group + "_";
        if (view.contains(prefix + EngineConfig.ENABLE_BAN))
        {
            overrides.enableBan(view.bool(prefix + EngineConfig.ENABLE_BAN, false));
        }
        if (view.contains(prefix + EngineConfig.ENABLE_BAN_IPV6))
        {
            overrides.enableBanIpv6(view.bool(prefix + EngineConfig.ENABLE_BAN_IPV6, false));
        }
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            if (view.contains(prefix + kind.switchKey()))
            {
                overrides.enable(kind, view.bool(prefix + kind.switchKey(), false));
            }
            if (view.contains(prefix + kind.thresholdKey()))
            {
                overrides.value(kind, view.longValue(prefix + kind.thresholdKey(), 0, 0, Long.MAX_VALUE));
            }
        }
        return overrides;
    }

    /**
     * A loaded configuration and the warnings found while loading it.
     */
    public static final class Result
    {
        private final EngineConfig config;
        private final List<String> warnings;
        private final List<String> errors;
        private final List<String> notes;

        Result(final EngineConfig config, final List<String> warnings, final List<String> errors,
            final List<String> notes)
        {
            this.config = config;
            this.warnings = List.copyOf(warnings);
            this.errors = List.copyOf(errors);
            this.notes = List.copyOf(notes);
        }

        /**
         * @return FastNetMon features switched on that fnm does not implement ({@code `exabgp = on`: not supported
         * by fnm yet}), each starting with {@code file:line}. Loading goes on, as FastNetMon's check passes on such
         * a file; an operator must see them (the runner prints them as errors; {@code --strict} refuses them).
         */
        public List<String> errors()
        {
            return errors;
        }

        /**
         * @return FastNetMon features fnm does not implement, switched off here.
         */
        public List<String> notes()
        {
            return notes;
        }

        /**
         * @return the configuration.
         */
        public EngineConfig config()
        {
            return config;
        }

        /**
         * @return the warnings, each starting with {@code file:line}.
         */
        public List<String> warnings()
        {
            return warnings;
        }
    }
}
