package io.fnm.actions.bgp.internal;

import io.fnm.capture.testkit.DebianPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wireshark's BGP dissector reads every message the speaker sends as meant: the vectors of {@link BgpVectors} in one
 * TCP segment to port 179 of a raw-IP pcap, decoded with {@code tshark -V}.
 */
class BgpTsharkTest
{
    private static final int LINKTYPE_RAW = 101;

    @TempDir
    Path dir;

    @Test
    void shouldBeDecodedByTsharkWithoutErrorsWhenEveryMessageIsWritten() throws Exception
    {
        final Path tshark = DebianPackages.require("/usr/bin/tshark", "tshark");
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (final BgpVectors.Vector vector : BgpVectors.all().values())
        {
            stream.write(vector.encode());
        }
        final Path pcap = dir.resolve("bgp.pcap");
        Files.write(pcap, pcap(stream.toByteArray()));
        final Path out = dir.resolve("tshark.txt");

        final Process process = new ProcessBuilder(tshark.toString(), "-r", pcap.toString(), "-V")
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        assertThat(text).doesNotContain("Malformed", "Expert Info (Error").contains(
            "My AS: 65001", "SAFI: Flow Spec Filter (133)", "AS Number: 4200000001", "My AS: 23456 (AS_TRANS)",
            "Minor error Code (Cease): Administratively Shutdown (2)", "Type: ROUTE-REFRESH Message (5)",
            "Communities: 65001:666 BLACKHOLE", "Large communities: 65001:666:1", "Next hop: 192.0.2.254",
            "Withdrawn prefix: 192.0.2.10", "MP Reach NLRI IPv6 prefix: 2001:db8::7", "Local preference: 100",
            "MP Unreach NLRI IPv6 prefix: 2001:db8::7", "Filter: Destination prefix filter (192.0.2.10/32)",
            "Filter: Protocol / Next Header filter (=17)", "Filter: Source port filter (=53)",
            "Flow spec traffic-rate: ASN 0, 0.000 Mbps", "Destination IPv6 prefix: 2001:db8::7",
            "Filter: Destination port filter (=443)", "Filter: TCP flags filter (= S && > A)",
            "Rate shaper: 125000", "Flow spec redirect AS 2 bytes: RT 65001:100",
            "Flow spec traffic-remarking: Assured Forwarding 11", "Fragment Flag: 0x02, Is a fragment",
            "AS2: 23456 (AS_TRANS)", "Path Attribute - AS4_PATH: 4200000001");
        assertThat(text.split("Border Gateway Protocol - ", -1)).hasSize(BgpVectors.all().size() + 1);
    }

    /**
     * @param payload the TCP payload.
     * @return a pcap file of one raw IPv4 packet 127.0.0.2:40000 to 127.0.0.1:179 carrying it.
     */
    private static byte[] pcap(final byte[] payload)
    {
        final int ipLength = 20 + 20 + payload.length;
        final ByteBuffer file = ByteBuffer.allocate(24 + 16 + ipLength);
        file.order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0)
            .putInt(0).putInt(65_535).putInt(LINKTYPE_RAW);
        file.putInt(0).putInt(0).putInt(ipLength).putInt(ipLength);
        file.order(ByteOrder.BIG_ENDIAN);
        final int ipStart = file.position();
        file.put((byte)0x45).put((byte)0).putShort((short)ipLength).putShort((short)1).putShort((short)0)
            .put((byte)64).put((byte)6).putShort((short)0);
        file.put(new byte[] {127, 0, 0, 2}).put(new byte[] {127, 0, 0, 1});
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += file.getShort(ipStart + i) & 0xFFFF;
        }
        sum = (sum >>> 16) + (sum & 0xFFFF);
        sum += sum >>> 16;
        file.putShort(ipStart + 10, (short)~sum);
        file.putShort((short)40_000).putShort((short)179).putInt(1).putInt(1).put((byte)0x50).put((byte)0x18)
            .putShort((short)65_535).putShort((short)0).putShort((short)0);
        file.put(payload);
        return file.array();
    }
}
