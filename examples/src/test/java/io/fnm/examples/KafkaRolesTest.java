package io.fnm.examples;

import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner's Kafka client properties: {@code kafka_bootstrap_servers} and {@code kafka_client_properties_file}. */
class KafkaRolesTest
{
    @Test
    void shouldGiveTheFilesPropertiesToTheClients(@TempDir final Path directory) throws IOException
    {
        final Path file = directory.resolve("kafka-client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

        assertThat(KafkaRoles.client(ConfigView.of(Map.of("kafka_bootstrap_servers", "10.0.0.1:9093",
            "kafka_client_properties_file", file.toString()))).build(Map.of())).containsEntry("bootstrap.servers",
            "10.0.0.1:9093").containsEntry("security.protocol", "SASL_SSL")
            .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void shouldNameTheKeyWhenTheFileCannotBeRead(@TempDir final Path directory)
    {
        final ConfigView settings = ConfigView.of(Map.of("kafka_client_properties_file",
            directory.resolve("missing.properties").toString()));

        assertThatThrownBy(() -> KafkaRoles.client(settings)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("kafka_client_properties_file");
    }

    @Test
    void shouldKnowTheClientPropertiesFileKey()
    {
        assertThat(RunCommand.RUNNER_KEYS).contains("kafka_client_properties_file");
    }
}
