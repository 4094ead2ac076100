package io.fnm.actions.kafka;

import io.fnm.actions.testkit.KafkaBroker;
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

    private static void pause()
    {
        try
        {
            Thread.sleep(100);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
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
            final long deadline = System.nanoTime() + 90_000_000_000L;
            long after = 0;
            // the queue (16 x 8 KiB) and the producer's buffer (256 KiB) hold at most about 10 000 records of what
            // waited while the broker was away: 20 000 more acknowledged means records received after the restart
            // were published
            while (inlet.recordsPublished() < publishedBefore + 20_000)
            {
                assertThat(System.nanoTime()).as("publishing resumed within 90 s").isLessThan(deadline);
                after += ScaleOutTraffic.second(sink, clock.epochMillis(), false);
                pause();
            }
            assertThat(inlet.recordsPublished() + inlet.recordsDropped() + inlet.recordsFailed())
                .as("no record counted twice").isLessThanOrEqualTo(first + secondsWhileDown + after);
        }
    }
}
