package io.fnm.actions.bgp.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BgpMessageEncodingTest
{
    static Stream<Arguments> vectors()
    {
        return BgpVectors.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void shouldEncodeTheCheckedBytesWhenWritingEachMessage(final String name, final BgpVectors.Vector vector)
    {
        assertThat(HexFormat.of().formatHex(vector.encode())).isEqualTo(vector.hex());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void shouldAcceptHeaderWhenDecodingEachMessageWeSend(final String name, final BgpVectors.Vector vector)
    {
        final BgpError error = new BgpError();

        final boolean valid = BgpHeader.validate(java.nio.ByteBuffer.wrap(vector.encode()), 0, error);

        assertThat(valid).as(error.toString()).isTrue();
    }
}
