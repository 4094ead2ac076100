package io.fnm.capture.packet;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketHeaderParserTest
{
    private static final String MACS = "020000000001 020000000002";
    private static final String IPV4_TCP = "4500002800000000 40060000 0a000001 0a000002" +
        "04d2 0050 00000001 00000000 5012 ffff 00000000";
    private static final String IPV4_GRE = "4500004400000000 402f0000 c0000201 c0000202 0000 0800";

    private final TrafficRecord record = new TrafficRecord();

    private static byte[] hex(final String text)
    {
        final String clean = text.replaceAll("\\s", "");
        final byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private ParseResult parse(final PacketHeaderParser parser, final String frame, final LinkType linkType)
    {
        final byte[] bytes = hex(frame);
        return parser.parse(ByteBuffer.wrap(bytes), 0, bytes.length, linkType, record);
    }

    @Test
    void shouldParseEthernetIpv4Tcp()
    {
        final ParseResult result = parse(new PacketHeaderParser(), MACS + "0800" + IPV4_TCP, LinkType.ETHERNET);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(IpAddresses.ipv4ToString(record.srcIpv4())).isEqualTo("10.0.0.1");
        assertThat(record.srcPort()).isEqualTo(1234);
        assertThat(record.dstPort()).isEqualTo(80);
        assertThat(record.tcpFlags()).isEqualTo(TrafficRecord.TCP_SYN | TrafficRecord.TCP_ACK);
        assertThat(record.ipLength()).isEqualTo(40);
        assertThat(record.bytes()).isEqualTo(54);
        assertThat(record.ttl()).isEqualTo(64);
    }

    @Test
    void shouldReadTheFrameWhateverTheBufferByteOrder()
    {
        final byte[] bytes = hex(MACS + "0800" + IPV4_TCP);

        new PacketHeaderParser().parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length,
            LinkType.ETHERNET, record);

        assertThat(IpAddresses.ipv4ToString(record.dstIpv4())).isEqualTo("10.0.0.2");
    }

    @Test
    void shouldKeepOuterAndInnerVlanOfQinQ()
    {
        final ParseResult result = parse(new PacketHeaderParser(),
            MACS + "88a8 0064 8100 00c8 0800" + IPV4_TCP, LinkType.ETHERNET);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(record.vlan()).isEqualTo(100);
        assertThat(record.innerVlan()).isEqualTo(200);
    }

    @Test
    void shouldFailWithTooManyTagsBeyondTheLimit()
    {
        final String tags = "8100 0001 ".repeat(PacketHeaderParser.MAX_VLAN_TAGS + 1);

        assertThat(parse(new PacketHeaderParser(), MACS + tags + "0800" + IPV4_TCP, LinkType.ETHERNET))
            .isEqualTo(ParseResult.TOO_MANY_TAGS);
    }

    @Test
    void shouldLookThroughMplsStackByFirstNibble()
    {
        final PacketHeaderParser parser = new PacketHeaderParser();

        final ParseResult result = parse(parser, MACS + "8847 00012040 000101ff" + IPV4_TCP, LinkType.ETHERNET);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(parser.headers().mplsLabelCount()).isEqualTo(2);
        assertThat(parser.headers().mplsLabel(0)).isEqualTo(18);
        assertThat(parser.headers().mplsLabel(1)).isEqualTo(16);
        assertThat(record.dstPort()).isEqualTo(80);
    }

    @Test
    void shouldNotLookThroughMplsWhenParseMplsIsOff()
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.builder().parseMpls(false).build());

        assertThat(parse(parser, MACS + "8847 000101ff" + IPV4_TCP, LinkType.ETHERNET))
            .isEqualTo(ParseResult.ENCAPSULATION_DISABLED);
    }

    @Test
    void shouldLookThroughPppoeSession()
    {
        assertThat(parse(new PacketHeaderParser(), MACS + "8864 1100 0001 0028 0021" + IPV4_TCP, LinkType.ETHERNET))
            .isEqualTo(ParseResult.OK);
        assertThat(record.dstPort()).isEqualTo(80);
    }

    @Test
    void shouldListLayersOfTunnelledFrameInFrameOrder()
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.builder().unpackGre(true).build());

        parse(parser, MACS + "8100 0064 8847 03e81140" + IPV4_GRE + IPV4_TCP, LinkType.ETHERNET);

        final StringBuilder layers = new StringBuilder();
        for (int i = 0; i < parser.headers().layerCount(); i++)
        {
            layers.append(i == 0 ? "" : " ").append(parser.headers().layer(i).label());
        }
        assertThat(layers.toString()).isEqualTo("eth vlan mpls ipv4 gre ipv4 tcp");
    }

    @Test
    void shouldListLayersOfLastFrameOnlyWhenFramesAlternate()
    {
        final PacketHeaderParser parser = new PacketHeaderParser();
        parse(parser, MACS + "8100 0064 0800" + IPV4_TCP, LinkType.ETHERNET);
        assertThat(parser.headers().layerCount()).isEqualTo(4);

        parse(parser, MACS + "0806 0001 0800 0604 0001", LinkType.ETHERNET);

        assertThat(parser.headers().layerCount()).isEqualTo(1);
        assertThat(parser.headers().layer(0)).isEqualTo(Layer.ETHERNET);
    }

    @Test
    void shouldListNoLayersWhenRangeExceedsBuffer()
    {
        final PacketHeaderParser parser = new PacketHeaderParser();
        parse(parser, MACS + "0800" + IPV4_TCP, LinkType.ETHERNET);
        assertThat(parser.headers().layerCount()).isEqualTo(3);

        parser.parse(ByteBuffer.allocate(10), 0, 20, LinkType.ETHERNET, record);

        assertThat(parser.headers().layerCount()).isZero();
    }

    @Test
    void shouldCountOuterGrePacketWhenUnpackGreIsOff()
    {
        final ParseResult result = parse(new PacketHeaderParser(), MACS + "0800" + IPV4_GRE + IPV4_TCP,
            LinkType.ETHERNET);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(record.protocol()).isEqualTo(47);
        assertThat(IpAddresses.ipv4ToString(record.srcIpv4())).isEqualTo("192.0.2.1");
    }

    @Test
    void shouldCountInnerPacketWhenUnpackGreIsOn()
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.builder().unpackGre(true).build());

        final ParseResult result = parse(parser, MACS + "0800" + IPV4_GRE + IPV4_TCP, LinkType.ETHERNET);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(parser.headers().ipHeaderCount()).isEqualTo(2);
        assertThat(record.protocol()).isEqualTo(6);
        assertThat(IpAddresses.ipv4ToString(record.srcIpv4())).isEqualTo("10.0.0.1");
    }

    @Test
    void shouldCountOuterPacketAndReportInnerFailureWhenTunnelPayloadIsCut()
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.UNPACK_ALL);

        final ParseResult result = parse(parser, MACS + "0800" + IPV4_GRE + "4500", LinkType.ETHERNET);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(parser.innerFailure()).isEqualTo(ParseResult.TRUNCATED);
        assertThat(record.protocol()).isEqualTo(47);
        assertThat(parser.counts().innerFailureCount(ParseResult.TRUNCATED)).isEqualTo(1);
    }

    @Test
    void shouldCountInnerPacketOfVxlanWhenUnpackVxlanIsOn()
    {
        final String outer = "4500005000000000 40110000 c0000201 c0000202 c000 12b5 003c 0000 08000000 00006400";
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.builder().unpackVxlan(true).build());

        parse(parser, MACS + "0800" + outer + MACS + "0800" + IPV4_TCP, LinkType.ETHERNET);

        assertThat(record.dstPort()).isEqualTo(80);
        assertThat(parser.headers().ipHeaderCount()).isEqualTo(2);
    }

    @Test
    void shouldTakePortsFromTcpHeaderCutAfterFourBytes()
    {
        final byte[] frame = Arrays.copyOf(hex(MACS + "0800" + IPV4_TCP), 14 + 20 + 4);

        final ParseResult result = new PacketHeaderParser().parse(
            ByteBuffer.wrap(frame), 0, frame.length, LinkType.ETHERNET, record);

        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(record.srcPort()).isEqualTo(1234);
        assertThat(record.tcpFlags()).isZero();
    }

    @Test
    void shouldFailTruncatedWhenTcpHeaderHasFewerThanFourBytes()
    {
        final byte[] frame = Arrays.copyOf(hex(MACS + "0800" + IPV4_TCP), 14 + 20 + 3);

        assertThat(new PacketHeaderParser().parse(ByteBuffer.wrap(frame), 0, frame.length, LinkType.ETHERNET,
            record)).isEqualTo(ParseResult.TRUNCATED);
    }

    @Test
    void shouldReadNoPortsFromNonFirstIpv4Fragment()
    {
        final String fragment = "4500002800002001 40060000 0a000001 0a000002 04d20050";

        assertThat(parse(new PacketHeaderParser(), fragment, LinkType.IPV4)).isEqualTo(ParseResult.OK);
        assertThat(record.fragmented()).isTrue();
        assertThat(record.srcPort()).isZero();
    }

    @Test
    void shouldWalkIpv6ExtensionHeadersToTheUpperLayer()
    {
        final String ipv6 = "60000000 0010 00 40 20010db8000000000000000000000001 20010db8000000000000000000000002" +
            "3a00000000000000 8000 0000";
        final PacketHeaderParser parser = new PacketHeaderParser();

        assertThat(parse(parser, ipv6, LinkType.IP)).isEqualTo(ParseResult.OK);
        assertThat(record.protocol()).isEqualTo(58);
        assertThat(parser.headers().headerProtocol(0)).isEqualTo(0);
        assertThat(record.icmpType()).isEqualTo(128);
    }

    @Test
    void shouldMarkIpv6FragmentAndSkipPortsOfNonFirstOne()
    {
        final String ipv6 = "60000000 0010 2c 40 20010db8000000000000000000000001 20010db8000000000000000000000002" +
            "1100 0010 00000001 0035 0035";

        assertThat(parse(new PacketHeaderParser(), ipv6, LinkType.IPV6)).isEqualTo(ParseResult.OK);
        assertThat(record.fragmented()).isTrue();
        assertThat(record.srcPort()).isZero();
        assertThat(record.protocol()).isEqualTo(17);
    }

    @Test
    void shouldFailBadIpHeaderLength()
    {
        assertThat(parse(new PacketHeaderParser(), "4f00002800000000 40060000 0a000001 0a000002", LinkType.IPV4))
            .isEqualTo(ParseResult.BAD_IP_HEADER_LENGTH);
    }

    @Test
    void shouldCountNotIpForArp()
    {
        final PacketHeaderParser parser = new PacketHeaderParser();

        assertThat(parse(parser, MACS + "0806 0001080006040001", LinkType.ETHERNET)).isEqualTo(ParseResult.NOT_IP);
        assertThat(parser.counts().resultCount(ParseResult.NOT_IP)).isEqualTo(1);
    }

    @Test
    void shouldFailTruncatedWhenRangeExceedsBuffer()
    {
        assertThat(new PacketHeaderParser().parse(ByteBuffer.allocate(10), 4, 20, LinkType.ETHERNET, record))
            .isEqualTo(ParseResult.TRUNCATED);
    }

    @Test
    void shouldReadFastNetMonKeysIntoOptions()
    {
        final ParserOptions options = ParserOptions.from(
            ConfigView.of(Map.of("unpack_gre", "on", "parse_mpls", "off")));

        assertThat(options.unpackGre()).isTrue();
        assertThat(options.parseMpls()).isFalse();
        assertThat(options.unpackVxlan()).isFalse();
        assertThatThrownBy(() -> ParserOptions.from(ConfigView.of(Map.of("unpack_gre", "yes"))))
            .isInstanceOf(ConfigException.class);
    }
}
