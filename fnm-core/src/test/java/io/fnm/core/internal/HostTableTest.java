package io.fnm.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HostTableTest
{
    @ParameterizedTest
    @ValueSource(longs = {7, 11, 2026})
    void shouldAgreeWithHashMapUnderRandomInsertsAndRemovals(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final HostTable table = new HostTable(true, 1 << 20);
        final Map<String, Integer> reference = new HashMap<>();
        for (int i = 0; i < 50_000; i++)
        {
            final long high = random.nextInt(4);
            final long low = random.nextInt(5000);
            final String key = high + ":" + low;
            if (random.nextInt(3) == 0)
            {
                final int d = table.find(high, low);
                assertThat(d >= 0).isEqualTo(reference.containsKey(key));
                if (d >= 0)
                {
                    assertThat(table.row(d)[table.base(d)]).isEqualTo(reference.remove(key));
                    table.remove(d);
                }
            }
            else
            {
                final int d = table.findOrInsert(high, low);
                table.row(d)[table.base(d)] = i;
                reference.put(key, i);
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        for (final Map.Entry<String, Integer> e : reference.entrySet())
        {
            final String[] parts = e.getKey().split(":");
            final int d = table.find(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            assertThat(table.row(d)[table.base(d)]).isEqualTo(e.getValue());
        }
    }

    @Test
    void shouldRefuseHostsBeyondBound()
    {
        final HostTable table = new HostTable(false, 3);
        assertThat(table.findOrInsert(0, 1)).isZero();
        assertThat(table.findOrInsert(0, 2)).isEqualTo(1);
        assertThat(table.findOrInsert(0, 3)).isEqualTo(2);
        assertThat(table.findOrInsert(0, 4)).isEqualTo(-1);
        assertThat(table.findOrInsert(0, 2)).isEqualTo(1);
    }

    @Test
    void shouldHoldAMillionIpv4HostsInAtMostOneHundredThirtyTwoBytesEach()
    {
        final HostTable table = new HostTable(false, 1 << 21);
        final int hosts = 1_000_000;
        for (int i = 0; i < hosts; i++)
        {
            table.findOrInsert(0, 0x0A000000L + i);
        }
        final double perHost = (double)table.memoryBytes() / hosts;
        assertThat(perHost).isLessThanOrEqualTo(132);
    }

    @Test
    void shouldReturnMemoryWhenHostsAreRemoved()
    {
        final HostTable table = new HostTable(false, 1 << 20);
        for (int i = 0; i < 100_000; i++)
        {
            table.findOrInsert(0, i);
        }
        final long full = table.memoryBytes();
        for (int d = table.size() - 1; d >= 10; d--)
        {
            table.remove(d);
        }
        assertThat(table.memoryBytes()).isLessThan(full / 10);
        assertThat(table.find(0, 5)).isNotNegative();
    }
}

class HostTableHeapTest
{
    @Test
    void shouldUseAtMostOneHundredFortyBytesOfHeapPerIpv4HostWhenMeasured()
    {
        final int hosts = 1_000_000;
        final long before = usedHeap();
        final HostTable table = new HostTable(false, 1 << 21);
        for (int i = 0; i < hosts; i++)
        {
            table.findOrInsert(0, 0x0A000000L + i);
        }
        final long after = usedHeap();
        assertThat(table.size()).isEqualTo(hosts);
        assertThat((double)(after - before) / hosts).isLessThanOrEqualTo(140);
    }

    private static long usedHeap()
    {
        final Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++)
        {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
