package io.fnm.capture.netflow.internal;

/**
 * The header shared by NetFlow v9 FlowSets (RFC 3954 section 5.2) and IPFIX Sets (RFC 7011 section 3.3.2): 4 bytes,
 * big-endian, the length includes the header and any padding.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       FlowSet / Set ID        |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class FlowSetHeader
{
    /** Offset of the set id. */
    public static final int ID_OFFSET = 0;
    /** Offset of the set length. */
    public static final int LENGTH_OFFSET = 2;
    /** Header length. */
    public static final int LENGTH = 4;
    /** Smallest data set id; below it are template, options template and reserved ids. */
    public static final int MIN_DATA_SET_ID = 256;

    private FlowSetHeader()
    {
    }
}
