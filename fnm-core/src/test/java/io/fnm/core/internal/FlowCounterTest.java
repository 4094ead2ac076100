package io.fnm.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlowCounterTest
{
    private final FlowCounter flows = new FlowCounter();
    private final HostCounts hosts = new HostCounts(false, 1 << 16);

    @Test
    void shouldCountDistinctFlowsExactlyBelowTheBound()
    {
        final int host = hosts.findOrInsert(0, 1);
        for (int round = 0; round < 3; round++)
        {
            for (int f = 0; f < FlowCounter.EXACT_PER_HOST; f++)
            {
                flows.count(hosts, word(host, Layout.IN), Layout.mix(f + 1));
            }
        }
        flows.finish();

        assertThat(read(host, Layout.IN)).isEqualTo(FlowCounter.EXACT_PER_HOST);
        assertThat(flows.sketchesUsed()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1_000_003})
    void shouldReadTenThousandDistinctFlowsWithinTwoPercent(final long seed)
    {
        final int host = hosts.findOrInsert(0, 1);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int f = 0; f < 10_000; f++)
        {
            final long hash = random.nextLong();
            flows.count(hosts, word(host, Layout.IN), hash);
            flows.count(hosts, word(host, Layout.IN), hash);
        }
        flows.finish();

        assertThat((double)read(host, Layout.IN)).isCloseTo(10_000, within(200.0));
        assertThat(flows.sketchesUsed()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void shouldReadAMillionDistinctFlowsWithinThreePercent(final long seed)
    {
        final int host = hosts.findOrInsert(0, 1);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int f = 0; f < 1_000_000; f++)
        {
            flows.count(hosts, word(host, Layout.OUT), random.nextLong());
        }
        flows.finish();

        assertThat((double)read(host, Layout.OUT)).isCloseTo(1_000_000, within(30_000.0));
    }

    @Test
    void shouldKeepAnotherHostExactUnderARandomPortFlood()
    {
        final int victim = hosts.findOrInsert(0, 1);
        final int bystander = hosts.findOrInsert(0, 2);
        final SplittableRandom random = new SplittableRandom(5);
        for (int f = 0; f < 300_000; f++)
        {
            flows.count(hosts, word(victim, Layout.IN), random.nextLong());
            if (f % 1000 == 0)
            {
                flows.count(hosts, word(bystander, Layout.IN), Layout.mix(f));
            }
        }
        flows.finish();

        assertThat(read(bystander, Layout.IN)).isEqualTo(300);
    }

    @Test
    void shouldKeepAnotherHostExactWhenEverySketchIsTaken()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int h = 0; h < FlowCounter.MAX_SKETCHES + 8; h++)
        {
            final int flooded = hosts.findOrInsert(0, 1000 + h);
            for (int f = 0; f < FlowCounter.EXACT_PER_HOST + 100; f++)
            {
                flows.count(hosts, word(flooded, Layout.IN), random.nextLong());
            }
        }
        final int bystander = hosts.findOrInsert(0, 2);
        for (int f = 0; f < 50; f++)
        {
            flows.count(hosts, word(bystander, Layout.OUT), Layout.mix(f + 1));
        }
        flows.finish();

        assertThat(flows.sketchesUsed()).isEqualTo(FlowCounter.MAX_SKETCHES);
        assertThat(read(bystander, Layout.OUT)).isEqualTo(50);
    }

    @Test
    void shouldOverCountOnlyTheHostThatFoundNoSketch()
    {
        final SplittableRandom random = new SplittableRandom(13);
        int last = -1;
        for (int h = 0; h < FlowCounter.MAX_SKETCHES + 1; h++)
        {
            last = hosts.findOrInsert(0, 1000 + h);
            for (int f = 0; f < FlowCounter.EXACT_PER_HOST + 100; f++)
            {
                flows.count(hosts, word(last, Layout.IN), random.nextLong());
            }
        }
        // the host beyond the pool counts each record not held exactly as a new flow
        flows.count(hosts, word(last, Layout.IN), Layout.mix(-1));
        flows.count(hosts, word(last, Layout.IN), Layout.mix(-1));
        flows.finish();

        assertThat(read(last, Layout.IN)).isEqualTo(FlowCounter.EXACT_PER_HOST + 102);
    }

    @ParameterizedTest
    @ValueSource(longs = {17, 23, 2027})
    void shouldKeepALightHostsFlowsNearExactWhenACarpetOfFloodedHostsFilledTheSetAndEverySketch(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        fillSetAndSketches(random);
        final int bystander = hosts.findOrInsert(0, 2);
        // 40 distinct flows, each seen 50 times, all after the exact set filled
        for (int round = 0; round < 50; round++)
        {
            for (int f = 0; f < 40; f++)
            {
                flows.count(hosts, word(bystander, Layout.IN), Layout.mix(seed * 1000 + f));
            }
        }
        flows.finish();

        assertThat(flows.exactSize()).isEqualTo(FlowCounter.MAX_EXACT);
        assertThat(flows.sketchesUsed()).isEqualTo(FlowCounter.MAX_SKETCHES);
        // 64-bit linear counting: within a third of 40, where counting records would read 2 000
        assertThat((double)read(bystander, Layout.IN)).isCloseTo(40, within(14.0));
    }

    @Test
    void shouldLeaveTheSketchesToHostsPastTheirExactBoundWhenTheSetIsFull()
    {
        final SplittableRandom random = new SplittableRandom(29);
        for (int h = 0; flows.exactSize() < FlowCounter.MAX_EXACT; h++)
        {
            final int light = hosts.findOrInsert(0, 100_000 + h);
            for (int f = 0; f < FlowCounter.EXACT_PER_HOST / 2 && flows.exactSize() < FlowCounter.MAX_EXACT; f++)
            {
                flows.count(hosts, word(light, Layout.IN), random.nextLong());
            }
        }
        for (int h = 0; h < 100; h++)
        {
            final int late = hosts.findOrInsert(0, 200_000 + h);
            for (int f = 0; f < 10; f++)
            {
                flows.count(hosts, word(late, Layout.OUT), random.nextLong());
            }
        }

        assertThat(flows.sketchesUsed()).isZero();
    }

    /** Hosts with flows up to their exact bound fill the exact set, then as many heavy hosts as there are sketches. */
    private void fillSetAndSketches(final SplittableRandom random)
    {
        for (int h = 0; flows.exactSize() < FlowCounter.MAX_EXACT; h++)
        {
            final int flooded = hosts.findOrInsert(0, 100_000 + h);
            for (int f = 0; f < FlowCounter.EXACT_PER_HOST && flows.exactSize() < FlowCounter.MAX_EXACT; f++)
            {
                flows.count(hosts, word(flooded, Layout.IN), random.nextLong());
            }
        }
        for (int h = 0; flows.sketchesUsed() < FlowCounter.MAX_SKETCHES; h++)
        {
            final int flooded = hosts.findOrInsert(0, 200_000 + h);
            for (int f = 0; f < 1000; f++)
            {
                flows.count(hosts, word(flooded, Layout.IN), random.nextLong());
            }
        }
    }

    @Test
    void shouldStartEveryIntervalFromZero()
    {
        final int host = hosts.findOrInsert(0, 1);
        final SplittableRandom random = new SplittableRandom(3);
        for (int f = 0; f < 20_000; f++)
        {
            flows.count(hosts, word(host, Layout.IN), random.nextLong());
        }
        flows.finish();
        flows.clear();
        hosts.clear();
        final int again = hosts.findOrInsert(0, 1);
        flows.count(hosts, word(again, Layout.IN), 12345);
        flows.finish();

        assertThat(read(again, Layout.IN)).isEqualTo(1);
        assertThat(flows.exactSize()).isEqualTo(1);
        assertThat(flows.sketchesUsed()).isZero();
    }

    private int word(final int host, final int direction)
    {
        return hosts.countsBase(host) + HostCounts.at(Layout.FLOWS_IN + direction);
    }

    private long read(final int host, final int direction)
    {
        return hosts.rows()[word(host, direction)];
    }
}
