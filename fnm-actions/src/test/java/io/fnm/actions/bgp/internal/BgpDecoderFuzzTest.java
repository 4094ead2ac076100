package io.fnm.actions.bgp.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random input for every decoder, the way a session runs them: header first, then the message's own decoder.
 * Inputs are our messages with bytes flipped, lengths rewritten, tails cut, or plain noise behind a valid marker.
 * Nothing may throw, and every rejection must carry a NOTIFICATION code.
 */
class BgpDecoderFuzzTest
{
    private static final int ROUNDS = 2_000;

    private final BgpError error = new BgpError();
    private final BgpOpen open = new BgpOpen();
    private final BgpUpdate update = BgpUpdate.decoder();
    private final BgpNotification notification = new BgpNotification();
    private final BgpRouteRefresh refresh = new BgpRouteRefresh();

    static LongStream seeds()
    {
        return LongStream.range(0, 32);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldRejectWithCodeAndNeverThrowWhenDecodingMutatedMessages(final long seed)
    {
        final Random random = new Random(seed);
        final List<byte[]> bases = new ArrayList<>();
        for (final BgpVectors.Vector vector : BgpVectors.all().values())
        {
            bases.add(vector.encode());
        }
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final byte[] input = mutate(bases.get(random.nextInt(bases.size())), random);
            final boolean accepted = decode(ByteBuffer.wrap(input));
            if (!accepted)
            {
                rejected++;
                assertThat(error.code()).as("round %d: %s", round, java.util.HexFormat.of().formatHex(input))
                    .isBetween(BgpError.MESSAGE_HEADER, BgpError.ROUTE_REFRESH_MESSAGE);
            }
        }
        assertThat(rejected).isPositive();
    }

    /**
     * @return true when the message is complete and acceptable; false with {@link #error} set when it is rejected.
     */
    private boolean decode(final ByteBuffer in)
    {
        error.clear();
        if (in.remaining() < BgpHeader.LENGTH)
        {
            return error.set(BgpError.MESSAGE_HEADER, BgpError.HEADER_BAD_LENGTH, null);
        }
        if (!BgpHeader.validate(in, 0, error))
        {
            return false;
        }
        if (BgpHeader.length(in, 0) > in.remaining())
        {
            // a session would wait for the rest; nothing to decode yet
            return error.set(BgpError.MESSAGE_HEADER, BgpError.HEADER_BAD_LENGTH, null);
        }
        return switch (BgpHeader.type(in, 0))
        {
            case BgpHeader.OPEN -> open.wrap(in, 0, 65001, error);
            case BgpHeader.UPDATE -> update.validate(in, 0, error);
            case BgpHeader.ROUTE_REFRESH -> refresh.wrap(in, 0, error);
            case BgpHeader.NOTIFICATION ->
            {
                notification.wrap(in, 0);
                yield notification.code() >= 0 && notification.dataLength() >= 0;
            }
            default -> true;
        };
    }

    static byte[] mutate(final byte[] base, final Random random)
    {
        byte[] bytes = base.clone();
        switch (random.nextInt(5))
        {
            case 0 ->
            {
                for (int i = 0, n = bytes.length > BgpHeader.LENGTH ? 1 + random.nextInt(8) : 0; i < n; i++)
                {
                    bytes[BgpHeader.LENGTH + random.nextInt(bytes.length - BgpHeader.LENGTH)] =
                        (byte)random.nextInt(256);
                }
            }
            case 1 ->
            {
                bytes = java.util.Arrays.copyOf(bytes, BgpHeader.LENGTH + random.nextInt(bytes.length -
                    BgpHeader.LENGTH + 1));
                ByteBuffer.wrap(bytes).putShort(BgpHeader.LENGTH_OFFSET, (short)bytes.length);
            }
            case 2 -> ByteBuffer.wrap(bytes).putShort(BgpHeader.LENGTH_OFFSET, (short)random.nextInt(0x10000));
            case 3 ->
            {
                bytes = new byte[BgpHeader.LENGTH + random.nextInt(200)];
                random.nextBytes(bytes);
                java.util.Arrays.fill(bytes, 0, BgpHeader.MARKER_LENGTH, (byte)0xFF);
                ByteBuffer.wrap(bytes).putShort(BgpHeader.LENGTH_OFFSET, (short)bytes.length)
                    .put(BgpHeader.TYPE_OFFSET, (byte)(1 + random.nextInt(6)));
            }
            default -> bytes[random.nextInt(BgpHeader.LENGTH)] = (byte)random.nextInt(256);
        }
        return bytes;
    }
}
