package io.fnm.actions;

import io.fnm.actions.details.AttackDetailsAction;
import io.fnm.actions.details.AttackDetailsActionProvider;
import io.fnm.actions.mongodb.MongoDbAction;
import io.fnm.actions.mongodb.MongoDbActionProvider;
import io.fnm.actions.redis.RedisAction;
import io.fnm.actions.redis.RedisActionProvider;
import io.fnm.actions.webhook.WebhookAction;
import io.fnm.actions.webhook.WebhookActionProvider;
import io.fnm.capture.testkit.RecordingConfigView;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputProvidersTest
{
    @Test
    void shouldBeFoundByServiceLoader()
    {
        assertThat(ServiceLoader.load(AttackActionProvider.class).stream().map(ServiceLoader.Provider::type))
            .contains(AttackDetailsActionProvider.class, RedisActionProvider.class, MongoDbActionProvider.class,
                WebhookActionProvider.class);
    }

    @Test
    void shouldBeDisabledWhenConfigurationIsEmpty()
    {
        assertThat(new AttackDetailsActionProvider().isEnabled(ConfigView.EMPTY)).isFalse();
        assertThat(new RedisActionProvider().isEnabled(ConfigView.EMPTY)).isFalse();
        assertThat(new MongoDbActionProvider().isEnabled(ConfigView.EMPTY)).isFalse();
        assertThat(new WebhookActionProvider().isEnabled(ConfigView.EMPTY)).isFalse();
    }

    @Test
    void shouldEnableDetailsFolderWhenFolderIsSetOrPcapIsOn()
    {
        final AttackDetailsActionProvider provider = new AttackDetailsActionProvider();

        assertThat(provider.isEnabled(ConfigView.of(Map.of("attack_details_folder", "/tmp/a")))).isTrue();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("collect_attack_pcap_dumps", "on")))).isTrue();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("collect_attack_pcap_dumps", "off")))).isFalse();
    }

    @Test
    void shouldUseFastNetMonDefaultFolderWhenOnlyPcapIsOn() throws Exception
    {
        try (AttackDetailsAction action = (AttackDetailsAction)new AttackDetailsActionProvider()
            .create(ConfigView.of(Map.of("collect_attack_pcap_dumps", "on"))))
        {
            assertThat(action.folder()).hasToString("/var/log/fastnetmon_attacks");
        }
    }

    @Test
    void shouldEnableRedisWhenSwitchIsOnOrYes()
    {
        final RedisActionProvider provider = new RedisActionProvider();

        assertThat(provider.isEnabled(ConfigView.of(Map.of("redis_enabled", "on")))).isTrue();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("redis_enabled", "yes")))).isTrue();
        assertThat(provider.isEnabled(ConfigView.of(Map.of("redis_enabled", "off")))).isFalse();
        assertThatThrownBy(() -> provider.isEnabled(ConfigView.of(Map.of("redis_enabled", "true"))))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("redis_enabled: ");
    }

    @Test
    void shouldJoinRedisPrefixWithUnderscoreWhenPrefixIsSet() throws Exception
    {
        try (RedisAction prefixed = (RedisAction)create(new RedisActionProvider(),
            Map.of("redis_enabled", "on", "redis_prefix", "mydc1"));
            RedisAction bare = (RedisAction)create(new RedisActionProvider(), Map.of("redis_enabled", "on")))
        {
            assertThat(prefixed.key("10.0.0.5", "information")).isEqualTo("mydc1_10.0.0.5_information");
            assertThat(bare.key("2001:db8::7", "flow_dump")).isEqualTo("2001:db8::7_flow_dump");
        }
    }

    @Test
    void shouldReportBadPortNamingTheKey()
    {
        assertThatThrownBy(() -> create(new RedisActionProvider(), Map.of("redis_enabled", "on", "redis_port", "0")))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("redis_port: ");
        assertThatThrownBy(() -> create(new MongoDbActionProvider(),
            Map.of("mongodb_enabled", "on", "mongodb_port", "x"))).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("mongodb_port: ");
    }

    @Test
    void shouldReportAUrlInAServersHostKeyNamingTheKey()
    {
        assertThatThrownBy(() -> create(new RedisActionProvider(),
            Map.of("redis_enabled", "on", "redis_host", "redis://10.0.0.1"))).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("redis_host: ").hasMessageContaining("is not a host name or address");
        assertThatThrownBy(() -> create(new MongoDbActionProvider(),
            Map.of("mongodb_enabled", "on", "mongodb_host", "admin@db"))).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("mongodb_host: ");
    }

    @Test
    void shouldReportBadDatabaseNameNamingTheKey()
    {
        assertThatThrownBy(() -> create(new MongoDbActionProvider(),
            Map.of("mongodb_enabled", "on", "mongodb_database_name", "fast.netmon")))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("mongodb_database_name: ");
    }

    @Test
    void shouldReportBadWebhookUrlAndHeaderNamingTheKey()
    {
        assertThatThrownBy(() -> create(new WebhookActionProvider(), Map.of("webhook_url", "ftp://x/")))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("webhook_url: ");
        assertThatThrownBy(() -> create(new WebhookActionProvider(),
            Map.of("webhook_url", "https://hooks.example/x", "webhook_headers", "NoColon")))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("webhook_headers: ");
    }

    @Test
    void shouldReadOnlyDeclaredKeysWhenEveryKeyIsSet() throws Exception
    {
        final Map<String, String> all = Map.ofEntries(Map.entry("attack_details_folder", "/tmp/fnm-attacks"),
            Map.entry("collect_attack_pcap_dumps", "on"), Map.entry("redis_enabled", "on"),
            Map.entry("redis_host", "127.0.0.1"), Map.entry("redis_port", "6379"), Map.entry("redis_prefix", "dc"),
            Map.entry("redis_timeout_ms", "500"), Map.entry("redis_retries", "2"),
            Map.entry("mongodb_enabled", "on"), Map.entry("mongodb_host", "localhost"),
            Map.entry("mongodb_port", "27017"), Map.entry("mongodb_database_name", "fastnetmon"),
            Map.entry("mongodb_timeout_ms", "500"), Map.entry("mongodb_retries", "2"),
            Map.entry("webhook_url", "http://127.0.0.1:9/hook"), Map.entry("webhook_headers", "X-A: 1, X-B: 2"),
            Map.entry("webhook_timeout", "3"), Map.entry("webhook_retries", "2"));
        for (final AttackActionProvider provider : new AttackActionProvider[] {new AttackDetailsActionProvider(),
            new RedisActionProvider(), new MongoDbActionProvider(), new WebhookActionProvider()})
        {
            final RecordingConfigView config = new RecordingConfigView(ConfigView.of(all));

            assertThat(provider.isEnabled(config)).isTrue();
            try (AutoCloseable action = (AutoCloseable)provider.create(config))
            {
                assertThat(action).isInstanceOfAny(AttackDetailsAction.class, RedisAction.class,
                    MongoDbAction.class, WebhookAction.class);
            }
            assertThat(provider.configKeys()).extracting(ConfigKey::name).containsAll(config.keysRead());
        }
    }

    private static AttackAction create(final AttackActionProvider provider, final Map<String, String> values)
    {
        return provider.create(ConfigView.of(values));
    }
}
