package io.fnm.capture.sflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XdrTest
{
    private static final byte[] BYTES = {0x01, (byte)0x82, 0x03, (byte)0xF4, 0x05, 0x06, 0x07, (byte)0x88, 0x09};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldReadBigEndianIntegersWhateverTheBuffersByteOrder(final boolean direct)
    {
        for (final ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN})
        {
            final ByteBuffer buffer = buffer(direct).order(order);

            assertThat(Xdr.s32(buffer, 1)).as("%s", order).isEqualTo(0x8203F405);
            assertThat(Xdr.u32(buffer, 1)).as("%s", order).isEqualTo(0x8203F405L);
            assertThat(Xdr.s64(buffer, 1)).as("%s", order).isEqualTo(0x8203F40506078809L);
            assertThat(buffer.order()).isEqualTo(order);
        }
    }

    @Test
    void shouldRefuseAnIntegerThatRunsPastTheLimit()
    {
        final ByteBuffer buffer = buffer(false).limit(8);

        assertThatThrownBy(() -> Xdr.s32(buffer, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Xdr.s64(buffer, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static ByteBuffer buffer(final boolean direct)
    {
        final ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(BYTES.length) : ByteBuffer.allocate(BYTES.length);
        buffer.put(BYTES).clear();
        return buffer;
    }
}
