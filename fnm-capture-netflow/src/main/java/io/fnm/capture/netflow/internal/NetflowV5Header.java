package io.fnm.capture.netflow.internal;

import java.nio.ByteBuffer;

/**
 * NetFlow v5 header (Cisco "NetFlow Export Datagram Format", version 5), 24 bytes, big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       version (5)             |         count (1..30)         |
 * |                          sys_uptime (ms)                      |
 * |                          unix_secs                            |
 * |                          unix_nsecs                           |
 * |                          flow_sequence                        |
 * |  engine_type  |   engine_id   | mode(2) |  sampling interval  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class NetflowV5Header
{
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the record count. */
    public static final int COUNT_OFFSET = 2;
    /** Offset of the exporter's uptime in milliseconds. */
    public static final int SYS_UPTIME_OFFSET = 4;
    /** Offset of the export time, seconds. */
    public static final int UNIX_SECS_OFFSET = 8;
    /** Offset of the export time's nanoseconds. */
    public static final int UNIX_NSECS_OFFSET = 12;
    /** Offset of the flow sequence. */
    public static final int FLOW_SEQUENCE_OFFSET = 16;
    /** Offset of the sampling mode (upper 2 bits) and interval (lower 14 bits). */
    public static final int SAMPLING_OFFSET = 22;
    /** Header length. */
    public static final int LENGTH = 24;
    /** Largest record count a v5 datagram may announce. */
    public static final int MAX_COUNT = 30;

    private NetflowV5Header()
    {
    }

    /**
     * @param buffer big-endian buffer.
     * @param offset header start.
     * @return the record count.
     */
    public static int count(final ByteBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + COUNT_OFFSET) & 0xFFFF;
    }

    /**
     * @param buffer big-endian buffer.
     * @param offset header start.
     * @return uptime in milliseconds, unsigned.
     */
    public static long sysUptimeMillis(final ByteBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SYS_UPTIME_OFFSET) & 0xFFFF_FFFFL;
    }

    /**
     * @param buffer big-endian buffer.
     * @param offset header start.
     * @return export time in epoch milliseconds.
     */
    public static long exportMillis(final ByteBuffer buffer, final int offset)
    {
        return (buffer.getInt(offset + UNIX_SECS_OFFSET) & 0xFFFF_FFFFL) * 1000L +
            (buffer.getInt(offset + UNIX_NSECS_OFFSET) & 0xFFFF_FFFFL) / 1_000_000L;
    }

    /**
     * @param buffer big-endian buffer.
     * @param offset header start.
     * @return the sampling interval: the low 14 bits, 0 meaning 1.
     */
    public static int samplingInterval(final ByteBuffer buffer, final int offset)
    {
        final int interval = buffer.getShort(offset + SAMPLING_OFFSET) & 0x3FFF;
        return interval == 0 ? 1 : interval;
    }
}
