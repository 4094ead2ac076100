package io.fnm.capture.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One captured frame, a reused flyweight filled by {@link PcapFileReader#next(PcapFrame)}: the link type of the
 * interface it was captured on, its timestamp, and its captured bytes.
 */
public final class PcapFrame
{
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int LINKTYPE_NULL = 0;
    /** Ethernet II (with optional 802.1Q / QinQ tags). */
    public static final int LINKTYPE_ETHERNET = 1;
    /** PPP (HDLC-like framing optional). */
    public static final int LINKTYPE_PPP = 9;
    /** Raw IP on OpenBSD-style DLT 12. */
    public static final int LINKTYPE_RAW_DLT12 = 12;
    /** Raw IP on DLT 14. */
    public static final int LINKTYPE_RAW_DLT14 = 14;
    /** PPP in HDLC-like framing (RFC 1662). */
    public static final int LINKTYPE_PPP_HDLC = 50;
    /** Raw IPv4 or IPv6, version from the first nibble. */
    public static final int LINKTYPE_RAW = 101;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    public static final int LINKTYPE_LOOP = 108;
    /** Linux "cooked" capture v1. */
    public static final int LINKTYPE_LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int LINKTYPE_IPV4 = 228;
    /** Raw IPv6. */
    public static final int LINKTYPE_IPV6 = 229;
    /** Linux "cooked" capture v2. */
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    private int linkType;
    private long timestampNanos;
    private int originalLength;
    private byte[] data = new byte[2048];
    private final ByteBuffer view = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    private ByteBuffer current = view;
    private int length;

    /**
     * @return the LINKTYPE_* value of the frame's interface.
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * @return capture time in nanoseconds since the epoch.
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /**
     * @return the captured length in bytes (at most {@link #originalLength()}).
     */
    public int capturedLength()
    {
        return length;
    }

    /**
     * @return the frame's length on the wire.
     */
    public int originalLength()
    {
        return originalLength;
    }

    /**
     * @return a big-endian view of the captured bytes, position 0, limit {@link #capturedLength()}; valid until the
     * next call to {@link PcapFileReader#next(PcapFrame)}.
     */
    public ByteBuffer data()
    {
        current.limit(length).position(0);
        return current;
    }

    /**
     * Make room for a frame of the given captured length and set its metadata; used by the reader.
     *
     * @param type     link type.
     * @param nanos    timestamp.
     * @param captured captured length.
     * @param original original length.
     * @return the backing array to fill, at least {@code captured} bytes long.
     */
    byte[] prepare(final int type, final long nanos, final int captured, final int original)
    {
        if (data.length < captured)
        {
            data = new byte[Math.max(captured, data.length * 2)];
            current = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        }
        linkType = type;
        timestampNanos = nanos;
        length = captured;
        originalLength = original;
        return data;
    }

    /**
     * Set a frame from an existing array, for tests and callers that already hold bytes.
     *
     * @param type  link type.
     * @param nanos timestamp.
     * @param bytes the frame.
     * @return this frame.
     */
    public PcapFrame set(final int type, final long nanos, final byte[] bytes)
    {
        final byte[] target = prepare(type, nanos, bytes.length, bytes.length);
        System.arraycopy(bytes, 0, target, 0, bytes.length);
        return this;
    }
}
