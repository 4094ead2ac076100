package io.fnm.core;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's configuration: one immutable object, built in code with {@link #builder()} or parsed from
 * {@code fastnetmon.conf} by {@link io.fnm.core.config.FastNetMonConfig#load(Path)}. Both produce the same object.
 * <p>
 * Defaults are FastNetMon's <em>code</em> defaults (what the daemon uses when a key is missing), not the values of
 * its shipped {@code fastnetmon.conf}: e.g. {@code enable_ban} off, {@code average_calculation_time} 15,
 * {@code ban_details_records_count} 50. Keys marked "ours" below do not exist in FastNetMon.
 * <p>
 * Every raw key of the file stays available through {@link #settings()}, with its {@code file:line}, so capture and
 * action providers read their own keys ({@code netflow_port}, {@code notify_script_path}...) from the same source.
 */
public final class EngineConfig
{
    /** Key of {@link #averageCalculationTimeSeconds()}. */
    public static final String AVERAGE_CALCULATION_TIME = "average_calculation_time";
    /** Key of {@link #speedCalculationDelaySeconds()}. */
    public static final String SPEED_CALCULATION_DELAY = "speed_calculation_delay";
    /** Key of {@link #processIncomingTraffic()}. */
    public static final String PROCESS_INCOMING_TRAFFIC = "process_incoming_traffic";
    /** Key of {@link #processOutgoingTraffic()}. */
    public static final String PROCESS_OUTGOING_TRAFFIC = "process_outgoing_traffic";
    /** Key of {@link #enableConnectionTracking()}. */
    public static final String ENABLE_CONNECTION_TRACKING = "enable_connection_tracking";
    /** Key of {@link #banTimeSeconds()}. */
    public static final String BAN_TIME = "ban_time";
    /** Key of {@link #unbanOnlyIfAttackFinished()}. */
    public static final String UNBAN_ONLY_IF_ATTACK_FINISHED = "unban_only_if_attack_finished";
    /** Key of {@link #banDetailsRecordsCount()}. */
    public static final String BAN_DETAILS_RECORDS_COUNT = "ban_details_records_count";
    /** Key of {@link #banDetailsMaxWaitSeconds()} (ours). */
    public static final String BAN_DETAILS_MAX_WAIT_SECONDS = "ban_details_max_wait_seconds";
    /** Key of {@link #maxTrackedHosts()} (ours). */
    public static final String MAX_TRACKED_HOSTS = "max_tracked_hosts";
    /** Key of {@link #hostIdleTimeoutSeconds()} (ours). */
    public static final String HOST_IDLE_TIMEOUT_SECONDS = "host_idle_timeout_seconds";
    /** Key of {@link #actionTimeoutSeconds()} (ours). */
    public static final String ACTION_TIMEOUT_SECONDS = "action_timeout_seconds";
    /** Key of {@link Thresholds#enableBan()}. */
    public static final String ENABLE_BAN = "enable_ban";
    /** Key of {@link Thresholds#enableBanIpv6()}. */
    public static final String ENABLE_BAN_IPV6 = "enable_ban_ipv6";
    /** Key of {@link #networks()} (the file that lists them). */
    public static final String NETWORKS_LIST_PATH = "networks_list_path";
    /** Key of {@link #whitelist()} (the file that lists them). */
    public static final String WHITE_LIST_PATH = "white_list_path";
    /** Key of {@link #hostgroups()}. */
    public static final String HOSTGROUP = "hostgroup";

    /** Largest {@code ban_details_records_count}: bounds the memory held per attack. */
    public static final int MAX_BAN_DETAILS_RECORDS = 100_000;

    private final List<IpPrefix> networks;
    private final List<IpPrefix> whitelist;
    private final boolean processIncomingTraffic;
    private final boolean processOutgoingTraffic;
    private final int averageCalculationTimeSeconds;
    private final int speedCalculationDelaySeconds;
    private final boolean enableConnectionTracking;
    private final Thresholds globalThresholds;
    private final List<Hostgroup> hostgroups;
    private final long banTimeSeconds;
    private final boolean unbanOnlyIfAttackFinished;
    private final int banDetailsRecordsCount;
    private final int banDetailsMaxWaitSeconds;
    private final int maxTrackedHosts;
    private final int hostIdleTimeoutSeconds;
    private final int actionTimeoutSeconds;
    private final ConfigView settings;
    private final Path source;

    private EngineConfig(final Builder b)
    {
        networks = List.copyOf(b.networks);
        whitelist = List.copyOf(b.whitelist);
        processIncomingTraffic = b.processIncomingTraffic;
        processOutgoingTraffic = b.processOutgoingTraffic;
        averageCalculationTimeSeconds = b.averageCalculationTimeSeconds;
        speedCalculationDelaySeconds = b.speedCalculationDelaySeconds;
        enableConnectionTracking = b.enableConnectionTracking;
        globalThresholds = b.globalThresholds;
        hostgroups = List.copyOf(b.hostgroups);
        banTimeSeconds = b.banTimeSeconds;
        unbanOnlyIfAttackFinished = b.unbanOnlyIfAttackFinished;
        banDetailsRecordsCount = b.banDetailsRecordsCount;
        banDetailsMaxWaitSeconds = b.banDetailsMaxWaitSeconds;
        maxTrackedHosts = b.maxTrackedHosts;
        hostIdleTimeoutSeconds = b.hostIdleTimeoutSeconds;
        actionTimeoutSeconds = b.actionTimeoutSeconds;
        settings = b.settings;
        source = b.source;
    }

    /**
     * @return a builder with FastNetMon's code defaults and no networks.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return a builder holding this configuration's values (e.g. to change thresholds for a reload).
     */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.networks.addAll(networks);
        b.whitelist.addAll(whitelist);
        b.processIncomingTraffic = processIncomingTraffic;
        b.processOutgoingTraffic = processOutgoingTraffic;
        b.averageCalculationTimeSeconds = averageCalculationTimeSeconds;
        b.speedCalculationDelaySeconds = speedCalculationDelaySeconds;
        b.enableConnectionTracking = enableConnectionTracking;
        b.globalThresholds = globalThresholds;
        b.hostgroups.addAll(hostgroups);
        b.banTimeSeconds = banTimeSeconds;
        b.unbanOnlyIfAttackFinished = unbanOnlyIfAttackFinished;
        b.banDetailsRecordsCount = banDetailsRecordsCount;
        b.banDetailsMaxWaitSeconds = banDetailsMaxWaitSeconds;
        b.maxTrackedHosts = maxTrackedHosts;
        b.hostIdleTimeoutSeconds = hostIdleTimeoutSeconds;
        b.actionTimeoutSeconds = actionTimeoutSeconds;
        b.settings = settings;
        b.source = source;
        return b;
    }

    /**
     * @return our prefixes ({@code networks_list}), IPv4 and IPv6; they define the traffic direction.
     */
    public List<IpPrefix> networks()
    {
        return networks;
    }

    /**
     * @return prefixes whose hosts are never banned ({@code networks_whitelist}); their traffic is still counted.
     */
    public List<IpPrefix> whitelist()
    {
        return whitelist;
    }

    /**
     * @return {@code process_incoming_traffic} (default true).
     */
    public boolean processIncomingTraffic()
    {
        return processIncomingTraffic;
    }

    /**
     * @return {@code process_outgoing_traffic} (default true).
     */
    public boolean processOutgoingTraffic()
    {
        return processOutgoingTraffic;
    }

    /**
     * @return {@code average_calculation_time}, the moving-average time constant in seconds (default 15).
     */
    public int averageCalculationTimeSeconds()
    {
        return averageCalculationTimeSeconds;
    }

    /**
     * @return {@code speed_calculation_delay}, seconds between speed calculations (default 1).
     */
    public int speedCalculationDelaySeconds()
    {
        return speedCalculationDelaySeconds;
    }

    /**
     * @return {@code enable_connection_tracking}: count distinct flows per host (default true).
     */
    public boolean enableConnectionTracking()
    {
        return enableConnectionTracking;
    }

    /**
     * @return the global thresholds, including {@code enable_ban} and {@code enable_ban_ipv6} (both off by default).
     */
    public Thresholds globalThresholds()
    {
        return globalThresholds;
    }

    /**
     * @return the hostgroups; a prefix appears in at most one group.
     */
    public List<Hostgroup> hostgroups()
    {
        return hostgroups;
    }

    /**
     * @return {@code ban_time} in seconds (default 1800); 0 means a ban is never lifted.
     */
    public long banTimeSeconds()
    {
        return banTimeSeconds;
    }

    /**
     * @return {@code unban_only_if_attack_finished} (default true).
     */
    public boolean unbanOnlyIfAttackFinished()
    {
        return unbanOnlyIfAttackFinished;
    }

    /**
     * @return {@code ban_details_records_count}, records of the attack delivered as details (default 50).
     */
    public int banDetailsRecordsCount()
    {
        return banDetailsRecordsCount;
    }

    /**
     * @return ours, {@code ban_details_max_wait_seconds} (default 20): how long to collect attack-details records
     *         before delivering what was collected.
     */
    public int banDetailsMaxWaitSeconds()
    {
        return banDetailsMaxWaitSeconds;
    }

    /**
     * @return ours, {@code max_tracked_hosts} (default 1,048,576 per IP version): the memory bound of the host
     *         tables (active and idle hosts together, and each counting partition's hosts per interval). When it is
     *         reached, a new host takes the row of an idle host; with none idle, a new host whose traffic in the
     *         interval alone exceeds a banning threshold displaces the quietest host; any other new host is not
     *         tracked (counted in {@code fnm_hosts_untracked_total}; the table being full in
     *         {@code fnm_host_table_full_total} and a warning at most once a minute).
     */
    public int maxTrackedHosts()
    {
        return maxTrackedHosts;
    }

    /**
     * @return ours, {@code host_idle_timeout_seconds} (default 60): a host is forgotten this long after all its
     *         averages reached zero (until then it reads as tracked with zero rates and counts toward
     *         {@link #maxTrackedHosts()}).
     */
    public int hostIdleTimeoutSeconds()
    {
        return hostIdleTimeoutSeconds;
    }

    /**
     * @return ours, {@code action_timeout_seconds} (default 30): the time an action may take.
     */
    public int actionTimeoutSeconds()
    {
        return actionTimeoutSeconds;
    }

    /**
     * @return every raw key of the file with {@code file:line} locations; {@link ConfigView#EMPTY} when built in
     *         code without settings.
     */
    public ConfigView settings()
    {
        return settings;
    }

    /**
     * @return the configuration file, or null when built in code.
     */
    public Path source()
    {
        return source;
    }

    @Override
    public String toString()
    {
        return "EngineConfig{source=" + source + ", networks=" + networks + ", whitelist=" + whitelist +
            ", process_incoming_traffic=" + processIncomingTraffic +
            ", process_outgoing_traffic=" + processOutgoingTraffic +
            ", average_calculation_time=" + averageCalculationTimeSeconds +
            ", speed_calculation_delay=" + speedCalculationDelaySeconds +
            ", enable_connection_tracking=" + enableConnectionTracking +
            ", thresholds=" + globalThresholds + ", hostgroups=" + hostgroups +
            ", ban_time=" + banTimeSeconds + ", unban_only_if_attack_finished=" + unbanOnlyIfAttackFinished +
            ", ban_details_records_count=" + banDetailsRecordsCount +
            ", ban_details_max_wait_seconds=" + banDetailsMaxWaitSeconds +
            ", max_tracked_hosts=" + maxTrackedHosts + ", host_idle_timeout_seconds=" + hostIdleTimeoutSeconds +
            ", action_timeout_seconds=" + actionTimeoutSeconds + '}';
    }

    /**
     * Builds an {@link EngineConfig}. Setters only store; {@link #build()} validates and names the offending key.
     */
    public static final class Builder
    {
        private final List<IpPrefix> networks = new ArrayList<>();
        private final List<IpPrefix> whitelist = new ArrayList<>();
        private boolean processIncomingTraffic = true;
        private boolean processOutgoingTraffic = true;
        private int averageCalculationTimeSeconds = 15;
        private int speedCalculationDelaySeconds = 1;
        private boolean enableConnectionTracking = true;
        private Thresholds globalThresholds = Thresholds.none();
        private final List<Hostgroup> hostgroups = new ArrayList<>();
        private long banTimeSeconds = 1800;
        private boolean unbanOnlyIfAttackFinished = true;
        private int banDetailsRecordsCount = 50;
        private int banDetailsMaxWaitSeconds = 20;
        private int maxTrackedHosts = 1_048_576;
        private int hostIdleTimeoutSeconds = 60;
        private int actionTimeoutSeconds = 30;
        private ConfigView settings = ConfigView.EMPTY;
        private Path source;

        private Builder()
        {
        }

        /**
         * @param prefix one of our prefixes (added).
         * @return this.
         */
        public Builder network(final IpPrefix prefix)
        {
            networks.add(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        /**
         * @param cidr one of our prefixes as text, e.g. {@code 192.0.2.0/24} (added).
         * @return this.
         * @throws IllegalArgumentException when the text is not a prefix.
         */
        public Builder network(final String cidr)
        {
            return network(IpPrefix.parse(cidr));
        }

        /**
         * @param prefixes our prefixes (replace any set before).
         * @return this.
         */
        public Builder networks(final List<IpPrefix> prefixes)
        {
            networks.clear();
            for (final IpPrefix prefix : prefixes)
            {
                network(prefix);
            }
            return this;
        }

        /**
         * @param prefix a whitelisted prefix (added).
         * @return this.
         */
        public Builder whitelist(final IpPrefix prefix)
        {
            whitelist.add(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        /**
         * @param prefixes the whitelisted prefixes (replace any set before).
         * @return this.
         */
        public Builder whitelist(final List<IpPrefix> prefixes)
        {
            whitelist.clear();
            for (final IpPrefix prefix : prefixes)
            {
                whitelist(prefix);
            }
            return this;
        }

        /**
         * @param on {@code process_incoming_traffic}.
         * @return this.
         */
        public Builder processIncomingTraffic(final boolean on)
        {
            processIncomingTraffic = on;
            return this;
        }

        /**
         * @param on {@code process_outgoing_traffic}.
         * @return this.
         */
        public Builder processOutgoingTraffic(final boolean on)
        {
            processOutgoingTraffic = on;
            return this;
        }

        /**
         * @param seconds {@code average_calculation_time}, at least 1.
         * @return this.
         */
        public Builder averageCalculationTimeSeconds(final int seconds)
        {
            averageCalculationTimeSeconds = seconds;
            return this;
        }

        /**
         * @param seconds {@code speed_calculation_delay}, at least 1.
         * @return this.
         */
        public Builder speedCalculationDelaySeconds(final int seconds)
        {
            speedCalculationDelaySeconds = seconds;
            return this;
        }

        /**
         * @param on {@code enable_connection_tracking}.
         * @return this.
         */
        public Builder enableConnectionTracking(final boolean on)
        {
            enableConnectionTracking = on;
            return this;
        }

        /**
         * @param thresholds the global thresholds (including enable_ban / enable_ban_ipv6).
         * @return this.
         */
        public Builder globalThresholds(final Thresholds thresholds)
        {
            globalThresholds = Objects.requireNonNull(thresholds, "thresholds");
            return this;
        }

        /**
         * @param group a hostgroup (added).
         * @return this.
         */
        public Builder hostgroup(final Hostgroup group)
        {
            hostgroups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /**
         * @param groups the hostgroups (replace any set before).
         * @return this.
         */
        public Builder hostgroups(final List<Hostgroup> groups)
        {
            hostgroups.clear();
            for (final Hostgroup group : groups)
            {
                hostgroup(group);
            }
            return this;
        }

        /**
         * @param seconds {@code ban_time}; 0 = never unban.
         * @return this.
         */
        public Builder banTimeSeconds(final long seconds)
        {
            banTimeSeconds = seconds;
            return this;
        }

        /**
         * @param on {@code unban_only_if_attack_finished}.
         * @return this.
         */
        public Builder unbanOnlyIfAttackFinished(final boolean on)
        {
            unbanOnlyIfAttackFinished = on;
            return this;
        }

        /**
         * @param count {@code ban_details_records_count}, 0..{@value EngineConfig#MAX_BAN_DETAILS_RECORDS}.
         * @return this.
         */
        public Builder banDetailsRecordsCount(final int count)
        {
            banDetailsRecordsCount = count;
            return this;
        }

        /**
         * @param seconds ours, {@code ban_details_max_wait_seconds}, not negative.
         * @return this.
         */
        public Builder banDetailsMaxWaitSeconds(final int seconds)
        {
            banDetailsMaxWaitSeconds = seconds;
            return this;
        }

        /**
         * @param count ours, {@code max_tracked_hosts} per IP version, at least 1.
         * @return this.
         */
        public Builder maxTrackedHosts(final int count)
        {
            maxTrackedHosts = count;
            return this;
        }

        /**
         * @param seconds ours, {@code host_idle_timeout_seconds}, at least 1.
         * @return this.
         */
        public Builder hostIdleTimeoutSeconds(final int seconds)
        {
            hostIdleTimeoutSeconds = seconds;
            return this;
        }

        /**
         * @param seconds ours, {@code action_timeout_seconds}, at least 1.
         * @return this.
         */
        public Builder actionTimeoutSeconds(final int seconds)
        {
            actionTimeoutSeconds = seconds;
            return this;
        }

        /**
         * @param view the raw settings providers read their keys from (and error locations come from).
         * @return this.
         */
        public Builder settings(final ConfigView view)
        {
            settings = Objects.requireNonNull(view, "view");
            return this;
        }

        /**
         * @param file the configuration file this was read from, or null.
         * @return this.
         */
        public Builder source(final Path file)
        {
            source = file;
            return this;
        }

        /**
         * @return the configuration.
         * @throws ConfigException naming the key (and file:line when known) of the first invalid value.
         */
        public EngineConfig build()
        {
            checkRange(AVERAGE_CALCULATION_TIME, averageCalculationTimeSeconds, 0, 86_400);
            checkRange(SPEED_CALCULATION_DELAY, speedCalculationDelaySeconds, 1, 3_600);
            checkRange(BAN_TIME, banTimeSeconds, 0, Long.MAX_VALUE / 1000);
            checkRange(BAN_DETAILS_RECORDS_COUNT, banDetailsRecordsCount, 0, MAX_BAN_DETAILS_RECORDS);
            checkRange(BAN_DETAILS_MAX_WAIT_SECONDS, banDetailsMaxWaitSeconds, 0, 86_400);
            checkRange(MAX_TRACKED_HOSTS, maxTrackedHosts, 1, 1 << 30);
            checkRange(HOST_IDLE_TIMEOUT_SECONDS, hostIdleTimeoutSeconds, 1, 86_400 * 365);
            checkRange(ACTION_TIMEOUT_SECONDS, actionTimeoutSeconds, 1, 86_400);
            checkHostgroups();
            return new EngineConfig(this);
        }

        private void checkRange(final String key, final long value, final long min, final long max)
        {
            if (value < min || value > max)
            {
                throw settings.error(key, value + " is out of range [" + min + ", " + max + "]");
            }
        }

        private void checkHostgroups()
        {
            final Set<String> names = new HashSet<>();
            final Map<IpPrefix, String> owner = new HashMap<>();
            for (final Hostgroup group : hostgroups)
            {
                if (!names.add(group.name()))
                {
                    throw settings.error(HOSTGROUP, "hostgroup '" + group.name() + "' is defined twice");
                }
                for (final IpPrefix prefix : group.prefixes())
                {
                    final String previous = owner.putIfAbsent(prefix, group.name());
                    if (previous != null)
                    {
                        throw settings.error(HOSTGROUP, prefix + " is in hostgroup '" + previous +
                            "' and in hostgroup '" + group.name() + "'; a prefix may belong to one group only");
                    }
                }
            }
        }
    }
}
