package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapLiveSourceTest
{
    @RegisterExtension
    static final VethFixture VETH = VethFixture.perClass();

    private static ConfigView config(final String... extra)
    {
        return VethFixture.config(Map.of("pcap", "on", "interfaces", NetNamespace.CAPTURE), extra);
    }

    private static PcapLiveSource start(final ConfigView config, final CaptureContext context) throws Exception
    {
        return VETH.start(new PcapLiveSource(PcapLiveSettings.from(config)), context);
    }

    @Test
    void shouldCountAndParseFramesWrittenIntoTheOtherEnd() throws Exception
    {
        final RecordingCaptureContext context = new RecordingCaptureContext(config());
        final List<byte[]> frames = NetNamespace.udpFrames(300, "10.0.0.9");
        try (PcapLiveSource source = start(config(), context);
            NetNamespace.Sender sender = VETH.sender())
        {
            sender.sendAll(frames);
            Await.until(() -> context.records().size() >= frames.size());
            TimeUnit.MILLISECONDS.sleep(200); // a duplicate would arrive within this

            assertThat(source.mirrorCounters().frames()).isEqualTo(frames.size());
            assertThat(context.records()).hasSize(frames.size());
            assertThat(context.records().get(0).dstIpv4()).isEqualTo(IpAddresses.parseIpv4("10.0.0.9"));
            assertThat(context.records().get(0).packet().linkType()).isEqualTo(1);
            assertThat(context.errors()).isEmpty();
        }
    }

    @Test
    void shouldKeepOnlyWhatTheBpfFilterAccepts() throws Exception
    {
        final ConfigView config = config("pcap_filter", "tcp and dst port 80");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final List<byte[]> frames = new ArrayList<>(NetNamespace.udpFrames(100, "10.0.0.9"));
        for (int i = 0; i < 50; i++)
        {
            frames.add(Frames.ipv4("198.51.100.1", "10.0.0.8").tcp(1000 + i, 80, 0x02).build());
        }
        try (PcapLiveSource source = start(config, context);
            NetNamespace.Sender sender = VETH.sender())
        {
            sender.sendAll(frames);
            Await.until(() -> context.records().size() >= 50);
            TimeUnit.MILLISECONDS.sleep(200); // a frame the filter let through would arrive within this

            assertThat(context.records()).hasSize(50).allMatch(record -> record.dstPort() == 80);
        }
    }

    @Test
    void shouldRefuseABadFilterNamingTheKey()
    {
        final ConfigView config = config("pcap_filter", "tcp and and");

        assertThatThrownBy(() -> start(config, new RecordingCaptureContext(config)))
            .hasMessageContaining("pcap_filter");
    }

    @Test
    void shouldAllocateNothingPerFrameOnTheCaptureThread() throws Exception
    {
        final CountingCaptureContext context = new CountingCaptureContext(config(), false);
        final List<byte[]> frames = NetNamespace.udpFrames(20_000, "10.0.0.9");
        final long allocated = VETH.bytesAllocatedForSecondBatch(
            new PcapLiveSource(PcapLiveSettings.from(config())), context, frames);

        assertThat(context.records()).isEqualTo(2L * frames.size());
        assertThat(allocated).as("bytes allocated for 20 000 frames").isLessThan(4096);
    }
}
