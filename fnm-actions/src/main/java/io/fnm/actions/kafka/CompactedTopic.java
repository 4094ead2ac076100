package io.fnm.actions.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads partitions of a compacted topic from their start to their end as they are now (at most 30 s), outside any
 * consumer group: how an engine takes back the bans and averages of the partitions it is assigned.
 */
final class CompactedTopic
{
    private static final long DEADLINE_SECONDS = 30;

    private CompactedTopic()
    {
    }

    /**
     * @param bootstrapServers   Kafka's bootstrap.servers.
     * @param topic              the topic.
     * @param partitions         its partitions to read, or null for all.
     * @param maxFetchBytes      the consumer's {@code max.partition.fetch.bytes}.
     * @param each               given each record's key and value (null for a tombstone), in offset order per
     *                           partition.
     */
    static void readToEnd(final String bootstrapServers, final String topic, final Collection<Integer> partitions,
        final int maxFetchBytes, final BiConsumer<byte[], byte[]> each)
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxFetchBytes);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            final List<TopicPartition> parts = (partitions != null ? partitions.stream() :
                consumer.partitionsFor(topic).stream().map(p -> p.partition()))
                .map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)))
                {
                    each.accept(r.key(), r.value());
                }
            }
        }
    }
}
