package io.fnm.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HostCountsTest
{
    @ParameterizedTest
    @ValueSource(longs = {3, 17, 2026})
    void shouldAgreeWithHashMapAcrossClears(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final HostCounts table = new HostCounts(true, 1 << 20);
        for (int round = 0; round < 3; round++)
        {
            final Map<String, Long> reference = new HashMap<>();
            for (int i = 0; i < 40_000; i++)
            {
                final long high = random.nextInt(3);
                final long low = random.nextInt(20_000);
                final int d = table.findOrInsert(high, low);
                table.rows()[table.countsBase(d)]++;
                reference.merge(high + ":" + low, 1L, Long::sum);
            }
            assertThat(table.size()).isEqualTo(reference.size());
            for (final Map.Entry<String, Long> e : reference.entrySet())
            {
                final String[] parts = e.getKey().split(":");
                final int d = table.find(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                assertThat(table.rows()[table.countsBase(d)]).isEqualTo(e.getValue());
            }
            table.clear();
            assertThat(table.find(0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void shouldStartReinsertedHostAtZeroAfterClear()
    {
        final HostCounts table = new HostCounts(false, 16);
        final int d = table.findOrInsert(0, 7);
        table.rows()[table.countsBase(d) + Layout.HOST_STRIDE - 1] = 99;
        table.clear();
        final int again = table.findOrInsert(0, 7);
        for (int k = 0; k < Layout.HOST_STRIDE; k++)
        {
            assertThat(table.rows()[table.countsBase(again) + k]).isZero();
        }
    }

    @Test
    void shouldKeepHostsAndHintsAtTheEndOfAnIntervalWhenTheReaderRetainedThem()
    {
        final HostCounts table = new HostCounts(false, 16);
        final int d = table.findOrInsert(0, 7);
        table.hint(d, 42);
        table.retainHosts();

        table.endInterval();

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.find(0, 7)).isEqualTo(d);
        assertThat(table.hint(d)).isEqualTo(42);
    }

    @Test
    void shouldForgetHostsAtTheEndOfAnIntervalUnlessRetainedForThatInterval()
    {
        final HostCounts table = new HostCounts(false, 16);
        table.findOrInsert(0, 7);
        table.retainHosts();
        table.endInterval();

        table.endInterval();

        assertThat(table.size()).isZero();
        assertThat(table.find(0, 7)).isEqualTo(-1);
    }

    @Test
    void shouldForgetHostsOfATableNearItsBoundEvenWhenRetained()
    {
        final HostCounts table = new HostCounts(false, 8);
        for (int host = 0; host < 7; host++)
        {
            table.findOrInsert(0, host);
        }
        table.retainHosts();

        table.endInterval();

        assertThat(table.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldKeepEveryHostFindableWithItsHintWhenSortedByHint(final boolean ipv6)
    {
        final SplittableRandom random = new SplittableRandom(ipv6 ? 6 : 4);
        final HostCounts table = new HostCounts(ipv6, 1 << 16);
        final Map<String, Integer> hints = new HashMap<>();
        for (int i = 0; i < 20_000; i++)
        {
            final long high = ipv6 ? random.nextLong() : 0;
            final long low = ipv6 ? random.nextLong() : random.nextInt() & 0xFFFFFFFFL;
            final int d = table.findOrInsert(high, low);
            final int hint = random.nextInt(10) == 0 ? -1 : random.nextInt(1 << 20);
            table.hint(d, hint);
            hints.put(high + ":" + low, hint);
        }

        table.sortByHint();

        assertThat(table.size()).isEqualTo(hints.size());
        int previous = -1;
        boolean unhinted = false;
        for (int d = 0; d < table.size(); d++)
        {
            final int hint = table.hint(d);
            assertThat(hints.get(table.keyHigh(d) + ":" + table.keyLow(d))).isEqualTo(hint);
            assertThat(table.find(table.keyHigh(d), table.keyLow(d))).isEqualTo(d);
            assertThat(table.active(d)).isFalse();
            if (hint < 0)
            {
                unhinted = true;
            }
            else
            {
                assertThat(unhinted).as("hosts without a hint come last").isFalse();
                assertThat(hint).isGreaterThanOrEqualTo(previous);
                previous = hint;
            }
        }
    }

    @Test
    void shouldStartEveryIntervalWithoutFlowBitsWhetherItsHostsAreKeptOrNot()
    {
        final HostCounts table = new HostCounts(false, 16);
        final int d = table.findOrInsert(0, 7);
        final int in = table.countsBase(d) + HostCounts.at(Layout.FLOWS_IN);
        final int out = table.countsBase(d) + HostCounts.at(Layout.FLOWS_OUT);
        table.flowBits(in, 5L);
        table.flowBits(out, 6L);
        assertThat(table.flowBits(in)).isEqualTo(5L);
        assertThat(table.flowBits(out)).isEqualTo(6L);

        table.retainHosts();
        table.endInterval();
        assertThat(table.flowBits(in)).isZero();
        assertThat(table.flowBits(out)).isZero();

        table.flowBits(in, 7L);
        table.endInterval();
        final int again = table.findOrInsert(0, 7);
        assertThat(table.flowBits(table.countsBase(again) + HostCounts.at(Layout.FLOWS_IN))).isZero();
    }

    @Test
    void shouldStartANewHostWithoutHint()
    {
        final HostCounts table = new HostCounts(false, 16);
        table.hint(table.findOrInsert(0, 7), 42);
        table.clear();

        assertThat(table.hint(table.findOrInsert(0, 8))).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {Layout.FLOWS_IN, Layout.FLOWS_OUT, 0, 1, Layout.PER_DIRECTION, Layout.PER_DIRECTION + 1})
    void shouldCallAHostActiveWhenAnyOfItsFlowsOrTotalsIsNotZero(final int layoutIndex)
    {
        final HostCounts table = new HostCounts(true, 16);
        final int d = table.findOrInsert(1, 7);
        assertThat(table.active(d)).isFalse();

        table.rows()[table.countsBase(d) + HostCounts.at(layoutIndex)] = 1;

        assertThat(table.active(d)).isTrue();
    }

    @Test
    void shouldRefuseHostsBeyondBound()
    {
        final HostCounts table = new HostCounts(false, 2);
        assertThat(table.findOrInsert(0, 1)).isZero();
        assertThat(table.findOrInsert(0, 2)).isEqualTo(1);
        assertThat(table.findOrInsert(0, 3)).isEqualTo(-1);
        assertThat(table.findOrInsert(0, 1)).isZero();
    }

    @Test
    void shouldKeepIpv4KeysDistinctFromIpv6KeysWithSameLowBits()
    {
        final HostCounts table = new HostCounts(true, 16);
        final int a = table.findOrInsert(0, 5);
        final int b = table.findOrInsert(1, 5);
        assertThat(a).isNotEqualTo(b);
        assertThat(table.keyHigh(b)).isEqualTo(1);
        assertThat(table.keyLow(b)).isEqualTo(5);
    }

    @Test
    void shouldPlaceEveryLayoutValueInItsOwnPlaceOfTheRow()
    {
        final int[] order = HostCounts.rowOrder();
        assertThat(order).hasSize(Layout.HOST_STRIDE);
        assertThat(java.util.Arrays.stream(order).sorted().toArray())
            .containsExactly(java.util.stream.IntStream.range(0, Layout.HOST_STRIDE).toArray());
    }

    @Test
    void shouldKeepWhatOneRecordAddsToInTwoCacheLinesOfTheRow()
    {
        final int[] classes = {Layout.TCP, Layout.UDP, Layout.ICMP, Layout.SYN};
        for (int direction = 0; direction < 2; direction++)
        {
            // the key and what every record of the host adds to: the first line
            assertThat(line(0)).isZero();
            assertThat(line(2 + HostCounts.at(Layout.FLOWS_IN + direction))).isZero();
            assertThat(line(2 + HostCounts.at(Layout.packets(direction, Layout.TOTAL)))).isZero();
            assertThat(line(2 + HostCounts.at(Layout.bytes(direction, Layout.TOTAL)))).isZero();
            // its protocol class and SYN: one other line per direction
            for (final int c : classes)
            {
                assertThat(line(2 + HostCounts.at(Layout.packets(direction, c)))).isEqualTo(1 + direction);
                assertThat(line(2 + HostCounts.at(Layout.bytes(direction, c)))).isEqualTo(1 + direction);
            }
        }
        assertThat(HostCounts.STRIDE * Long.BYTES).isEqualTo(4 * 64);
    }

    @Test
    void shouldCountEachHostInItsOwnRowOrderWhateverTheVersion()
    {
        final HostCounts v4 = new HostCounts(false, 16);
        final HostCounts v6 = new HostCounts(true, 16);
        final int a = v4.findOrInsert(0, 0x0A000001L);
        final int b = v6.findOrInsert(0x20010db800000000L, 1);
        assertThat(v4.countsBase(a) - HostCounts.ROW0).isEqualTo(v6.countsBase(b) - HostCounts.ROW0).isEqualTo(2);
        assertThat(v4.keyLow(a)).isEqualTo(0x0A000001L);
        assertThat(v6.keyHigh(b)).isEqualTo(0x20010db800000000L);
    }

    /** The 64-byte line of a row a long at this offset from the row's start lies in (rows are 64-byte aligned). */
    private static int line(final int offsetInRow)
    {
        return offsetInRow * Long.BYTES / 64;
    }
}
