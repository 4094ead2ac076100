/**
 * Attack actions and metrics exporters bundled with fnm: the FastNetMon-compatible notify script and ExaBGP pipe,
 * the attack details folder (text, JSON, pcap), Redis, MongoDB and the webhook; mitigation over BGP with fnm's own
 * speaker (blackhole and FlowSpec); Graphite and InfluxDB exports; the Prometheus text exposition.
 */
module io.fnm.actions
{
    requires transitive io.fnm.core;
    requires java.net.http;
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;
    // optional: only an application building the Kafka roles puts kafka-clients on its path
    requires static kafka.clients;

    exports io.fnm.actions;
    exports io.fnm.actions.api;
    exports io.fnm.actions.details;
    exports io.fnm.actions.json;
    exports io.fnm.actions.mongodb;
    exports io.fnm.actions.notify;
    exports io.fnm.actions.exabgp;
    exports io.fnm.actions.bgp;
    exports io.fnm.actions.graphite;
    exports io.fnm.actions.influxdb;
    exports io.fnm.actions.kafka;
    exports io.fnm.actions.prometheus;
    exports io.fnm.actions.redis;
    exports io.fnm.actions.webhook;

    provides io.fnm.core.spi.AttackActionProvider with
        io.fnm.actions.notify.NotifyScriptActionProvider,
        io.fnm.actions.exabgp.ExaBgpActionProvider,
        io.fnm.actions.details.AttackDetailsActionProvider,
        io.fnm.actions.redis.RedisActionProvider,
        io.fnm.actions.mongodb.MongoDbActionProvider,
        io.fnm.actions.webhook.WebhookActionProvider,
        io.fnm.actions.bgp.BgpSpeakerActionProvider;
    provides io.fnm.core.spi.MetricsExporterProvider with io.fnm.actions.graphite.GraphiteExporterProvider,
        io.fnm.actions.influxdb.InfluxDbExporterProvider;
}
