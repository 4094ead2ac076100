package io.fnm.capture.netflow;

import io.fnm.capture.ManualClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, "template memory is bounded by count, not size": templates of 16 369 fields (the most a v9 datagram
 * carries, ~393 KB each as the cache counts them) must be bounded by fields and bytes, per exporter and in all.
 */
class TemplateMemoryBoundTest
{
    /** Fields of the largest template a NetFlow v9 datagram can carry. */
    private static final int HUGE_FIELDS = 16_369;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    /** A NetFlow v9 datagram with one template of {@code fields} fields (IE 1..n round robin, 4 bytes each). */
    private static ByteBuffer v9Template(final int templateId, final int fields)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + 8 + fields * 4);
        b.putShort((short)9).putShort((short)1).putInt(1000).putInt(1_700_000_000).putInt(1).putInt(0);
        b.putShort((short)0).putShort((short)(8 + fields * 4)).putShort((short)templateId).putShort((short)fields);
        for (int i = 0; i < fields; i++)
        {
            b.putShort((short)(1 + i % 100)).putShort((short)4);
        }
        return b.flip();
    }

    /** An IPFIX message with one options template of one scope field and {@code fields - 1} option fields. */
    private static ByteBuffer ipfixOptionsTemplate(final int templateId, final int fields)
    {
        final int setLength = 4 + 6 + fields * 4;
        final ByteBuffer b = ByteBuffer.allocate(16 + setLength);
        b.putShort((short)10).putShort((short)(16 + setLength)).putInt(1_700_000_000).putInt(0).putInt(1);
        b.putShort((short)3).putShort((short)setLength).putShort((short)templateId).putShort((short)fields)
            .putShort((short)1);
        for (int i = 0; i < fields; i++)
        {
            b.putShort((short)(1 + i % 100)).putShort((short)4);
        }
        return b.flip();
    }

    private static void decode(final NetflowDecoder decoder, final ByteBuffer datagram, final String exporter)
        throws Exception
    {
        decoder.decode(datagram, InetAddress.getByName(exporter), r -> { });
    }

    @Test
    void shouldDropAndCountAV9TemplateWithMoreFieldsThanTheBound() throws Exception
    {
        final NetflowDecoder decoder = new NetflowDecoder(NetflowSettings.defaults(), clock);

        decode(decoder, v9Template(256, HUGE_FIELDS), "192.0.2.1");

        assertThat(decoder.templateCount()).isZero();
        assertThat(decoder.templateBytes()).isZero();
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_DROPPED)).isEqualTo(1);
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_LEARNED)).isZero();
    }

    @Test
    void shouldDropAndCountAnIpfixOptionsTemplateWithMoreFieldsThanTheBound() throws Exception
    {
        final NetflowDecoder decoder = new NetflowDecoder(NetflowSettings.defaults(), clock);

        decode(decoder, ipfixOptionsTemplate(256, HUGE_FIELDS), "192.0.2.1");

        assertThat(decoder.templateCount()).isZero();
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_DROPPED)).isEqualTo(1);
    }

    @Test
    void shouldRemoveTheTemplateADroppedOneRedefines() throws Exception
    {
        final NetflowDecoder decoder = new NetflowDecoder(NetflowSettings.defaults(), clock);
        decode(decoder, v9Template(256, 8), "192.0.2.1");

        decode(decoder, v9Template(256, HUGE_FIELDS), "192.0.2.1");

        assertThat(decoder.templateCount()).isZero();
        assertThat(decoder.templateBytes()).isZero();
    }

    @Test
    void shouldKeepAnExportersTemplatesWithinItsByteBoundWhenItSendsThousandsOfHugeTemplates() throws Exception
    {
        final NetflowSettings settings = NetflowSettings.builder().maxTemplateFields(16_383).build();
        final NetflowDecoder decoder = new NetflowDecoder(settings, clock);

        for (int id = 256; id < 256 + 200; id++)
        {
            decode(decoder, v9Template(id, HUGE_FIELDS), "192.0.2.1");
        }

        assertThat(decoder.templateBytes()).isPositive()
            .isLessThanOrEqualTo(NetflowSettings.DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER);
        assertThat(decoder.templateCount()).isEqualTo(
            (int)(NetflowSettings.DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER / Template.memoryBytes(HUGE_FIELDS,
                HUGE_FIELDS * 4)));
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_EVICTED)).isEqualTo(200 - decoder.templateCount());
    }

    @Test
    void shouldKeepAllTemplatesWithinTheTotalByteBoundWhenManyExportersSendHugeTemplates() throws Exception
    {
        final int total = 8 << 20;
        final NetflowSettings settings = NetflowSettings.builder().maxTemplateFields(16_383)
            .maxTemplateBytesTotal(total).build();
        final NetflowDecoder decoder = new NetflowDecoder(settings, clock);

        for (int exporter = 1; exporter <= 100; exporter++)
        {
            decode(decoder, v9Template(256, HUGE_FIELDS), "192.0.2." + exporter);
            decode(decoder, v9Template(257, HUGE_FIELDS), "192.0.2." + exporter);
        }

        assertThat(decoder.templateBytes()).isPositive().isLessThanOrEqualTo(total);
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_EVICTED)).isPositive();
    }

    @Test
    void shouldDropATemplateLargerThanAnExportersByteBound() throws Exception
    {
        final NetflowSettings settings = NetflowSettings.builder().maxTemplateFields(16_383)
            .maxTemplateBytesPerExporter(100_000).build();
        final NetflowDecoder decoder = new NetflowDecoder(settings, clock);
        decode(decoder, v9Template(300, 8), "192.0.2.1");

        decode(decoder, v9Template(256, HUGE_FIELDS), "192.0.2.1");

        assertThat(decoder.templateCount()).isEqualTo(1);
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_DROPPED)).isEqualTo(1);
    }
}
