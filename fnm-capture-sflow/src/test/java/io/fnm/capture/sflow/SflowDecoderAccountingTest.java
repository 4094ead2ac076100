package io.fnm.capture.sflow;

import io.fnm.capture.packet.ParseResult;
import io.fnm.capture.packet.ParserOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input is counted: for mutations whose effect is certain, the decoder's malformed counters
 * ({@code too_short}, {@code unsupported_version}, {@code bad_agent_address}, per-agent {@code malformed}) or its
 * header parse failures grow by exactly the number of bad inputs fed. Datagrams sit between poison bytes in a
 * larger buffer, so a read outside the given range would change the outcome. Seeded; iterations per seed: system
 * property {@code fnm.fuzz.iterations}.
 */
class SflowDecoderAccountingTest
{
    private static final int ITERATIONS = Integer.getInteger("fnm.fuzz.iterations", 300);
    private static final int GUARD = 64;
    private static final long[] BEYOND = {0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, 0xFFFF_FFFCL, 65536};
    private static final List<byte[]> CLEAN_V5 = cleanV5Datagrams();

    @Test
    void shouldHaveCleanCorpusDatagramsToMutate()
    {
        assertThat(CLEAN_V5).hasSizeGreaterThan(10);
    }

    @Test
    void shouldCountEveryTruncationBeforeTheLastSampleEndsExactlyOnce()
    {
        final SflowDecoder decoder = new SflowDecoder(ParserOptions.UNPACK_ALL, false);
        long fed = 0;
        for (final byte[] datagram : CLEAN_V5)
        {
            for (int length = 0; length < samplesEnd(datagram); length++)
            {
                decodeGuarded(decoder, Arrays.copyOf(datagram, length));
                fed++;
            }
        }
        assertThat(bad(decoder)).isEqualTo(fed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldCountEveryDatagramWithAForgedVersion(final long seed)
    {
        final Random random = new Random(seed);
        final SflowDecoder decoder = new SflowDecoder();
        long fed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final byte[] datagram = pick(random);
            long version = random.nextInt() & 0xFFFF_FFFFL;
            if (version == 4 || version == 5)
            {
                version = 6;
            }
            ByteBuffer.wrap(datagram).putInt(0, (int)version);
            decodeGuarded(decoder, datagram);
            fed++;
        }
        assertThat(decoder.unsupportedVersion()).isEqualTo(fed);
        assertThat(bad(decoder)).isEqualTo(fed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldCountEveryDatagramWithAForgedAgentAddressType(final long seed)
    {
        final Random random = new Random(seed);
        final SflowDecoder decoder = new SflowDecoder();
        long fed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final byte[] datagram = pick(random);
            final long type = random.nextBoolean() ? 0 : 3 + (random.nextInt() & 0x7FFF_FFFF);
            ByteBuffer.wrap(datagram).putInt(4, (int)type);
            decodeGuarded(decoder, datagram);
            fed++;
        }
        assertThat(decoder.badAgentAddress()).isEqualTo(fed);
        assertThat(bad(decoder)).isEqualTo(fed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldCountEveryDatagramWithASampleCountOrLengthBeyondTheDatagram(final long seed)
    {
        final Random random = new Random(seed);
        final SflowDecoder decoder = new SflowDecoder();
        long fed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final byte[] datagram = pick(random);
            final ByteBuffer view = ByteBuffer.wrap(datagram);
            final int[] samples = sampleOffsets(datagram);
            if (samples.length == 0 || random.nextInt(4) == 0)
            {
                view.putInt(samplesCountOffset(datagram), (int)BEYOND[random.nextInt(BEYOND.length)]);
            }
            else
            {
                final int sample = samples[random.nextInt(samples.length)];
                view.putInt(sample + 4, (int)beyond(random, datagram.length - sample - 8));
            }
            decodeGuarded(decoder, datagram);
            fed++;
        }
        assertThat(malformed(decoder)).isEqualTo(fed);
        assertThat(bad(decoder)).isEqualTo(fed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldCountEveryFlowSampleWithForgedNestedRecordLengths(final long seed)
    {
        final Random random = new Random(seed);
        final SflowDecoder decoder = new SflowDecoder(ParserOptions.UNPACK_ALL, false);
        long fed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final byte[] datagram = pick(random);
            final List<int[]> headers = rawHeaderRecords(datagram);
            if (headers.isEmpty())
            {
                continue;
            }
            final int[] target = headers.get(random.nextInt(headers.size()));
            final int sampleEnd = target[0];
            final int recordsAt = target[1];
            final int record = target[2];
            final ByteBuffer view = ByteBuffer.wrap(datagram);
            switch (random.nextInt(3))
            {
                case 0:
                    view.putInt(recordsAt, (int)BEYOND[random.nextInt(BEYOND.length)]);
                    break;
                case 1:
                    view.putInt(record + 4, (int)beyond(random, sampleEnd - record - 8));
                    break;
                default:
                    final int recordEnd = record + 8 + view.getInt(record + 4);
                    view.putInt(record + 8 + 12, (int)beyond(random, recordEnd - record - 8 - 16));
                    break;
            }
            decodeGuarded(decoder, datagram);
            fed++;
        }
        assertThat(fed).isPositive();
        assertThat(malformed(decoder)).isEqualTo(fed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldCountEveryForgedNestedHeaderStackThatHidesTheIpPacket(final long seed)
    {
        final Random random = new Random(seed);
        final SflowDecoder decoder = new SflowDecoder(ParserOptions.UNPACK_ALL, false);
        final long[] delivered = new long[1];
        long fed = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final byte[] frame = forgedStack(random);
            final byte[] datagram = XdrBuilder.datagram(XdrBuilder.flowSample(
                1000, 1, 2, XdrBuilder.rawHeaderRecord(SflowDecoder.HEADER_PROTOCOL_ETHERNET, 1500, frame)));
            final byte[] guarded = guard(datagram);
            decoder.decode(ByteBuffer.wrap(guarded), GUARD, datagram.length, record -> delivered[0]++);
            fed++;
        }
        final SflowAgentStats agent = onlyAgent(decoder);
        assertThat(delivered[0]).isZero();
        assertThat(agent.headerParseFailures()).isEqualTo(fed);
        assertThat(agent.samplesWithoutHeader()).isEqualTo(fed);
        assertThat(decoder.parser().counts().resultCount(ParseResult.OK)).isZero();
    }

    /**
     * A link-layer stack of random depth (VLAN and 802.1ad tags, MPLS labels, pseudowire control words with a
     * new Ethernet header, PPPoE sessions) whose innermost layer cannot reach a complete IP header: too many tags,
     * too many labels, a cut IP header, an IPv4 header length below 5, a wrong version nibble, or an unknown
     * EtherType.
     */
    private static byte[] forgedStack(final Random random)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, 0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2);
        final int ending = random.nextInt(6);
        if (ending == 0)
        {
            for (int i = 0; i <= 8; i++)
            {
                write16(out, random.nextBoolean() ? 0x8100 : 0x88A8);
                write16(out, random.nextInt(4096));
            }
            write16(out, 0x0800);
            return out.toByteArray();
        }
        if (ending == 1)
        {
            write16(out, 0x8847);
            for (int i = 0; i <= 16; i++)
            {
                write(out, random.nextInt(256), random.nextInt(256), random.nextInt(256) & 0xFE, 64);
            }
            write(out, 0x45, 0);
            return out.toByteArray();
        }
        final int depth = random.nextInt(6);
        for (int i = 0; i < depth; i++)
        {
            switch (random.nextInt(3))
            {
                case 0:
                    write16(out, 0x8100);
                    write16(out, random.nextInt(4096));
                    break;
                case 1:
                    write16(out, 0x8847);
                    write(out, random.nextInt(256), random.nextInt(256), (random.nextInt(256) & 0xFE) | 1, 64);
                    write(out, 0, 0, 0, 0);
                    write(out, 0x02, 0, 0, 0, 0, 3, 0x02, 0, 0, 0, 0, 4);
                    break;
                default:
                    write16(out, 0x8864);
                    write(out, 0x11, 0, 0, 1, 0, 0);
                    write(out, 0xFF, 0x03);
                    write16(out, 0x0281);
                    write(out, random.nextInt(256), random.nextInt(256), (random.nextInt(256) & 0xFE) | 1, 64);
                    write(out, 0, 0, 0, 0);
                    write(out, 0x02, 0, 0, 0, 0, 5, 0x02, 0, 0, 0, 0, 6);
                    break;
            }
        }
        switch (ending)
        {
            case 2:
                write16(out, 0x0800);
                write(out, 0x45, 0, 0, 40, 0, 0, 0, 0, 64);
                break;
            case 3:
                write16(out, 0x0800);
                write(out, 0x40 | random.nextInt(5), 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2);
                write(out, 0, 80, 0, 80);
                break;
            case 4:
                write16(out, random.nextBoolean() ? 0x0800 : 0x86DD);
                write(out, 0x70, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2);
                write(out, 0, 80, 0, 80);
                break;
            default:
                write16(out, 0x9999);
                write(out, 0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2);
                break;
        }
        return out.toByteArray();
    }

    private static void write(final ByteArrayOutputStream out, final int... bytes)
    {
        for (final int b : bytes)
        {
            out.write(b);
        }
    }

    private static void write16(final ByteArrayOutputStream out, final int value)
    {
        write(out, value >>> 8, value & 0xFF);
    }

    private static long beyond(final Random random, final int remaining)
    {
        return random.nextBoolean() ? BEYOND[random.nextInt(BEYOND.length)] : remaining + 1 + random.nextInt(64);
    }

    private static byte[] pick(final Random random)
    {
        return CLEAN_V5.get(random.nextInt(CLEAN_V5.size())).clone();
    }

    private static byte[] guard(final byte[] datagram)
    {
        final byte[] guarded = new byte[GUARD + datagram.length + GUARD];
        Arrays.fill(guarded, (byte)0xFF);
        System.arraycopy(datagram, 0, guarded, GUARD, datagram.length);
        return guarded;
    }

    private static void decodeGuarded(final SflowDecoder decoder, final byte[] datagram)
    {
        decoder.decode(ByteBuffer.wrap(guard(datagram)), GUARD, datagram.length, record ->
        {
        });
    }

    /** Every datagram-level rejection plus every agent's malformed count. */
    private static long bad(final SflowDecoder decoder)
    {
        return decoder.tooShort() + decoder.unsupportedVersion() + decoder.badAgentAddress() + malformed(decoder);
    }

    private static long malformed(final SflowDecoder decoder)
    {
        final List<SflowAgentStats> agents = new ArrayList<>();
        decoder.agentSnapshots(agents);
        return agents.stream().mapToLong(SflowAgentStats::malformed).sum();
    }

    private static SflowAgentStats onlyAgent(final SflowDecoder decoder)
    {
        final List<SflowAgentStats> agents = new ArrayList<>();
        decoder.agentSnapshots(agents);
        assertThat(agents).hasSize(1);
        return agents.get(0);
    }

    /** v5 corpus datagrams whose samples and records all decode without a malformed count. */
    private static List<byte[]> cleanV5Datagrams()
    {
        final List<byte[]> clean = new ArrayList<>();
        for (final byte[] datagram : SflowCorpus.allDatagrams())
        {
            if (datagram.length < 8 || ByteBuffer.wrap(datagram).getInt(0) != 5)
            {
                continue;
            }
            final SflowDecoder decoder = new SflowDecoder(ParserOptions.UNPACK_ALL, false);
            decoder.decode(ByteBuffer.wrap(datagram), record ->
            {
            });
            if (bad(decoder) == 0)
            {
                clean.add(datagram);
            }
        }
        return clean;
    }

    private static int samplesCountOffset(final byte[] datagram)
    {
        final int agentType = ByteBuffer.wrap(datagram).getInt(4);
        return (agentType == 2 ? 24 : 12) + 12;
    }

    /** Where the last sample of a clean v5 datagram ends (some exporters send bytes after it, which are ignored). */
    private static int samplesEnd(final byte[] datagram)
    {
        final int[] samples = sampleOffsets(datagram);
        if (samples.length == 0)
        {
            return samplesCountOffset(datagram) + 4;
        }
        final int last = samples[samples.length - 1];
        return last + 8 + ByteBuffer.wrap(datagram).getInt(last + 4);
    }

    /** Offsets of each sample's format word in a clean v5 datagram. */
    private static int[] sampleOffsets(final byte[] datagram)
    {
        final ByteBuffer view = ByteBuffer.wrap(datagram);
        final int countAt = samplesCountOffset(datagram);
        final int count = view.getInt(countAt);
        final int[] offsets = new int[count];
        int position = countAt + 4;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = position;
            position += 8 + view.getInt(position + 4);
        }
        return offsets;
    }

    /**
     * Raw packet header records (enterprise 0, format 1) of the flow samples of a clean v5 datagram, each as
     * {sample end, offset of the sample's record count, offset of the record's format word}.
     */
    private static List<int[]> rawHeaderRecords(final byte[] datagram)
    {
        final ByteBuffer view = ByteBuffer.wrap(datagram);
        final List<int[]> found = new ArrayList<>();
        for (final int sample : sampleOffsets(datagram))
        {
            final int format = view.getInt(sample);
            if (format != 1 && format != 3)
            {
                continue;
            }
            final int body = sample + 8;
            final int sampleEnd = body + view.getInt(sample + 4);
            final int recordsAt = body + (format == 3 ? 40 : 28);
            final int records = view.getInt(recordsAt);
            int position = recordsAt + 4;
            for (int i = 0; i < records; i++)
            {
                if (view.getInt(position) == 1)
                {
                    found.add(new int[] {sampleEnd, recordsAt, position});
                }
                position += 8 + view.getInt(position + 4);
            }
        }
        return found;
    }
}
