package io.fnm.examples.decode;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.netflow.NetflowDecoder;
import io.fnm.capture.netflow.NetflowSettings;
import io.fnm.capture.pcap.PcapFileReader;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.capture.pcap.UdpDatagram;
import io.fnm.capture.pcap.UdpDatagramExtractor;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fnm decode netflow FILE...}: decodes pcap/pcapng captures of exported UDP datagrams, or raw payload files
 * (several datagrams may be concatenated without framing: v5 split by its count, v9 by walking its FlowSets, IPFIX by
 * its length), in order with shared template state, and prints one JSON object per flow record (the corpus goldens'
 * names plus {@code exporter}, {@code version}, {@code template_id}), then a summary object of the counters. The tool
 * an operator runs when "the client shows zeros".
 */
public final class NetflowDecodeTool
{
    private static final String RAW_EXPORTER = "192.0.2.1";

    private NetflowDecodeTool()
    {
    }

    /**
     * @param files pcap, pcapng or raw payload files.
     * @param out   where the JSON lines go.
     * @return 0 when every file was read, 1 when one could not be.
     */
    public static int run(final List<Path> files, final PrintStream out)
    {
        final NetflowDecoder decoder = new NetflowDecoder(NetflowSettings.defaults(), Clock.SYSTEM);
        final StringBuilder line = new StringBuilder(256);
        final InetAddress[] current = new InetAddress[1];
        final TrafficSink sink = record ->
        {
            line.setLength(0);
            line.append("{\"exporter\":\"").append(current[0].getHostAddress())
                .append("\",\"version\":").append(decoder.currentVersion())
                .append(",\"template_id\":").append(decoder.currentTemplateId())
                .append(',');
            TrafficRecordJson.appendFlowFields(line, record)
                .append(",\"forwarding_status\":").append(record.forwardingStatus())
                .append('}');
            out.println(line);
        };
        int status = 0;
        for (final Path file : files)
        {
            try
            {
                if (CaptureFiles.isCapture(file))
                {
                    decodeCapture(file, decoder, current, sink);
                }
                else
                {
                    current[0] = InetAddress.getByName(RAW_EXPORTER);
                    decodeRaw(Files.readAllBytes(file), decoder, current[0], sink);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                out.println("{\"file\":\"" + escape(file.toString()) + "\",\"error\":\"" +
                    escape(String.valueOf(ex.getMessage())) + "\"}");
                status = 1;
            }
        }
        final StringBuilder summary = new StringBuilder("{\"summary\":{");
        final boolean[] first = {true};
        decoder.counters((descriptor, label1, label2, value) ->
        {
            summary.append(first[0] ? "" : ",").append('"').append(escape(descriptor.series(label1, label2)))
                .append("\":").append(value);
            first[0] = false;
        });
        out.println(summary.append("}}"));
        return status;
    }

    private static void decodeCapture(
        final Path file, final NetflowDecoder decoder, final InetAddress[] current,
        final TrafficSink sink) throws IOException
    {
        final PcapFrame frame = new PcapFrame();
        final UdpDatagram udp = new UdpDatagram();
        try (PcapFileReader reader = PcapFileReader.open(file))
        {
            while (reader.next(frame))
            {
                final ByteBuffer bytes = frame.data();
                if (UdpDatagramExtractor.extract(frame.linkType(), bytes, udp))
                {
                    current[0] = udp.sourceAddress();
                    final ByteBuffer payload = bytes.duplicate();
                    payload.limit(udp.payloadOffset() + udp.payloadLength()).position(udp.payloadOffset());
                    decoder.decode(payload.slice(), current[0], sink);
                }
            }
        }
    }

    /**
     * Split concatenated raw datagrams and decode each.
     *
     * @param all     the file's bytes.
     * @param decoder the decoder.
     * @param exporter the exporter identity to use.
     * @param sink    where records go.
     */
    static void decodeRaw(
        final byte[] all, final NetflowDecoder decoder, final InetAddress exporter, final TrafficSink sink)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(all);
        int offset = 0;
        while (offset < all.length)
        {
            final int length = datagramLength(buffer, offset, all.length);
            decoder.decode(ByteBuffer.wrap(all, offset, length).slice(), exporter, sink);
            offset += length;
        }
    }

    static int datagramLength(final ByteBuffer buffer, final int offset, final int end)
    {
        final int remaining = end - offset;
        if (remaining < 4)
        {
            return remaining;
        }
        final int version = buffer.getShort(offset) & 0xFFFF;
        if (version == 5)
        {
            final int length = 24 + (buffer.getShort(offset + 2) & 0xFFFF) * 48;
            return length <= remaining && length > 24 ? length : remaining;
        }
        if (version == 10)
        {
            final int length = buffer.getShort(offset + 2) & 0xFFFF;
            return length >= 16 && length <= remaining ? length : remaining;
        }
        if (version == 9 && remaining >= 20)
        {
            int position = offset + 20;
            while (end - position >= 4)
            {
                final int id = buffer.getShort(position) & 0xFFFF;
                final int length = buffer.getShort(position + 2) & 0xFFFF;
                if (id == 9 && end - position >= 20)
                {
                    break; // the next datagram's header
                }
                if (length < 4 || length > end - position)
                {
                    return remaining;
                }
                position += length;
            }
            return position - offset;
        }
        return remaining;
    }

    private static String escape(final String text)
    {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
