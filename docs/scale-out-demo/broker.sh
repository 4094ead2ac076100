#!/bin/sh
# A one-node Kafka broker (KRaft: broker and controller in one JVM) on 127.0.0.1:9092, in the foreground, from the
# jars that `mvn -B -ntp -q -f docs/scale-out-demo/pom.xml package` copied: no Kafka distribution needed.
# Its data is in $FNM_DEMO_DIR (default /tmp/fnm-scale-out-demo/kafka), formatted on the first run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${FNM_DEMO_DIR:-/tmp/fnm-scale-out-demo}/kafka
jars="$here/target/kafka/*"
[ -d "$here/target/kafka" ] || { echo "run: mvn -B -ntp -q -f $here/pom.xml package" >&2; exit 1; }
mkdir -p "$dir"
cat > "$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
log="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
if [ ! -f "$dir/data/meta.properties" ]; then
  java $log -cp "$jars" kafka.tools.StorageTool format --standalone -c "$dir/server.properties" \
    -t "$(java $log -cp "$jars" kafka.tools.StorageTool random-uuid)"
fi
echo "Kafka broker starting on 127.0.0.1:9092 (data in $dir)"
exec java -Xmx512m $log -cp "$jars" kafka.Kafka "$dir/server.properties"
