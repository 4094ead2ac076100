package io.fnm.capture.mirror;

import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

class PcapFileCaptureSourceContractTest extends CaptureSourceContractTest
{
    @TempDir
    static Path dir;

    private static Path capture;

    @BeforeAll
    static void writeCapture() throws IOException
    {
        capture = dir.resolve("mirror.pcap");
        try (PcapWriter writer = new PcapWriter(capture, PcapFrame.LINKTYPE_ETHERNET))
        {
            for (int i = 0; i < 100; i++)
            {
                writer.write(FloodCapture.START_NANOS + i * 1000L,
                    Frames.ipv4("198.51.100.1", "10.0.0.1").udp(53, 1000 + i).build());
            }
        }
    }

    @Override
    protected CaptureSourceProvider provider()
    {
        return new PcapFileCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("pcap_file", "on", "pcap_file_path", capture.toString(), "pcap_file_speed", "max"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started)
    {
        // the source replays its file as soon as it starts
    }
}
