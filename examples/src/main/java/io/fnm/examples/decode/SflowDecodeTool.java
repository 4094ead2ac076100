package io.fnm.examples.decode;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.pcap.UdpDatagram;
import io.fnm.capture.pcap.UdpDatagramExtractor;
import io.fnm.capture.sflow.SflowAgentStats;
import io.fnm.capture.sflow.SflowDecoder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fnm decode sflow FILE...}: decodes pcap/pcapng captures (every UDP datagram) or raw sFlow payload files
 * (one or several datagrams concatenated) and prints one JSON object per delivered flow sample, with the corpus
 * goldens' names, then one summary object with the decoder's and each agent's counters.
 */
public final class SflowDecodeTool
{
    private SflowDecodeTool()
    {
    }

    /**
     * @param files captures or raw payload files.
     * @param out   where the JSON lines go.
     * @return the number of flow records printed.
     * @throws IOException when a file cannot be read.
     */
    public static long run(final List<Path> files, final PrintStream out) throws IOException
    {
        return run(files, out, ParserOptions.DEFAULTS);
    }

    /**
     * @param files   captures or raw payload files.
     * @param out     where the JSON lines go.
     * @param options how sampled headers are parsed.
     * @return the number of flow records printed.
     * @throws IOException when a file cannot be read.
     */
    public static long run(final List<Path> files, final PrintStream out, final ParserOptions options)
        throws IOException
    {
        final SflowDecoder decoder = new SflowDecoder(options, false);
        final long[] printed = new long[1];
        for (final Path file : files)
        {
            final String name = file.toString();
            final int[] datagramIndex = new int[1];
            final StringBuilder line = new StringBuilder(512);
            final io.fnm.capture.TrafficSink sink = record ->
            {
                line.setLength(0);
                line.append("{\"file\":").append(Json.quote(name)).append(",\"datagram\":").append(datagramIndex[0])
                    .append(",\"agent\":\"");
                if (record.agentIpVersion() == TrafficRecord.IPV4)
                {
                    IpAddresses.appendIpv4(line, record.agentIpv4());
                }
                else if (record.agentIpVersion() == TrafficRecord.IPV6)
                {
                    IpAddresses.appendIpv6(line, record.agentIpv6High(), record.agentIpv6Low());
                }
                line.append("\",");
                Json.appendFlow(line, record);
                line.append('}');
                out.println(line);
                printed[0]++;
            };
            if (CaptureFiles.isCapture(file))
            {
                try (PcapFileReader reader = PcapFileReader.open(file))
                {
                    final PcapFrame frame = new PcapFrame();
                    final UdpDatagram udp = new UdpDatagram();
                    while (reader.next(frame))
                    {
                        final ByteBuffer data = frame.data();
                        if (UdpDatagramExtractor.extract(frame.linkType(), data, udp))
                        {
                            decoder.decode(data, udp.payloadOffset(), udp.payloadLength(), sink);
                            datagramIndex[0]++;
                        }
                    }
                }
            }
            else
            {
                final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
                int offset = 0;
                while (offset < bytes.limit())
                {
                    final int length = SflowDatagramSplitter.datagramLength(bytes, offset, bytes.limit() - offset);
                    final int take = length > 0 ? length : bytes.limit() - offset;
                    decoder.decode(bytes, offset, take, sink);
                    datagramIndex[0]++;
                    offset += take;
                }
            }
        }
        final StringBuilder summary = new StringBuilder("{\"counters\":{");
        final List<String> entries = new ArrayList<>();
        final CounterVisitor toEntry = (descriptor, label1, label2, value) ->
            entries.add(Json.quote(descriptor.series(label1, label2)) + ":" + value);
        decoder.counters(toEntry);
        final List<SflowAgentStats> agents = new ArrayList<>();
        decoder.agentSnapshots(agents);
        for (final SflowAgentStats agent : agents)
        {
            agent.counters(toEntry);
        }
        summary.append(String.join(",", entries)).append("}}");
        out.println(summary);
        return printed[0];
    }
}
