package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetmapSourceTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    private final NetmapStub.Control stub = NetmapStub.control();

    private static ConfigView config(final String interfaces)
    {
        return ConfigView.of(Map.of("mirror_netmap", "on", "interfaces", interfaces, "netmap_sampling_ratio", "8"));
    }

    @Test
    void shouldRegisterThePortForAllRingsAndReadFramesFromEveryRxRing() throws Exception
    {
        final ConfigView config = config("netmap:eth1");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final List<byte[]> frames = NetNamespace.udpFrames(100, "10.0.0.9");
        try (NetmapSource source = new NetmapSource(NetmapSettings.from(config)))
        {
            source.start(context);
            for (final byte[] frame : frames)
            {
                assertThat(stub.netmap_stub_add_frame(frame, frame.length)).isEqualTo(1);
            }
            Await.until(() -> context.records().size() >= frames.size());

            assertThat(context.records()).hasSize(frames.size());
            assertThat(context.records().get(0).dstIpv4()).isEqualTo(IpAddresses.parseIpv4("10.0.0.9"));
            assertThat(context.records().get(0).samplingRatio()).isEqualTo(8);
            assertThat(context.records().get(0).packet().capturedLength()).isEqualTo(frames.get(0).length);
        }
        assertThat(stub.netmap_stub_calls()).isEqualTo(
            "open /dev/netmap 2;register eth1 mode 1 flags 0x22000;mmap;munmap;close;");
    }

    @Test
    void shouldGiveSlotsBackSoTheRingsWrapAround() throws Exception
    {
        final ConfigView config = config("eth1");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final List<byte[]> frames = NetNamespace.udpFrames(2000, "10.0.0.9");
        try (NetmapSource source = new NetmapSource(NetmapSettings.from(config)))
        {
            source.start(context);
            for (final byte[] frame : frames)
            {
                final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
                while (stub.netmap_stub_add_frame(frame, frame.length) == 0 &&
                    System.currentTimeMillis() < deadline)
                {
                    TimeUnit.MILLISECONDS.sleep(1); // the ring is full until the reader gives slots back
                }
            }
            Await.until(() -> context.records().size() >= frames.size());

            assertThat(context.records()).hasSize(frames.size());
        }
    }

    @ParameterizedTest(name = "slot length {0}")
    @ValueSource(ints = {0, 2049, 65535})
    void shouldCountASlotWhoseLengthIsOutOfRangeAndParseTheSlotsAfterIt(final int slotLength) throws Exception
    {
        final ConfigView config = config("eth1");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final byte[] lying = Frames.ipv4("198.51.100.7", "10.0.0.66").udp(123, 4444).payload(100).build();
        final List<byte[]> frames = NetNamespace.udpFrames(4, "10.0.0.9");
        try (NetmapSource source = new NetmapSource(NetmapSettings.from(config)))
        {
            source.start(context);
            assertThat(stub.netmap_stub_add_frame_with_slot_length(lying, lying.length, slotLength)).isEqualTo(1);
            for (final byte[] frame : frames)
            {
                assertThat(stub.netmap_stub_add_frame(frame, frame.length)).isEqualTo(1);
            }
            Await.until(() -> context.records().size() >= frames.size() &&
                source.mirrorCounters().unparsed(FrameHandler.BAD_CAPTURED_LENGTH) > 0);

            assertThat(source.mirrorCounters().unparsed(FrameHandler.BAD_CAPTURED_LENGTH)).isEqualTo(1);
            assertThat(context.records()).hasSize(frames.size())
                .allMatch(record -> record.dstIpv4() == IpAddresses.parseIpv4("10.0.0.9"));
            assertThat(context.errors()).isEmpty();
        }
    }

    @Test
    void shouldFailToStartNamingThePortWhenNetmapRefusesIt()
    {
        final ConfigView config = config("missing0");
        final NetmapSource source = new NetmapSource(NetmapSettings.from(config));

        assertThatThrownBy(() -> source.start(new RecordingCaptureContext(config))).hasMessageContaining("missing0");
    }
}
