package io.fnm.capture.packet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every frame of the shared mirror corpus, parsed with every tunnel unpacked (the whole IP stack must match tshark's)
 * and with the defaults (the counted packet must be tshark's outermost IP header).
 */
class PacketHeaderParserConformanceTest
{
    /**
     * Where we knowingly differ from tshark 4.0: file#frame to the reason. Each entry is a place where we decode
     * more than tshark did.
     */
    static final Map<String, String> ALLOW_LIST = Map.of(
        "akvorado_encap_mpls-eompls-cw.pcap#1",
        "tshark stops at the pseudowire's Ethernet header; we follow RFC 4448 (control word, Ethernet) into IPv4",
        "akvorado_encap_mpls-eompls-invalid-cw.pcap#1",
        "tshark stops at the pseudowire's Ethernet header; a zero first nibble is a control word for us, and the " +
            "Ethernet frame after it carries IPv4");

    static List<MirrorCorpus.Frame> frames()
    {
        return MirrorCorpus.frames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void shouldMatchTsharkIpStackWhenEveryTunnelIsUnpacked(final MirrorCorpus.Frame frame)
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.UNPACK_ALL);
        final TrafficRecord record = new TrafficRecord();

        final ParseResult result = parser.parse(
            ByteBuffer.wrap(frame.bytes), 0, frame.bytes.length, MirrorCorpus.linkType(frame.linkType), record);

        assertThat(ints(frame.golden.get("vlans"))).as("vlans").isEqualTo(vlans(parser));
        assertThat(ints(frame.golden.get("mpls_labels"))).as("mpls labels").isEqualTo(labels(parser));
        if (ALLOW_LIST.containsKey(frame.toString()))
        {
            assertThat(result).isEqualTo(ParseResult.OK);
            return;
        }
        final JsonNode stack = frame.golden.get("ip_stack");
        if (stack.size() == 0)
        {
            assertThat(result).as("no IP for tshark").isNotEqualTo(ParseResult.OK);
            return;
        }
        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(parser.headers().ipHeaderCount()).as("ip headers").isEqualTo(stack.size());
        for (int i = 0; i < stack.size(); i++)
        {
            assertIpHeader(parser.headers(), i, stack.get(i));
        }
        assertCounted(record, stack.get(stack.size() - 1), parser, stack.size() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void shouldCountTheOuterPacketWhenTunnelsAreNotUnpacked(final MirrorCorpus.Frame frame)
    {
        final PacketHeaderParser parser = new PacketHeaderParser(ParserOptions.DEFAULTS);
        final TrafficRecord record = new TrafficRecord();

        final ParseResult result = parser.parse(
            ByteBuffer.wrap(frame.bytes), 0, frame.bytes.length, MirrorCorpus.linkType(frame.linkType), record);

        final JsonNode stack = frame.golden.get("ip_stack");
        if (ALLOW_LIST.containsKey(frame.toString()))
        {
            assertThat(result).isEqualTo(ParseResult.OK);
            return;
        }
        if (stack.size() == 0)
        {
            assertThat(result).isNotEqualTo(ParseResult.OK);
            return;
        }
        assertThat(result).isEqualTo(ParseResult.OK);
        assertThat(parser.headers().ipHeaderCount()).isEqualTo(1);
        assertIpHeader(parser.headers(), 0, stack.get(0));
        assertCounted(record, stack.get(0), parser, 0);
    }

    private static void assertIpHeader(final ParsedHeaders headers, final int index, final JsonNode golden)
    {
        final int version = golden.get("version").asInt();
        assertThat(headers.ipVersion(index)).as("version of ip header %d", index).isEqualTo(version);
        if (version == 4)
        {
            assertThat(IpAddresses.ipv4ToString(headers.ipv4Source(index))).isEqualTo(golden.get("src").asText());
            assertThat(IpAddresses.ipv4ToString(headers.ipv4Destination(index))).isEqualTo(golden.get("dst").asText());
            assertThat(headers.ipLength(index)).isEqualTo(golden.get("length").asInt());
        }
        else
        {
            final long[] src = IpAddresses.parseIpv6(golden.get("src").asText());
            final long[] dst = IpAddresses.parseIpv6(golden.get("dst").asText());
            assertThat(new long[] {headers.ipv6SourceHigh(index), headers.ipv6SourceLow(index)}).isEqualTo(src);
            assertThat(new long[] {headers.ipv6DestinationHigh(index), headers.ipv6DestinationLow(index)})
                .isEqualTo(dst);
        }
        assertThat(headers.headerProtocol(index)).as("protocol of ip header %d", index)
            .isEqualTo(golden.get("proto").asInt());
        final JsonNode l4 = golden.get("l4");
        if (l4 != null)
        {
            if (l4.has("sport"))
            {
                assertThat(headers.sourcePort(index)).isEqualTo(l4.get("sport").asInt());
                assertThat(headers.destinationPort(index)).isEqualTo(l4.get("dport").asInt());
            }
            if (l4.has("tcp_flags"))
            {
                assertThat(headers.tcpFlags(index)).isEqualTo(l4.get("tcp_flags").asInt());
            }
            if (l4.has("icmp_type"))
            {
                assertThat(headers.icmpType(index)).isEqualTo(l4.get("icmp_type").asInt());
                assertThat(headers.icmpCode(index)).isEqualTo(l4.get("icmp_code").asInt());
            }
        }
    }

    private static void assertCounted(
        final TrafficRecord record, final JsonNode golden, final PacketHeaderParser parser, final int index)
    {
        assertThat(record.ipVersion()).isEqualTo(golden.get("version").asInt());
        assertThat(record.protocol()).isEqualTo(parser.headers().protocol(index));
        assertThat(record.srcPort()).isEqualTo(parser.headers().sourcePort(index));
        assertThat(record.dstPort()).isEqualTo(parser.headers().destinationPort(index));
        if (golden.get("version").asInt() == 4)
        {
            assertThat(IpAddresses.ipv4ToString(record.srcIpv4())).isEqualTo(golden.get("src").asText());
            assertThat(IpAddresses.ipv4ToString(record.dstIpv4())).isEqualTo(golden.get("dst").asText());
        }
    }

    private static List<Integer> ints(final JsonNode array)
    {
        final List<Integer> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asInt()));
        return values;
    }

    private static List<Integer> vlans(final PacketHeaderParser parser)
    {
        final List<Integer> values = new ArrayList<>();
        for (int i = 0; i < parser.headers().vlanCount(); i++)
        {
            values.add(parser.headers().vlanId(i));
        }
        return values;
    }

    private static List<Integer> labels(final PacketHeaderParser parser)
    {
        final List<Integer> values = new ArrayList<>();
        for (int i = 0; i < parser.headers().mplsLabelCount(); i++)
        {
            values.add(parser.headers().mplsLabel(i));
        }
        return values;
    }
}
