package io.fnm.capture.mirror;

import com.kenai.jffi.MemoryIO;

/**
 * A packet header in native memory laid out as libpcap's {@code struct pcap_pkthdr}, which PF_RING's
 * {@code struct pfring_pkthdr} begins with (x86-64 / AArch64 Linux):
 * <pre>
 *   0 ts.tv_sec (i64)   8 ts.tv_usec (i64)   16 caplen (u32)   20 len (u32)
 * </pre>
 * and the frame's bytes it describes, handed to a capture thread's {@link FrameHandler}. The captured length is
 * untrusted: it is checked ({@link FrameHandler#capturedLengthInRange}) before a byte is copied, so a header that lies
 * is counted under {@value FrameHandler#BAD_CAPTURED_LENGTH} and nothing beyond the snap length is ever read.
 */
final class NativePacketHeader
{
    static final int SECONDS = 0;
    static final int MICROS = 8;
    static final int CAPTURED_LENGTH = 16;
    static final int WIRE_LENGTH = 20;
    static final int BYTES = 24;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1000L;
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private NativePacketHeader()
    {
    }

    /**
     * Copy the frame into the handler's buffer and parse it, or count it when its captured length is out of range.
     *
     * @param handler    the capture thread's frame path.
     * @param header     address of the packet header.
     * @param data       address of the frame's first byte.
     * @param linkType   the frame's pcap link type.
     * @param snapLength the most bytes the capture library hands over per frame.
     * @return true when a record was delivered.
     */
    static boolean deliver(final FrameHandler handler, final long header, final long data, final int linkType,
        final int snapLength)
    {
        final int captured = MEMORY.getInt(header + CAPTURED_LENGTH);
        final int wire = MEMORY.getInt(header + WIRE_LENGTH);
        if (!handler.capturedLengthInRange(captured, wire, snapLength))
        {
            return false;
        }
        final long nanos = MEMORY.getLong(header + SECONDS) * NANOS_PER_SECOND +
            MEMORY.getLong(header + MICROS) * NANOS_PER_MICRO;
        final byte[] frame = handler.buffer(captured);
        MEMORY.getByteArray(data, frame, 0, captured);
        return handler.onFrame(nanos, linkType, frame, 0, captured, wire);
    }
}
