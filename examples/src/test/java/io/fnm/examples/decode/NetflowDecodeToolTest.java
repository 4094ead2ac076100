package io.fnm.examples.decode;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetflowDecodeToolTest
{
    private static Path flows(final String relative)
    {
        return Paths.get(System.getProperty("fnm.shared.dir", "../../shared"), "testdata", "flows", relative);
    }

    private static List<String> run(final Path... files)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = NetflowDecodeTool.run(List.of(files), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        return Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void shouldSplitConcatenatedV5DatagramsAndPrintOneLinePerRecord()
    {
        final List<String> lines = run(flows("netflow5/logstash_netflow5.dat"));

        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).startsWith("{\"exporter\":\"192.0.2.1\",\"version\":5,\"template_id\":0,");
        assertThat(lines.get(30)).startsWith("{\"summary\":{").contains("\"netflow_datagrams_total\":12");
    }

    @Test
    void shouldShareTemplatesAcrossFilesInOrder()
    {
        final List<String> lines = run(
            flows("netflow9/logstash_netflow9_test_cisco_aci_tpl256-258.dat"),
            flows("netflow9/logstash_netflow9_test_cisco_aci_data256.dat"));

        assertThat(lines).filteredOn(l -> l.contains("\"template_id\":256")).hasSize(3);
    }

    @Test
    void shouldReadPcapCaptures()
    {
        final List<String> lines = run(flows("netflow5/akvorado_netflow_nfv5.pcap"));

        assertThat(lines).filteredOn(l -> l.startsWith("{\"exporter\"")).hasSize(29);
    }
}
