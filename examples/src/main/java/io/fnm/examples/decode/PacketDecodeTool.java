package io.fnm.examples.decode;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.packet.LinkType;
import io.fnm.capture.packet.PacketHeaderParser;
import io.fnm.capture.packet.ParseResult;
import io.fnm.capture.packet.ParsedHeaders;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fnm decode packets FILE...}: prints the shared header parser's view of each frame of a pcap/pcapng of
 * mirrored traffic, one JSON object per frame (result, layers, VLANs, MPLS labels, IP stack, counted record),
 * then a summary of the parser's counters.
 */
public final class PacketDecodeTool
{
    private PacketDecodeTool()
    {
    }

    /**
     * Decode with every tunnel unpacked, to show the whole stack.
     *
     * @param files pcap or pcapng captures.
     * @param out   where the JSON lines go.
     * @return frames printed.
     * @throws IOException when a file cannot be read.
     */
    public static long run(final List<Path> files, final PrintStream out) throws IOException
    {
        return run(files, out, ParserOptions.UNPACK_ALL);
    }

    /**
     * @param files   pcap or pcapng captures.
     * @param out     where the JSON lines go.
     * @param options which encapsulations to look through.
     * @return frames printed.
     * @throws IOException when a file cannot be read.
     */
    public static long run(final List<Path> files, final PrintStream out, final ParserOptions options)
        throws IOException
    {
        final PacketHeaderParser parser = new PacketHeaderParser(options);
        final TrafficRecord record = new TrafficRecord();
        final StringBuilder sb = new StringBuilder(1024);
        long frames = 0;
        for (final Path file : files)
        {
            try (PcapFileReader reader = PcapFileReader.open(file))
            {
                final PcapFrame frame = new PcapFrame();
                int number = 0;
                while (reader.next(frame))
                {
                    number++;
                    final ByteBuffer data = frame.data();
                    final ParseResult result = parser.parse(data, 0, frame.capturedLength(),
                        linkType(frame.linkType()), record.reset());
                    sb.setLength(0);
                    sb.append("{\"file\":").append(Json.quote(file.toString())).append(",\"frame\":").append(number)
                        .append(",\"frame_len\":").append(frame.originalLength())
                        .append(",\"result\":\"").append(result.label()).append('"');
                    if (result == ParseResult.OK && parser.innerFailure() != ParseResult.OK)
                    {
                        sb.append(",\"inner_failure\":\"").append(parser.innerFailure().label()).append('"');
                    }
                    appendStack(sb, parser.headers());
                    if (result == ParseResult.OK)
                    {
                        sb.append(",\"counted\":{");
                        Json.appendFlow(sb, record);
                        sb.append('}');
                    }
                    out.println(sb.append('}'));
                    frames++;
                }
            }
        }
        sb.setLength(0);
        sb.append("{\"counters\":{");
        final boolean[] first = {true};
        parser.counters((descriptor, label1, label2, value) ->
        {
            sb.append(first[0] ? "" : ",").append(Json.quote(descriptor.series(label1, label2))).append(':')
                .append(value);
            first[0] = false;
        });
        out.println(sb.append("}}"));
        return frames;
    }

    private static void appendStack(final StringBuilder sb, final ParsedHeaders headers)
    {
        sb.append(",\"layers\":[");
        for (int i = 0; i < headers.layerCount(); i++)
        {
            sb.append(i == 0 ? "" : ",").append('"').append(headers.layer(i).label()).append('"');
        }
        sb.append("],\"vlans\":[");
        for (int i = 0; i < headers.vlanCount(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(headers.vlanId(i));
        }
        sb.append("],\"mpls_labels\":[");
        for (int i = 0; i < headers.mplsLabelCount(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(headers.mplsLabel(i));
        }
        sb.append("],\"ip_stack\":[");
        for (int i = 0; i < headers.ipHeaderCount(); i++)
        {
            sb.append(i == 0 ? "{" : ",{").append("\"version\":").append(headers.ipVersion(i)).append(",\"src\":\"");
            if (headers.ipVersion(i) == 4)
            {
                IpAddresses.appendIpv4(sb, headers.ipv4Source(i)).append("\",\"dst\":\"");
                IpAddresses.appendIpv4(sb, headers.ipv4Destination(i));
            }
            else
            {
                IpAddresses.appendIpv6(sb, headers.ipv6SourceHigh(i), headers.ipv6SourceLow(i)).append("\",\"dst\":\"");
                IpAddresses.appendIpv6(sb, headers.ipv6DestinationHigh(i), headers.ipv6DestinationLow(i));
            }
            sb.append("\",\"proto\":").append(headers.headerProtocol(i))
                .append(",\"l4_proto\":").append(headers.protocol(i))
                .append(",\"length\":").append(headers.ipLength(i))
                .append(",\"ttl\":").append(headers.ttl(i))
                .append(",\"fragment\":").append(headers.fragmented(i));
            final int kind = headers.l4Kind(i);
            if (kind == ParsedHeaders.L4_TCP || kind == ParsedHeaders.L4_UDP)
            {
                sb.append(",\"sport\":").append(headers.sourcePort(i)).append(",\"dport\":")
                    .append(headers.destinationPort(i));
                if (kind == ParsedHeaders.L4_TCP)
                {
                    sb.append(",\"tcp_flags\":").append(headers.tcpFlags(i));
                }
            }
            else if (kind == ParsedHeaders.L4_ICMP)
            {
                sb.append(",\"icmp_type\":").append(headers.icmpType(i)).append(",\"icmp_code\":")
                    .append(headers.icmpCode(i));
            }
            sb.append('}');
        }
        sb.append(']');
    }

    static LinkType linkType(final int pcapLinkType)
    {
        switch (pcapLinkType)
        {
            case PcapFrame.LINKTYPE_PPP:
            case PcapFrame.LINKTYPE_PPP_HDLC:
                return LinkType.PPP;
            case PcapFrame.LINKTYPE_RAW:
            case PcapFrame.LINKTYPE_RAW_DLT12:
            case PcapFrame.LINKTYPE_RAW_DLT14:
            case PcapFrame.LINKTYPE_IPV4:
            case PcapFrame.LINKTYPE_IPV6:
                return LinkType.IP;
            default:
                return LinkType.ETHERNET;
        }
    }
}
