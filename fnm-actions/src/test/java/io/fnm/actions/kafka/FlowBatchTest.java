package io.fnm.actions.kafka;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.Direction;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FlowBatchTest
{
    private static final long BASE = 1_700_000_000_000L;

    private static TrafficRecord v4()
    {
        return new TrafficRecord().ipv4(0xC6336401, 0x0A000005).ports(53, 40000).protocol(17).tcpFlags(0)
            .fragmented(true).forwardingStatus(TrafficRecord.FORWARDING_DROPPED).ttl(61).ipLength(1500)
            .samplingRatio(1000).packets(7).bytes(10_500L).timestampMillis(BASE + 1234);
    }

    private static TrafficRecord v6()
    {
        return new TrafficRecord().ipv6(0x20010db800000000L, 5L, 0x20010db900000000L, 9L).ports(443, 1234)
            .protocol(6).tcpFlags(TrafficRecord.TCP_SYN | TrafficRecord.TCP_ACK).packets(1).bytes(60);
    }

    private static byte[] encode(final TrafficRecord... records)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        FlowBatch.writeHeader(buffer, 7, BASE);
        for (final TrafficRecord r : records)
        {
            FlowBatch.append(buffer, r, r.ipVersion() == 4 ? Direction.INCOMING : Direction.OUTGOING);
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @Test
    void shouldRoundTripIpv4AndIpv6RecordsWhenEncodedInOneBatch()
    {
        final byte[] value = encode(v4(), v6());
        final FlowBatch batch = new FlowBatch();

        assertThat(batch.wrap(ByteBuffer.wrap(value), 0, value.length)).isNull();
        assertThat(batch.count()).isEqualTo(2);
        assertThat(batch.inletId()).isEqualTo(7);
        final TrafficRecord read = new TrafficRecord();
        assertThat(batch.next(read)).isTrue();
        assertThat(read.toString()).isEqualTo(v4().toString());
        assertThat(read.timestampMillis()).isEqualTo(BASE + 1234);
        assertThat(read.dropped()).isTrue();
        assertThat(read.ttl()).isEqualTo(61);
        assertThat(read.ipLength()).isEqualTo(1500);
        assertThat(batch.direction()).isEqualTo(Direction.INCOMING);
        assertThat(batch.next(read)).isTrue();
        assertThat(read.toString()).isEqualTo(v6().toString());
        assertThat(read.timestampMillis()).isZero();
        assertThat(batch.direction()).isEqualTo(Direction.OUTGOING);
        assertThat(batch.next(read)).isFalse();
    }

    @Test
    void shouldUseFortyAndSixtyFourBytesPerRecordWhenIpv4AndIpv6()
    {
        assertThat(encode(v4()).length).isEqualTo(FlowBatch.HEADER_LENGTH + 40);
        assertThat(encode(v6()).length).isEqualTo(FlowBatch.HEADER_LENGTH + 64);
    }

    @Test
    void shouldRefuseBatchWhenVersionByteIsNotOne()
    {
        final byte[] value = encode(v4());
        value[FlowBatch.VERSION_OFFSET] = 2;

        assertThat(new FlowBatch().wrap(ByteBuffer.wrap(value), 0, value.length)).isEqualTo("unsupported version 2");
    }

    @Test
    void shouldRefuseBatchWhenCountPromisesMoreRecordsThanTheBytesHold()
    {
        final byte[] value = encode(v4(), v4());
        final FlowBatch batch = new FlowBatch();

        assertThat(batch.wrap(ByteBuffer.wrap(value), 0, value.length - 1)).startsWith("truncated");
        assertThat(batch.count()).isZero();
        assertThat(batch.next(new TrafficRecord())).isFalse();
    }

    @Test
    void shouldRefuseBatchWhenARecordHasAnUnknownIpVersion()
    {
        final byte[] value = encode(v4(), v6());
        value[FlowBatch.HEADER_LENGTH + FlowBatch.IPV4_RECORD_LENGTH] = 5;

        assertThat(new FlowBatch().wrap(ByteBuffer.wrap(value), 0, value.length)).startsWith("bad IP version");
    }

    @Test
    void shouldCountAndDropEveryBatchWhenBytesAreRandom()
    {
        final KafkaEngineSource source = KafkaEngineSource.builder().build();
        final Random random = new Random(14);
        final List<TrafficRecord> delivered = new ArrayList<>();
        final TrafficSink sink = r -> delivered.add(new TrafficRecord().copyFrom(r));
        int malformed = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final byte[] value = new byte[random.nextInt(200)];
            random.nextBytes(value);
            if (source.deliver(new FlowBatch(), value, new TrafficRecord(), sink) < 0)
            {
                malformed++;
            }
        }
        assertThat(source.deliver(new FlowBatch(), null, new TrafficRecord(), sink)).isEqualTo(-1);

        assertThat(malformed).isEqualTo(10_000);
        assertThat(source.batchesMalformed()).isEqualTo(10_001);
        assertThat(delivered).isEmpty();
    }

    @Test
    void shouldDeliverEveryRecordWhenBatchIsValid()
    {
        final KafkaEngineSource source = KafkaEngineSource.builder().build();
        final List<TrafficRecord> delivered = new ArrayList<>();

        source.deliver(new FlowBatch(), encode(v4(), v6(), v4()), new TrafficRecord(),
            r -> delivered.add(new TrafficRecord().copyFrom(r)));

        assertThat(delivered).hasSize(3);
        assertThat(source.recordsConsumed()).isEqualTo(3);
        assertThat(source.batchesMalformed()).isZero();
    }

    @Test
    void shouldSkipTheBatchesOfAPartitionStampedBeforeItsCheckpointOnly()
    {
        final KafkaEngineSource source = KafkaEngineSource.builder().build();

        source.skipBefore(5, BASE + 2000);

        assertThat(source.skips(5, BASE + 1999)).isTrue();
        assertThat(source.skips(5, BASE + 2000)).isFalse();
        assertThat(source.skips(4, BASE)).isFalse();
        assertThat(source.skips(7, BASE)).isFalse();
        assertThat(source.skips(5, KafkaInlet.sentAt(KafkaInlet.sentAt(BASE + 1999)))).isTrue();
        assertThat(source.skips(5, KafkaInlet.sentAt(new byte[3]))).as("a header of the wrong size").isFalse();
        assertThat(source.skips(5, KafkaInlet.sentAt((byte[])null))).as("no header").isFalse();
    }
}
