package io.fnm.capture.netflow.internal;

/**
 * NetFlow v9 packet header, RFC 3954 section 5.1, 20 bytes, big-endian. The {@code count} field is ignored: exporters
 * disagree whether it counts FlowSets or records.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Version Number          |            Count              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           sysUpTime                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           UNIX Secs                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Sequence Number                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Source ID                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class NetflowV9Header
{
    /** Offset of the uptime in milliseconds. */
    public static final int SYS_UPTIME_OFFSET = 4;
    /** Offset of the export time in seconds. */
    public static final int UNIX_SECS_OFFSET = 8;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 12;
    /** Offset of the source id (the template scope). */
    public static final int SOURCE_ID_OFFSET = 16;
    /** Header length. */
    public static final int LENGTH = 20;
    /** FlowSet id of template FlowSets. */
    public static final int TEMPLATE_FLOWSET_ID = 0;
    /** FlowSet id of options template FlowSets. */
    public static final int OPTIONS_TEMPLATE_FLOWSET_ID = 1;

    private NetflowV9Header()
    {
    }
}
