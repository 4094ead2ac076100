package io.fnm.capture.packet;

import io.fnm.capture.TrafficRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Header parse: packets per second through {@link PacketHeaderParser#parse} into a reused {@link TrafficRecord}, for
 * a plain Ethernet/IPv4/TCP frame, an Ethernet/802.1Q/MPLS/IPv4/GRE/IPv4/TCP stack parsed with {@code unpack_gre}
 * on (the inner packet is counted), and Ethernet/IPv6/TCP. The frames sit in a direct buffer, as the collectors'
 * receive buffers do. {@link #baseline} copies the same fields from fixed offsets: the floor of any parser. Run with
 * {@code -prof gc}: the allocation per packet must be 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PacketHeaderParserBenchmark
{
    /** The frame parsed. */
    @Param({"eth-ipv4-tcp", "vlan-mpls-gre", "ipv6-tcp"})
    public String frame;

    private PacketHeaderParser parser;
    private ByteBuffer buffer;
    private int length;
    private int ipOffset;
    private final TrafficRecord record = new TrafficRecord();

    /**
     * Build the frame and a parser with the options it needs.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final byte[] bytes;
        switch (frame)
        {
            case "eth-ipv4-tcp":
                bytes = concat(ethernet(0x0800), ipv4(6, 40), tcp());
                ipOffset = 14;
                parser = new PacketHeaderParser(ParserOptions.DEFAULTS);
                break;
            case "vlan-mpls-gre":
                bytes = concat(ethernet(0x8100), vlanTag(100, 0x8847), mplsLabel(16_001, true), ipv4(47, 64),
                    gre(0x0800), ipv4(6, 40), tcp());
                ipOffset = 14 + 4 + 4 + 20 + 4;
                parser = new PacketHeaderParser(ParserOptions.builder().unpackGre(true).build());
                break;
            case "ipv6-tcp":
                bytes = concat(ethernet(0x86DD), ipv6(6, 20), tcp());
                ipOffset = 14;
                parser = new PacketHeaderParser(ParserOptions.DEFAULTS);
                break;
            default:
                throw new IllegalArgumentException("unknown frame " + frame);
        }
        length = bytes.length;
        buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.BIG_ENDIAN);
        buffer.put(bytes).clear();
        if (parser.parse(buffer, 0, length, LinkType.ETHERNET, record) != ParseResult.OK ||
            record.srcPort() != 40_000 || record.dstPort() != 443 || record.tcpFlags() != TrafficRecord.TCP_SYN ||
            parser.headers().ipHeaderCount() != ("vlan-mpls-gre".equals(frame) ? 2 : 1))
        {
            throw new IllegalStateException("frame " + frame + " does not parse to the expected packet");
        }
    }

    /**
     * One frame parsed into the record.
     *
     * @return the record, so the parse cannot be eliminated.
     */
    @Benchmark
    public TrafficRecord parse()
    {
        parser.parse(buffer, 0, length, LinkType.ETHERNET, record);
        return record;
    }

    /**
     * The same fields read from offsets known in advance (IPv4 or IPv6 addresses, protocol, ports, flags).
     *
     * @return the record.
     */
    @Benchmark
    public TrafficRecord baseline()
    {
        final ByteBuffer b = buffer;
        final int ip = ipOffset;
        final int l4;
        if ((b.get(ip) & 0xF0) == 0x60)
        {
            record.ipv6(b.getLong(ip + 8), b.getLong(ip + 16), b.getLong(ip + 24), b.getLong(ip + 32));
            record.protocol(b.get(ip + 6) & 0xFF);
            l4 = ip + 40;
        }
        else
        {
            record.ipv4(b.getInt(ip + 12), b.getInt(ip + 16));
            record.protocol(b.get(ip + 9) & 0xFF);
            l4 = ip + (b.get(ip) & 0x0F) * 4;
        }
        record.ports(b.getShort(l4) & 0xFFFF, b.getShort(l4 + 2) & 0xFFFF)
            .tcpFlags(b.get(l4 + 13) & 0xFF)
            .bytes(length);
        return record;
    }

    private static byte[] ethernet(final int etherType)
    {
        return new byte[] {
            0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, (byte)(etherType >>> 8), (byte)etherType};
    }

    private static byte[] vlanTag(final int vlan, final int etherType)
    {
        return new byte[] {(byte)(vlan >>> 8), (byte)vlan, (byte)(etherType >>> 8), (byte)etherType};
    }

    private static byte[] mplsLabel(final int label, final boolean bottom)
    {
        return new byte[] {(byte)(label >>> 12), (byte)(label >>> 4), (byte)((label << 4) | (bottom ? 1 : 0)), 64};
    }

    private static byte[] ipv4(final int protocol, final int totalLength)
    {
        return new byte[] {
            0x45, 0, (byte)(totalLength >>> 8), (byte)totalLength, 0, 0, 0x40, 0, 64, (byte)protocol, 0, 0,
            (byte)198, 51, 100, 7, 10, 0, 0, 1};
    }

    private static byte[] ipv6(final int nextHeader, final int payloadLength)
    {
        final byte[] header = new byte[40];
        header[0] = 0x60;
        header[4] = (byte)(payloadLength >>> 8);
        header[5] = (byte)payloadLength;
        header[6] = (byte)nextHeader;
        header[7] = 64;
        header[8] = 0x20;
        header[9] = 0x01;
        header[10] = 0x0d;
        header[11] = (byte)0xb8;
        header[23] = 7;
        header[24] = 0x20;
        header[25] = 0x01;
        header[26] = 0x0d;
        header[27] = (byte)0xb8;
        header[39] = 1;
        return header;
    }

    private static byte[] gre(final int protocol)
    {
        return new byte[] {0, 0, (byte)(protocol >>> 8), (byte)protocol};
    }

    private static byte[] tcp()
    {
        return new byte[] {
            (byte)0x9C, 0x40, 0x01, (byte)0xBB, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, (byte)0xFF, (byte)0xFF, 0, 0, 0, 0};
    }

    private static byte[] concat(final byte[]... parts)
    {
        int total = 0;
        for (final byte[] part : parts)
        {
            total += part.length;
        }
        final byte[] all = new byte[total];
        int at = 0;
        for (final byte[] part : parts)
        {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
