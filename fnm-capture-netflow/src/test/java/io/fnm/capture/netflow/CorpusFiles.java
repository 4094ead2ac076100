package io.fnm.capture.netflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.pcap.UdpDatagram;
import io.fnm.capture.pcap.UdpDatagramExtractor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the shared flow corpus ({@code fnm.shared.dir}/testdata/flows): goldens and the datagrams they describe, in
 * the order and with the exporter identity the golden gives.
 */
final class CorpusFiles
{
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] NETFLOW_DIRS = {"netflow5", "netflow9", "ipfix"};

    private CorpusFiles()
    {
    }

    static Path flowsDir()
    {
        return Paths.get(System.getProperty("fnm.shared.dir", "../../shared"), "testdata", "flows");
    }

    static List<Path> goldens()
    {
        final List<Path> all = new ArrayList<>();
        for (final String dir : NETFLOW_DIRS)
        {
            try (Stream<Path> files = Files.list(flowsDir().resolve(dir)))
            {
                all.addAll(files.filter(p -> p.getFileName().toString().endsWith(".expected.json"))
                    .sorted().collect(Collectors.toList()));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return all;
    }

    static JsonNode golden(final Path goldenOrData)
    {
        final String name = goldenOrData.getFileName().toString();
        final Path golden = name.endsWith(".expected.json") ?
            goldenOrData : goldenOrData.resolveSibling(name + ".expected.json");
        try
        {
            return JSON.readTree(golden.toFile());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** One datagram as the exporter sent it. */
    static final class Datagram
    {
        final int index;
        final byte[] payload;
        final InetAddress exporter;

        Datagram(final int index, final byte[] payload, final InetAddress exporter)
        {
            this.index = index;
            this.payload = payload;
            this.exporter = exporter;
        }

        ByteBuffer buffer()
        {
            return ByteBuffer.wrap(payload);
        }
    }

    /**
     * @param relative data file relative to the flows dir, e.g. {@code netflow9/x.pcap}.
     * @return its datagrams in golden order.
     */
    static List<Datagram> datagrams(final String relative) throws IOException
    {
        final Path data = flowsDir().resolve(relative);
        final JsonNode golden = golden(data);
        final List<Datagram> out = new ArrayList<>();
        final JsonNode datagrams = golden.get("datagrams");
        if (datagrams.size() > 0 && datagrams.get(0).has("frame"))
        {
            final List<byte[]> payloads = new ArrayList<>();
            final List<InetAddress> sources = new ArrayList<>();
            final PcapFrame frame = new PcapFrame();
            final UdpDatagram udp = new UdpDatagram();
            try (PcapFileReader reader = PcapFileReader.open(data))
            {
                while (reader.next(frame))
                {
                    final ByteBuffer bytes = frame.data();
                    if (UdpDatagramExtractor.extract(frame.linkType(), bytes, udp))
                    {
                        final byte[] payload = new byte[udp.payloadLength()];
                        bytes.get(udp.payloadOffset(), payload);
                        payloads.add(payload);
                        sources.add(udp.sourceAddress());
                    }
                    else
                    {
                        payloads.add(null);
                        sources.add(null);
                    }
                }
            }
            for (final JsonNode d : datagrams)
            {
                final int frameIndex = d.get("frame").asInt() - 1;
                final InetAddress exporter = InetAddress.getByName(d.get("transport").get("src").asText());
                out.add(new Datagram(d.get("index").asInt(), payloads.get(frameIndex), exporter));
            }
        }
        else
        {
            final byte[] all = Files.readAllBytes(data);
            final String exporterIp = golden.path("wrapping").path("exporter_ip").asText("192.0.2.1");
            final InetAddress exporter = InetAddress.getByName(exporterIp);
            for (final JsonNode d : datagrams)
            {
                final int offset = d.get("offset").asInt();
                final int length = d.get("length").asInt();
                final byte[] payload = new byte[length];
                System.arraycopy(all, offset, payload, 0, length);
                out.add(new Datagram(d.get("index").asInt(), payload, exporter));
            }
        }
        return out;
    }
}
