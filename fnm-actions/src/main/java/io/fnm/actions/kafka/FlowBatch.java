package io.fnm.actions.kafka;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Direction;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value of one Kafka record on the flows topic, version 1: a 16-byte header then {@code count} traffic records of
 * 40 bytes (IPv4) or 64 bytes (IPv6), all big-endian. A flyweight: {@link #wrap} a buffer, then read records into a
 * reused {@link TrafficRecord}; {@link #append} writes one.
 * <pre>
 * header (16 bytes)
 *  0      magic   'F' 'N'
 *  2      version u8 (1)
 *  3      flags   u8 (0; reserved)
 *  4      count   u16  records in the batch
 *  6      inlet   u16  the publishing inlet's id
 *  8      base    i64  base time, epoch milliseconds
 * record (40 bytes for IPv4, 64 for IPv6)
 *  0      ip version u8 (4 or 6)
 *  1      direction  u8 (the inlet's classification: incoming 0, outgoing 1, internal 2, other 3)
 *  2      protocol   u8
 *  3      tcp flags  u8
 *  4      flags      u8   bit 0 fragmented, bits 1-2 forwarding status, bit 3 timestamp present
 *  5      ttl        u8
 *  6      src port   u16
 *  8      dst port   u16
 * 10      ip length  u16
 * 12      dt         i32  timestamp - base, milliseconds (when bit 3)
 * 16      sampling   u32  (saturates)
 * 20      packets    u32  (saturates)
 * 24      bytes      i64
 * 32      src        4 or 16 bytes
 * 36|48   dst        4 or 16 bytes
 * </pre>
 * Fields the engine does not use for detection (exporter address, interfaces, VLANs, AS numbers, flow start and
 * end, ICMP type and code, the captured frame) are not carried. Version 1 readers refuse any other version byte.
 */
public final class FlowBatch
{
    /** The magic, 'F' 'N'. */
    public static final short MAGIC = 0x464E;
    /** The layout version this class reads and writes. */
    public static final int VERSION = 1;
    /** Header length. */
    public static final int HEADER_LENGTH = 16;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 2;
    /** Offset of the header flags. */
    public static final int HEADER_FLAGS_OFFSET = 3;
    /** Offset of the record count. */
    public static final int COUNT_OFFSET = 4;
    /** Offset of the inlet id. */
    public static final int INLET_OFFSET = 6;
    /** Offset of the base time. */
    public static final int BASE_TIME_OFFSET = 8;
    /** Most records in one batch. */
    public static final int MAX_COUNT = 0xFFFF;

    /** Record: offset of the IP version. */
    public static final int IP_VERSION_OFFSET = 0;
    /** Record: offset of the direction. */
    public static final int DIRECTION_OFFSET = 1;
    /** Record: offset of the protocol. */
    public static final int PROTOCOL_OFFSET = 2;
    /** Record: offset of the TCP flags. */
    public static final int TCP_FLAGS_OFFSET = 3;
    /** Record: offset of the record flags. */
    public static final int FLAGS_OFFSET = 4;
    /** Record: offset of the TTL. */
    public static final int TTL_OFFSET = 5;
    /** Record: offset of the source port. */
    public static final int SRC_PORT_OFFSET = 6;
    /** Record: offset of the destination port. */
    public static final int DST_PORT_OFFSET = 8;
    /** Record: offset of the IP length. */
    public static final int IP_LENGTH_OFFSET = 10;
    /** Record: offset of the time delta. */
    public static final int DT_OFFSET = 12;
    /** Record: offset of the sampling ratio. */
    public static final int SAMPLING_OFFSET = 16;
    /** Record: offset of the packets. */
    public static final int PACKETS_OFFSET = 20;
    /** Record: offset of the bytes. */
    public static final int BYTES_OFFSET = 24;
    /** Record: offset of the source address. */
    public static final int SRC_OFFSET = 32;
    /** Length of an IPv4 record. */
    public static final int IPV4_RECORD_LENGTH = SRC_OFFSET + 8;
    /** Length of an IPv6 record. */
    public static final int IPV6_RECORD_LENGTH = SRC_OFFSET + 32;

    /** Record flag: an IP fragment. */
    public static final int FLAG_FRAGMENTED = 0x01;
    /** Record flags: shift of the forwarding status. */
    public static final int FORWARDING_SHIFT = 1;
    /** Record flag: the timestamp is present. */
    public static final int FLAG_TIMESTAMP = 0x08;

    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final Direction[] DIRECTIONS = Direction.values();

    private ByteBuffer buffer;
    private int offset;
    private int length;
    private int count;
    private long baseTimeMillis;
    private int cursor;
    private int index;
    private Direction direction = Direction.OTHER;

    /**
     * Wrap a batch and check it whole: magic, version, count and every record's IP version and length. Nothing is
     * read from a batch that fails.
     *
     * @param value  the buffer (big-endian reads are forced).
     * @param start  the batch's first byte.
     * @param bytes  the batch's length.
     * @return null when the batch is valid (then {@link #next} walks it), otherwise why it is not.
     */
    public String wrap(final ByteBuffer value, final int start, final int bytes)
    {
        buffer = value.order(ByteOrder.BIG_ENDIAN);
        offset = start;
        length = bytes;
        count = 0;
        index = 0;
        cursor = start + HEADER_LENGTH;
        if (bytes < HEADER_LENGTH || start < 0 || start + bytes > value.limit())
        {
            return "shorter than the header";
        }
        if (value.getShort(start + MAGIC_OFFSET) != MAGIC)
        {
            return "bad magic";
        }
        final int version = value.get(start + VERSION_OFFSET) & 0xFF;
        if (version != VERSION)
        {
            return "unsupported version " + version;
        }
        final int declared = value.getShort(start + COUNT_OFFSET) & 0xFFFF;
        baseTimeMillis = value.getLong(start + BASE_TIME_OFFSET);
        int at = start + HEADER_LENGTH;
        final int end = start + bytes;
        for (int i = 0; i < declared; i++)
        {
            if (at >= end)
            {
                return "truncated at record " + i;
            }
            final int recordLength = recordLength(value.get(at + IP_VERSION_OFFSET) & 0xFF);
            if (recordLength < 0)
            {
                return "bad IP version in record " + i;
            }
            if (end - at < recordLength)
            {
                return "truncated at record " + i;
            }
            at += recordLength;
        }
        if (at != end)
        {
            return "trailing bytes";
        }
        count = declared;
        return null;
    }

    /**
     * @return the records in the wrapped batch (0 when it failed {@link #wrap}).
     */
    public int count()
    {
        return count;
    }

    /**
     * @return the wrapped batch's inlet id.
     */
    public int inletId()
    {
        return buffer.getShort(offset + INLET_OFFSET) & 0xFFFF;
    }

    /**
     * @return the wrapped batch's base time, epoch milliseconds.
     */
    public long baseTimeMillis()
    {
        return baseTimeMillis;
    }

    /**
     * @return the direction of the record last read by {@link #next}.
     */
    public Direction direction()
    {
        return direction;
    }

    /**
     * Read the next record into {@code into} (reset first).
     *
     * @param into the reused record.
     * @return false when every record has been read.
     */
    public boolean next(final TrafficRecord into)
    {
        if (index >= count)
        {
            return false;
        }
        final ByteBuffer b = buffer;
        final int at = cursor;
        final int ipVersion = b.get(at + IP_VERSION_OFFSET) & 0xFF;
        into.reset();
        if (ipVersion == TrafficRecord.IPV4)
        {
            into.ipv4(b.getInt(at + SRC_OFFSET), b.getInt(at + SRC_OFFSET + 4));
            cursor = at + IPV4_RECORD_LENGTH;
        }
        else
        {
            into.ipv6(b.getLong(at + SRC_OFFSET), b.getLong(at + SRC_OFFSET + 8), b.getLong(at + SRC_OFFSET + 16),
                b.getLong(at + SRC_OFFSET + 24));
            cursor = at + IPV6_RECORD_LENGTH;
        }
        direction = DIRECTIONS[(b.get(at + DIRECTION_OFFSET) & 0xFF) & 3];
        final int flags = b.get(at + FLAGS_OFFSET) & 0xFF;
        into.protocol(b.get(at + PROTOCOL_OFFSET) & 0xFF)
            .tcpFlags(b.get(at + TCP_FLAGS_OFFSET) & 0xFF)
            .fragmented((flags & FLAG_FRAGMENTED) != 0)
            .forwardingStatus((flags >>> FORWARDING_SHIFT) & 3)
            .ttl(b.get(at + TTL_OFFSET) & 0xFF)
            .ports(b.getShort(at + SRC_PORT_OFFSET) & 0xFFFF, b.getShort(at + DST_PORT_OFFSET) & 0xFFFF)
            .ipLength(b.getShort(at + IP_LENGTH_OFFSET) & 0xFFFF)
            .samplingRatio(b.getInt(at + SAMPLING_OFFSET) & U32_MAX)
            .packets(b.getInt(at + PACKETS_OFFSET) & U32_MAX)
            .bytes(b.getLong(at + BYTES_OFFSET));
        if ((flags & FLAG_TIMESTAMP) != 0)
        {
            into.timestampMillis(baseTimeMillis + b.getInt(at + DT_OFFSET));
        }
        index++;
        return true;
    }

    /**
     * @param ipVersion 4 or 6.
     * @return the record length for that version, or -1 for any other.
     */
    public static int recordLength(final int ipVersion)
    {
        if (ipVersion == TrafficRecord.IPV4)
        {
            return IPV4_RECORD_LENGTH;
        }
        return ipVersion == TrafficRecord.IPV6 ? IPV6_RECORD_LENGTH : -1;
    }

    /**
     * Write a batch header (count 0).
     *
     * @param buffer         the batch buffer (big-endian), written from position 0.
     * @param inletId        the inlet's id (low 16 bits).
     * @param baseTimeMillis the base time.
     */
    public static void writeHeader(final ByteBuffer buffer, final int inletId, final long baseTimeMillis)
    {
        buffer.putShort(MAGIC_OFFSET, MAGIC)
            .put(VERSION_OFFSET, (byte)VERSION)
            .put(HEADER_FLAGS_OFFSET, (byte)0)
            .putShort(COUNT_OFFSET, (short)0)
            .putShort(INLET_OFFSET, (short)inletId)
            .putLong(BASE_TIME_OFFSET, baseTimeMillis);
        buffer.position(HEADER_LENGTH);
    }

    /**
     * Append one record at the buffer's position and raise the header's count; the caller checks the room
     * ({@link #recordLength}) and the count ({@link #MAX_COUNT}) first.
     *
     * @param buffer    the batch buffer, whose header was written by {@link #writeHeader}.
     * @param record    an IPv4 or IPv6 record.
     * @param direction its direction.
     */
    public static void append(final ByteBuffer buffer, final TrafficRecord record, final Direction direction)
    {
        final int at = buffer.position();
        final long timestamp = record.timestampMillis();
        final long dt = timestamp - buffer.getLong(BASE_TIME_OFFSET);
        final boolean hasTime = timestamp != 0 && dt >= Integer.MIN_VALUE && dt <= Integer.MAX_VALUE;
        final int flags = (record.fragmented() ? FLAG_FRAGMENTED : 0)
            | ((record.forwardingStatus() & 3) << FORWARDING_SHIFT) | (hasTime ? FLAG_TIMESTAMP : 0);
        buffer.put(at + IP_VERSION_OFFSET, (byte)record.ipVersion())
            .put(at + DIRECTION_OFFSET, (byte)direction.ordinal())
            .put(at + PROTOCOL_OFFSET, (byte)record.protocol())
            .put(at + TCP_FLAGS_OFFSET, (byte)record.tcpFlags())
            .put(at + FLAGS_OFFSET, (byte)flags)
            .put(at + TTL_OFFSET, (byte)record.ttl())
            .putShort(at + SRC_PORT_OFFSET, (short)record.srcPort())
            .putShort(at + DST_PORT_OFFSET, (short)record.dstPort())
            .putShort(at + IP_LENGTH_OFFSET, (short)Math.min(record.ipLength(), 0xFFFF))
            .putInt(at + DT_OFFSET, hasTime ? (int)dt : 0)
            .putInt(at + SAMPLING_OFFSET, (int)Math.min(record.samplingRatio(), U32_MAX))
            .putInt(at + PACKETS_OFFSET, (int)Math.min(Math.max(record.packets(), 0), U32_MAX))
            .putLong(at + BYTES_OFFSET, record.bytes());
        if (record.ipVersion() == TrafficRecord.IPV4)
        {
            buffer.putInt(at + SRC_OFFSET, record.srcIpv4()).putInt(at + SRC_OFFSET + 4, record.dstIpv4());
            buffer.position(at + IPV4_RECORD_LENGTH);
        }
        else
        {
            buffer.putLong(at + SRC_OFFSET, record.srcIpv6High()).putLong(at + SRC_OFFSET + 8, record.srcIpv6Low())
                .putLong(at + SRC_OFFSET + 16, record.dstIpv6High()).putLong(at + SRC_OFFSET + 24, record.dstIpv6Low());
            buffer.position(at + IPV6_RECORD_LENGTH);
        }
        buffer.putShort(COUNT_OFFSET, (short)((buffer.getShort(COUNT_OFFSET) & 0xFFFF) + 1));
    }
}
