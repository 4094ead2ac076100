package io.fnm.capture.netflow;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutations of every corpus datagram through the decoder: nothing escapes, every datagram is counted, and
 * truncated datagrams are counted as malformed. The number of mutations comes from {@code fnm.fuzz.iterations}
 * (CI default 20000 per seed); a long run: {@code mvn -pl fnm-capture-netflow test -Dtest=NetflowDecoderFuzzTest
 * -Dfnm.fuzz.iterations=10000000}.
 */
class NetflowDecoderFuzzTest
{
    private static final int ITERATIONS = Integer.getInteger("fnm.fuzz.iterations", 20_000);
    private static final TrafficSink DISCARD = record -> { };
    private static final List<CorpusFiles.Datagram> CORPUS = new ArrayList<>();

    @BeforeAll
    static void loadCorpus() throws Exception
    {
        for (final String file : NetflowConformanceTest.goldens().toArray(String[]::new))
        {
            for (final CorpusFiles.Datagram datagram : CorpusFiles.datagrams(file))
            {
                if (datagram.payload != null && datagram.payload.length > 0)
                {
                    CORPUS.add(datagram);
                }
            }
        }
        assertThat(CORPUS).isNotEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42})
    void shouldSurviveAndCountEveryMutatedDatagram(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final NetflowDecoder decoder = new NetflowDecoder(NetflowSettings.defaults(), new ManualClock(0));
        final byte[] scratch = new byte[65536];
        // templates first, so mutations reach the data path too
        for (final CorpusFiles.Datagram datagram : CORPUS)
        {
            decoder.decode(datagram.buffer(), datagram.exporter, DISCARD);
        }
        final long before = decoder.counter(NetflowCounter.DATAGRAMS);
        for (int i = 0; i < ITERATIONS; i++)
        {
            final CorpusFiles.Datagram datagram = CORPUS.get(random.nextInt(CORPUS.size()));
            final int length = mutate(random, datagram.payload, scratch);
            decoder.decode(ByteBuffer.wrap(scratch, 0, length), datagram.exporter, DISCARD);
        }
        assertThat(decoder.counter(NetflowCounter.DATAGRAMS) - before).isEqualTo(ITERATIONS);
        assertThat(decoder.templateCount()).isLessThanOrEqualTo(NetflowSettings.DEFAULT_MAX_TEMPLATES_TOTAL);
    }

    @Test
    void shouldCountEveryTruncationOfV5AndIpfixAsMalformed() throws Exception
    {
        final NetflowDecoder decoder = new NetflowDecoder(NetflowSettings.defaults(), new ManualClock(0));
        long truncated = 0;
        for (final CorpusFiles.Datagram datagram : CORPUS)
        {
            final int version = ((datagram.payload[0] & 0xFF) << 8) | (datagram.payload[1] & 0xFF);
            if (version != 5 && version != 10 || !wellFormed(datagram))
            {
                continue;
            }
            for (int length = 0; length < datagram.payload.length; length++)
            {
                decoder.decode(ByteBuffer.wrap(datagram.payload, 0, length), datagram.exporter, DISCARD);
                truncated++;
            }
        }
        assertThat(truncated).isPositive();
        assertThat(decoder.counter(NetflowCounter.MALFORMED)).isEqualTo(truncated);
    }

    @Test
    void shouldKeepTheTemplateCacheAtItsBoundUnderAFloodOfTemplateIds() throws Exception
    {
        final NetflowSettings settings = NetflowSettings.builder()
            .maxTemplatesPerExporter(1000).maxTemplatesTotal(5000).maxExporters(16).build();
        final NetflowDecoder decoder = new NetflowDecoder(settings, new ManualClock(0));
        final ByteBuffer datagram = ByteBuffer.allocate(1400);
        int templates = 0;
        for (int round = 0; round < 20_000; round++)
        {
            datagram.clear();
            datagram.putShort((short)10).putShort((short)0).putInt(0).putInt(round).putInt(round);
            final int setStart = datagram.position();
            datagram.putShort((short)2).putShort((short)0);
            for (int t = 0; t < 100; t++)
            {
                datagram.putShort((short)(256 + (round * 100 + t) % 65280)).putShort((short)1)
                    .putShort((short)1).putShort((short)4);
                templates++;
            }
            datagram.putShort(setStart + 2, (short)(datagram.position() - setStart));
            datagram.putShort(2, (short)datagram.position());
            datagram.flip();
            decoder.decode(datagram, InetAddress.getByAddress(new byte[]{10, 0, 0, (byte)(round % 64)}), DISCARD);
        }
        assertThat(templates).isEqualTo(2_000_000);
        assertThat(decoder.templateCount()).isLessThanOrEqualTo(5000);
        assertThat(decoder.exporterCount()).isLessThanOrEqualTo(16);
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_EVICTED)).isPositive();
        assertThat(decoder.counter(NetflowCounter.MALFORMED)).isZero();
    }

    private static boolean wellFormed(final CorpusFiles.Datagram datagram)
    {
        final NetflowDecoder probe = new NetflowDecoder(NetflowSettings.defaults(), new ManualClock(0));
        probe.decode(datagram.buffer(), datagram.exporter, DISCARD);
        if (probe.counter(NetflowCounter.MALFORMED) != 0)
        {
            return false;
        }
        final int version = ((datagram.payload[0] & 0xFF) << 8) | (datagram.payload[1] & 0xFF);
        if (version == 10)
        {
            final int length = ((datagram.payload[2] & 0xFF) << 8) | (datagram.payload[3] & 0xFF);
            return length == datagram.payload.length;
        }
        final int count = ((datagram.payload[2] & 0xFF) << 8) | (datagram.payload[3] & 0xFF);
        return datagram.payload.length == 24 + count * 48;
    }

    private static int mutate(final SplittableRandom random, final byte[] original, final byte[] out)
    {
        int length = original.length;
        System.arraycopy(original, 0, out, 0, length);
        switch (random.nextInt(6))
        {
            case 0: // bit flips
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++)
                {
                    out[random.nextInt(length)] ^= (byte)(1 << random.nextInt(8));
                }
                break;
            case 1: // truncation
                length = random.nextInt(length + 1);
                break;
            case 2: // a 16-bit length / count / field count forced to an extreme
            {
                final int at = random.nextInt(Math.max(1, length - 1)) & ~1;
                final int value = new int[]{0, 1, 0xFFFF, 0x7FFF, 4, 0xFFFE}[random.nextInt(6)];
                if (at + 1 < length)
                {
                    out[at] = (byte)(value >>> 8);
                    out[at + 1] = (byte)value;
                }
                break;
            }
            case 3: // random bytes over a region
            {
                final int at = random.nextInt(length);
                for (int i = at; i < Math.min(length, at + 1 + random.nextInt(16)); i++)
                {
                    out[i] = (byte)random.nextInt(256);
                }
                break;
            }
            case 4: // forged field length inside a template: 0, 1, 255-varlen marker or huge
            {
                final int at = 16 + random.nextInt(Math.max(1, length - 16));
                if (at + 1 < length)
                {
                    final int value = new int[]{0, 1, 0xFFFF, 0x8000, 3}[random.nextInt(5)];
                    out[at] = (byte)(value >>> 8);
                    out[at + 1] = (byte)value;
                }
                break;
            }
            default: // extension with garbage
            {
                final int extra = Math.min(out.length - length, random.nextInt(64));
                for (int i = 0; i < extra; i++)
                {
                    out[length + i] = (byte)random.nextInt(256);
                }
                length += extra;
                break;
            }
        }
        return length;
    }
}
