package io.fnm.core.config;

import io.fnm.core.EngineConfig;
import io.fnm.core.ThresholdKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys a {@code fastnetmon.conf} may hold: every key FastNetMon Community reads (reference tables §1.2-§1.7,
 * capture and action keys included, whether or not fnm implements them), the keys fnm adds, and the legacy keys
 * older FastNetMon versions read and current ones ignore (§1.9).
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
            // §1.2 logging and general
            "logging_level", "logging_local_syslog_logging", "logging_remote_syslog_logging",
            "logging_remote_syslog_server", "logging_remote_syslog_port", "disable_usage_report", "pid_path",
            "enable_api", "monitor_local_ip_addresses", "monitor_openvz_vps_ip_addresses",
            // §1.3 ban control
            EngineConfig.BAN_TIME, EngineConfig.UNBAN_ONLY_IF_ATTACK_FINISHED, EngineConfig.BAN_DETAILS_RECORDS_COUNT,
            EngineConfig.PROCESS_INCOMING_TRAFFIC, EngineConfig.PROCESS_OUTGOING_TRAFFIC,
            EngineConfig.ENABLE_CONNECTION_TRACKING, "dump_all_traffic", "dump_other_traffic",
            EngineConfig.NETWORKS_LIST_PATH, EngineConfig.WHITE_LIST_PATH,
            // §1.4 capture
            "mirror_afpacket", "mirror_af_packet_custom_sampling_rate", "mirror_af_packet_fanout_mode",
            "af_packet_read_packet_length_from_ip_header", "mirror_afxdp", "poll_mode_xdp", "xdp_set_promisc",
            "zero_copy_xdp", "force_native_mode_xdp", "xdp_read_packet_length_from_ip_header", "microcode_xdp_path",
            "mirror_netmap", "netmap_sampling_ratio", "netmap_read_packet_length_from_ip_header", "pcap", "netflow",
            "sflow", "interfaces", EngineConfig.AVERAGE_CALCULATION_TIME, EngineConfig.SPEED_CALCULATION_DELAY,
            "netflow_port", "netflow_host", "netflow_sampling_ratio", "sflow_port", "sflow_host",
            "sflow_read_packet_length_from_ip_header", "mirror", "unpack_gre", "unpack_gtp_v1", "unpack_ppp",
            "parse_mpls",
            // §1.5 actions and exports
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
            // §1.6 client and screen
            "check_period", "sort_parameter", "max_ips_in_list", "cli_stats_file_path", "cli_stats_ipv6_file_path",
            // §1.7 hostgroups
            EngineConfig.HOSTGROUP,
            // fnm's own keys
            EngineConfig.BAN_DETAILS_MAX_WAIT_SECONDS, EngineConfig.MAX_TRACKED_HOSTS,
            EngineConfig.HOST_IDLE_TIMEOUT_SECONDS, EngineConfig.ACTION_TIMEOUT_SECONDS,
            "notify_script_timeout_seconds", "notify_script_pass_details",
            "netflow_socket_receive_buffer_bytes", "netflow_template_timeout_seconds",
            "netflow_max_templates_per_exporter", "netflow_max_templates_total", "netflow_max_exporters",
            "netflow_spread_long_flows", "netflow_threads", "sflow_socket_receive_buffer_bytes", "sflow_threads",
            "unpack_vxlan", "unpack_geneve",
            "unpack_l2tp");
        KNOWN = Collections.unmodifiableSet(known);
    }

    private KnownKeys()
    {
    }

    /**
     * @param key a global key.
     * @return true when FastNetMon or fnm reads it.
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
     * @return every known global key.
     */
    static Set<String> all()
    {
        return KNOWN;
    }
}
