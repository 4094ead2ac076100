package io.fnm.capture.netflow;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongFlowSpreaderTest
{
    private static final long NOW = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(NOW);
    private final List<TrafficRecord> delivered = new ArrayList<>();
    private int flushes;
    private final TrafficSink sink = new TrafficSink()
    {
        @Override
        public void accept(final TrafficRecord record)
        {
            delivered.add(new TrafficRecord().copyFrom(record));
        }

        @Override
        public void flush()
        {
            flushes++;
        }
    };
    private final LongFlowSpreader spreader = new LongFlowSpreader(sink, clock, 4);

    private static TrafficRecord flow(final long durationMillis, final long packets, final long bytes)
    {
        return new TrafficRecord().ipv4(0x0A000001, 0x0A000002).protocol(TrafficRecord.PROTOCOL_UDP)
            .ports(1234, 53).packets(packets).bytes(bytes).samplingRatio(1)
            .flowTimes(NOW - durationMillis - 5000, NOW - 5000);
    }

    private long deliveredPackets()
    {
        return delivered.stream().mapToLong(TrafficRecord::packets).sum();
    }

    private long deliveredBytes()
    {
        return delivered.stream().mapToLong(TrafficRecord::bytes).sum();
    }

    @Test
    void shouldDeliverAShortFlowWholeAndAtOnce()
    {
        spreader.accept(flow(1999, 100, 10_000));

        assertThat(delivered).singleElement().satisfies(r ->
        {
            assertThat(r.packets()).isEqualTo(100);
            assertThat(r.bytes()).isEqualTo(10_000);
        });
        assertThat(spreader.pendingCount()).isZero();
    }

    @Test
    void shouldDeliverARecordWithoutFlowTimesWholeAndAtOnce()
    {
        spreader.accept(new TrafficRecord().ipv4(1, 2).packets(100).bytes(10_000));

        assertThat(delivered).singleElement().extracting(TrafficRecord::packets).isEqualTo(100L);
        assertThat(spreader.pendingCount()).isZero();
    }

    @Test
    void shouldDeliverTheFirstPartAtOnceWithTheRemainder()
    {
        spreader.accept(flow(10_000, 1005, 100_007));

        assertThat(delivered).singleElement().satisfies(r ->
        {
            assertThat(r.packets()).isEqualTo(100 + 5);
            assertThat(r.bytes()).isEqualTo(10_000 + 7);
            assertThat(r.dstPort()).isEqualTo(53);
        });
        assertThat(spreader.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldNotDeliverAPartBeforeItIsDue()
    {
        spreader.accept(flow(10_000, 1000, 100_000));
        clock.advance(999, TimeUnit.MILLISECONDS);

        assertThat(spreader.tick()).isZero();
        assertThat(delivered).hasSize(1);
    }

    @Test
    void shouldDeliverOnePartPerSecondOverTheFlowDuration()
    {
        spreader.accept(flow(10_000, 1000, 100_000));

        for (int second = 1; second < 10; second++)
        {
            clock.advanceSeconds(1);
            assertThat(spreader.tick()).as("second %d", second).isEqualTo(1);
            assertThat(delivered.get(second).packets()).isEqualTo(100);
            assertThat(delivered.get(second).bytes()).isEqualTo(10_000);
        }
        clock.advanceSeconds(1);

        assertThat(spreader.tick()).isZero();
        assertThat(delivered).hasSize(10);
        assertThat(spreader.pendingCount()).isZero();
    }

    @Test
    void shouldSumTheOverduePartsIntoOneWhenATickIsLate()
    {
        spreader.accept(flow(10_000, 1000, 100_000));
        clock.advance(5500, TimeUnit.MILLISECONDS);

        assertThat(spreader.tick()).isEqualTo(1);

        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(1).packets()).isEqualTo(500);
        assertThat(delivered.get(1).bytes()).isEqualTo(50_000);
        assertThat(spreader.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldCapTheSpreadAtMaxSpreadSeconds()
    {
        final long seconds = LongFlowSpreader.MAX_SPREAD_SECONDS;
        spreader.accept(flow(3 * seconds * 1000, 2 * seconds, 2 * seconds * 100));

        assertThat(delivered.get(0).packets()).isEqualTo(2);
        clock.advanceSeconds(seconds - 1);
        spreader.tick();

        assertThat(spreader.pendingCount()).isZero();
        assertThat(deliveredPackets()).isEqualTo(2 * seconds);
    }

    @Test
    void shouldNotSpreadOverMoreSecondsThanPackets()
    {
        spreader.accept(flow(60_000, 3, 3000));

        clock.advanceSeconds(1);
        spreader.tick();
        clock.advanceSeconds(1);
        spreader.tick();

        assertThat(delivered).extracting(TrafficRecord::packets).containsExactly(1L, 1L, 1L);
        assertThat(delivered).extracting(TrafficRecord::bytes).containsExactly(1000L, 1000L, 1000L);
        assertThat(spreader.pendingCount()).isZero();
    }

    @Test
    void shouldDeliverWholeAndCountAnOverflowWhenThePoolIsFull()
    {
        for (int i = 0; i < 4; i++)
        {
            spreader.accept(flow(10_000, 1000, 100_000));
        }

        spreader.accept(flow(10_000, 1000, 100_000));

        assertThat(spreader.overflows()).isEqualTo(1);
        assertThat(spreader.pendingCount()).isEqualTo(4);
        assertThat(delivered.get(4).packets()).isEqualTo(1000);
    }

    @Test
    void shouldTakeNewRecordsAgainOnceAPendingOneIsDone()
    {
        for (int i = 0; i < 4; i++)
        {
            spreader.accept(flow(2000 + i * 10_000L, 100_000, 100_000));
        }
        clock.advanceSeconds(1);
        spreader.tick();

        spreader.accept(flow(10_000, 1000, 100_000));

        assertThat(spreader.overflows()).isZero();
        assertThat(spreader.pendingCount()).isEqualTo(4);
    }

    @Test
    void shouldDeliverEverythingPendingOnDrain()
    {
        spreader.accept(flow(10_000, 1000, 100_000));
        spreader.accept(flow(20_000, 2000, 200_000));
        clock.advanceSeconds(2);
        spreader.tick();

        spreader.drain();

        assertThat(spreader.pendingCount()).isZero();
        assertThat(deliveredPackets()).isEqualTo(3000);
        assertThat(deliveredBytes()).isEqualTo(300_000);
        clock.advanceSeconds(30);
        assertThat(spreader.tick()).isZero();
    }

    @Test
    void shouldPassFlushThrough()
    {
        spreader.flush();

        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void shouldRejectANegativeCapacity()
    {
        assertThatThrownBy(() -> new LongFlowSpreader(sink, clock, -1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void shouldKeepTotalsAndStayBoundedForSeededRandomFlows(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final LongFlowSpreader big = new LongFlowSpreader(sink, clock, 64);
        long packets = 0;
        long bytes = 0;
        for (int step = 0; step < 2000; step++)
        {
            if (random.nextInt(4) == 0)
            {
                clock.advance(random.nextInt(3000), TimeUnit.MILLISECONDS);
                big.tick();
            }
            else
            {
                final TrafficRecord record = flow(
                    random.nextLong(0, 200_000), random.nextLong(0, 1_000_000), random.nextLong(0, 1_000_000_000));
                packets += record.packets();
                bytes += record.bytes();
                big.accept(record);
            }
            assertThat(big.pendingCount()).isBetween(0, 64);
        }
        big.drain();

        assertThat(deliveredPackets()).isEqualTo(packets);
        assertThat(deliveredBytes()).isEqualTo(bytes);
        assertThat(delivered).allSatisfy(r -> assertThat(r.packets()).isNotNegative());
    }
}
