package io.fnm.capture.netflow;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetflowDecoderTest
{
    private static final int SRC = 0x0A000001;
    private static final int DST = 0xC0000201;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final NetflowDecoder decoder = new NetflowDecoder(
        NetflowSettings.builder().fallbackSamplingRatio(3).templateTimeoutSeconds(60).build(), clock);
    private final List<TrafficRecord> records = new ArrayList<>();

    private void decode(final ByteBuffer datagram, final String exporter) throws Exception
    {
        decoder.decode(datagram, InetAddress.getByName(exporter), r -> records.add(new TrafficRecord().copyFrom(r)));
    }

    private static ByteBuffer v5(final int protocol, final int samplingField)
    {
        final ByteBuffer b = ByteBuffer.allocate(24 + 48);
        b.putShort((short)5).putShort((short)1).putInt(1000).putInt(1_700_000_000).putInt(0).putInt(0)
            .putShort((short)0).putShort((short)samplingField);
        b.putInt(SRC).putInt(DST).putInt(0).putShort((short)1).putShort((short)2).putInt(5).putInt(500)
            .putInt(100).putInt(900).putShort((short)1234).putShort((short)80).put((byte)0).put((byte)0x12)
            .put((byte)protocol).put((byte)0).putShort((short)0).putShort((short)0).putInt(0);
        return b.flip();
    }

    /** IPFIX message builder: header then sets written by the caller, length patched on finish. */
    private static final class Ipfix
    {
        final ByteBuffer b = ByteBuffer.allocate(4096);
        int setStart = -1;

        Ipfix(final int domain)
        {
            b.putShort((short)10).putShort((short)0).putInt(1_700_000_000).putInt(0).putInt(domain);
        }

        Ipfix set(final int id)
        {
            end();
            setStart = b.position();
            b.putShort((short)id).putShort((short)0);
            return this;
        }

        Ipfix u8(final int v)
        {
            b.put((byte)v);
            return this;
        }

        Ipfix u16(final int v)
        {
            b.putShort((short)v);
            return this;
        }

        Ipfix u32(final int v)
        {
            b.putInt(v);
            return this;
        }

        Ipfix u64(final long v)
        {
            b.putLong(v);
            return this;
        }

        void end()
        {
            if (setStart >= 0)
            {
                b.putShort(setStart + 2, (short)(b.position() - setStart));
                setStart = -1;
            }
        }

        ByteBuffer finish()
        {
            end();
            b.putShort(2, (short)b.position());
            return b.flip();
        }
    }

    private static Ipfix simpleTemplate(final Ipfix m, final int id)
    {
        // 8 src(4) 12 dst(4) 4 proto(1) 2 packets(4) 1 bytes(4)
        return m.set(2).u16(id).u16(5).u16(8).u16(4).u16(12).u16(4).u16(4).u16(1).u16(2).u16(4).u16(1).u16(4);
    }

    private static Ipfix simpleRecord(final Ipfix m, final int id)
    {
        return m.set(id).u32(SRC).u32(DST).u8(17).u32(2).u32(200);
    }

    @Test
    void shouldKeepEveryProtocolNumberInV5() throws Exception
    {
        decode(v5(47, 0), "192.0.2.1");

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.protocol()).isEqualTo(47);
            assertThat(r.srcPort()).isEqualTo(1234);
            assertThat(r.packets()).isEqualTo(5);
            assertThat(r.bytes()).isEqualTo(500);
        });
    }

    @Test
    void shouldTakeV5SamplingFromTheLow14BitsWithZeroMeaningOne() throws Exception
    {
        decode(v5(6, 0x4000 | 1000), "192.0.2.1");
        decode(v5(6, 0x4000), "192.0.2.1");

        assertThat(records).extracting(TrafficRecord::samplingRatio).containsExactly(1000L, 1L);
    }

    @Test
    void shouldDropV5WhenCountExceedsLength() throws Exception
    {
        final ByteBuffer datagram = v5(6, 0);
        datagram.putShort(2, (short)2);

        decode(datagram, "192.0.2.1");

        assertThat(records).isEmpty();
        assertThat(decoder.counter(NetflowCounter.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldDecodeDataWhoseTemplateFollowsInTheSameDatagram() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        simpleRecord(m, 300);
        simpleTemplate(m, 300);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(SRC);
            assertThat(r.bytes()).isEqualTo(200);
            assertThat(r.samplingRatio()).isEqualTo(3);
        });
        assertThat(decoder.counter(NetflowCounter.UNKNOWN_TEMPLATE)).isZero();
    }

    @Test
    void shouldScopeTemplatesPerExporterAndDomain() throws Exception
    {
        decode(simpleTemplate(new Ipfix(1), 300).finish(), "192.0.2.1");

        decode(simpleRecord(new Ipfix(1), 300).finish(), "192.0.2.2");
        decode(simpleRecord(new Ipfix(2), 300).finish(), "192.0.2.1");
        assertThat(records).isEmpty();
        assertThat(decoder.counter(NetflowCounter.UNKNOWN_TEMPLATE)).isEqualTo(2);

        decode(simpleRecord(new Ipfix(1), 300).finish(), "192.0.2.1");
        assertThat(records).hasSize(1);
    }

    @Test
    void shouldForgetAWithdrawnTemplate() throws Exception
    {
        decode(simpleTemplate(new Ipfix(1), 300).finish(), "192.0.2.1");
        decode(new Ipfix(1).set(2).u16(300).u16(0).finish(), "192.0.2.1");

        decode(simpleRecord(new Ipfix(1), 300).finish(), "192.0.2.1");

        assertThat(records).isEmpty();
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_WITHDRAWN)).isEqualTo(1);
    }

    @Test
    void shouldForgetEveryTemplateOnWithdrawAll() throws Exception
    {
        decode(simpleTemplate(simpleTemplate(new Ipfix(1), 300), 301).finish(), "192.0.2.1");
        decode(new Ipfix(1).set(2).u16(2).u16(0).finish(), "192.0.2.1");

        assertThat(decoder.templateCount()).isZero();
    }

    @Test
    void shouldExpireTemplatesNotRefreshedWithinTheTimeout() throws Exception
    {
        decode(simpleTemplate(new Ipfix(1), 300).finish(), "192.0.2.1");
        clock.advanceSeconds(61);

        decode(simpleRecord(new Ipfix(1), 300).finish(), "192.0.2.1");

        assertThat(records).isEmpty();
        assertThat(decoder.counter(NetflowCounter.TEMPLATES_EXPIRED)).isEqualTo(1);
    }

    @Test
    void shouldReplaceAChangedTemplate() throws Exception
    {
        decode(simpleTemplate(new Ipfix(1), 300).finish(), "192.0.2.1");
        decode(new Ipfix(1).set(2).u16(300).u16(2).u16(8).u16(4).u16(1).u16(2).finish(), "192.0.2.1");

        decode(new Ipfix(1).set(300).u32(SRC).u16(77).finish(), "192.0.2.1");

        assertThat(records).singleElement().extracting(TrafficRecord::bytes).isEqualTo(77L);
        assertThat(decoder.counter(NetflowCounter.TEMPLATE_UPDATES)).isEqualTo(1);
    }

    @Test
    void shouldReadReducedSizeVariableLengthAndSkipEnterpriseFields() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // 8 src, 0x8000|5 enterprise 9 (len 3), 1 bytes in 1 byte, 82 interfaceName varlen, 2 packets in 2 bytes
        m.set(2).u16(300).u16(5).u16(8).u16(4).u16(0x8005).u16(3).u32(9).u16(1).u16(1).u16(82).u16(0xFFFF)
            .u16(2).u16(2);
        m.set(300).u32(SRC).u8(1).u8(2).u8(3).u8(250).u8(255).u16(3).u8('e').u8('t').u8('h').u16(9);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.bytes()).isEqualTo(250);
            assertThat(r.packets()).isEqualTo(9);
        });
    }

    @Test
    void shouldNotCarryFieldsOfOneRecordIntoTheNextOfAnotherTemplate() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // 300: 8, 12, 58 vlan, 89 forwarding status, 180 udp source port; 301: 8, 12 only
        m.set(2).u16(300).u16(5).u16(8).u16(4).u16(12).u16(4).u16(58).u16(2).u16(89).u16(1).u16(180).u16(2)
            .u16(301).u16(2).u16(8).u16(4).u16(12).u16(4);
        m.set(300).u32(SRC).u32(DST).u16(100).u8(0x80).u16(5353);
        m.set(301).u32(DST).u32(SRC);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).vlan()).isEqualTo(100);
        assertThat(records.get(0).dropped()).isTrue();
        assertThat(records.get(0).srcPort()).isEqualTo(5353);
        assertThat(records.get(1).srcIpv4()).isEqualTo(DST);
        assertThat(records.get(1).vlan()).isEqualTo(TrafficRecord.NO_VLAN);
        assertThat(records.get(1).dropped()).isFalse();
        assertThat(records.get(1).srcPort()).isZero();
    }

    @Test
    void shouldTakeTheFirstOccurrenceOfARepeatedElement() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // 8, 12, 7, 8 again, 7 again (inner headers of an SRv6 template)
        m.set(2).u16(300).u16(5).u16(8).u16(4).u16(12).u16(4).u16(7).u16(2).u16(8).u16(4).u16(7).u16(2);
        m.set(300).u32(SRC).u32(DST).u16(1234).u32(0x01020304).u16(4321);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(SRC);
            assertThat(r.srcPort()).isEqualTo(1234);
        });
    }

    @Test
    void shouldTreatBytesAfterTheLastWholeRecordOfASetAsPadding() throws Exception
    {
        final Ipfix m = simpleTemplate(new Ipfix(1), 300);
        simpleRecord(m, 300).u32(SRC).u32(DST).u8(6).u32(3).u32(300).u8(0).u8(0).u8(0);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).extracting(TrafficRecord::bytes).containsExactly(200L, 300L);
        assertThat(decoder.counter(NetflowCounter.MALFORMED)).isZero();
    }

    @Test
    void shouldEmitBothDirectionsOfACiscoAsaBidirectionalRecord() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // 148 flow id, 8, 12, 7, 11, 4, 231, 232, 298, 299
        m.set(2).u16(300).u16(10).u16(148).u16(4).u16(8).u16(4).u16(12).u16(4).u16(7).u16(2).u16(11).u16(2)
            .u16(4).u16(1).u16(231).u16(4).u16(232).u16(4).u16(298).u16(4).u16(299).u16(4);
        m.set(300).u32(1).u32(SRC).u32(DST).u16(5000).u16(443).u8(6).u32(100).u32(9000).u32(2).u32(7);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).srcIpv4()).isEqualTo(SRC);
        assertThat(records.get(0).bytes()).isEqualTo(100);
        assertThat(records.get(0).packets()).isEqualTo(2);
        assertThat(records.get(1).srcIpv4()).isEqualTo(DST);
        assertThat(records.get(1).srcPort()).isEqualTo(443);
        assertThat(records.get(1).bytes()).isEqualTo(9000);
        assertThat(records.get(1).packets()).isEqualTo(7);
    }

    @Test
    void shouldMarkForwardingStatusDroppedFromIe89() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        m.set(2).u16(300).u16(3).u16(8).u16(4).u16(12).u16(4).u16(89).u16(1);
        m.set(300).u32(SRC).u32(DST).u8(0x80 | 3);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).singleElement().extracting(TrafficRecord::dropped).isEqualTo(true);
    }

    @Test
    void shouldSkipAndCountNatEventsWithoutCounters() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        m.set(2).u16(300).u16(3).u16(8).u16(4).u16(12).u16(4).u16(230).u16(1);
        m.set(300).u32(SRC).u32(DST).u8(1);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).isEmpty();
        assertThat(decoder.counter(NetflowCounter.NAT_EVENTS_SKIPPED)).isEqualTo(1);
    }

    @Test
    void shouldApplyOptionsSamplingPerSampler() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // options template 400: scope 48 samplerId(1), 34 samplingInterval(4)
        m.set(3).u16(400).u16(2).u16(1).u16(48).u16(1).u16(34).u16(4);
        m.set(400).u8(1).u32(100).u8(2).u32(1000);
        // data template 300: 8, 12, 48 samplerId
        m.set(2).u16(300).u16(3).u16(8).u16(4).u16(12).u16(4).u16(48).u16(1);
        m.set(300).u32(SRC).u32(DST).u8(2).u32(SRC).u32(DST).u8(1).u32(SRC).u32(DST).u8(9);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).extracting(TrafficRecord::samplingRatio).containsExactly(1000L, 100L, 100L);
    }

    @Test
    void shouldUseTheNokiaSystematicSamplingFormula() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // options: scope 149 domain, 304 algorithm, 305 interval, 306 space
        m.set(3).u16(400).u16(4).u16(1).u16(149).u16(4).u16(304).u16(2).u16(305).u16(4).u16(306).u16(4);
        m.set(400).u32(1).u16(1).u32(1).u32(99);
        simpleTemplate(m, 300);
        simpleRecord(m, 300);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).singleElement().extracting(TrafficRecord::samplingRatio).isEqualTo(100L);
    }

    @Test
    void shouldDeriveTheSamplingRateFromSelectorPacketsObservedAndSelected() throws Exception
    {
        final Ipfix m = new Ipfix(1);
        // NetFlow Lite options: scope 302 selectorId(4), 318 observed(8), 319 selected(8): 10 000 / 99 -> 101
        m.set(3).u16(400).u16(3).u16(1).u16(302).u16(4).u16(318).u16(8).u16(319).u16(8);
        m.set(400).u32(7).u64(10_000).u64(99);
        simpleTemplate(m, 300);
        simpleRecord(m, 300);

        decode(m.finish(), "192.0.2.1");

        assertThat(records).singleElement().extracting(TrafficRecord::samplingRatio).isEqualTo(101L);
    }

    @Test
    void shouldCountAnUnknownVersionAsMalformed() throws Exception
    {
        decode(ByteBuffer.wrap(new byte[]{0, 7, 0, 0}), "192.0.2.1");

        assertThat(decoder.counter(NetflowCounter.UNKNOWN_VERSION)).isEqualTo(1);
        assertThat(decoder.counter(NetflowCounter.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldReportPerExporterCounters() throws Exception
    {
        decode(v5(6, 10), "192.0.2.1");

        assertThat(decoder.exporterStats()).singleElement().satisfies(s ->
        {
            assertThat(s.version()).isEqualTo(5);
            assertThat(s.datagrams()).isEqualTo(1);
            assertThat(s.records()).isEqualTo(1);
            assertThat(s.samplingRate()).isEqualTo(10);
        });
    }
}
