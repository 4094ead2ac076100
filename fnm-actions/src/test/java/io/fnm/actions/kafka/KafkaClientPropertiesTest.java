package io.fnm.actions.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a client's configuration is put together, without a broker. */
class KafkaClientPropertiesTest
{
    @Test
    void shouldLetTheOperatorsPropertiesWinOverFnms()
    {
        final KafkaClientProperties client = KafkaClientProperties.of("10.0.0.1:9093", Map.of(
            "metadata.max.age.ms", "12345", "security.protocol", "SSL"));

        final ConsumerConfig config = new ConsumerConfig(client.build(Map.of("metadata.max.age.ms", 60_000,
            "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer")));

        assertThat(config.getLong("metadata.max.age.ms")).isEqualTo(12_345L);
        assertThat(config.getString("security.protocol")).isEqualTo("SSL");
        assertThat(config.getList("bootstrap.servers")).containsExactly("10.0.0.1:9093");
    }

    @Test
    void shouldRefuseAPropertyFnmSetsNamingIt()
    {
        assertThatThrownBy(() -> KafkaClientProperties.of("x:1", Map.of("group.id", "mine")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group.id");
    }

    @Test
    void shouldReadTheOperatorsPropertiesFromAFile(@TempDir final Path directory) throws IOException
    {
        final Path file = directory.resolve("client.properties");
        Files.writeString(file, "# SASL\nsecurity.protocol=SASL_SSL\nsasl.mechanism = SCRAM-SHA-512\n");

        assertThat(KafkaClientProperties.load("x:1", file).operatorProperties()).containsExactlyInAnyOrderEntriesOf(
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void shouldNameTheFileWhenItSetsWhatFnmSets(@TempDir final Path directory) throws IOException
    {
        final Path file = directory.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=elsewhere:9092\n");

        assertThatThrownBy(() -> KafkaClientProperties.load("x:1", file)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(file.toString()).hasMessageContaining("kafka_bootstrap_servers");
    }

    @Test
    void shouldNotShowThePropertiesValues()
    {
        assertThat(KafkaClientProperties.of("x:1", Map.of("sasl.jaas.config", "secret-password")).toString())
            .contains("sasl.jaas.config").doesNotContain("secret-password");
    }
}
