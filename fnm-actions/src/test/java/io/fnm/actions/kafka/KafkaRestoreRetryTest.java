package io.fnm.actions.kafka;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.Direction;
import io.fnm.core.EngineConfig;
import io.fnm.core.ThresholdKind;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
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
            final BanEntry published = ban(clock.epochMillis());
            publish(topic + "-bans", published);

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

    private static BanEntry ban(final long nowMillis)
    {
        final Attack attack = Attack.builder().uuid(UUID.fromString("6f1b1d2e-5c55-4c8e-9a8e-2b7c1f0d9a31"))
            .address(IpAddresses.parseLiteral(VICTIM)).direction(Direction.INCOMING)
            .firedDirections(EnumSet.of(Direction.INCOMING)).protocol(AttackProtocol.UDP)
            .type(AttackType.UDP_FLOOD).threshold(ThresholdKind.UDP_PPS).initialPowerPps(50_000)
            .peakPowerPps(50_000).detectedAtMillis(nowMillis).banTimeSeconds(3600).build();
        return new BanEntry(attack, nowMillis, nowMillis + 3_600_000L);
    }

    private static void publish(final String bansTopic, final BanEntry ban) throws Exception
    {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers()), new ByteArraySerializer(),
            new ByteArraySerializer()))
        {
            producer.send(new ProducerRecord<>(bansTopic, ban.attack().address().getAddress(), BanRecord.encode(ban)))
                .get(30, TimeUnit.SECONDS);
        }
    }
}
