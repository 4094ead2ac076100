#!/bin/sh
# What 100 clients polling GET /api/v1/top every second cost the capture path: one capture thread feeding a real
# engine (tick thread on) as fast as it can, alternating rounds without and with the clients.
# Usage (from the checkout, after `mvn -B -ntp -o verify -pl examples -am -DskipTests`):
#   benchmarks/api-polling.sh [clients=100] [rounds=5] [round_millis=5000]
set -eu
cd "$(dirname "$0")/../examples"
exec java -Xmx1g -cp target/test-classes:target/fnm-runner-0.1.0-SNAPSHOT.jar io.fnm.examples.api.ApiPollingLoad "${1:-100}" "${2:-5}" "${3:-5000}"
