package io.fnm.capture.packet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the shared corpus of mirrored frames ({@code testdata/flows/mirror/}) with its tshark goldens.
 */
final class MirrorCorpus
{
    /** One captured frame and the golden's view of it. */
    static final class Frame
    {
        final String file;
        final int number;
        final int linkType;
        final byte[] bytes;
        final JsonNode golden;

        Frame(final String file, final int number, final int linkType, final byte[] bytes, final JsonNode golden)
        {
            this.file = file;
            this.number = number;
            this.linkType = linkType;
            this.bytes = bytes;
            this.golden = golden;
        }

        @Override
        public String toString()
        {
            return file + "#" + number;
        }
    }

    private MirrorCorpus()
    {
    }

    static Path directory()
    {
        return Paths.get(System.getProperty("fnm.shared.dir", "../shared"), "testdata", "flows", "mirror");
    }

    static List<Path> captures()
    {
        try (Stream<Path> files = Files.list(directory()))
        {
            return files.filter(p -> !p.getFileName().toString().endsWith(".json")).sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static List<Frame> frames()
    {
        final ObjectMapper mapper = new ObjectMapper();
        final List<Frame> frames = new ArrayList<>();
        for (final Path capture : captures())
        {
            try
            {
                final JsonNode golden = mapper.readTree(
                    capture.resolveSibling(capture.getFileName() + ".expected.json").toFile());
                final List<byte[]> bytes = new ArrayList<>();
                final List<Integer> linkTypes = new ArrayList<>();
                try (PcapFileReader reader = PcapFileReader.open(capture))
                {
                    final PcapFrame frame = new PcapFrame();
                    while (reader.next(frame))
                    {
                        final byte[] copy = new byte[frame.capturedLength()];
                        frame.data().get(copy);
                        bytes.add(copy);
                        linkTypes.add(frame.linkType());
                    }
                }
                for (final JsonNode packet : golden.get("packets"))
                {
                    final int number = packet.get("frame").asInt();
                    frames.add(new Frame(capture.getFileName().toString(), number, linkTypes.get(number - 1),
                        bytes.get(number - 1), packet));
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return frames;
    }

    static LinkType linkType(final int pcapLinkType)
    {
        switch (pcapLinkType)
        {
            case PcapFrame.LINKTYPE_PPP:
            case PcapFrame.LINKTYPE_PPP_HDLC:
                return LinkType.PPP;
            case PcapFrame.LINKTYPE_RAW:
            case PcapFrame.LINKTYPE_IPV4:
            case PcapFrame.LINKTYPE_IPV6:
                return LinkType.IP;
            default:
                return LinkType.ETHERNET;
        }
    }
}
