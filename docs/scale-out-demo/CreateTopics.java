import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out demo's topics, with Kafka's Admin client (the demo has no kafka-topics.sh):
 * {@code java -cp 'docs/scale-out-demo/target/kafka/*' docs/scale-out-demo/CreateTopics.java [127.0.0.1:9092]}
 * creates fnm.flows.v1 (12 partitions), the compacted fnm.bans (3 partitions), the compacted fnm.averages (the
 * engines' averages checkpoints: as many partitions as the flows topic) and fnm.metrics (the engines' per-tick
 * figures for the cluster view), waiting up to 60 s for the broker.
 */
public final class CreateTopics
{
    private CreateTopics()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String servers = args.length > 0 ? args[0] : "127.0.0.1:9092";
        // quiet: the client logs its whole configuration, and a warning per retry while the broker is starting
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers)))
        {
            final NewTopic flows = new NewTopic("fnm.flows.v1", 12, (short)1);
            final NewTopic bans = new NewTopic("fnm.bans", 3, (short)1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            final NewTopic averages = new NewTopic("fnm.averages", 12, (short)1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.SEGMENT_MS_CONFIG, "60000"));
            final NewTopic metrics = new NewTopic("fnm.metrics", 1, (short)1);
            admin.createTopics(List.of(flows, bans, averages, metrics)).all().get(60, TimeUnit.SECONDS);
            for (final var topic : admin.describeTopics(List.of("fnm.flows.v1", "fnm.bans", "fnm.averages",
                "fnm.metrics")).allTopicNames()
                .get(60, TimeUnit.SECONDS).values())
            {
                System.out.println("created " + topic.name() + " with " + topic.partitions().size() + " partitions");
            }
        }
    }
}
