/**
 * Attack actions bundled with fnm: the FastNetMon-compatible notify script, the attack details folder (text, JSON,
 * pcap), Redis, MongoDB and the webhook.
 */
module io.fnm.actions
{
    requires transitive io.fnm.core;
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.net.http;
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;

    exports io.fnm.actions;
    exports io.fnm.actions.details;
    exports io.fnm.actions.json;
    exports io.fnm.actions.mongodb;
    exports io.fnm.actions.notify;
    exports io.fnm.actions.redis;
    exports io.fnm.actions.webhook;

    provides io.fnm.core.spi.AttackActionProvider with
        io.fnm.actions.notify.NotifyScriptActionProvider,
        io.fnm.actions.details.AttackDetailsActionProvider,
        io.fnm.actions.redis.RedisActionProvider,
        io.fnm.actions.mongodb.MongoDbActionProvider,
        io.fnm.actions.webhook.WebhookActionProvider;
}
