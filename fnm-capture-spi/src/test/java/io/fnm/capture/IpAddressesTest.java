package io.fnm.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressesTest
{
    @Test
    void shouldRoundTripIpv4()
    {
        final int address = IpAddresses.parseIpv4("192.0.2.255");

        assertThat(address).isEqualTo(0xC00002FF);
        assertThat(IpAddresses.ipv4ToString(address)).isEqualTo("192.0.2.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1.2.3.4 "})
    void shouldRejectMalformedIpv4(final String text)
    {
        assertThatThrownBy(() -> IpAddresses.parseIpv4(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "::", "::1", "fe80::", "2001:db8:0:1:1:1:1:1", "2001:db8::1:0:0:1"})
    void shouldFormatIpv6InRfc5952Form(final String text)
    {
        final long[] address = IpAddresses.parseIpv6(text);

        assertThat(IpAddresses.ipv6ToString(address[0], address[1])).isEqualTo(text);
    }

    @Test
    void shouldCompressTheLongestZeroRun()
    {
        final long[] address = IpAddresses.parseIpv6("2001:0:0:1:0:0:0:1");

        assertThat(IpAddresses.ipv6ToString(address[0], address[1])).isEqualTo("2001:0:0:1::1");
    }

    @Test
    void shouldNeverResolveNames()
    {
        assertThatThrownBy(() -> IpAddresses.parseLiteral("localhost")).isInstanceOf(IllegalArgumentException.class);
    }
}
