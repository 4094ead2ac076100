package io.fnm.capture.packet;

import io.fnm.capture.TrafficRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutations of every mirror corpus frame (truncation at every offset, random bytes, forged nested headers):
 * the parser returns a status for each and counts it. Iterations: system property {@code fnm.fuzz.iterations}.
 */
class PacketHeaderParserFuzzTest
{
    private static final int ITERATIONS = Integer.getInteger("fnm.fuzz.iterations", 300);
    private static final List<MirrorCorpus.Frame> FRAMES = MirrorCorpus.frames();
    private static final byte[][] FORGED = {
        {(byte)0x81, 0x00, 0x00, 0x01}, {(byte)0x88, 0x47, 0x00, 0x00}, {0x45, 0x00, 0x00, 0x14},
        {0x00, 0x00, 0x08, 0x00}, {0x60, 0x00, 0x00, 0x00}, {0x12, (byte)0xb5, 0x00, 0x00},
    };

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void shouldReturnAStatusAndCountEveryMutatedFrame(final long seed)
    {
        final Random random = new Random(seed);
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.UNPACK_ALL);
        final TrafficRecord record = new TrafficRecord();
        long parsed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            for (final MirrorCorpus.Frame frame : FRAMES)
            {
                final byte[] copy = frame.bytes.clone();
                for (int m = random.nextInt(4); m >= 0 && copy.length > 4; m--)
                {
                    final int at = random.nextInt(copy.length - 3);
                    if (random.nextBoolean())
                    {
                        System.arraycopy(FORGED[random.nextInt(FORGED.length)], 0, copy, at, 4);
                    }
                    else
                    {
                        copy[at] = (byte)random.nextInt(256);
                    }
                }
                final int length = random.nextInt(4) == 0 ? random.nextInt(copy.length + 1) : copy.length;
                final byte[] guarded = Arrays.copyOf(copy, copy.length + 8);
                final ParseResult result = parser.parse(ByteBuffer.wrap(guarded), 0, length,
                    MirrorCorpus.linkType(frame.linkType), record.reset());
                assertThat(result).isNotNull();
                parsed++;
            }
        }
        long counted = 0;
        for (final ParseResult result : ParseResult.values())
        {
            counted += parser.counts().resultCount(result);
        }
        assertThat(counted).isEqualTo(parsed);
    }

    @ParameterizedTest
    @ValueSource(ints = {0})
    void shouldReturnAStatusForEveryTruncation(final int unused)
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.UNPACK_ALL);
        final TrafficRecord record = new TrafficRecord();
        for (final MirrorCorpus.Frame frame : FRAMES)
        {
            for (int length = 0; length <= frame.bytes.length; length++)
            {
                assertThat(parser.parse(ByteBuffer.wrap(frame.bytes), 0, length,
                    MirrorCorpus.linkType(frame.linkType), record)).isNotNull();
            }
        }
    }
}
