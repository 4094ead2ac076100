package io.fnm.capture.netflow;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packet sections (IE 104/315 Ethernet frames, IE 313 IP packets) go through the shared packet header parser: one
 * sampled packet, sized by its outermost IP header, tunnels looked through only when the config says so.
 */
class NetflowPacketSectionTest
{
    private static final int OUTER_SRC = 0xC6336401;
    private static final int OUTER_DST = 0xC6336402;
    private static final int INNER_SRC = 0x0A000001;
    private static final int INNER_DST = 0x0A000002;
    private static final int RECORD_SRC = 0x0B000001;
    private static final int RECORD_DST = 0x0B000002;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<TrafficRecord> records = new ArrayList<>();
    private NetflowDecoder decoder;

    private void decode(final NetflowSettings settings, final ByteBuffer datagram) throws Exception
    {
        decoder = new NetflowDecoder(settings, clock);
        decoder.decode(datagram, InetAddress.getByName("192.0.2.1"), r -> records.add(new TrafficRecord().copyFrom(r)));
    }

    /**
     * IPFIX message: template 300 = 8 src(4), 12 dst(4), 58 vlan(2), 2 packets(4), 1 bytes(4), section IE
     * (variable length); one data record carrying the given section.
     */
    private static ByteBuffer ipfix(final int sectionElement, final byte[] section)
    {
        final ByteBuffer b = ByteBuffer.allocate(2048);
        b.putShort((short)10).putShort((short)0).putInt(1_700_000_000).putInt(0).putInt(1);
        final int templateSet = b.position();
        b.putShort((short)2).putShort((short)0).putShort((short)300).putShort((short)6)
            .putShort((short)8).putShort((short)4).putShort((short)12).putShort((short)4)
            .putShort((short)58).putShort((short)2).putShort((short)2).putShort((short)4)
            .putShort((short)1).putShort((short)4).putShort((short)sectionElement).putShort((short)0xFFFF);
        b.putShort(templateSet + 2, (short)(b.position() - templateSet));
        final int dataSet = b.position();
        b.putShort((short)300).putShort((short)0)
            .putInt(RECORD_SRC).putInt(RECORD_DST).putShort((short)77).putInt(1000).putInt(1_000_000)
            .put((byte)section.length).put(section);
        b.putShort(dataSet + 2, (short)(b.position() - dataSet));
        b.putShort(2, (short)b.position());
        return b.flip();
    }

    private static ByteBuffer ethernet(final int vlan)
    {
        final ByteBuffer b = ByteBuffer.allocate(200);
        b.put(new byte[12]);
        if (vlan >= 0)
        {
            b.putShort((short)0x8100).putShort((short)vlan);
        }
        return b.putShort((short)0x0800);
    }

    private static ByteBuffer ipv4(final ByteBuffer b, final int protocol, final int src, final int dst,
        final int totalLength)
    {
        return b.put((byte)0x45).put((byte)0).putShort((short)totalLength).putInt(0)
            .put((byte)64).put((byte)protocol).putShort((short)0).putInt(src).putInt(dst);
    }

    private static byte[] bytes(final ByteBuffer b)
    {
        final byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** Ethernet, IPv4 GRE 1500 bytes, GRE (proto IPv4), IPv4 UDP 1476 bytes, UDP 5353 -> 53. */
    private static byte[] greFrame()
    {
        final ByteBuffer b = ipv4(ethernet(-1), 47, OUTER_SRC, OUTER_DST, 1500);
        b.putShort((short)0).putShort((short)0x0800);
        ipv4(b, 17, INNER_SRC, INNER_DST, 1476).putShort((short)5353).putShort((short)53).putInt(0);
        return bytes(b);
    }

    @Test
    void shouldCountOneSampledPacketSizedByItsIpHeaderWhenAnEthernetSectionIsPresent() throws Exception
    {
        final ByteBuffer frame = ipv4(ethernet(-1), 6, INNER_SRC, INNER_DST, 1200);
        frame.putShort((short)40000).putShort((short)443).putInt(0).putInt(0).put((byte)0x50).put((byte)0x02);

        decode(NetflowSettings.defaults(), ipfix(315, bytes(frame)));

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(INNER_SRC);
            assertThat(r.dstIpv4()).isEqualTo(INNER_DST);
            assertThat(r.protocol()).isEqualTo(TrafficRecord.PROTOCOL_TCP);
            assertThat(r.srcPort()).isEqualTo(40000);
            assertThat(r.dstPort()).isEqualTo(443);
            assertThat(r.tcpFlags()).isEqualTo(TrafficRecord.TCP_SYN);
            assertThat(r.packets()).isEqualTo(1);
            assertThat(r.bytes()).isEqualTo(1200);
        });
        assertThat(decoder.counter(NetflowCounter.PACKET_SECTIONS_DECODED)).isEqualTo(1);
    }

    @Test
    void shouldReadAnIpHeaderPacketSectionFromIe313() throws Exception
    {
        final ByteBuffer packet = ipv4(ByteBuffer.allocate(100), 17, INNER_SRC, INNER_DST, 512);
        packet.putShort((short)123).putShort((short)123).putInt(0);

        decode(NetflowSettings.defaults(), ipfix(313, bytes(packet)));

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(INNER_SRC);
            assertThat(r.dstPort()).isEqualTo(123);
            assertThat(r.packets()).isEqualTo(1);
            assertThat(r.bytes()).isEqualTo(512);
        });
    }

    @Test
    void shouldCountTheOuterPacketOfATunnelByDefault() throws Exception
    {
        decode(NetflowSettings.defaults(), ipfix(315, greFrame()));

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(OUTER_SRC);
            assertThat(r.protocol()).isEqualTo(47);
            assertThat(r.bytes()).isEqualTo(1500);
        });
    }

    @Test
    void shouldCountTheInnerPacketOfATunnelWhenUnpackGreIsOn() throws Exception
    {
        final NetflowSettings settings = NetflowSettings.from(ConfigView.of(Map.of("unpack_gre", "on")));

        decode(settings, ipfix(315, greFrame()));

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(INNER_SRC);
            assertThat(r.dstIpv4()).isEqualTo(INNER_DST);
            assertThat(r.protocol()).isEqualTo(TrafficRecord.PROTOCOL_UDP);
            assertThat(r.dstPort()).isEqualTo(53);
            assertThat(r.bytes()).as("the wire size is the outer packet's").isEqualTo(1500);
        });
    }

    @Test
    void shouldKeepTheRecordVlanWhenTheFrameHasNoTag() throws Exception
    {
        final ByteBuffer frame = ipv4(ethernet(-1), 17, INNER_SRC, INNER_DST, 100).putInt(0);

        decode(NetflowSettings.defaults(), ipfix(315, bytes(frame)));

        assertThat(records).singleElement().extracting(TrafficRecord::vlan).isEqualTo(77);
    }

    @Test
    void shouldTakeTheVlanFromTheFrameWhenItIsTagged() throws Exception
    {
        final ByteBuffer frame = ipv4(ethernet(10), 17, INNER_SRC, INNER_DST, 100).putInt(0);

        decode(NetflowSettings.defaults(), ipfix(315, bytes(frame)));

        assertThat(records).singleElement().extracting(TrafficRecord::vlan).isEqualTo(10);
    }

    @Test
    void shouldKeepTheRecordFieldsAndCountWhenTheSectionHoldsNoIpPacket() throws Exception
    {
        final ByteBuffer arp = ethernet(-1);
        arp.putShort(12, (short)0x0806).put(new byte[28]);

        decode(NetflowSettings.defaults(), ipfix(315, bytes(arp)));

        assertThat(records).singleElement().satisfies(r ->
        {
            assertThat(r.srcIpv4()).isEqualTo(RECORD_SRC);
            assertThat(r.packets()).isEqualTo(1000);
            assertThat(r.bytes()).isEqualTo(1_000_000);
        });
        assertThat(decoder.counter(NetflowCounter.PACKET_SECTIONS_UNPARSED)).isEqualTo(1);
        assertThat(decoder.counter(NetflowCounter.PACKET_SECTIONS_DECODED)).isZero();
    }
}
