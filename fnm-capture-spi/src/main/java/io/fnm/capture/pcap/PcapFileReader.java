package io.fnm.capture.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads classic pcap (microsecond and nanosecond, either byte order) and pcapng (section header, interface
 * description, enhanced, simple and obsolete packet blocks, several sections and interfaces) files frame by frame
 * into a reused {@link PcapFrame}.
 * <p>
 * Every length is checked before it is used; a corrupt or truncated file ends with an {@link IOException} that says
 * what was wrong and where, never any other exception. A file truncated exactly between frames ends normally.
 *
 * <pre>
 * pcap:   global header (24 bytes) then per frame: ts_sec, ts_frac, incl_len, orig_len (4 bytes each) + data
 * pcapng: blocks of  type(4) | total_length(4) | body | total_length(4), in the section's byte order
 * </pre>
 */
public final class PcapFileReader implements Closeable
{
    /** Largest frame or block accepted; anything bigger is treated as corruption. */
    public static final int MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

    private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int PCAPNG_IDB = 1;
    private static final int PCAPNG_OPB = 2;
    private static final int PCAPNG_SPB = 3;
    private static final int PCAPNG_EPB = 6;
    private static final int MAX_INTERFACES = 4096;

    private final InputStream in;
    private final boolean pcapng;
    private final byte[] header = new byte[28];
    private boolean bigEndian;
    private boolean nanos;
    private int pcapLinkType;
    private long offset;
    private byte[] block = new byte[256];
    private int interfaceCount;
    private int[] interfaceLinkTypes = new int[4];
    private long[] interfaceTicksPerSecond = new long[4];
    private int[] interfaceSnapLengths = new int[4];

    private PcapFileReader(final InputStream in) throws IOException
    {
        this.in = in;
        readFully(header, 0, 4);
        final int magicBe = getInt(header, 0, true);
        if (magicBe == PCAPNG_SHB)
        {
            pcapng = true;
            readSectionHeader();
        }
        else
        {
            pcapng = false;
            if (magicBe == PCAP_MAGIC_MICROS || magicBe == PCAP_MAGIC_NANOS)
            {
                bigEndian = true;
            }
            else
            {
                final int magicLe = getInt(header, 0, false);
                if (magicLe != PCAP_MAGIC_MICROS && magicLe != PCAP_MAGIC_NANOS)
                {
                    throw new IOException("not a pcap or pcapng file: magic 0x" + Integer.toHexString(magicBe));
                }
                bigEndian = false;
            }
            nanos = getInt(header, 0, bigEndian) == PCAP_MAGIC_NANOS;
            readFully(header, 4, 20);
            pcapLinkType = getInt(header, 20, bigEndian) & 0xFFFF;
        }
    }

    /**
     * @param file a pcap or pcapng file.
     * @return a reader positioned before the first frame.
     * @throws IOException when the file cannot be read or is neither pcap nor pcapng.
     */
    public static PcapFileReader open(final Path file) throws IOException
    {
        final InputStream stream = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try
        {
            return new PcapFileReader(stream);
        }
        catch (final IOException | RuntimeException ex)
        {
            stream.close();
            throw ex instanceof IOException ? (IOException)ex : new IOException(ex);
        }
    }

    /**
     * @param stream pcap or pcapng bytes; closed by {@link #close()}.
     * @return a reader positioned before the first frame.
     * @throws IOException when the stream is neither pcap nor pcapng.
     */
    public static PcapFileReader open(final InputStream stream) throws IOException
    {
        return new PcapFileReader(stream);
    }

    /**
     * @return true for pcapng, false for classic pcap.
     */
    public boolean isPcapng()
    {
        return pcapng;
    }

    /**
     * Read the next frame.
     *
     * @param frame the flyweight to fill.
     * @return true when a frame was read, false at the end of the file.
     * @throws IOException when the file is corrupt or truncated inside a frame.
     */
    public boolean next(final PcapFrame frame) throws IOException
    {
        return pcapng ? nextPcapng(frame) : nextPcap(frame);
    }

    private boolean nextPcap(final PcapFrame frame) throws IOException
    {
        if (!readOrEnd(header, 16))
        {
            return false;
        }
        final long seconds = getInt(header, 0, bigEndian) & 0xFFFF_FFFFL;
        final long fraction = getInt(header, 4, bigEndian) & 0xFFFF_FFFFL;
        final int captured = getInt(header, 8, bigEndian);
        final int original = getInt(header, 12, bigEndian);
        if (captured < 0 || captured > MAX_BLOCK_LENGTH)
        {
            throw new IOException("corrupt pcap record at offset " + (offset - 16) + ": captured length " +
                (captured & 0xFFFF_FFFFL));
        }
        final long timestamp = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000L);
        final byte[] target = frame.prepare(pcapLinkType, timestamp, captured, Math.max(captured, original));
        readFully(target, 0, captured);
        return true;
    }

    private boolean nextPcapng(final PcapFrame frame) throws IOException
    {
        while (true)
        {
            if (!readOrEnd(header, 8))
            {
                return false;
            }
            final int typeBe = getInt(header, 0, true);
            if (typeBe == PCAPNG_SHB)
            {
                readSectionHeader();
                continue;
            }
            final int type = getInt(header, 0, bigEndian);
            final int totalLength = getInt(header, 4, bigEndian);
            if (totalLength < 12 || (totalLength & 3) != 0 || totalLength > MAX_BLOCK_LENGTH)
            {
                throw new IOException("corrupt pcapng block at offset " + (offset - 8) + ": length " +
                    (totalLength & 0xFFFF_FFFFL));
            }
            final int bodyLength = totalLength - 12;
            final byte[] body = readBlock(bodyLength + 4);
            if (getInt(body, bodyLength, bigEndian) != totalLength)
            {
                throw new IOException("corrupt pcapng block at offset " + (offset - totalLength) +
                    ": trailing length differs");
            }
            switch (type)
            {
                case PCAPNG_IDB:
                    readInterface(body, bodyLength);
                    break;
                case PCAPNG_EPB:
                    if (fillEnhanced(frame, body, bodyLength, 20, getInt(body, 0, bigEndian), true))
                    {
                        return true;
                    }
                    break;
                case PCAPNG_OPB:
                    if (fillEnhanced(frame, body, bodyLength, 20, getShort(body, 0) & 0xFFFF, true))
                    {
                        return true;
                    }
                    break;
                case PCAPNG_SPB:
                    if (fillSimple(frame, body, bodyLength))
                    {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private boolean fillEnhanced(
        final PcapFrame frame, final byte[] body, final int bodyLength, final int dataOffset, final int interfaceId,
        final boolean hasTimestamp) throws IOException
    {
        if (bodyLength < dataOffset)
        {
            throw new IOException("corrupt pcapng packet block before offset " + offset + ": body too short");
        }
        if (interfaceId < 0 || interfaceId >= interfaceCount)
        {
            throw new IOException("pcapng packet block before offset " + offset + " names undeclared interface " +
                (interfaceId & 0xFFFF_FFFFL));
        }
        final long high = getInt(body, 4, bigEndian) & 0xFFFF_FFFFL;
        final long low = getInt(body, 8, bigEndian) & 0xFFFF_FFFFL;
        final int captured = getInt(body, 12, bigEndian);
        final int original = getInt(body, 16, bigEndian);
        if (captured < 0 || captured > bodyLength - dataOffset)
        {
            throw new IOException("corrupt pcapng packet block before offset " + offset + ": captured length " +
                (captured & 0xFFFF_FFFFL) + " exceeds block");
        }
        final long ticks = (high << 32) | low;
        final long perSecond = interfaceTicksPerSecond[interfaceId];
        final long timestamp = hasTimestamp ? toNanos(ticks, perSecond) : 0;
        final byte[] target = frame.prepare(
            interfaceLinkTypes[interfaceId], timestamp, captured, Math.max(captured, original));
        System.arraycopy(body, dataOffset, target, 0, captured);
        return true;
    }

    private boolean fillSimple(final PcapFrame frame, final byte[] body, final int bodyLength) throws IOException
    {
        if (bodyLength < 4 || interfaceCount == 0)
        {
            throw new IOException("corrupt pcapng simple packet block before offset " + offset);
        }
        final int original = getInt(body, 0, bigEndian);
        int captured = Math.min(bodyLength - 4, original < 0 ? Integer.MAX_VALUE : original);
        final int snap = interfaceSnapLengths[0];
        if (snap > 0)
        {
            captured = Math.min(captured, snap);
        }
        final byte[] target = frame.prepare(interfaceLinkTypes[0], 0, captured, Math.max(captured, original));
        System.arraycopy(body, 4, target, 0, captured);
        return true;
    }

    private static long toNanos(final long ticks, final long perSecond)
    {
        if (perSecond == 1_000_000_000L)
        {
            return ticks;
        }
        final long seconds = ticks / perSecond;
        final long remainder = ticks % perSecond;
        return seconds * 1_000_000_000L + remainder * 1_000_000_000L / perSecond;
    }

    private void readInterface(final byte[] body, final int bodyLength) throws IOException
    {
        if (bodyLength < 8)
        {
            throw new IOException("corrupt pcapng interface block before offset " + offset);
        }
        if (interfaceCount == MAX_INTERFACES)
        {
            throw new IOException("more than " + MAX_INTERFACES + " pcapng interfaces");
        }
        if (interfaceCount == interfaceLinkTypes.length)
        {
            interfaceLinkTypes = Arrays.copyOf(interfaceLinkTypes, interfaceCount * 2);
            interfaceTicksPerSecond = Arrays.copyOf(interfaceTicksPerSecond, interfaceCount * 2);
            interfaceSnapLengths = Arrays.copyOf(interfaceSnapLengths, interfaceCount * 2);
        }
        final int linkType = getShort(body, 0) & 0xFFFF;
        final int snapLength = getInt(body, 4, bigEndian);
        long ticksPerSecond = 1_000_000L;
        int position = 8;
        while (position + 4 <= bodyLength)
        {
            final int code = getShort(body, position) & 0xFFFF;
            final int length = getShort(body, position + 2) & 0xFFFF;
            position += 4;
            if (code == 0 || position + length > bodyLength)
            {
                break;
            }
            if (code == 9 && length >= 1)
            {
                final int resolution = body[position] & 0xFF;
                final int exponent = resolution & 0x7F;
                final boolean binary = (resolution & 0x80) != 0;
                if (binary ? exponent <= 62 : exponent <= 18)
                {
                    ticksPerSecond = binary ? 1L << exponent : pow10(exponent);
                }
            }
            position += (length + 3) & ~3;
        }
        interfaceLinkTypes[interfaceCount] = linkType;
        interfaceTicksPerSecond[interfaceCount] = ticksPerSecond;
        interfaceSnapLengths[interfaceCount] = snapLength;
        interfaceCount++;
    }

    private static long pow10(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }

    private void readSectionHeader() throws IOException
    {
        readFully(header, 4, 8);
        final int magicBe = getInt(header, 8, true);
        if (magicBe == PCAPNG_BYTE_ORDER_MAGIC)
        {
            bigEndian = true;
        }
        else if (getInt(header, 8, false) == PCAPNG_BYTE_ORDER_MAGIC)
        {
            bigEndian = false;
        }
        else
        {
            throw new IOException("corrupt pcapng section header before offset " + offset + ": byte-order magic");
        }
        final int totalLength = getInt(header, 4, bigEndian);
        if (totalLength < 28 || (totalLength & 3) != 0 || totalLength > MAX_BLOCK_LENGTH)
        {
            throw new IOException("corrupt pcapng section header before offset " + offset + ": length " +
                (totalLength & 0xFFFF_FFFFL));
        }
        readBlock(totalLength - 12);
        interfaceCount = 0;
    }

    private byte[] readBlock(final int length) throws IOException
    {
        if (block.length < length)
        {
            block = new byte[Math.max(length, block.length * 2)];
        }
        readFully(block, 0, length);
        return block;
    }

    private boolean readOrEnd(final byte[] target, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            final int read = in.read(target, done, length - done);
            if (read < 0)
            {
                if (done == 0)
                {
                    return false;
                }
                throw new EOFException("pcap file truncated at offset " + (offset + done));
            }
            done += read;
        }
        offset += length;
        return true;
    }

    private void readFully(final byte[] target, final int at, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            final int read = in.read(target, at + done, length - done);
            if (read < 0)
            {
                throw new EOFException("pcap file truncated at offset " + (offset + done));
            }
            done += read;
        }
        offset += length;
    }

    private short getShort(final byte[] bytes, final int at)
    {
        return bigEndian ?
            (short)(((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF)) :
            (short)(((bytes[at + 1] & 0xFF) << 8) | (bytes[at] & 0xFF));
    }

    private static int getInt(final byte[] bytes, final int at, final boolean bigEndianOrder)
    {
        final int b0 = bytes[at] & 0xFF;
        final int b1 = bytes[at + 1] & 0xFF;
        final int b2 = bytes[at + 2] & 0xFF;
        final int b3 = bytes[at + 3] & 0xFF;
        return bigEndianOrder ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close() throws IOException
    {
        in.close();
    }
}
