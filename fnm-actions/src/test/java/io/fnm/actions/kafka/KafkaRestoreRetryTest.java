package io.fnm.actions.kafka;

import io.fnm.capture.ManualClock;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static io.fnm.actions.kafka.ScaleOutTraffic.START_MILLIS;
import static io.fnm.actions.kafka.ScaleOutTraffic.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore at partition assignment that fails (here: the bans topic does not exist yet) is retried with backoff on
 * the source's clock, against a real KRaft broker.
 */
class KafkaRestoreRetryTest
{
    private static final String VICTIM = "10.0.0.7";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldRestoreTheBansOnceTheBansTopicExistsWhenTheFirstRestoreFoundItMissing() throws Exception
    {
        final String topic = "retry-flows";
        KAFKA.broker().createTopic(topic, 2, false);
        final ManualClock clock = new ManualClock(START_MILLIS);
        final KafkaBanTopic bans = new KafkaBanTopic(KAFKA.broker().bootstrapServers(), topic + "-bans", topic);
        final KafkaEngineSource source = KafkaEngineSource.builder()
            .bootstrapServers(KAFKA.broker().bootstrapServers()).topic(topic)
            .groupId(topic + "-engines").clock(clock).onAssigned(bans::restore)
            .consumerProperty("auto.offset.reset", "earliest").build();
        try (DetectionEngine engine = DetectionEngine.builder(EngineConfig.builder().network("10.0.0.0/8").build())
            .clock(clock).tickThread(false).discoverProviders(false).action(bans).captureSource(source).build())
        {
            bans.bind(engine);
            engine.start();
            await("a failed restore", () -> source.restoreFailures(RestoreRetries.Reason.UNKNOWN_TOPIC) > 0, 60);
            KAFKA.broker().createTopic(topic + "-bans", 2, true);
            final BanEntry published = ClusterSnapshots.ban(VICTIM, clock.epochMillis(),
                clock.epochMillis() + 3_600_000L);
            KAFKA.publishBan(topic + "-bans", published);

            clock.advance(RestoreRetries.FIRST_BACKOFF_NANOS, TimeUnit.NANOSECONDS);

            await("the ban restored by a retry", () -> engine.banList().stream()
                .anyMatch(b -> b.attack().ip().equals(VICTIM)), 60);
            assertThat(engine.banList()).filteredOn(b -> b.attack().ip().equals(VICTIM))
                .extracting(BanEntry::unbanAtMillis).containsExactly(published.unbanAtMillis());
        }
        finally
        {
            bans.close();
        }
    }
}
