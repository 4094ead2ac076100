import io.fnm.actions.kafka.KafkaBanTopic;
import io.fnm.core.BanEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The global ban list of the scale-out demo, read from the compacted bans topic (the runner jar has the client and
 * the record layout): {@code java -cp examples/target/fnm-runner-0.1.0-SNAPSHOT.jar docs/scale-out-demo/ShowBans.java
 * [127.0.0.1:9092]} prints each host whose latest record is a ban, not a tombstone.
 */
public final class ShowBans
{
    private ShowBans()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String servers = args.length > 0 ? args[0] : "127.0.0.1:9092";
        final Map<String, String> live = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor("fnm.bans").stream()
                .map(p -> new TopicPartition("fnm.bans", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)))
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)))
                {
                    final String host = InetAddress.getByAddress(record.key()).getHostAddress();
                    final BanEntry ban = KafkaBanTopic.decode(record.key(), record.value());
                    if (ban == null)
                    {
                        live.remove(host);
                        continue;
                    }
                    live.put(host, ban.attack().direction().text() + " " + ban.attack().type().text() + " banned "
                        + ban.bannedAt() + " until " + ban.unbanAt().map(Object::toString).orElse("(no end)"));
                }
            }
        }
        System.out.println(live.size() + " bans in fnm.bans:");
        live.forEach((host, ban) -> System.out.println("  " + host + " " + ban));
    }
}
