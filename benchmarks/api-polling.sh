#!/bin/sh
# What 100 clients polling GET /api/v1/top every second cost the capture path: one capture thread feeding a real
# engine (tick thread on) as fast as it can, alternating rounds without and with the clients (in their own JVM).
# On a machine of two CPUs or more the capture thread is pinned to CPU 0 and everything else (this JVM's other
# threads, the clients' JVM) runs on the other CPUs, as capture threads are deployed; FNM_PIN=0 turns that off.
# Usage (from the checkout, after `mvn -B -ntp -o verify -pl examples -am -DskipTests`):
#   benchmarks/api-polling.sh [clients=100] [rounds=5] [round_millis=5000]
# Each round runs no clients, then the clients, then (pinned only: the control) a process spinning on the other CPUs.
set -eu
cd "$(dirname "$0")/../examples"
CLASSPATH_=target/test-classes:target/fnm-runner-0.1.0-SNAPSHOT.jar
CPUS=$(nproc)
OTHERS=1-$((CPUS - 1))
# pinned when asked, possible here (two CPUs or more, taskset, CPUs 0..n-1 allowed); otherwise the plain run
if [ "${FNM_PIN:-1}" = 1 ] && [ "$CPUS" -ge 2 ] && command -v taskset > /dev/null \
    && taskset -c 0 true 2> /dev/null && taskset -c "$OTHERS" true 2> /dev/null; then
    exec taskset -c "$OTHERS" java -Xmx1g -Dfnm.pin=true -Dfnm.pin.others="$OTHERS" -cp "$CLASSPATH_" \
        io.fnm.examples.api.ApiPollingLoad "${1:-100}" "${2:-5}" "${3:-5000}"
fi
exec java -Xmx1g -cp "$CLASSPATH_" io.fnm.examples.api.ApiPollingLoad "${1:-100}" "${2:-5}" "${3:-5000}"
