package io.fnm.capture.mirror;

import io.fnm.capture.ManualClock;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapFileSourceTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    @TempDir
    Path dir;

    private Path twoFramesOneSecondApart() throws IOException
    {
        final Path file = dir.resolve("two.pcap");
        try (PcapWriter writer = new PcapWriter(file, PcapFrame.LINKTYPE_ETHERNET))
        {
            writer.write(FloodCapture.START_NANOS, Frames.ipv4("198.51.100.1", "10.0.0.1").build());
            writer.write(FloodCapture.START_NANOS + 1_000_000_000L, Frames.ipv4("198.51.100.1", "10.0.0.2").build());
        }
        return file;
    }

    private static void awaitRecords(final RecordingCaptureContext context, final int count)
        throws InterruptedException
    {
        awaitRecords(context, count, DEADLINE_MILLIS);
    }

    private static void awaitRecords(final RecordingCaptureContext context, final int count, final long millis)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + millis;
        while (context.records().size() < count && System.currentTimeMillis() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(5); // waiting for the replay thread, not for a tick
        }
    }

    @Test
    void shouldHoldEachFrameUntilTheEngineClockReachesItsRecordedTime() throws Exception
    {
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        final ConfigView config = ConfigView.of(Map.of("pcap_file", "on",
            "pcap_file_path", twoFramesOneSecondApart().toString()));
        final RecordingCaptureContext context = new RecordingCaptureContext(config, clock);
        try (PcapFileSource source = new PcapFileSource(PcapFileSettings.from(config)))
        {
            source.start(context);
            awaitRecords(context, 1);
            assertThat(context.records()).hasSize(1);

            clock.advance(999, TimeUnit.MILLISECONDS);
            awaitRecords(context, 2, 300);
            assertThat(context.records()).hasSize(1);

            clock.advance(1, TimeUnit.MILLISECONDS);
            awaitRecords(context, 2);
            assertThat(context.records()).hasSize(2);
            assertThat(context.records().get(1).timestampMillis()).isEqualTo(1_800_000_001_000L);
        }
    }

    @Test
    void shouldReportACorruptFileAndGoOnWithTheNext() throws Exception
    {
        final Path corrupt = Files.write(dir.resolve("corrupt.pcap"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        final ConfigView config = ConfigView.of(Map.of("pcap_file", "on", "pcap_file_speed", "max",
            "pcap_file_path", corrupt + "," + twoFramesOneSecondApart()));
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        try (PcapFileSource source = new PcapFileSource(PcapFileSettings.from(config)))
        {
            source.start(context);
            awaitRecords(context, 2);

            assertThat(context.records()).hasSize(2);
            assertThat(context.errors()).singleElement().asString().contains("corrupt.pcap");
        }
    }

    @Test
    void shouldRefuseAnUnknownSpeedNamingTheKey()
    {
        final ConfigView config = ConfigView.of(Map.of("pcap_file", "on", "pcap_file_path", "x.pcap",
            "pcap_file_speed", "fast"));

        assertThatThrownBy(() -> PcapFileSettings.from(config)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("pcap_file_speed");
    }

    @Test
    void shouldRefuseToRunWithoutAFile()
    {
        assertThatThrownBy(() -> PcapFileSettings.from(ConfigView.of(Map.of("pcap_file", "on"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("pcap_file_path");
    }
}
