package io.fnm.capture.sflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.pcap.UdpDatagram;
import io.fnm.capture.pcap.UdpDatagramExtractor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shared sFlow corpus ({@code testdata/flows/sflow/}): each file's datagrams, in the order the golden lists
 * them, with the golden itself.
 */
final class SflowCorpus
{
    /** One corpus file. */
    static final class Capture
    {
        final String name;
        final JsonNode golden;
        final List<byte[]> datagrams;

        Capture(final String name, final JsonNode golden, final List<byte[]> datagrams)
        {
            this.name = name;
            this.golden = golden;
            this.datagrams = datagrams;
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    private SflowCorpus()
    {
    }

    static Path directory()
    {
        return Paths.get(System.getProperty("fnm.shared.dir", "../shared"), "testdata", "flows", "sflow");
    }

    static List<Capture> captures()
    {
        try (Stream<Path> files = Files.list(directory()))
        {
            final List<Path> paths = files.filter(p -> !p.getFileName().toString().endsWith(".json")).sorted()
                .collect(Collectors.toList());
            final List<Capture> captures = new ArrayList<>();
            for (final Path path : paths)
            {
                captures.add(load(path));
            }
            return captures;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static List<byte[]> allDatagrams()
    {
        final List<byte[]> all = new ArrayList<>();
        captures().forEach(capture -> all.addAll(capture.datagrams));
        return all;
    }

    private static Capture load(final Path path) throws IOException
    {
        final JsonNode golden = new ObjectMapper().readTree(
            path.resolveSibling(path.getFileName() + ".expected.json").toFile());
        final String name = path.getFileName().toString();
        final List<byte[]> datagrams = new ArrayList<>();
        if (name.endsWith(".pcap") || name.endsWith(".pcapng"))
        {
            final List<byte[]> payloads = new ArrayList<>();
            try (PcapFileReader reader = PcapFileReader.open(path))
            {
                final PcapFrame frame = new PcapFrame();
                final UdpDatagram udp = new UdpDatagram();
                while (reader.next(frame))
                {
                    final ByteBuffer data = frame.data();
                    if (UdpDatagramExtractor.extract(frame.linkType(), data, udp))
                    {
                        final byte[] payload = new byte[udp.payloadLength()];
                        data.get(udp.payloadOffset(), payload, 0, payload.length);
                        payloads.add(payload);
                    }
                    else
                    {
                        payloads.add(new byte[0]);
                    }
                }
            }
            for (final JsonNode datagram : golden.get("datagrams"))
            {
                datagrams.add(payloads.get(datagram.get("frame").asInt() - 1));
            }
        }
        else
        {
            final byte[] bytes = Files.readAllBytes(path);
            for (final JsonNode datagram : golden.get("datagrams"))
            {
                final int offset = datagram.get("offset").asInt();
                datagrams.add(Arrays.copyOfRange(bytes, offset, offset + datagram.get("length").asInt()));
            }
        }
        return new Capture(name, golden, datagrams);
    }
}
