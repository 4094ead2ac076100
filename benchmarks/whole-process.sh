#!/usr/bin/env bash
# Whole-process CPU cost per record: the fnm runner (examples/target/fnm-runner-0.1.0-SNAPSHOT.jar) side by side with FastNetMon, both fed
# the same NetFlow v9 or sFlow datagrams in the same run. See benchmarks/README.md for what it measures and why.
#
#   benchmarks/whole-process.sh [--protocol netflow|sflow|both] [--seconds 20] [--rate 0] [--runs 3] [--warmup 10]
#                               [--records 29] [--samples 7] [--workdir DIR] [--build] [--no-fastnetmon] [--threads]
#
# Per run: write one FastNetMon-style config (networks 10.0.0.0/16, connection tracking on, thresholds out of reach;
# the two copies differ only in their ports), start FastNetMon and fnm, warm up, then read utime+stime of each whole
# process from /proc/<pid>/stat and its own processed-record counter before and after <seconds> of load sent by
# io.fnm.benchmarks.WholeProcessLoad (benchmarks.jar) to both sockets, and print records per CPU-second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROTOCOL=netflow
DURATION=20
RATE=0
RUNS=3
WARMUP=10
RECORDS=29
SAMPLES=7
WORKDIR=""
BUILD=0
WITH_FASTNETMON=1
SHOW_THREADS=0
FNM_JAR="${FNM_JAR:-$ROOT/examples/target/fnm-runner-0.1.0-SNAPSHOT.jar}"
LOAD_JAR="${LOAD_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
LOAD_CLASS="${LOAD_CLASS:-io.fnm.benchmarks.WholeProcessLoad}"
# The JVM options of the packaged launcher (examples/src/deb/bin/fnm): transparent huge pages when the kernel offers
# them. FNM_JAVA_OPTS=" " runs the bare JVM.
if [ -z "${FNM_JAVA_OPTS:-}" ] && [ -e /sys/kernel/mm/transparent_hugepage/enabled ] \
    && ! grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled; then
    FNM_JAVA_OPTS="-XX:+UseTransparentHugePages"
fi
FNM_JAVA_OPTS="${FNM_JAVA_OPTS:-}"
FASTNETMON="${FASTNETMON:-fastnetmon}"
# fnm's processed-record counter in /metrics (summed over labels) and FastNetMon's (Prometheus, 1.2.x).
FNM_RECORDS_METRIC="${FNM_RECORDS_METRIC:-fnm_records_processed_total}"
FASTNETMON_RECORDS_METRIC="${FASTNETMON_RECORDS_METRIC:-fastnetmon_total_simple_packets_processed}"
# Ports: FastNetMon's collector and Prometheus, then fnm's.
FASTNETMON_NETFLOW_PORT=22055 FNM_NETFLOW_PORT=22056
FASTNETMON_SFLOW_PORT=26343 FNM_SFLOW_PORT=26344
FASTNETMON_PROMETHEUS_PORT=29209 FNM_PROMETHEUS_PORT=29210

usage()
{
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --protocol) PROTOCOL="$2"; shift 2 ;;
        --seconds) DURATION="$2"; shift 2 ;;
        --rate) RATE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --records) RECORDS="$2"; shift 2 ;;
        --samples) SAMPLES="$2"; shift 2 ;;
        --workdir) WORKDIR="$2"; shift 2 ;;
        --build) BUILD=1; shift ;;
        --no-fastnetmon) WITH_FASTNETMON=0; shift ;;
        --threads) SHOW_THREADS=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done
case "$PROTOCOL" in
    netflow|sflow) PROTOCOLS=("$PROTOCOL") ;;
    both) PROTOCOLS=(netflow sflow) ;;
    *) echo "--protocol must be netflow, sflow or both" >&2; exit 2 ;;
esac

if [ "$BUILD" = 1 ] || [ ! -f "$FNM_JAR" ] || [ ! -f "$LOAD_JAR" ]; then
    echo "building the runner and benchmarks jars (mvn package, tests skipped)" >&2
    (cd "$ROOT" && mvn -o -B -ntp -q -pl examples,benchmarks -am package -DskipTests)
fi
if [ "$WITH_FASTNETMON" = 1 ] && ! command -v "$FASTNETMON" > /dev/null; then
    echo "FastNetMon not found (apt-get install -y fastnetmon, or --no-fastnetmon)" >&2
    exit 1
fi

WORKDIR="${WORKDIR:-$(mktemp -d /tmp/fnm-whole-process.XXXXXX)}"
mkdir -p "$WORKDIR"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()

# Stop the processes this script started (by pid): SIGTERM, then SIGKILL after 10 s.
cleanup()
{
    local pid i
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2> /dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for i in $(seq 1 50); do
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.2
        done
        kill -9 "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
    done
    PIDS=()
}
trap cleanup EXIT

# utime + stime of the whole process (all threads), in clock ticks; fields 14 and 15 counted after the ')' of comm.
cpu_ticks()
{
    sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# Sum of the samples of a metric family (any labels) at a Prometheus endpoint; empty when the endpoint is down.
metric()
{
    curl -sf "http://127.0.0.1:$1/metrics" 2> /dev/null \
        | awk -v name="$2" '$1 == name || index($1, name "{") == 1 {sum += $NF; found = 1}
            END {if (found) printf "%.0f\n", sum}'
}

# Receive-buffer drops of every UDP socket bound to a local port (IPv4 and IPv6 tables), per /proc/net/udp.
udp_drops()
{
    local hex
    hex="$(printf '%04X' "$1")"
    cat /proc/net/udp /proc/net/udp6 2> /dev/null \
        | awk -v port="$hex" 'NR > 1 {split($2, a, ":"); if (a[length(a)] == port) sum += $NF} END {print sum + 0}'
}

# "cpu_ticks records drops" of one collector process, or "0 0 0" for pid 0 (FastNetMon left out).
snapshot()
{
    local pid="$1" prometheus_port="$2" name="$3" port="$4"
    if [ "$pid" = 0 ]; then
        echo "0 0 0"
        return
    fi
    echo "$(cpu_ticks "$pid") $(metric "$prometheus_port" "$name") $(udp_drops "$port")"
}

# "tid<TAB>ticks<TAB>name" for every thread of a process (names may hold spaces; the JVM names its own threads).
thread_ticks()
{
    local task
    for task in /proc/"$1"/task/*; do
        printf '%s\t%s\t%s\n' "${task##*/}" "$(cpu_ticks "${task#/proc/}" 2> /dev/null || echo 0)" \
            "$(cat "$task/comm" 2> /dev/null)"
    done
}

# CPU seconds per thread name between two thread_ticks files (threads of one name summed), largest first. Threads
# that ended in between (the JVM starts and stops compiler threads) are missing here but counted in the process.
thread_breakdown()
{
    awk -F'\t' -v tck="$CLK_TCK" 'NR == FNR {before[$1] = $2; next}
        {cpu[$3] += $2 - before[$1]} END {for (n in cpu) if (cpu[n] > 0) printf "%8.2f  %s\n", cpu[n] / tck, n}' \
        "$1" "$2" | sort -gr | head -8
}

wait_for_metric()
{
    local port="$1" name="$2" pid="$3" what="$4" i
    for i in $(seq 1 300); do
        if [ -n "$(metric "$port" "$name")" ]; then
            return 0
        fi
        if ! kill -0 "$pid" 2> /dev/null; then
            echo "$what exited during start-up; its log:" >&2
            tail -20 "$WORKDIR/$what.log" >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "$what did not serve $name on 127.0.0.1:$port" >&2
    exit 1
}

# Wait until both processed counters stop moving (500 ms without change, at most 20 s).
settle()
{
    local last="" now i
    for i in $(seq 1 40); do
        now="$(metric "$FNM_PROMETHEUS_PORT" "$FNM_RECORDS_METRIC") $(fastnetmon_records)"
        if [ "$now" = "$last" ]; then
            return 0
        fi
        last="$now"
        sleep 0.5
    done
}

fastnetmon_records()
{
    if [ "$WITH_FASTNETMON" = 1 ]; then
        metric "$FASTNETMON_PROMETHEUS_PORT" "$FASTNETMON_RECORDS_METRIC"
    else
        echo 0
    fi
}

# One config in FastNetMon's syntax; the two copies differ only in collector and Prometheus ports and file paths.
write_config()
{
    local file="$1" protocol="$2" netflow_port="$3" sflow_port="$4" prometheus_port="$5" name="$6"
    local netflow=off sflow=off
    if [ "$protocol" = netflow ]; then netflow=on; else sflow=on; fi
    cat > "$file" << EOF
# Written by benchmarks/whole-process.sh: FastNetMon's packaged settings where they matter for the cost,
# thresholds out of reach so nothing is banned, no usage report, no API, no local addresses added.
logging_level = info
disable_usage_report = on
enable_ban = on
enable_ban_ipv6 = on
process_incoming_traffic = on
process_outgoing_traffic = on
ban_details_records_count = 20
ban_time = 1900
unban_only_if_attack_finished = on
networks_list_path = $WORKDIR/networks_list
white_list_path = $WORKDIR/networks_whitelist
check_period = 1
enable_connection_tracking = on
ban_for_pps = on
ban_for_bandwidth = on
ban_for_flows = off
threshold_pps = 1000000000
threshold_mbps = 1000000000
threshold_flows = 1000000000
average_calculation_time = 5
speed_calculation_delay = 1
mirror_afpacket = off
pcap = off
netflow = $netflow
netflow_host = 127.0.0.1
netflow_port = $netflow_port
netflow_sampling_ratio = 1
sflow = $sflow
sflow_host = 127.0.0.1
sflow_port = $sflow_port
notify_script_path = $WORKDIR/notify.sh
monitor_local_ip_addresses = off
enable_api = off
prometheus = on
prometheus_host = 127.0.0.1
prometheus_port = $prometheus_port
cli_stats_file_path = $WORKDIR/$name.dat
cli_stats_ipv6_file_path = $WORKDIR/${name}_ipv6.dat
sort_parameter = packets
max_ips_in_list = 7
EOF
}

send_load()
{
    local protocol="$1" seconds="$2" targets="127.0.0.1:$4"
    if [ "$WITH_FASTNETMON" = 1 ]; then
        targets="127.0.0.1:$3,$targets"
    fi
    java -cp "$LOAD_JAR" "$LOAD_CLASS" --protocol "$protocol" --targets "$targets" --seconds "$seconds" \
        --rate "$RATE" --records "$RECORDS" --samples "$SAMPLES"
}

# One run, in a subshell of its own: prints "protocol run sent" then, for fnm and for FastNetMon, "records
# cpu_seconds records_per_cpu_second drops", then the ratio of the two rates.
run_once()
{
    local protocol="$1" run="$2" fnm_port fastnetmon_port
    trap cleanup EXIT
    if [ "$protocol" = netflow ]; then
        fnm_port=$FNM_NETFLOW_PORT; fastnetmon_port=$FASTNETMON_NETFLOW_PORT
    else
        fnm_port=$FNM_SFLOW_PORT; fastnetmon_port=$FASTNETMON_SFLOW_PORT
    fi
    write_config "$WORKDIR/fastnetmon.conf" "$protocol" "$FASTNETMON_NETFLOW_PORT" "$FASTNETMON_SFLOW_PORT" \
        "$FASTNETMON_PROMETHEUS_PORT" fastnetmon
    write_config "$WORKDIR/fnm.conf" "$protocol" "$FNM_NETFLOW_PORT" "$FNM_SFLOW_PORT" "$FNM_PROMETHEUS_PORT" fnm

    local fastnetmon_pid=0 fnm_pid
    if [ "$WITH_FASTNETMON" = 1 ]; then
        "$FASTNETMON" --configuration_file "$WORKDIR/fastnetmon.conf" --log_to_console --disable_pid_logic \
            > "$WORKDIR/fastnetmon.log" 2>&1 &
        fastnetmon_pid=$!
        PIDS+=("$fastnetmon_pid")
    fi
    # shellcheck disable=SC2086
    java $FNM_JAVA_OPTS -jar "$FNM_JAR" run --configuration_file "$WORKDIR/fnm.conf" > "$WORKDIR/fnm.log" 2>&1 &
    fnm_pid=$!
    PIDS+=("$fnm_pid")
    wait_for_metric "$FNM_PROMETHEUS_PORT" "$FNM_RECORDS_METRIC" "$fnm_pid" fnm
    if [ "$WITH_FASTNETMON" = 1 ]; then
        wait_for_metric "$FASTNETMON_PROMETHEUS_PORT" "$FASTNETMON_RECORDS_METRIC" "$fastnetmon_pid" fastnetmon
    fi

    if [ "$WARMUP" != 0 ]; then
        send_load "$protocol" "$WARMUP" "$fastnetmon_port" "$fnm_port" > "$WORKDIR/warmup.out"
        settle
    fi

    local fnm_cpu0 fnm_rec0 fnm_drop0 fast_cpu0 fast_rec0 fast_drop0 threads="$WORKDIR/threads-$protocol-$run"
    thread_ticks "$fnm_pid" > "$threads.fnm.before"
    if [ "$fastnetmon_pid" != 0 ]; then
        thread_ticks "$fastnetmon_pid" > "$threads.fastnetmon.before"
    fi
    read -r fnm_cpu0 fnm_rec0 fnm_drop0 <<< "$(snapshot "$fnm_pid" "$FNM_PROMETHEUS_PORT" "$FNM_RECORDS_METRIC" \
        "$fnm_port")"
    read -r fast_cpu0 fast_rec0 fast_drop0 <<< "$(snapshot "$fastnetmon_pid" "$FASTNETMON_PROMETHEUS_PORT" \
        "$FASTNETMON_RECORDS_METRIC" "$fastnetmon_port")"

    send_load "$protocol" "$DURATION" "$fastnetmon_port" "$fnm_port" > "$WORKDIR/load.out"
    settle

    local fnm_cpu1 fnm_rec1 fnm_drop1 fast_cpu1 fast_rec1 fast_drop1 sent datagrams bans
    thread_ticks "$fnm_pid" > "$threads.fnm.after"
    thread_breakdown "$threads.fnm.before" "$threads.fnm.after" > "$threads.fnm.txt"
    if [ "$fastnetmon_pid" != 0 ]; then
        thread_ticks "$fastnetmon_pid" > "$threads.fastnetmon.after"
        thread_breakdown "$threads.fastnetmon.before" "$threads.fastnetmon.after" > "$threads.fastnetmon.txt"
    fi
    read -r fnm_cpu1 fnm_rec1 fnm_drop1 <<< "$(snapshot "$fnm_pid" "$FNM_PROMETHEUS_PORT" "$FNM_RECORDS_METRIC" \
        "$fnm_port")"
    read -r fast_cpu1 fast_rec1 fast_drop1 <<< "$(snapshot "$fastnetmon_pid" "$FASTNETMON_PROMETHEUS_PORT" \
        "$FASTNETMON_RECORDS_METRIC" "$fastnetmon_port")"
    sent="$(sed -n 's/^records_per_target=//p' "$WORKDIR/load.out")"
    datagrams="$(sed -n 's/^datagrams_per_target=//p' "$WORKDIR/load.out")"
    check_accounting fnm "$sent" "$datagrams" "$((fnm_rec1 - fnm_rec0))" "$((fnm_drop1 - fnm_drop0))"
    if [ "$fastnetmon_pid" != 0 ]; then
        check_accounting FastNetMon "$sent" "$datagrams" "$((fast_rec1 - fast_rec0))" "$((fast_drop1 - fast_drop0))"
    fi
    bans="$(metric "$FNM_PROMETHEUS_PORT" fnm_bans_total)"
    if [ "${bans:-0}" != 0 ]; then
        echo "warning: fnm banned $bans hosts; thresholds should be out of reach" >&2
    fi
    cleanup

    awk -v p="$protocol" -v run="$run" -v sent="$sent" -v tck="$CLK_TCK" \
        -v fr="$((fnm_rec1 - fnm_rec0))" -v fc="$((fnm_cpu1 - fnm_cpu0))" -v fd="$((fnm_drop1 - fnm_drop0))" \
        -v sr="$((fast_rec1 - fast_rec0))" -v sc="$((fast_cpu1 - fast_cpu0))" -v sd="$((fast_drop1 - fast_drop0))" \
        'BEGIN {
            fcpu = fc / tck; scpu = sc / tck
            frate = fcpu > 0 ? fr / fcpu : 0; srate = scpu > 0 ? sr / scpu : 0
            ratio = srate > 0 ? frate / srate : 0
            printf "%s %d %d %d %.2f %.0f %d %d %.2f %.0f %d %.2f\n", p, run, sent, fr, fcpu, frate, fd, sr, scpu, \
                srate, sd, ratio
        }'
}

# Every datagram sent must be either processed or counted as a receive-buffer drop of the socket: warn when more
# than 1 % of the records sent is in neither (the records in a datagram are sent / datagrams on average).
check_accounting()
{
    local who="$1" sent="$2" datagrams="$3" processed="$4" drops="$5"
    awk -v who="$who" -v sent="$sent" -v d="$datagrams" -v r="$processed" -v drops="$drops" 'BEGIN {
        missing = sent - r - (d > 0 ? drops * sent / d : 0)
        if (missing > sent / 100 || -missing > sent / 100)
            printf "warning: %s: %d of %d records sent neither processed nor dropped by its socket\n", \
                who, missing, sent
    }' >&2
}

# Median, minimum and maximum of a column of the run lines, divided by scale.
summary()
{
    local column="$1" file="$2" protocol="$3" scale="$4" unit="$5"
    awk -v p="$protocol" -v c="$column" '$1 == p {print $c}' "$file" | sort -g \
        | awk -v s="$scale" -v u="$unit" '{v[NR] = $1 / s}
            END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
            printf "median %.2f%s (min %.2f%s, max %.2f%s; %d runs)", m, u, v[1], u, v[NR], u, NR}'
}

printf '10.0.0.0/16\n' > "$WORKDIR/networks_list"
: > "$WORKDIR/networks_whitelist"
printf '#!/bin/sh\nexit 0\n' > "$WORKDIR/notify.sh"
chmod +x "$WORKDIR/notify.sh"

RESULTS="$WORKDIR/runs.txt"
: > "$RESULTS"
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); CLK_TCK $CLK_TCK"
echo "# fnm: $FNM_JAR ($(java -version 2>&1 | head -1)), JVM options '${FNM_JAVA_OPTS}', load: $LOAD_CLASS from $LOAD_JAR"
if [ "$WITH_FASTNETMON" = 1 ]; then
    echo "# FastNetMon: $("$FASTNETMON" --version 2>&1 | head -1)"
fi
echo "# ${DURATION} s of load per run after ${WARMUP} s of warm-up, rate ${RATE} datagrams/s per target (0 = max)," \
    "$RECORDS records per NetFlow v9 datagram, $SAMPLES samples per sFlow datagram; workdir $WORKDIR"
printf '%-8s %3s %10s | %10s %7s %10s %8s | %10s %7s %10s %8s | %6s\n' protocol run sent \
    fnm_recs cpu_s recs/cpu_s drops fastnetmon cpu_s recs/cpu_s drops ratio
for protocol in "${PROTOCOLS[@]}"; do
    for run in $(seq 1 "$RUNS"); do
        line="$(run_once "$protocol" "$run")"
        echo "$line" >> "$RESULTS"
        echo "$line" | awk '{printf "%-8s %3d %10d | %10d %7.2f %10d %8d | %10d %7.2f %10d %8d | %6.2f\n",
            $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12}'
    done
done
echo
for protocol in "${PROTOCOLS[@]}"; do
    echo "$protocol: fnm        $(summary 6 "$RESULTS" "$protocol" 1e6 " M") records per CPU-second (whole JVM)"
    if [ "$WITH_FASTNETMON" = 1 ]; then
        echo "$protocol: FastNetMon $(summary 10 "$RESULTS" "$protocol" 1e6 " M") records per CPU-second" \
            "(whole process)"
        echo "$protocol: fnm / FastNetMon $(summary 12 "$RESULTS" "$protocol" 1 "")"
    fi
done
if [ "$SHOW_THREADS" = 1 ]; then
    for file in "$WORKDIR"/threads-*.txt; do
        echo
        echo "CPU seconds by thread, $(basename "$file" .txt) (a breakdown of the whole-process figure above):"
        cat "$file"
    done
else
    echo "CPU seconds by thread of each run: $WORKDIR/threads-*.txt (or --threads)"
fi
