package io.fnm.examples.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a pcap or pcapng capture from a file of raw datagram payloads by its first four bytes.
 */
final class CaptureFiles
{
    private static final int PCAPNG_SECTION_HEADER = 0x0A0D0D0A;
    private static final int PCAP_MICROS = 0xA1B2C3D4;
    private static final int PCAP_MICROS_SWAPPED = 0xD4C3B2A1;
    private static final int PCAP_NANOS = 0xA1B23C4D;
    private static final int PCAP_NANOS_SWAPPED = 0x4D3CB2A1;

    private CaptureFiles()
    {
    }

    /**
     * @param file a file.
     * @return whether it starts with a pcap or pcapng magic number.
     * @throws IOException when it cannot be read.
     */
    static boolean isCapture(final Path file) throws IOException
    {
        final byte[] magic;
        try (InputStream in = Files.newInputStream(file))
        {
            magic = in.readNBytes(4);
        }
        if (magic.length < 4)
        {
            return false;
        }
        final int value = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) |
            (magic[3] & 0xFF);
        return value == PCAPNG_SECTION_HEADER || value == PCAP_MICROS || value == PCAP_MICROS_SWAPPED ||
            value == PCAP_NANOS || value == PCAP_NANOS_SWAPPED;
    }
}
