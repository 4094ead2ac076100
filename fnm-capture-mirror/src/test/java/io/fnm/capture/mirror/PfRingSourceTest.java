package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PfRingSourceTest
{
    private final PfRingStub.Control stub = PfRingStub.control();

    private static ConfigView config(final String device)
    {
        return ConfigView.of(Map.of("mirror", "on", "interfaces", device, "pfring_sampling_ratio", "4"));
    }

    @Test
    void shouldOpenTheDeviceVerbatimAndReadFramesZeroCopyWithTheirHeader() throws Exception
    {
        final ConfigView config = config("zc:eth0@1,eth1");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").vlan(7).udp(123, 4444).payload(100).build();
        try (PfRingSource source = new PfRingSource(PfRingSettings.from(config)))
        {
            source.start(context);
            stub.pfring_stub_add_frame(frame, frame.length, 1_700_000_000L, 250_000L);
            Await.until(() -> !context.records().isEmpty());

            assertThat(context.records()).singleElement().satisfies(record ->
            {
                assertThat(record.dstIpv4()).isEqualTo(IpAddresses.parseIpv4("10.0.0.5"));
                assertThat(record.srcPort()).isEqualTo(123);
                assertThat(record.vlan()).isEqualTo(7);
                assertThat(record.samplingRatio()).isEqualTo(4);
                assertThat(record.bytes()).isEqualTo(frame.length);
                assertThat(record.timestampMillis()).isEqualTo(1_700_000_000_250L);
                assertThat(record.packet().capturedLength()).isEqualTo(frame.length);
            });
        }
        assertThat(stub.pfring_stub_calls()).isEqualTo(
            "open zc:eth0@1,eth1 1600 0x208;name fnm;mode 2;enable;close;");
    }

    static Stream<Arguments> lyingCaplens()
    {
        return LyingCaplens.upTo(1600);
    }

    @ParameterizedTest(name = "caplen {0}")
    @MethodSource("lyingCaplens")
    void shouldCountAFrameWhoseCaplenIsOutOfRangeAndParseTheFramesAfterIt(final String what, final byte[] lying,
        final int caplen) throws Exception
    {
        final ConfigView config = config("eth0");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final byte[] good = LyingCaplens.udp("10.0.0.5", 100);
        try (PfRingSource source = new PfRingSource(PfRingSettings.from(config)))
        {
            source.start(context);
            stub.pfring_stub_add_frame_with_caplen(lying, lying.length, caplen, 1_700_000_000L, 0L);
            stub.pfring_stub_add_frame(good, good.length, 1_700_000_000L, 1L);
            stub.pfring_stub_add_frame(good, good.length, 1_700_000_000L, 2L);
            Await.until(() -> context.records().size() >= 2);

            assertThat(source.mirrorCounters().unparsed(FrameHandler.BAD_CAPTURED_LENGTH)).isEqualTo(1);
            assertThat(source.mirrorCounters().frames()).isEqualTo(3);
            assertThat(context.records()).hasSize(2)
                .allMatch(record -> record.dstIpv4() == IpAddresses.parseIpv4("10.0.0.5"));
            assertThat(context.errors()).isEmpty();
        }
    }

    @Test
    void shouldCountTheFramesThatPfRingDropped() throws Exception
    {
        final ConfigView config = config("eth0");
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final PfRingSource source = new PfRingSource(PfRingSettings.from(config));
        source.start(context);
        stub.pfring_stub_set_drops(42);

        source.close();

        assertThat(source.mirrorCounters().kernelDrops()).isEqualTo(42);
    }

    @Test
    void shouldFailToStartNamingTheDeviceWhenPfRingCannotOpenIt()
    {
        final ConfigView config = config("missing0");
        final PfRingSource source = new PfRingSource(PfRingSettings.from(config));

        assertThatThrownBy(() -> source.start(new RecordingCaptureContext(config))).hasMessageContaining("missing0");
    }
}
