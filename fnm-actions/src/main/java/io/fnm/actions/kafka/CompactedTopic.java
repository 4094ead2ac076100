package io.fnm.actions.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads partitions of a compacted topic from their start to their end as they are now (at most 30 s), outside any
 * consumer group: how an engine takes back the bans and averages of the partitions it is assigned. A read that cannot
 * complete throws (a missing topic, a broker not answering, the end not reached in time), so that the restore is
 * retried ({@link RestoreRetries}) rather than taken as an empty topic.
 */
final class CompactedTopic
{
    private static final long DEADLINE_SECONDS = 30;

    private CompactedTopic()
    {
    }

    /**
     * @param client             the clients' properties.
     * @param role               what the read is for.
     * @param topic              the topic.
     * @param partitions         its partitions to read, or null for all.
     * @param maxFetchBytes      the consumer's {@code max.partition.fetch.bytes}.
     * @param each               given each record's key and value (null for a tombstone), in offset order per
     *                           partition.
     * @throws UnknownTopicOrPartitionException when the topic does not exist.
     * @throws org.apache.kafka.common.KafkaException when the broker does not answer in time, or the end is not
     *     reached within 30 s.
     */
    static void readToEnd(final KafkaClientProperties client, final String role, final String topic,
        final Collection<Integer> partitions, final int maxFetchBytes, final BiConsumer<byte[], byte[]> each)
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxFetchBytes);
        // a restore reads what is there: it never creates the topic (a missing one fails, and the restore is retried)
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        try (KafkaConsumer<byte[], byte[]> consumer = client.consumer(role, props))
        {
            final List<PartitionInfo> infos = partitions != null ? null : consumer.partitionsFor(topic);
            if (partitions == null && (infos == null || infos.isEmpty()))
            {
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
            }
            final List<TopicPartition> parts = (partitions != null ? partitions.stream() :
                infos.stream().map(PartitionInfo::partition)).map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)))
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new TimeoutException(topic + " not read to its end within " + DEADLINE_SECONDS + " s");
                }
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)))
                {
                    each.accept(r.key(), r.value());
                }
            }
        }
    }
}
