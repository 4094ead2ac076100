package io.fnm.examples.decode;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecodeToolsTest
{
    private static final Path FLOWS = Paths.get(System.getProperty("fnm.shared.dir", "../shared"), "testdata", "flows");

    @Test
    void shouldPrintOneJsonObjectPerFlowSampleOfConcatenatedRawDatagrams() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        final long records = SflowDecodeTool.run(List.of(FLOWS.resolve("sflow/cistern_flow_samples_2.dump")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(records).isEqualTo(3);
        assertThat(text).contains("\"src_addr\":\"199.58.161.130\"", "\"sampling_rate\":512", "\"counters\":{");
    }

    @Test
    void shouldPrintParserViewOfEveryMirroredFrame() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        final long frames = PacketDecodeTool.run(List.of(FLOWS.resolve("mirror/tcpdump_vxlan.pcap")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(frames).isEqualTo(10);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"vxlan\"", "\"src\":\"192.168.203.3\"");
    }
}
