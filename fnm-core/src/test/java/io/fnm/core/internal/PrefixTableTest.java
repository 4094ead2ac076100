package io.fnm.core.internal;

import io.fnm.core.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixTableTest
{
    @Test
    void shouldAnswerLongestMatchWhenPrefixesNest()
    {
        final PrefixTable table = new PrefixTable(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.1.0.0/16"),
            IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8:1::/48"), IpPrefix.parse("0.0.0.0/0")));
        assertThat(table.lookupIpv4(0x0A010203)).isEqualTo(1);
        assertThat(table.lookupIpv4(0x0A020203)).isEqualTo(0);
        assertThat(table.lookupIpv4(0xC0000201)).isEqualTo(4);
        assertThat(table.lookupIpv6(0x20010db800010000L, 5)).isEqualTo(3);
        assertThat(table.lookupIpv6(0x20010db800020000L, 5)).isEqualTo(2);
        assertThat(table.lookupIpv6(0x20010db900000000L, 5)).isEqualTo(-1);
    }

    @Test
    void shouldMatchHostPrefixesOfBothVersions()
    {
        final PrefixTable table = new PrefixTable(List.of(IpPrefix.parse("192.0.2.7/32"),
            IpPrefix.parse("2001:db8::7/128")));
        assertThat(table.lookupIpv4(0xC0000207)).isZero();
        assertThat(table.lookupIpv4(0xC0000206)).isEqualTo(-1);
        assertThat(table.lookupIpv6(0x20010db800000000L, 7)).isEqualTo(1);
        assertThat(table.lookupIpv6(0x20010db800000000L, 6)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldAgreeWithNaiveScanForRandomIpv4Prefixes(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            prefixes.add(IpPrefix.ofIpv4(0x0A000000 | random.nextInt(1 << 16) << 8, 8 + random.nextInt(25)));
        }
        final PrefixTable table = new PrefixTable(prefixes);
        for (int i = 0; i < 20_000; i++)
        {
            final int address = 0x0A000000 | random.nextInt(1 << 24);
            assertThat(table.lookupIpv4(address)).isEqualTo(naive4(prefixes, address));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldAgreeWithNaiveScanAcrossTheWholeIpv4SpaceWhereMostBlocksHoldNoPrefix(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            final int length = 9 + random.nextInt(24);
            prefixes.add(IpPrefix.ofIpv4(random.nextInt() & (-1 << (32 - length)), length));
        }
        final PrefixTable table = new PrefixTable(prefixes);
        for (int i = 0; i < 20_000; i++)
        {
            // anywhere, or in the /16 of a prefix (inside or beside it), or at the edges of a prefix
            final IpPrefix near = prefixes.get(random.nextInt(prefixes.size()));
            final int span = near.length() == 32 ? 0 : -1 >>> near.length();
            final int address = switch (random.nextInt(4))
            {
                case 0 -> random.nextInt();
                case 1 -> (near.ipv4() & 0xFFFF0000) | random.nextInt(1 << 16);
                case 2 -> near.ipv4() + span;
                default -> near.ipv4() + span + 1;
            };
            assertThat(table.lookupIpv4(address)).as("%08x", address).isEqualTo(naive4(prefixes, address));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldAgreeWithNaiveScanForRandomIpv6Prefixes(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            final long high = 0x20010db800000000L | (random.nextLong() & 0xFFFFL) << 16;
            prefixes.add(IpPrefix.ofIpv6(high, random.nextLong() & 0xFF00000000000000L, 32 + random.nextInt(97)));
        }
        final PrefixTable table = new PrefixTable(prefixes);
        for (int i = 0; i < 20_000; i++)
        {
            final IpPrefix base = prefixes.get(random.nextInt(prefixes.size()));
            final long high = random.nextBoolean() ? base.ipv6High() : base.ipv6High() ^ (1L << random.nextInt(32));
            final long low = base.ipv6Low() ^ (random.nextLong() & 0x00FFFFFFFFFFFFFFL);
            assertThat(table.lookupIpv6(high, low)).isEqualTo(naive6(prefixes, high, low));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldAgreeWithNaiveScanForIpv6AddressesAnywhereWhereTheFilterAnswersMostOfThem(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<IpPrefix> prefixes = new ArrayList<>();
        final int shortest = 12 + random.nextInt(60);
        for (int i = 0; i < 50; i++)
        {
            final int length = shortest + random.nextInt(129 - shortest);
            prefixes.add(IpPrefix.ofIpv6(random.nextLong(), random.nextLong(), length));
        }
        final PrefixTable table = new PrefixTable(prefixes);
        for (int i = 0; i < 20_000; i++)
        {
            // anywhere, or a prefix's address with one bit flipped (in the bits the filter hashes or below)
            final IpPrefix near = prefixes.get(random.nextInt(prefixes.size()));
            final int flip = random.nextInt(128);
            final long high = switch (random.nextInt(3))
            {
                case 0 -> random.nextLong();
                case 1 -> flip < 64 ? near.ipv6High() ^ (1L << flip) : near.ipv6High();
                default -> near.ipv6High();
            };
            final long low = flip >= 64 ? near.ipv6Low() ^ (1L << (flip - 64)) : random.nextLong();
            assertThat(table.lookupIpv6(high, low)).as("%016x %016x", high, low)
                .isEqualTo(naive6(prefixes, high, low));
        }
    }

    @Test
    void shouldAnswerTheFirstOfDuplicatePrefixesFromTheBlockTable()
    {
        final PrefixTable table = new PrefixTable(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.0.0.0/8"),
            IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.2.3.0/24")));
        assertThat(table.lookupIpv4(0x0A050607)).isEqualTo(0);
        assertThat(table.lookupIpv4(0x0A010203)).isEqualTo(2);
        assertThat(table.lookupIpv4(0x0A020304)).isEqualTo(3);
        assertThat(table.lookupIpv4(0x0A020404)).isEqualTo(0);
        assertThat(table.lookupIpv4(0x0B000001)).isEqualTo(-1);
    }

    private static int naive4(final List<IpPrefix> prefixes, final int address)
    {
        int best = -1;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final IpPrefix p = prefixes.get(i);
            if (p.containsIpv4(address) && (best < 0 || p.length() > prefixes.get(best).length()))
            {
                best = i;
            }
        }
        return best;
    }

    private static int naive6(final List<IpPrefix> prefixes, final long high, final long low)
    {
        int best = -1;
        for (int i = 0; i < prefixes.size(); i++)
        {
            final IpPrefix p = prefixes.get(i);
            if (p.containsIpv6(high, low) && (best < 0 || p.length() > prefixes.get(best).length()))
            {
                best = i;
            }
        }
        return best;
    }
}
