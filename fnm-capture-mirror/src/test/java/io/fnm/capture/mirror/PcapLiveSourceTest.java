package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapLiveSourceTest
{
    private static final long DEADLINE_MILLIS = 20_000;

    private static NetNamespace namespace;

    @BeforeAll
    static void createNamespace()
    {
        namespace = NetNamespace.create();
    }

    @AfterAll
    static void deleteNamespace()
    {
        if (namespace != null)
        {
            namespace.close();
        }
    }

    private static ConfigView config(final String... extra)
    {
        final Map<String, String> values = new HashMap<>(Map.of("pcap", "on", "interfaces", NetNamespace.CAPTURE));
        for (int i = 0; i < extra.length; i += 2)
        {
            values.put(extra[i], extra[i + 1]);
        }
        return ConfigView.of(values);
    }

    private static PcapLiveSource start(final ConfigView config, final io.fnm.capture.spi.CaptureContext context)
        throws Exception
    {
        final PcapLiveSource source = new PcapLiveSource(PcapLiveSettings.from(config));
        namespace.call(() ->
        {
            source.start(context);
            return null;
        });
        return source;
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(5); // waiting for frames to cross the veth, not for a tick
        }
    }

    @Test
    void shouldCountAndParseFramesWrittenIntoTheOtherEnd() throws Exception
    {
        final RecordingCaptureContext context = new RecordingCaptureContext(config());
        final List<byte[]> frames = NetNamespace.udpFrames(300, "10.0.0.9");
        try (PcapLiveSource source = start(config(), context);
            NetNamespace.Sender sender = namespace.sender())
        {
            sender.sendAll(frames);
            await(() -> context.records().size() >= frames.size());
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
            NetNamespace.Sender sender = namespace.sender())
        {
            sender.sendAll(frames);
            await(() -> context.records().size() >= 50);
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
        try (PcapLiveSource source = start(config(), context);
            NetNamespace.Sender sender = namespace.sender())
        {
            sender.sendAll(frames);
            await(() -> context.records() >= frames.size());
            final long before = context.allocatedBytes();

            sender.sendAll(frames);
            await(() -> context.records() >= 2L * frames.size());

            assertThat(context.records()).isEqualTo(2L * frames.size());
            assertThat(context.allocatedBytes() - before).as("bytes allocated for 20 000 frames").isLessThan(4096);
        }
    }
}
