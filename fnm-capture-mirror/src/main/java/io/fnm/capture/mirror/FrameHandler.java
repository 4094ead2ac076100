package io.fnm.capture.mirror;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.LinkType;
import io.fnm.capture.packet.PacketHeaderParser;
import io.fnm.capture.packet.ParseResult;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFrame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The frame path every mirror backend shares, one instance per capture thread: a frame handed as (capture time, pcap
 * link type, bytes) is parsed by a {@link PacketHeaderParser} into one reused {@link TrafficRecord}, which carries
 * the frame itself ({@link io.fnm.capture.CapturedPacket}, attached without copying: the engine copies it only for
 * the records it keeps for an attack's details) and goes to the thread's {@link TrafficSink}.
 * <p>
 * Per frame: no allocation, no lock, no log. The record counts one packet of the frame's wire length (or of its
 * IP total length with {@code *_read_packet_length_from_ip_header}), multiplied by the backend's sampling ratio
 * (FastNetMon's {@code mirror_af_packet_custom_sampling_rate}, {@code netmap_sampling_ratio}..., 1 for pcap),
 * stamped with the capture time. Frames the parser cannot read are counted by reason and dropped, and so are frames
 * whose captured length is out of range ({@link #capturedLengthInRange}); nothing is thrown for any content.
 * <p>
 * The counters are plain fields written by the capture thread only; {@link MirrorCounters} reads them from other
 * threads (a 64-bit read of a long that only grows: at worst a moment old).
 */
public final class FrameHandler
{
    /** Reason label for frames whose pcap link type (or Linux cooked-capture protocol) the parser does not start. */
    public static final String UNSUPPORTED_LINK_TYPE = "unsupported_link_type";
    /**
     * Reason label for frames whose captured length, as a ring or a capture library reported it, is out of range:
     * negative, zero, beyond the snap length or the buffer it is read from, or beyond the frame's wire length.
     */
    public static final String BAD_CAPTURED_LENGTH = "bad_captured_length";

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int NULL_HEADER = 4;

    private final PacketHeaderParser parser;
    private final TrafficRecord record = new TrafficRecord();
    private final TrafficSink sink;
    private final long samplingRatio;
    private final boolean lengthFromIpHeader;
    private byte[] buffer;
    private ByteBuffer view;
    private byte[] wrapped;
    private ByteBuffer wrappedView;

    long frames;
    long bytes;
    long delivered;
    long kernelDrops;
    long unsupportedLinkType;
    long badCapturedLength;

    /**
     * @param sink               the capture thread's own sink.
     * @param options            which encapsulations the parser looks through.
     * @param samplingRatio      the multiplier every record carries, at least 1.
     * @param lengthFromIpHeader count the IP total length instead of the frame's length (for truncated mirrors).
     * @param bufferBytes        initial size of the thread's reused frame buffer ({@link #buffer(int)}).
     */
    public FrameHandler(final TrafficSink sink, final ParserOptions options, final long samplingRatio,
        final boolean lengthFromIpHeader, final int bufferBytes)
    {
        if (samplingRatio < 1)
        {
            throw new IllegalArgumentException("sampling ratio must be at least 1: " + samplingRatio);
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        this.parser = new PacketHeaderParser(options);
        this.samplingRatio = samplingRatio;
        this.lengthFromIpHeader = lengthFromIpHeader;
        this.buffer = new byte[Math.max(64, bufferBytes)];
        this.view = ByteBuffer.wrap(buffer).order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * The thread's reused frame buffer, for backends that copy a frame out of a ring or a native buffer before
     * handing it over. Grows (allocates) only when a frame is larger than any before.
     *
     * @param capacity bytes needed.
     * @return an array of at least {@code capacity} bytes; pass it to {@link #onFrame}.
     */
    public byte[] buffer(final int capacity)
    {
        if (buffer.length < capacity)
        {
            buffer = new byte[Math.max(capacity, buffer.length * 2)];
            view = ByteBuffer.wrap(buffer).order(ByteOrder.BIG_ENDIAN);
        }
        return buffer;
    }

    /**
     * Parse one frame and deliver its record. The bytes must stay unchanged until the call returns.
     *
     * @param timestampNanos capture time, nanoseconds since the epoch.
     * @param pcapLinkType   the frame's pcap {@code LINKTYPE_*} number.
     * @param frame          the bytes (ideally {@link #buffer(int)}: any other array costs one wrapper the first
     *                       time it is seen).
     * @param offset         where the frame starts.
     * @param captured       bytes captured.
     * @param wireLength     the frame's length on the wire (at least {@code captured} is assumed when smaller).
     * @return true when a record was delivered.
     */
    public boolean onFrame(final long timestampNanos, final int pcapLinkType, final byte[] frame, final int offset,
        final int captured, final int wireLength)
    {
        frames++;
        final int onWire = Math.max(wireLength, captured);
        bytes += onWire;
        if (offset < 0 || captured < 0 || offset > frame.length - captured)
        {
            badCapturedLength++;
            return false;
        }
        final ByteBuffer data = viewOf(frame);
        final int header;
        final LinkType linkType;
        switch (pcapLinkType)
        {
            case PcapFrame.LINKTYPE_ETHERNET:
                header = 0;
                linkType = LinkType.ETHERNET;
                break;
            case PcapFrame.LINKTYPE_RAW:
            case PcapFrame.LINKTYPE_RAW_DLT12:
            case PcapFrame.LINKTYPE_RAW_DLT14:
                header = 0;
                linkType = LinkType.IP;
                break;
            case PcapFrame.LINKTYPE_IPV4:
                header = 0;
                linkType = LinkType.IPV4;
                break;
            case PcapFrame.LINKTYPE_IPV6:
                header = 0;
                linkType = LinkType.IPV6;
                break;
            case PcapFrame.LINKTYPE_PPP:
            case PcapFrame.LINKTYPE_PPP_HDLC:
                header = 0;
                linkType = LinkType.PPP;
                break;
            case PcapFrame.LINKTYPE_NULL:
            case PcapFrame.LINKTYPE_LOOP:
                header = NULL_HEADER;
                linkType = LinkType.IP;
                break;
            case PcapFrame.LINKTYPE_LINUX_SLL:
                header = SLL_HEADER;
                linkType = captured < SLL_HEADER ? null : cooked(u16(frame, offset + 14));
                break;
            case PcapFrame.LINKTYPE_LINUX_SLL2:
                header = SLL2_HEADER;
                linkType = captured < SLL2_HEADER ? null : cooked(u16(frame, offset));
                break;
            default:
                header = 0;
                linkType = null;
                break;
        }
        if (linkType == null || captured < header)
        {
            unsupportedLinkType++;
            return false;
        }
        final TrafficRecord r = record.reset();
        if (parser.parse(data, offset + header, captured - header, linkType, r) != ParseResult.OK)
        {
            return false;
        }
        final long length = lengthFromIpHeader && r.ipLength() > 0 ? r.ipLength() : onWire;
        r.packets(1).bytes(length).samplingRatio(samplingRatio)
            .timestampMillis(TimeUnit.NANOSECONDS.toMillis(timestampNanos));
        r.packet().attach(frame, offset, captured, onWire, pcapLinkType, timestampNanos);
        delivered++;
        sink.accept(r);
        return true;
    }

    /**
     * Check a captured length read from a ring or a capture library's packet header before any byte is read: a frame
     * whose length is negative, zero, larger than {@code limitBytes} or larger than its wire length is counted as a
     * frame under {@value #BAD_CAPTURED_LENGTH} and must be dropped without reading it.
     *
     * @param captured   the captured length from the header.
     * @param wireLength the original length from the header.
     * @param limitBytes the most bytes that can be there (the snap length, a ring slot's buffer size).
     * @return true when the frame may be read and handed to {@link #onFrame}; false when it was counted as bad.
     */
    public boolean capturedLengthInRange(final int captured, final int wireLength, final int limitBytes)
    {
        if (captured > 0 && captured <= limitBytes && captured <= wireLength)
        {
            return true;
        }
        frames++;
        badCapturedLength++;
        return false;
    }

    /**
     * Add frames the kernel (or the capture library) dropped before this thread could read them.
     *
     * @param count frames dropped since the last call.
     */
    public void addKernelDrops(final long count)
    {
        kernelDrops += count;
    }

    /**
     * Tell the sink the thread has nothing more for now (see {@link TrafficSink#flush()}).
     */
    public void flush()
    {
        sink.flush();
    }

    /**
     * Tell the sink the thread is done with it.
     */
    public void close()
    {
        sink.close();
    }

    /**
     * @return the parser, for its counts by outcome (read on the capture thread, or through {@link MirrorCounters}).
     */
    public PacketHeaderParser parser()
    {
        return parser;
    }

    /**
     * @return frames handed to {@link #onFrame}.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * @return wire bytes of those frames.
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * @return records delivered to the sink.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return frames the kernel dropped, as reported by the backend.
     */
    public long kernelDrops()
    {
        return kernelDrops;
    }

    /**
     * @return frames whose link type the parser does not start.
     */
    public long unsupportedLinkType()
    {
        return unsupportedLinkType;
    }

    /**
     * @return frames dropped for an out-of-range captured length ({@value #BAD_CAPTURED_LENGTH}).
     */
    public long badCapturedLength()
    {
        return badCapturedLength;
    }

    private ByteBuffer viewOf(final byte[] frame)
    {
        if (frame == buffer)
        {
            return view;
        }
        if (frame != wrapped)
        {
            wrapped = frame;
            wrappedView = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        }
        return wrappedView;
    }

    private static LinkType cooked(final int protocol)
    {
        if (protocol == ETHERTYPE_IPV4)
        {
            return LinkType.IPV4;
        }
        return protocol == ETHERTYPE_IPV6 ? LinkType.IPV6 : null;
    }

    private static int u16(final byte[] bytes, final int at)
    {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }
}
