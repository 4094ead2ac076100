package io.fnm.capture.sflow;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.packet.ParserOptions;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.fnm.capture.sflow.XdrBuilder.datagram;
import static io.fnm.capture.sflow.XdrBuilder.ethernetIpv4Tcp;
import static io.fnm.capture.sflow.XdrBuilder.flowSample;
import static io.fnm.capture.sflow.XdrBuilder.hex;
import static io.fnm.capture.sflow.XdrBuilder.rawHeaderRecord;
import static org.assertj.core.api.Assertions.assertThat;

class SflowDecoderTest
{
    private final SflowDecoder decoder = new SflowDecoder();
    private final List<TrafficRecord> records = new ArrayList<>();

    private int decode(final byte[] datagram)
    {
        return decoder.decode(ByteBuffer.wrap(datagram), record -> records.add(new TrafficRecord().copyFrom(record)));
    }

    private SflowAgentStats agent()
    {
        final List<SflowAgentStats> agents = new ArrayList<>();
        decoder.agentSnapshots(agents);
        return agents.get(0);
    }

    @Test
    void shouldDeliverOneRecordPerFlowSampleWithSamplingRateAndFrameLength()
    {
        decode(datagram(flowSample(512, 3, 4, rawHeaderRecord(1, 1518, ethernetIpv4Tcp()))));

        assertThat(records).hasSize(1);
        final TrafficRecord record = records.get(0);
        assertThat(IpAddresses.ipv4ToString(record.srcIpv4())).isEqualTo("10.0.0.1");
        assertThat(record.dstPort()).isEqualTo(80);
        assertThat(record.isTcpSyn()).isTrue();
        assertThat(record.packets()).isEqualTo(1);
        assertThat(record.bytes()).isEqualTo(1518);
        assertThat(record.samplingRatio()).isEqualTo(512);
        assertThat(record.inputInterface()).isEqualTo(3);
        assertThat(record.outputInterface()).isEqualTo(4);
        assertThat(IpAddresses.ipv4ToString(record.agentIpv4())).isEqualTo("192.0.2.1");
        assertThat(record.dropped()).isFalse();
    }

    @Test
    void shouldCountIpLengthWhenReadPacketLengthFromIpHeaderIsOn()
    {
        final SflowDecoder ipLength = new SflowDecoder(ParserOptions.DEFAULTS, true);

        ipLength.decode(ByteBuffer.wrap(datagram(flowSample(1, 3, 4, rawHeaderRecord(1, 1518, ethernetIpv4Tcp())))),
            record -> records.add(new TrafficRecord().copyFrom(record)));

        assertThat(records.get(0).bytes()).isEqualTo(40);
    }

    @Test
    void shouldMarkRecordDroppedWhenOutputFormatIsDiscarded()
    {
        decode(datagram(flowSample(1, 3, 0x4000_0001L, rawHeaderRecord(1, 64, ethernetIpv4Tcp()))));

        assertThat(records.get(0).dropped()).isTrue();
        assertThat(agent().discarded()).isEqualTo(1);
    }

    @Test
    void shouldDecodeExpandedFlowSampleInterfacesAndDiscardFormat()
    {
        final byte[] body = new XdrBuilder().u32(1, 0, 7, 100, 1000, 0, 0, 123456, 1, 9, 1)
            .bytes(rawHeaderRecord(1, 64, ethernetIpv4Tcp())).build();

        decode(datagram(new XdrBuilder().block(3, body).build()));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).inputInterface()).isEqualTo(123456);
        assertThat(records.get(0).outputInterface()).isEqualTo(9);
        assertThat(records.get(0).dropped()).isTrue();
        assertThat(records.get(0).samplingRatio()).isEqualTo(100);
    }

    @Test
    void shouldDecodeIpv6HeaderProtocolWhichFastNetMonDrops()
    {
        final byte[] ipv6Udp = hex("60000000 0008 11 40" +
            "20010db8000000000000000000000001 20010db8000000000000000000000002 0035 0400 0008 0000");

        decode(datagram(flowSample(1, 1, 2, rawHeaderRecord(12, 48, ipv6Udp))));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).ipVersion()).isEqualTo(TrafficRecord.IPV6);
        assertThat(records.get(0).srcPort()).isEqualTo(53);
    }

    @Test
    void shouldDecodeIpv4HeaderProtocol()
    {
        final byte[] ipv4 = Arrays.copyOfRange(ethernetIpv4Tcp(), 14, 54);

        decode(datagram(flowSample(1, 1, 2, rawHeaderRecord(11, 40, ipv4))));

        assertThat(records.get(0).dstPort()).isEqualTo(80);
    }

    @Test
    void shouldTakePortsFromHuaweiHeaderCutInsideTcp()
    {
        final byte[] cutAfterPorts = Arrays.copyOf(ethernetIpv4Tcp(), 14 + 20 + 4);

        decode(datagram(flowSample(1, 1, 2, rawHeaderRecord(1, 1500, cutAfterPorts))));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).srcPort()).isEqualTo(1234);
        assertThat(records.get(0).dstPort()).isEqualTo(80);
    }

    @Test
    void shouldCountSampleWithoutHeaderInsteadOfDeliveringZeroPacket()
    {
        final byte[] switchRecord = new XdrBuilder().block(1001, new XdrBuilder().u32(10, 0, 10, 0).build()).build();

        decode(datagram(flowSample(1, 1, 2, switchRecord)));

        assertThat(records).isEmpty();
        assertThat(agent().samplesWithoutHeader()).isEqualTo(1);
    }

    @Test
    void shouldUseExtendedSwitchVlanWhenHeaderIsUntagged()
    {
        final byte[] switchRecord = new XdrBuilder().block(1001, new XdrBuilder().u32(42, 0, 43, 0).build()).build();

        decode(datagram(flowSample(1, 1, 2, switchRecord, rawHeaderRecord(1, 64, ethernetIpv4Tcp()))));

        assertThat(records.get(0).vlan()).isEqualTo(42);
    }

    @Test
    void shouldTakeAsNumbersFromExtendedGateway()
    {
        final byte[] gateway = new XdrBuilder().block(1003, new XdrBuilder().u32(1, 0x0A000001L, 65000, 64500, 64501,
            1, 2, 2, 64501, 64999, 0, 100).build()).build();

        decode(datagram(flowSample(1, 1, 2, rawHeaderRecord(1, 64, ethernetIpv4Tcp()), gateway)));

        assertThat(records.get(0).srcAsn()).isEqualTo(64500);
        assertThat(records.get(0).dstAsn()).isEqualTo(64999);
    }

    @Test
    void shouldSkipEnterpriseSamplesAndRecordsByLength()
    {
        final byte[] vendorRecord = new XdrBuilder().block((9L << 12) | 1, new byte[12]).build();
        final byte[] vendorSample = new XdrBuilder().block((9L << 12) | 1, new byte[20]).build();

        decode(datagram(vendorSample, flowSample(1, 1, 2, vendorRecord, rawHeaderRecord(1, 64, ethernetIpv4Tcp()))));

        assertThat(records).hasSize(1);
        assertThat(agent().unknownSamples()).isEqualTo(1);
        assertThat(agent().unknownRecords()).isEqualTo(1);
    }

    @Test
    void shouldDecodeGenericInterfaceCountersIntoAgentStats()
    {
        final byte[] generic = new XdrBuilder().u32(17, 6).u64(10_000_000_000L).u32(1, 3).u64(123456789L)
            .u32(1, 2, 3, 4, 5, 6).u64(987654321L).u32(7, 8, 9, 10, 11, 0).build();
        final byte[] sample = new XdrBuilder().block(2,
            new XdrBuilder().u32(1, 17, 1).block(1, generic).build()).build();

        decode(datagram(sample));

        final SflowInterfaceCounters counters = agent().interfaces().get(17L);
        assertThat(counters.ifSpeedBitsPerSecond()).isEqualTo(10_000_000_000L);
        assertThat(counters.inOctets()).isEqualTo(123456789L);
        assertThat(counters.outOctets()).isEqualTo(987654321L);
        assertThat(counters.outErrors()).isEqualTo(11);
        assertThat(agent().counterSamples()).isEqualTo(1);
    }

    @Test
    void shouldCountMalformedWhenSampleLengthOverrunsDatagram()
    {
        final byte[] good = datagram(flowSample(1, 1, 2, rawHeaderRecord(1, 64, ethernetIpv4Tcp())));
        final byte[] bad = Arrays.copyOf(good, good.length - 4);

        assertThat(decode(bad)).isZero();
        assertThat(agent().malformed()).isEqualTo(1);
    }

    @Test
    void shouldCountMalformedWhenSampleCountExceedsWhatRemains()
    {
        final byte[] datagram = datagram();
        ByteBuffer.wrap(datagram).putInt(24, 1_000_000);

        decode(datagram);

        assertThat(agent().malformed()).isEqualTo(1);
    }

    @Test
    void shouldCountUnsupportedVersion()
    {
        decode(new XdrBuilder().u32(9, 1, 0, 0, 0, 0, 0).build());

        assertThat(decoder.unsupportedVersion()).isEqualTo(1);
    }

    @Test
    void shouldDecodeVersion4FlowSample()
    {
        final byte[] header = ethernetIpv4Tcp();
        final byte[] v4 = new XdrBuilder().u32(4, 1, 0xC0000202L, 1, 1000, 1)
            .u32(1, 1, 7, 256, 1000, 0, 5, 6, 1, 1, 1500, header.length).bytes(header)
            .u32(1, 1, 300, 0, 301, 0).build();

        decode(v4);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).samplingRatio()).isEqualTo(256);
        assertThat(records.get(0).bytes()).isEqualTo(1500);
        assertThat(records.get(0).inputInterface()).isEqualTo(5);
        assertThat(records.get(0).vlan()).isEqualTo(300);
        assertThat(IpAddresses.ipv4ToString(records.get(0).agentIpv4())).isEqualTo("192.0.2.2");
    }

    @Test
    void shouldDecodeIpv6Agent()
    {
        final XdrBuilder builder = new XdrBuilder().u32(5, 2).u64(0x20010db800000000L).u64(7).u32(0, 1, 1000, 1)
            .bytes(flowSample(1, 1, 2, rawHeaderRecord(1, 64, ethernetIpv4Tcp())));

        decode(builder.build());

        assertThat(records.get(0).agentIpVersion()).isEqualTo(TrafficRecord.IPV6);
        assertThat(agent().agent()).isEqualTo("2001:db8::7");
    }
}
