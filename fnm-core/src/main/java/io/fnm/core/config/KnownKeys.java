package io.fnm.core.config;

import io.fnm.core.EngineConfig;
import io.fnm.core.ThresholdKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys fnm-core recognises by itself: the engine's own, FastNetMon Community's (reference tables §1.2-§1.7,
 * whether or not fnm implements them) and the legacy keys older FastNetMon versions read and current ones ignore
 * (§1.9). Keys that only fnm's capture and action modules read (e.g. {@code unpack_ipip},
 * {@code netflow_max_exporters}) are not listed here: each provider declares its own
 * ({@code CaptureSourceProvider.configKeys()}, {@code AttackActionProvider.configKeys()}) and the check asks the
 * providers found by {@link java.util.ServiceLoader} ({@link FastNetMonConfig#providerKeys(ClassLoader)}).
 * <p>
 * FastNetMon's keys stay recognised even when fnm's module that reads them is absent, so that a FastNetMon file
 * checks clean whatever modules are on the class path; its feature switches ({@link #isFeatureSwitch(String)}) that
 * no provider declares are reported when switched on, since nothing here would act on them.
 */
final class KnownKeys
{
    /** Per-hostgroup key suffixes: {@code <group>_<suffix>}. */
    static final List<String> HOSTGROUP_SUFFIXES;

    private static final Set<String> KNOWN;
    private static final Set<String> LEGACY = Set.of(
        "enable_subnet_counters", "average_calculation_time_for_subnets", "process_pcap_attack_dumps_with_dpi",
        "exabgp_flow_spec_announces", "netflow_divide_counters_on_interval_length", "pfring_sampling_ratio",
        "enable_pf_ring_zc_mode", "pfring_hardware_filters_enabled", "mirror_snabbswitch", "interfaces_snabbswitch",
        "sflow_qinq_process", "sflow_qinq_ethertype", "netflow_lua_hooks_path", "sflow_lua_hooks_path");
    /** FastNetMon switches that turn a capture backend or an action/export on. */
    private static final Set<String> FEATURE_SWITCHES = Set.of(
        "mirror_afpacket", "mirror_afxdp", "mirror_netmap", "pcap", "mirror", "netflow", "sflow",
        "collect_attack_pcap_dumps", "redis_enabled", "mongodb_enabled", "exabgp", "gobgp", "influxdb",
        "clickhouse_metrics", "graphite", "kafka_traffic_export", "enable_api", "monitor_openvz_vps_ip_addresses",
        "cli_stats_file_path", "cli_stats_ipv6_file_path", "prometheus");
    /** FastNetMon features switched on by naming a file: on when set to anything. */
    private static final Set<String> FEATURE_PATHS = Set.of("cli_stats_file_path", "cli_stats_ipv6_file_path");

    static
    {
        final List<String> suffixes = new ArrayList<>();
        suffixes.add(EngineConfig.ENABLE_BAN);
        suffixes.add(EngineConfig.ENABLE_BAN_IPV6);
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            suffixes.add(kind.switchKey());
            suffixes.add(kind.thresholdKey());
        }
        HOSTGROUP_SUFFIXES = Collections.unmodifiableList(suffixes);

        final Set<String> known = new LinkedHashSet<>(suffixes);
        Collections.addAll(known,
            // the engine's own keys (FastNetMon's and fnm's) besides the detection keys above
            EngineConfig.BAN_TIME, EngineConfig.UNBAN_ONLY_IF_ATTACK_FINISHED, EngineConfig.BAN_DETAILS_RECORDS_COUNT,
            EngineConfig.PROCESS_INCOMING_TRAFFIC, EngineConfig.PROCESS_OUTGOING_TRAFFIC,
            EngineConfig.ENABLE_CONNECTION_TRACKING, EngineConfig.NETWORKS_LIST_PATH, EngineConfig.WHITE_LIST_PATH,
            EngineConfig.AVERAGE_CALCULATION_TIME, EngineConfig.SPEED_CALCULATION_DELAY, EngineConfig.HOSTGROUP,
            EngineConfig.BAN_DETAILS_MAX_WAIT_SECONDS, EngineConfig.MAX_TRACKED_HOSTS,
            EngineConfig.MAX_BANNED_HOSTS, EngineConfig.BAN_DETAILS_MAX_OPEN,
            EngineConfig.HOST_IDLE_TIMEOUT_SECONDS, EngineConfig.ACTION_TIMEOUT_SECONDS,
            // FastNetMon §1.2 logging and general (the runner reads none of them but prometheus_*)
            "logging_level", "logging_local_syslog_logging", "logging_remote_syslog_logging",
            "logging_remote_syslog_server", "logging_remote_syslog_port", "disable_usage_report", "pid_path",
            "enable_api", "monitor_local_ip_addresses", "monitor_openvz_vps_ip_addresses",
            "dump_all_traffic", "dump_other_traffic",
            // FastNetMon §1.4 capture; netflow*, sflow*, unpack_* and parse_mpls are also declared by fnm's modules
            "mirror_afpacket", "mirror_af_packet_custom_sampling_rate", "mirror_af_packet_fanout_mode",
            "af_packet_read_packet_length_from_ip_header", "mirror_afxdp", "poll_mode_xdp", "xdp_set_promisc",
            "zero_copy_xdp", "force_native_mode_xdp", "xdp_read_packet_length_from_ip_header", "microcode_xdp_path",
            "mirror_netmap", "netmap_sampling_ratio", "netmap_read_packet_length_from_ip_header", "pcap", "netflow",
            "sflow", "interfaces", "netflow_port", "netflow_host", "netflow_sampling_ratio", "sflow_port",
            "sflow_host", "sflow_read_packet_length_from_ip_header", "mirror", "unpack_gre", "unpack_gtp_v1",
            "unpack_ppp", "parse_mpls",
            // FastNetMon §1.5 actions and exports; notify_script_path is also declared by fnm-actions
            "notify_script_path", "collect_attack_pcap_dumps", "redis_enabled", "redis_host", "redis_port",
            "redis_prefix", "mongodb_enabled", "mongodb_host", "mongodb_port", "mongodb_database_name", "exabgp",
            "exabgp_command_pipe", "exabgp_community", "exabgp_community_subnet", "exabgp_community_host",
            "exabgp_next_hop", "exabgp_announce_host", "exabgp_announce_whole_subnet", "gobgp", "gobgp_next_hop",
            "gobgp_next_hop_host_ipv4", "gobgp_next_hop_subnet_ipv4", "gobgp_announce_host",
            "gobgp_announce_whole_subnet", "gobgp_community_host", "gobgp_community_subnet", "gobgp_next_hop_ipv6",
            "gobgp_next_hop_host_ipv6", "gobgp_next_hop_subnet_ipv6", "gobgp_announce_host_ipv6",
            "gobgp_announce_whole_subnet_ipv6", "gobgp_community_host_ipv6", "gobgp_community_subnet_ipv6",
            "influxdb", "influxdb_host", "influxdb_port", "influxdb_database", "influxdb_auth", "influxdb_user",
            "influxdb_password", "influxdb_push_period", "clickhouse_metrics", "clickhouse_metrics_database",
            "clickhouse_metrics_username", "clickhouse_metrics_password", "clickhouse_metrics_host",
            "clickhouse_metrics_port", "clickhouse_metrics_push_period", "graphite", "graphite_host",
            "graphite_port", "graphite_prefix", "graphite_push_period", "kafka_traffic_export",
            "kafka_traffic_export_topic", "kafka_traffic_export_format", "kafka_traffic_export_brokers",
            "prometheus", "prometheus_host", "prometheus_port",
            // FastNetMon §1.6 client and screen
            "check_period", "sort_parameter", "max_ips_in_list", "cli_stats_file_path", "cli_stats_ipv6_file_path");
        KNOWN = Collections.unmodifiableSet(known);
    }

    private KnownKeys()
    {
    }

    /**
     * @param key a global key.
     * @return true when the engine or FastNetMon reads it.
     */
    static boolean isKnown(final String key)
    {
        return KNOWN.contains(key);
    }

    /**
     * @param key a key.
     * @return true when only older FastNetMon versions read it (including the {@code logging:*} forms).
     */
    static boolean isLegacy(final String key)
    {
        return LEGACY.contains(key) || key.startsWith("logging:");
    }

    /**
     * @param key a key.
     * @return true when it is a FastNetMon switch that turns a capture backend or an action/export on.
     */
    static boolean isFeatureSwitch(final String key)
    {
        return FEATURE_SWITCHES.contains(key);
    }

    /**
     * @param key a feature switch.
     * @return true when it is a path whose presence switches the feature on.
     */
    static boolean isFeaturePath(final String key)
    {
        return FEATURE_PATHS.contains(key);
    }

    /**
     * @return every key recognised without asking the providers.
     */
    static Set<String> all()
    {
        return KNOWN;
    }
}
