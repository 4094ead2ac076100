package io.fnm.capture.netflow.internal;

/**
 * IPFIX message header, RFC 7011 section 3.1, 16 bytes, big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Version Number          |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Export Time                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Sequence Number                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Observation Domain ID                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IpfixHeader
{
    /** Offset of the message length (header included). */
    public static final int LENGTH_OFFSET = 2;
    /** Offset of the export time in seconds. */
    public static final int EXPORT_TIME_OFFSET = 4;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the observation domain id (the template scope). */
    public static final int OBSERVATION_DOMAIN_OFFSET = 12;
    /** Header length. */
    public static final int LENGTH = 16;
    /** Set id of template sets. */
    public static final int TEMPLATE_SET_ID = 2;
    /** Set id of options template sets. */
    public static final int OPTIONS_TEMPLATE_SET_ID = 3;

    private IpfixHeader()
    {
    }
}
