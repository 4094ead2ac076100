package io.fnm.capture.mirror;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each native binding is probed once per JVM, so availability is checked in a child JVM per case.
 */
class ProviderAvailabilityTest
{
    private static List<String> probe(final String... properties) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProviderProbe.class.getName()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    @Test
    void shouldOfferAfPacketPcapAndFilesButExplainWhyPfRingAndNetmapAreMissingOnThisMachine() throws Exception
    {
        final List<String> lines = probe();

        assertThat(lines).contains("mirror_afpacket|true|null", "pcap|true|null", "pcap_file|true|null");
        assertThat(lines).anyMatch(line -> line.startsWith("mirror|false|") && line.contains("pfring"));
        assertThat(lines).anyMatch(line -> line.startsWith("mirror_netmap|false|") && line.contains("/dev/netmap"));
    }

    @Test
    void shouldSwitchEachNativeBindingOffByItsSystemProperty() throws Exception
    {
        final List<String> lines = probe("-Dfnm.afpacket.disable=true", "-Dfnm.pcap.disable=true",
            "-Dfnm.pfring.disable=true", "-Dfnm.netmap.disable=true");

        for (final String name : List.of("mirror_afpacket", "pcap", "mirror", "mirror_netmap"))
        {
            assertThat(lines).anyMatch(line -> line.startsWith(name + "|false|") && line.contains("switched off"));
        }
        assertThat(lines).contains("pcap_file|true|null");
    }
}
