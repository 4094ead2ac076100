package io.fnm.core.internal;

import io.fnm.core.ThresholdKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HostTableTest
{
    private static final double E = Math.exp(-1.0 / 15);
    private static final int PPS_IN = Layout.packets(Layout.IN, Layout.TOTAL);
    private static final int BPS_IN = Layout.bytes(Layout.IN, Layout.TOTAL);

    @ParameterizedTest
    @ValueSource(ints = {2, 16, 64})
    void shouldKeepProbesShortWhileHostsArriveGroupedByCountingPartition(final int partitions)
    {
        // the tick enters each partition's new hosts in turn, and partitions are chosen by the host hash's top bits
        final int hosts = 200_000;
        final List<List<Long>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++)
        {
            byPartition.add(new ArrayList<>());
        }
        for (int i = 0; i < hosts; i++)
        {
            final long address = 0x0A000000L + i;
            byPartition.get(CaptureSink.partitionOf(0, address) & (partitions - 1)).add(address);
        }
        final HostTable table = new HostTable(false, 2 * hosts);

        for (final List<Long> partition : byPartition)
        {
            for (final long address : partition)
            {
                table.findOrInsert(0, address);
            }
            // linear probing at the table's load (at most 0.75) averages about 1.5 slots from home
            assertThat((double)table.indexDisplacement() / table.size()).isLessThan(2.0);
        }
        assertThat(table.size()).isEqualTo(hosts);
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 11, 2026})
    void shouldAgreeWithHashMapUnderRandomInsertsAndRemovals(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final HostTable table = new HostTable(true, 1 << 20, 1);
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

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldHoldAMillionHostsWithFiveThousandWideInAtMostOneHundredTwentyEightBytesEach(final boolean ipv6)
    {
        final int hosts = 1_000_000;
        final HostTable table = realisticMix(ipv6, hosts, 5_000);
        assertThat(table.wideHosts()).isEqualTo(5_000);
        final double perHost = (double)table.memoryBytes() / hosts;
        assertThat(perHost).isLessThanOrEqualTo(128);
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

    @Test
    void shouldStayNarrowWhileEveryPacketAndFlowAverageIsBelow65536()
    {
        final HostTable table = new HostTable(false, 16);
        final int d = table.findOrInsert(0, 1);
        final long[] counts = uniform(65_535);
        counts[BPS_IN] = 0xFFFFFFFFL;
        table.ema(d, counts, 0, 1.0, 0.0);
        assertThat(table.isWide(d)).isFalse();
        assertThat(table.wideHosts()).isZero();
        assertThat(table.average(d, PPS_IN)).isEqualTo(65_535);
        assertThat(table.average(d, Layout.FLOWS_OUT)).isEqualTo(65_535);
        assertThat(table.average(d, BPS_IN)).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void shouldTurnWideKeepingEveryValueWhenOneAverageReaches65536()
    {
        final HostTable table = new HostTable(false, 16);
        final int d = table.findOrInsert(0, 1);
        final long[] counts = distinct(1_000);
        counts[Layout.FLOWS_OUT] = 65_536;
        table.ema(d, counts, 0, 1.0, 0.0);
        assertThat(table.isWide(d)).isTrue();
        assertThat(table.wideHosts()).isEqualTo(1);
        assertRow(table, d, counts);
    }

    @Test
    void shouldSaturateAtTheLargestUnsignedIntInTheWideFormat()
    {
        final HostTable table = new HostTable(true, 16);
        final int d = table.findOrInsert(1, 2);
        final long[] counts = uniform(1L << 40);
        table.ema(d, counts, 0, 1.0, 0.0);
        assertThat(table.average(d, PPS_IN)).isEqualTo(0xFFFFFFFFL);
        assertThat(table.average(d, BPS_IN)).isEqualTo(0xFFFFFFFFL);
        assertThat(table.average(d, Layout.FLOWS_IN)).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void shouldTurnNarrowKeepingEveryValueWhenDecayLeavesAllBelow65536()
    {
        final HostTable table = new HostTable(false, 16);
        final int d = table.findOrInsert(0, 1);
        final long[] counts = distinct(200_000);
        table.ema(d, counts, 0, 1.0, 0.0);
        assertThat(table.isWide(d)).isTrue();
        table.decay(d, 0.5);
        assertThat(table.isWide(d)).isTrue();
        table.decay(d, 0.5);
        assertThat(table.isWide(d)).isFalse();
        assertThat(table.wideHosts()).isZero();
        for (int k = 0; k < Layout.HOST_STRIDE; k++)
        {
            assertThat(table.average(d, k)).as("value %d", k).isEqualTo((long)(0.5 * (long)(0.5 * counts[k])));
        }
    }

    @Test
    void shouldTurnNarrowWhenAnUpdateLeavesAllBelow65536()
    {
        final HostTable table = new HostTable(false, 16);
        final int d = table.findOrInsert(0, 1);
        table.ema(d, uniform(70_000), 0, 1.0, 0.0);
        final long[] counts = distinct(20);
        table.ema(d, counts, 0, 1.0, 0.0);
        assertThat(table.isWide(d)).isFalse();
        assertRow(table, d, counts);
    }

    @Test
    void shouldKeepAWideHostExactWhenItMovesIntoARemovedPlace()
    {
        final HostTable table = new HostTable(false, 16);
        final int first = table.findOrInsert(0, 1);
        final int narrow = table.findOrInsert(0, 2);
        final int wide = table.findOrInsert(0, 3);
        table.ema(first, uniform(80_000), 0, 1.0, 0.0);
        table.ema(narrow, uniform(7), 0, 1.0, 0.0);
        final long[] counts = distinct(90_000);
        table.ema(wide, counts, 0, 1.0, 0.0);
        table.remove(first);
        assertThat(table.wideHosts()).isEqualTo(1);
        final int moved = table.find(0, 3);
        assertThat(moved).isEqualTo(first);
        assertThat(table.isWide(moved)).isTrue();
        assertRow(table, moved, counts);
        assertThat(table.isWide(table.find(0, 2))).isFalse();
        assertRow(table, table.find(0, 2), uniform(7));
    }

    @Test
    void shouldReturnOverflowMemoryWhenWideHostsTurnNarrow()
    {
        final HostTable table = new HostTable(false, 1 << 16);
        for (int i = 0; i < 10_000; i++)
        {
            table.ema(table.findOrInsert(0, i), uniform(i % 2 == 0 ? 100_000 : 10), 0, 1.0, 0.0);
        }
        final long withWide = table.memoryBytes();
        for (int d = 0; d < table.size(); d++)
        {
            table.decay(d, 0.5);
        }
        assertThat(table.wideHosts()).isZero();
        assertThat(withWide - table.memoryBytes())
            .isGreaterThanOrEqualTo(5_000L * HostTable.WIDE_STRIDE * 4 - 2L * HostTable.WIDE_CHUNK * 4 * 17);
    }

    @ParameterizedTest
    @ValueSource(longs = {65_535, 65_536, 3_000_000})
    void shouldFireThresholdsOnTheExactValueInEitherFormat(final long pps)
    {
        final HostTable table = new HostTable(false, 16);
        final int d = table.findOrInsert(0, 1);
        final long[] counts = new long[Layout.HOST_STRIDE];
        counts[Layout.packets(Layout.OUT, Layout.UDP)] = pps;
        counts[Layout.bytes(Layout.IN, Layout.TOTAL)] = 1_000_000;
        table.ema(d, counts, 0, 1.0, 0.0);
        final long[] values = new long[ThresholdKind.values().length];
        Arrays.fill(values, EngineView.OFF);
        final int udpPps = ThresholdKind.UDP_PPS.ordinal();
        values[udpPps] = pps - 1;
        assertThat(table.isWide(d)).isEqualTo(pps > HostTable.NARROW_MAX);
        assertThat(ThresholdCheck.firedKind(table, d, values)).isEqualTo(udpPps);
        values[udpPps] = pps;
        assertThat(ThresholdCheck.firedKind(table, d, values)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 9001})
    void shouldMatchFastNetMonsAverageExactlyThroughPromotionsDemotionsAndRemovals(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final HostTable table = new HostTable(seed % 2 == 0, 1 << 12);
        final Map<Long, long[]> reference = new HashMap<>();
        final long[] counts = new long[Layout.HOST_STRIDE];
        for (int tick = 0; tick < 300; tick++)
        {
            final double period = 1 + random.nextInt(3);
            final double e = Math.exp(-period / (1 + random.nextInt(30)));
            for (int i = 0; i < 300; i++)
            {
                final long key = random.nextInt(400);
                if (random.nextInt(10) == 0)
                {
                    final int d = table.find(0, key);
                    if (d >= 0)
                    {
                        table.remove(d);
                        reference.remove(key);
                    }
                    continue;
                }
                final int d = table.findOrInsert(0, key);
                final long[] expected = reference.computeIfAbsent(key, k -> new long[Layout.HOST_STRIDE]);
                for (int k = 0; k < counts.length; k++)
                {
                    counts[k] = randomCount(random);
                    expected[k] = fastNetMonAverage(expected[k], counts[k], period, e);
                }
                table.ema(d, counts, 0, period, e);
            }
            final List<Long> retired = new ArrayList<>();
            for (final Map.Entry<Long, long[]> entry : reference.entrySet())
            {
                if (random.nextInt(4) == 0)
                {
                    final long[] expected = entry.getValue();
                    boolean nonZero = false;
                    for (int k = 0; k < expected.length; k++)
                    {
                        expected[k] = (long)(e * expected[k]);
                        nonZero |= expected[k] != 0;
                    }
                    final int d = table.find(0, entry.getKey());
                    assertThat(table.decay(d, e)).isEqualTo(nonZero);
                    if (!nonZero)
                    {
                        table.remove(d);
                        retired.add(entry.getKey());
                    }
                }
            }
            retired.forEach(reference::remove);
            assertTableMatches(table, reference);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 77, 4242})
    void shouldMatchFastNetMonsAverageExactlyWhenADirectionFallsQuietAndLeaveTheCountsReadAtZero(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final HostTable table = new HostTable(seed % 2 == 1, 1 << 12);
        final Map<Long, long[]> reference = new HashMap<>();
        final int[] order = EmaStep.order(java.util.stream.IntStream.range(0, Layout.HOST_STRIDE).toArray());
        final long[] counts = new long[Layout.HOST_STRIDE];
        for (int tick = 0; tick < 200; tick++)
        {
            final double period = 1 + random.nextInt(2);
            final double e = Math.exp(-period / (1 + random.nextInt(20)));
            for (int key = 0; key < 200; key++)
            {
                // each direction (its classes and its flows) quiet for a third of the hosts and ticks
                final boolean quietIn = random.nextInt(3) == 0;
                final boolean quietOut = random.nextInt(3) == 0;
                final int d = table.findOrInsert(0, key);
                final long[] expected = reference.computeIfAbsent((long)key, k -> new long[Layout.HOST_STRIDE]);
                for (int k = 0; k < counts.length; k++)
                {
                    final boolean out = k >= Layout.FLOWS_IN ? k == Layout.FLOWS_OUT : k >= Layout.PER_DIRECTION;
                    counts[k] = (out ? quietOut : quietIn) ? 0 : randomCount(random);
                    expected[k] = fastNetMonAverage(expected[k], counts[k], period, e);
                }
                table.emaAndZero(d, counts, 0, order, period, e);
                assertThat(counts).as("counts after the update").containsOnly(0L);
            }
            assertTableMatches(table, reference);
        }
    }

    private static void assertTableMatches(final HostTable table, final Map<Long, long[]> reference)
    {
        assertThat(table.size()).isEqualTo(reference.size());
        int wide = 0;
        for (final Map.Entry<Long, long[]> entry : reference.entrySet())
        {
            final int d = table.find(0, entry.getKey());
            final long[] expected = entry.getValue();
            assertRow(table, d, expected);
            boolean big = false;
            for (int k = 0; k < expected.length; k++)
            {
                big |= isCount(k) && expected[k] > HostTable.NARROW_MAX;
            }
            assertThat(table.isWide(d)).isEqualTo(big);
            wide += big ? 1 : 0;
        }
        assertThat(table.wideHosts()).isEqualTo(wide);
    }

    private static long randomCount(final SplittableRandom random)
    {
        return switch (random.nextInt(6))
        {
            case 0, 1 -> 0;
            case 2 -> random.nextLong(100);
            case 3 -> random.nextLong(200_000);
            case 4 -> random.nextLong(1L << 33);
            default -> 60_000 + random.nextLong(10_000);
        };
    }

    /** FastNetMon's truncated moving average saturated to 32 bits, one value at a time (the pre-narrow code). */
    private static long fastNetMonAverage(final long prev, final long count, final double period, final double e)
    {
        if (count == 0)
        {
            return (long)(e * prev);
        }
        final long instant = (long)(count / period);
        final long value = (long)(instant + e * (prev - instant));
        return Math.max(0, Math.min(value, 0xFFFFFFFFL));
    }

    private static boolean isCount(final int k)
    {
        return k >= Layout.FLOWS_IN || (k & 1) == 0;
    }

    private static void assertRow(final HostTable table, final int d, final long[] expected)
    {
        for (int k = 0; k < Layout.HOST_STRIDE; k++)
        {
            assertThat(table.average(d, k)).as("value %d", k).isEqualTo(expected[k]);
        }
    }

    private static long[] uniform(final long value)
    {
        final long[] counts = new long[Layout.HOST_STRIDE];
        Arrays.fill(counts, value);
        return counts;
    }

    private static long[] distinct(final long from)
    {
        final long[] counts = new long[Layout.HOST_STRIDE];
        for (int k = 0; k < counts.length; k++)
        {
            counts[k] = from + 1_000L * k;
        }
        return counts;
    }

    /**
     * @return a table of hosts 10.0.0.0 + i (IPv6: 2001:db8::i) after one interval, all narrow but {@code wide}
     *     of them spread over the table, which received 2 000 000 packets per second.
     */
    static HostTable realisticMix(final boolean ipv6, final int hosts, final int wide)
    {
        final HostTable table = new HostTable(ipv6, 1 << 21);
        final long[] quiet = new long[Layout.HOST_STRIDE];
        final long[] victim = new long[Layout.HOST_STRIDE];
        for (int k = 0; k < Layout.HOST_STRIDE; k++)
        {
            quiet[k] = isCount(k) ? 2_000 : 1_500_000;
            victim[k] = isCount(k) ? 2_000_000 : 3_000_000_000L;
        }
        final int every = hosts / wide;
        for (int i = 0; i < hosts; i++)
        {
            final int d = ipv6 ? table.findOrInsert(0x20010DB800000000L, i) : table.findOrInsert(0, 0x0A000000L + i);
            table.ema(d, i % every == 0 ? victim : quiet, 0, 1.0, E);
        }
        return table;
    }
}

class HostTableHeapTest
{
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldUseAtMostOneHundredTwentyEightBytesOfHeapPerHostWhenMeasured(final boolean ipv6)
    {
        final int hosts = 1_000_000;
        final long before = usedHeap();
        final HostTable table = HostTableTest.realisticMix(ipv6, hosts, 5_000);
        final long after = usedHeap();
        assertThat(table.wideHosts()).isEqualTo(5_000);
        assertThat(table.size()).isEqualTo(hosts);
        final double perHost = (double)(after - before) / hosts;
        assertThat(perHost).as("measured bytes per host (computed: %.1f)", (double)table.memoryBytes() / hosts)
            .isLessThanOrEqualTo(128);
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
