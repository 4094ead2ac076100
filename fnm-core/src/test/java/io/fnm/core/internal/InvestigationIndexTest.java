package io.fnm.core.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class InvestigationIndexTest
{
    private static Investigation open(final boolean ipv6, final long high, final long low)
    {
        return new Investigation(ipv6, high, low, 1, Long.MAX_VALUE);
    }

    @Test
    void shouldFindEveryOpenInvestigationByItsHost()
    {
        final SplittableRandom random = new SplittableRandom(8);
        final List<Investigation> open = new ArrayList<>();
        for (int i = 0; i < 10_000; i++)
        {
            open.add(i % 2 == 0 ? open(false, 0, 0x0A000000L + i) : open(true, random.nextLong(), random.nextLong()));
        }
        final InvestigationIndex index = new InvestigationIndex(open.toArray(new Investigation[0]));
        assertThat(index.size()).isEqualTo(10_000);
        for (final Investigation inv : open)
        {
            assertThat(index.find(inv.high, inv.low, inv.ipv6)).isSameAs(inv);
        }
    }

    @Test
    void shouldFindNothingForAHostWithoutInvestigation()
    {
        final InvestigationIndex index = new InvestigationIndex(new Investigation[] {open(false, 0, 0x0A000001L)});
        assertThat(index.find(0, 0x0A000002L, false)).isNull();
        assertThat(InvestigationIndex.EMPTY.find(0, 0x0A000001L, false)).isNull();
    }

    @Test
    void shouldNotConfuseAnIpv4HostWithTheIpv6AddressOfTheSameBits()
    {
        final Investigation v4 = open(false, 0, 0x0A000001L);
        final InvestigationIndex index = new InvestigationIndex(new Investigation[] {v4});
        assertThat(index.find(0, 0x0A000001L, true)).isNull();
        assertThat(index.find(0, 0x0A000001L, false)).isSameAs(v4);
    }

    @Test
    void shouldLetFewerThanOneInThirtyHostsWithoutInvestigationPastTheFilter()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final Investigation[] open = new Investigation[10_000];
        for (int i = 0; i < open.length; i++)
        {
            open[i] = open(true, 0x20010db800000000L, random.nextLong());
        }
        final InvestigationIndex index = new InvestigationIndex(open);
        int passed = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            final long low = random.nextLong();
            assertThat(index.find(0x20010db800000000L, low, true)).isNull();
            passed += index.mayBeOpen(0x20010db800000000L, low) ? 1 : 0;
        }
        assertThat(passed).isLessThan(1_000_000 / 30);
    }
}
