package io.fnm.actions.kafka;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.fnm.actions.kafka.ScaleOutTraffic.START_MILLIS;
import static io.fnm.actions.kafka.ScaleOutTraffic.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inlet while its broker is away: the capture thread keeps going, what cannot be buffered is counted, and
 * publishing resumes when the broker is back.
 */
class KafkaInletBrokerDownTest
{
    @TempDir
    Path dir;
    private KafkaBroker broker;

    @AfterEach
    void stopBroker()
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    @Test
    void shouldCountDropsAndResumePublishingWhenTheBrokerGoesAwayAndComesBack()
    {
        broker = KafkaBroker.start(dir);
        broker.createTopic("down", ScaleOutTraffic.PARTITIONS, false);
        final ManualClock clock = new ManualClock(START_MILLIS);
        try (KafkaInlet inlet = KafkaInlet.builder().bootstrapServers(broker.bootstrapServers()).topic("down")
            .networks(ScaleOutTraffic.config().networks()).lingerMillis(0).queueBatches(16)
            .batchBytes(8 * 1024).producerProperty("buffer.memory", 256 * 1024)
            .producerProperty("batch.size", 16 * 1024).build())
        {
            inlet.start();
            final TrafficSink sink = inlet.newSink("capture");
            final long first = ScaleOutTraffic.second(sink, clock.epochMillis(), false);
            await("the first second to be published", () -> inlet.recordsPublished() == first, 60);

            broker.stop();
            long sent = 0;
            final long startNanos = System.nanoTime();
            while (inlet.recordsDropped() == 0)
            {
                sent += ScaleOutTraffic.second(sink, clock.epochMillis(), true);
                assertThat(System.nanoTime() - startNanos).as("drops counted within 60 s").isLessThan(60_000_000_000L);
            }
            final long secondsWhileDown = sent;
            assertThat(secondsWhileDown).isPositive();

            broker.restart();
            final long publishedBefore = inlet.recordsPublished();
            final long more = ScaleOutTraffic.second(sink, clock.epochMillis(), false);
            await("publishing to resume", () -> inlet.recordsPublished() >= publishedBefore + more, 90);
            assertThat(inlet.recordsPublished() + inlet.recordsDropped() + inlet.recordsFailed())
                .as("every record published or counted").isLessThanOrEqualTo(first + secondsWhileDown + more);
        }
    }
}
