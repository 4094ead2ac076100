#!/usr/bin/env bash
# Whole-process CPU cost per mirrored packet: fnm (examples/target/fnm-runner-0.1.0-SNAPSHOT.jar, mirror_afpacket) side by side with
# FastNetMon 1.2.4 (mirror_afpacket = on), both capturing the same veth in a network namespace this script creates,
# fed the same pcap with tcpreplay --topspeed in the same run. Needs root, iproute2, tcpreplay, curl, FastNetMon.
#
#   benchmarks/mirror-whole-process.sh [--frames 100000] [--loops 20] [--runs 3] [--workdir DIR] [--no-fastnetmon]
#
# Per run: write one FastNetMon-style config (networks 10.0.0.0/16, thresholds out of reach, AF_PACKET on v0, the
# two copies differ only in their Prometheus ports), start both inside the namespace, warm up with one replay, then
# read utime+stime of each whole process from /proc/<pid>/stat, its packet counter and fnm's kernel drops before and
# after tcpreplay --topspeed --loop <loops> on v1, and print packets per CPU-second and packets captured per second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRAMES=100000
LOOPS=20
RUNS=3
WORKDIR=""
WITH_FASTNETMON=1
FNM_JAR="${FNM_JAR:-$ROOT/examples/target/fnm-runner-0.1.0-SNAPSHOT.jar}"
LOAD_JAR="${LOAD_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
FASTNETMON="${FASTNETMON:-fastnetmon}"
FNM_METRIC="${FNM_METRIC:-fnm_records_processed_total}"
FNM_DROPS_METRIC="${FNM_DROPS_METRIC:-mirror_kernel_drops_total}"
FASTNETMON_METRIC="${FASTNETMON_METRIC:-fastnetmon_total_simple_packets_processed}"
FASTNETMON_PROMETHEUS_PORT=29219 FNM_PROMETHEUS_PORT=29220
NS="fnm-bench-$$"

while [ $# -gt 0 ]; do
    case "$1" in
        --frames) FRAMES="$2"; shift 2 ;;
        --loops) LOOPS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --workdir) WORKDIR="$2"; shift 2 ;;
        --no-fastnetmon) WITH_FASTNETMON=0; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
if [ ! -f "$FNM_JAR" ] || [ ! -f "$LOAD_JAR" ]; then
    (cd "$ROOT" && mvn -o -B -ntp -q -pl examples,benchmarks -am package -DskipTests)
fi
WORKDIR="${WORKDIR:-$(mktemp -d /tmp/fnm-mirror-whole-process.XXXXXX)}"
mkdir -p "$WORKDIR"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()

cleanup()
{
    local pid i
    for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for i in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
    done
    PIDS=()
}
trap 'cleanup; ip netns del "$NS" 2> /dev/null || true' EXIT

cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

metric()
{
    # a server that is not (yet) listening reads as 0, not as a failed pipeline (set -e with pipefail)
    { ip netns exec "$NS" curl -sf "http://127.0.0.1:$1/metrics" 2> /dev/null || true; } \
        | awk -v name="$2" '$1 == name || index($1, name "{") == 1 {sum += $NF; found = 1}
            END {if (found) printf "%.0f\n", sum; else print 0}'
}

settle()
{
    local last="" now i
    for i in $(seq 1 40); do
        now="$(metric $FNM_PROMETHEUS_PORT "$FNM_METRIC") $(metric $FASTNETMON_PROMETHEUS_PORT "$FASTNETMON_METRIC")"
        [ "$now" = "$last" ] && return 0
        last="$now"
        sleep 0.5
    done
}

ip netns add "$NS"
ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS" link set lo up
ip -n "$NS" link add v0 type veth peer name v1
ip -n "$NS" link set v0 up
ip -n "$NS" link set v1 up
printf '10.0.0.0/16\n' > "$WORKDIR/networks_list"
: > "$WORKDIR/networks_whitelist"
printf '#!/bin/sh\nexit 0\n' > "$WORKDIR/notify.sh"; chmod +x "$WORKDIR/notify.sh"
java -cp "$LOAD_JAR" io.fnm.benchmarks.MirrorLoadPcap "$WORKDIR/load.pcap" "$FRAMES"

write_config()
{
    cat > "$1" << CONF
logging_level = info
disable_usage_report = on
enable_ban = on
networks_list_path = $WORKDIR/networks_list
white_list_path = $WORKDIR/networks_whitelist
enable_connection_tracking = on
ban_for_pps = on
ban_for_bandwidth = on
threshold_pps = 1000000000
threshold_mbps = 1000000000
threshold_flows = 1000000000
average_calculation_time = 5
speed_calculation_delay = 1
mirror_afpacket = on
interfaces = v0
netflow = off
sflow = off
pcap = off
notify_script_path = $WORKDIR/notify.sh
monitor_local_ip_addresses = off
enable_api = off
prometheus = on
prometheus_host = 127.0.0.1
prometheus_port = $2
cli_stats_file_path = $WORKDIR/$3.dat
cli_stats_ipv6_file_path = $WORKDIR/${3}_ipv6.dat
CONF
}

echo "run  fnm_pkts  fnm_cpu_s  fnm_pkts_per_cpu_s  fnm_drops  fnm_pkts_per_s  fastnetmon_pkts  fastnetmon_cpu_s  fastnetmon_pkts_per_cpu_s  ratio"
for run in $(seq 1 "$RUNS"); do
    write_config "$WORKDIR/fnm.conf" $FNM_PROMETHEUS_PORT fnm
    write_config "$WORKDIR/fastnetmon.conf" $FASTNETMON_PROMETHEUS_PORT fastnetmon
    ip netns exec "$NS" java -jar "$FNM_JAR" run --configuration_file "$WORKDIR/fnm.conf" > "$WORKDIR/fnm.log" 2>&1 &
    FNM_PID=$!; PIDS+=("$FNM_PID")
    FNMON_PID=0
    if [ "$WITH_FASTNETMON" = 1 ]; then
        ip netns exec "$NS" "$FASTNETMON" --configuration_file "$WORKDIR/fastnetmon.conf" --log_to_console \
            --disable_pid_logic > "$WORKDIR/fastnetmon.log" 2>&1 &
        FNMON_PID=$!; PIDS+=("$FNMON_PID")
    fi
    for i in $(seq 1 150); do
        [ "$(metric $FNM_PROMETHEUS_PORT "$FNM_METRIC")" != 0 ] || [ -n "$({ ip netns exec "$NS" curl -sf \
            "http://127.0.0.1:$FNM_PROMETHEUS_PORT/metrics" 2> /dev/null || true; } | head -1)" ] && break
        sleep 0.2
    done
    sleep 3
    ip netns exec "$NS" tcpreplay -q --topspeed -i v1 "$WORKDIR/load.pcap" > /dev/null 2>&1
    settle
    f0="$(metric $FNM_PROMETHEUS_PORT "$FNM_METRIC")"; d0="$(metric $FNM_PROMETHEUS_PORT "$FNM_DROPS_METRIC")"
    c0="$(cpu_ticks "$FNM_PID")"
    g0=0; e0=0
    if [ "$FNMON_PID" != 0 ]; then
        g0="$(metric $FASTNETMON_PROMETHEUS_PORT "$FASTNETMON_METRIC")"; e0="$(cpu_ticks "$FNMON_PID")"
    fi
    t0="$(date +%s.%N)"
    ip netns exec "$NS" tcpreplay -q --topspeed --loop "$LOOPS" -i v1 "$WORKDIR/load.pcap" > "$WORKDIR/tcpreplay.log" 2>&1
    t1="$(date +%s.%N)"
    settle
    f1="$(metric $FNM_PROMETHEUS_PORT "$FNM_METRIC")"; d1="$(metric $FNM_PROMETHEUS_PORT "$FNM_DROPS_METRIC")"
    c1="$(cpu_ticks "$FNM_PID")"
    g1=0; e1=0
    if [ "$FNMON_PID" != 0 ]; then
        g1="$(metric $FASTNETMON_PROMETHEUS_PORT "$FASTNETMON_METRIC")"; e1="$(cpu_ticks "$FNMON_PID")"
    fi
    awk -v run="$run" -v f=$((f1 - f0)) -v c=$((c1 - c0)) -v d=$((d1 - d0)) -v g=$((g1 - g0)) -v e=$((e1 - e0)) \
        -v tck="$CLK_TCK" -v secs="$(echo "$t1 - $t0" | bc)" 'BEGIN {
        fc = c / tck; ec = e / tck; fr = fc > 0 ? f / fc : 0; er = ec > 0 ? g / ec : 0
        printf "%-4s %9d %10.2f %19.0f %10d %15.0f %16d %17.2f %26.0f %6s\n", run, f, fc, fr, d, f / secs, g, ec, er,
            (er > 0 ? sprintf("%.2f", fr / er) : "-") }'
    cleanup
done
echo "sent $((FRAMES * LOOPS)) frames per run; logs and configs in $WORKDIR"
