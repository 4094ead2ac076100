package io.fnm.capture.sflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.packet.ParserOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Seeded mutations of every corpus datagram: truncation at every offset, 32-bit fields forced to extremes, random
 * byte flips. Nothing may escape, nothing may be read outside the datagram (it sits between two regions of poison
 * bytes), and every datagram must be accounted for. Iterations per seed: system property {@code fnm.fuzz.iterations}.
 */
class SflowDecoderFuzzTest
{
    private static final int GUARD = 64;
    private static final int ITERATIONS = Integer.getInteger("fnm.fuzz.iterations", 300);
    private static final long[] EXTREMES = {0, 1, 3, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0xFFFF_FFFCL, 65535};
    private static final List<byte[]> CORPUS = SflowCorpus.allDatagrams();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldNeverThrowForMutatedCorpusDatagrams(final long seed)
    {
        final Random random = new Random(seed);
        final SflowDecoder decoder = new SflowDecoder(ParserOptions.UNPACK_ALL, seed == 2);
        final List<TrafficRecord> delivered = new ArrayList<>();
        long fed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            for (final byte[] original : CORPUS)
            {
                if (original.length == 0)
                {
                    continue;
                }
                final byte[] mutated = mutate(original, random);
                final byte[] guarded = new byte[GUARD + mutated.length + GUARD];
                Arrays.fill(guarded, (byte)0xFF);
                System.arraycopy(mutated, 0, guarded, GUARD, mutated.length);
                final ByteBuffer buffer = ByteBuffer.wrap(guarded);
                assertThatCode(() -> decoder.decode(buffer, GUARD, mutated.length, record ->
                {
                    if (delivered.size() < 16)
                    {
                        delivered.add(new TrafficRecord().copyFrom(record));
                    }
                })).doesNotThrowAnyException();
                fed++;
            }
        }
        assertThat(decoder.datagrams()).isEqualTo(fed);
    }

    @ParameterizedTest
    @ValueSource(ints = {0})
    void shouldNeverThrowForEveryTruncation(final int unused)
    {
        final SflowDecoder decoder = new SflowDecoder();
        long fed = 0;
        for (final byte[] original : CORPUS)
        {
            for (int length = 0; length <= original.length; length++)
            {
                final int cut = length;
                assertThatCode(() -> decoder.decode(ByteBuffer.wrap(original), 0, cut, record ->
                {
                })).doesNotThrowAnyException();
                fed++;
            }
        }
        assertThat(decoder.datagrams()).isEqualTo(fed);
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        final byte[] copy = original.clone();
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++)
        {
            final int kind = random.nextInt(3);
            final int at = random.nextInt(copy.length);
            if (kind == 0 && copy.length >= 4)
            {
                final int aligned = (at & ~3) % (copy.length - 3);
                final long value = EXTREMES[random.nextInt(EXTREMES.length)];
                ByteBuffer.wrap(copy).putInt(aligned, (int)value);
            }
            else if (kind == 1)
            {
                copy[at] = (byte)random.nextInt(256);
            }
            else
            {
                return Arrays.copyOf(copy, at);
            }
        }
        return copy;
    }
}
