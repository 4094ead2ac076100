package io.fnm.capture.sflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.packet.ParserOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the shared sFlow corpus decoded and compared, flow sample by flow sample, with tshark's golden.
 */
class SflowDecoderConformanceTest
{
    /**
     * Where we knowingly differ from tshark: "file#flow index" and field to the reason.
     */
    static final Map<String, String> ALLOW_LIST = Map.of(
        "telegraf_sflow_issue_15918_message.bin#2 protocol",
        "IPv6 with a hop-by-hop header (MLD): tshark's protocol is the first next header (0); we count the " +
            "upper-layer protocol (58, ICMPv6) after the extension headers");

    static List<SflowCorpus.Capture> captures()
    {
        return SflowCorpus.captures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void shouldDecodeEveryFlowSampleLikeTshark(final SflowCorpus.Capture capture)
    {
        final List<TrafficRecord> records = decode(capture, ParserOptions.DEFAULTS);
        final List<JsonNode> expected = sflowFlows(capture.golden);

        assertThat(records).as("records of %s", capture).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertFlow(capture.name + "#" + i, capture.golden, records.get(i), expected.get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void shouldCountTheInnerPacketWhenTunnelsAreUnpacked(final SflowCorpus.Capture capture)
    {
        final List<TrafficRecord> records = decode(capture, ParserOptions.UNPACK_ALL);
        final List<JsonNode> expected = sflowFlows(capture.golden);

        assertThat(records).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++)
        {
            final JsonNode inner = expected.get(i).get("inner");
            if (inner != null)
            {
                assertThat(IpAddresses.ipv6ToString(records.get(i).srcIpv6High(), records.get(i).srcIpv6Low()))
                    .isEqualTo(text(inner.get("src_addr")));
                assertThat(records.get(i).protocol()).isEqualTo(inner.get("protocol").asInt());
                assertThat(records.get(i).icmpType()).isEqualTo(inner.get("icmp_type").asInt());
            }
        }
    }

    static List<TrafficRecord> decode(final SflowCorpus.Capture capture, final ParserOptions options)
    {
        final SflowDecoder decoder = new SflowDecoder(options, false);
        final List<TrafficRecord> records = new ArrayList<>();
        for (final byte[] datagram : capture.datagrams)
        {
            decoder.decode(ByteBuffer.wrap(datagram), record -> records.add(new TrafficRecord().copyFrom(record)));
        }
        return records;
    }

    static List<JsonNode> sflowFlows(final JsonNode golden)
    {
        final List<JsonNode> flows = new ArrayList<>();
        for (final JsonNode flow : golden.get("flows"))
        {
            if (!flow.has("packets_field"))
            {
                flows.add(flow);
            }
        }
        return flows;
    }

    private static boolean discarded(final JsonNode golden, final JsonNode flow)
    {
        for (final JsonNode sample : golden.get("datagrams").get(flow.get("datagram").asInt()).get("records"))
        {
            if (sample.path("sample_sequence").asLong() == flow.get("sample_sequence").asLong() &&
                sample.has("output_if_format"))
            {
                return sample.get("output_if_format").asInt() == 1;
            }
        }
        return (flow.get("output_if").asLong() >>> 30) == 1;
    }

    private static void assertFlow(
        final String id, final JsonNode golden, final TrafficRecord record, final JsonNode flow)
    {
        final String src = text(flow.get("src_addr"));
        if (src.contains(":"))
        {
            assertThat(IpAddresses.ipv6ToString(record.srcIpv6High(), record.srcIpv6Low())).as(id)
                .isEqualTo(IpAddresses.ipv6ToString(
                    IpAddresses.parseIpv6(src)[0], IpAddresses.parseIpv6(src)[1]));
        }
        else
        {
            assertThat(IpAddresses.ipv4ToString(record.srcIpv4())).as(id).isEqualTo(src);
            assertThat(IpAddresses.ipv4ToString(record.dstIpv4())).as(id).isEqualTo(text(flow.get("dst_addr")));
        }
        assertThat(record.srcPort()).as(id).isEqualTo(flow.get("src_port").asInt(0));
        assertThat(record.dstPort()).as(id).isEqualTo(flow.get("dst_port").asInt(0));
        if (!ALLOW_LIST.containsKey(id + " protocol"))
        {
            assertThat(record.protocol()).as(id).isEqualTo(flow.get("protocol").asInt());
        }
        assertThat(record.packets()).as(id).isEqualTo(flow.get("packets").asLong());
        assertThat(record.bytes()).as(id).isEqualTo(flow.get("bytes").asLong());
        assertThat(record.tcpFlags()).as(id).isEqualTo(flow.get("tcp_flags").asInt(0));
        assertThat(record.samplingRatio()).as(id)
            .isEqualTo(Math.max(1, flow.get("sampling").get("sampling_rate").asLong()));
        assertThat(record.inputInterface()).as(id).isEqualTo(flow.get("input_if").asLong());
        assertThat(record.outputInterface()).as(id).isEqualTo(flow.get("output_if").asLong());
        assertThat(record.dropped()).as(id).isEqualTo(discarded(golden, flow));
        if (!flow.get("icmp_type").isNull())
        {
            assertThat(record.icmpType()).as(id).isEqualTo(flow.get("icmp_type").asInt());
            assertThat(record.icmpCode()).as(id).isEqualTo(flow.get("icmp_code").asInt());
        }
        if (flow.has("vlans"))
        {
            final JsonNode vlans = flow.get("vlans");
            assertThat(record.vlan()).as(id).isEqualTo(vlans.get(0).asInt());
            assertThat(record.innerVlan()).as(id)
                .isEqualTo(vlans.size() > 1 ? vlans.get(1).asInt() : TrafficRecord.NO_VLAN);
        }
        else if (flow.has("src_vlan"))
        {
            final long vlan = flow.get("src_vlan").asLong();
            assertThat(record.vlan()).as(id).isEqualTo(vlan > 0 && vlan < 4095 ? (int)vlan : TrafficRecord.NO_VLAN);
        }
    }

    private static String text(final JsonNode node)
    {
        return node.asText();
    }
}
