package io.fnm.core;

import io.fnm.capture.IpAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPrefixTest
{
    @Test
    void shouldParseIpv4Prefix()
    {
        final IpPrefix prefix = IpPrefix.parse("10.1.0.0/16");

        assertThat(prefix.isIpv4()).isTrue();
        assertThat(prefix.length()).isEqualTo(16);
        assertThat(prefix.ipv4()).isEqualTo(IpAddresses.parseIpv4("10.1.0.0"));
        assertThat(prefix.wasNormalised()).isFalse();
        assertThat(prefix).hasToString("10.1.0.0/16");
    }

    @Test
    void shouldClearHostBitsWhenIpv4PrefixHasThemSet()
    {
        final IpPrefix prefix = IpPrefix.parse("10.0.0.1/24");

        assertThat(prefix).hasToString("10.0.0.0/24");
        assertThat(prefix.wasNormalised()).isTrue();
        assertThat(prefix).isEqualTo(IpPrefix.parse("10.0.0.0/24"));
    }

    @Test
    void shouldParseIpv6PrefixToCanonicalText()
    {
        final IpPrefix prefix = IpPrefix.parse(" 2001:DB8:0:0::/32 ");

        assertThat(prefix.isIpv4()).isFalse();
        assertThat(prefix.length()).isEqualTo(32);
        assertThat(prefix.ipv6High()).isEqualTo(0x2001_0db8_0000_0000L);
        assertThat(prefix.ipv6Low()).isZero();
        assertThat(prefix).hasToString("2001:db8::/32");
    }

    @Test
    void shouldClearHostBitsWhenIpv6PrefixHasThemSet()
    {
        final IpPrefix prefix = IpPrefix.parse("2001:db8::1/120");

        assertThat(prefix).hasToString("2001:db8::/120");
        assertThat(prefix.wasNormalised()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.256/32", "10.0.0.0/", "10.0.0.0/-1",
        "10.0.0.0/8/8", "2001:db8::/129", "2001:db8::", "2001:zz8::/32", "", "host.example/24", "10.0.0.0/ 8"})
    void shouldRejectTextWhenItIsNotAPrefix(final String text)
    {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldExplainMissingMaskWhenBareAddressGiven()
    {
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.1"))
            .hasMessageContaining("no prefix length")
            .hasMessageContaining("192.0.2.1/32");
    }

    @Test
    void shouldContainAddressesOfIpv4Prefix()
    {
        final IpPrefix prefix = IpPrefix.parse("192.0.2.0/25");

        assertThat(prefix.containsIpv4(IpAddresses.parseIpv4("192.0.2.0"))).isTrue();
        assertThat(prefix.containsIpv4(IpAddresses.parseIpv4("192.0.2.127"))).isTrue();
        assertThat(prefix.containsIpv4(IpAddresses.parseIpv4("192.0.2.128"))).isFalse();
        assertThat(prefix.containsIpv6(0, IpAddresses.parseIpv4("192.0.2.1"))).isFalse();
    }

    @Test
    void shouldContainEverythingWhenLengthIsZero()
    {
        assertThat(IpPrefix.parse("0.0.0.0/0").containsIpv4(-1)).isTrue();
        assertThat(IpPrefix.parse("::/0").containsIpv6(-1L, -1L)).isTrue();
    }

    @Test
    void shouldContainAddressesOfIpv6PrefixAcrossTheWordBoundary()
    {
        final IpPrefix prefix = IpPrefix.parse("2001:db8:0:0:8000::/65");
        final long[] inside = IpAddresses.parseIpv6("2001:db8::ffff:1:2:3");
        final long[] outside = IpAddresses.parseIpv6("2001:db8::7fff:1:2:3");

        assertThat(prefix.containsIpv6(inside[0], inside[1])).isTrue();
        assertThat(prefix.containsIpv6(outside[0], outside[1])).isFalse();
    }

    @Test
    void shouldContainMoreSpecificPrefixOfSameVersionOnly()
    {
        final IpPrefix wide = IpPrefix.parse("10.0.0.0/8");

        assertThat(wide.contains(IpPrefix.parse("10.20.0.0/16"))).isTrue();
        assertThat(wide.contains(wide)).isTrue();
        assertThat(IpPrefix.parse("10.20.0.0/16").contains(wide)).isFalse();
        assertThat(IpPrefix.parse("::/0").contains(wide)).isFalse();
        assertThat(wide.overlaps(IpPrefix.parse("10.20.0.0/16"))).isTrue();
        assertThat(wide.overlaps(IpPrefix.parse("11.0.0.0/8"))).isFalse();
    }

    @Test
    void shouldNotEqualWhenVersionOrLengthDiffers()
    {
        assertThat(IpPrefix.parse("0.0.0.0/0")).isNotEqualTo(IpPrefix.parse("::/0"));
        assertThat(IpPrefix.parse("10.0.0.0/8")).isNotEqualTo(IpPrefix.parse("10.0.0.0/9"));
        assertThat(IpPrefix.ofIpv4(IpAddresses.parseIpv4("10.0.0.0"), 8)).isEqualTo(IpPrefix.parse("10.0.0.0/8"))
            .hasSameHashCodeAs(IpPrefix.parse("10.0.0.0/8"));
    }

    @Test
    void shouldRejectLengthWhenOutOfRange()
    {
        assertThatThrownBy(() -> IpPrefix.ofIpv4(0, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpPrefix.ofIpv6(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20_260_720L})
    void shouldAgreeWithBitByBitContainmentWhenAddressesAreRandom(final long seed)
    {
        final Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++)
        {
            final long high = random.nextLong();
            final long low = random.nextLong();
            final int length = random.nextInt(129);
            final IpPrefix prefix = IpPrefix.ofIpv6(high, low, length);
            final long otherHigh = random.nextBoolean() ? high : random.nextLong();
            final long otherLow = random.nextBoolean() ? low ^ (1L << random.nextInt(64)) : random.nextLong();

            assertThat(prefix.containsIpv6(otherHigh, otherLow))
                .isEqualTo(firstBitsEqual(high, low, otherHigh, otherLow, length));
            assertThat(IpPrefix.parse(prefix.toString())).isEqualTo(prefix);

            final int v4 = random.nextInt();
            final int v4Length = random.nextInt(33);
            final int otherV4 = random.nextBoolean() ? v4 ^ (1 << random.nextInt(32)) : random.nextInt();
            assertThat(IpPrefix.ofIpv4(v4, v4Length).containsIpv4(otherV4))
                .isEqualTo(firstBitsEqual(0, (long)v4 << 32, 0, (long)otherV4 << 32, 64 + v4Length));
        }
    }

    private static boolean firstBitsEqual(final long h1, final long l1, final long h2, final long l2, final int bits)
    {
        for (int i = 0; i < bits; i++)
        {
            final long a = i < 64 ? (h1 >>> (63 - i)) & 1 : (l1 >>> (127 - i)) & 1;
            final long b = i < 64 ? (h2 >>> (63 - i)) & 1 : (l2 >>> (127 - i)) & 1;
            if (a != b)
            {
                return false;
            }
        }
        return true;
    }
}
