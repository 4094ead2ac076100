package io.fnm.capture;

/**
 * The frame a {@link TrafficRecord} was parsed from, for mirror capture: its bytes, lengths, link type and capture
 * time. A capture thread {@link #attach}es its own receive buffer without copying; {@link #copyFrom} copies the
 * bytes into an array this instance owns (allocated once, grown when needed), which is what the engine does for the
 * records it keeps for an attack's details, so the exports can write the attack's packets as a pcap file.
 */
public final class CapturedPacket
{
    private byte[] bytes;
    private boolean owned;
    private int offset;
    private int capturedLength;
    private int wireLength;
    private int linkType;
    private long timestampNanos;

    /**
     * Attach a frame without copying it: the bytes stay the caller's and must not change until the record is
     * reset or handed on.
     *
     * @param frame          the buffer holding the frame.
     * @param frameOffset    where the frame starts in it.
     * @param captured       bytes of the frame present in the buffer (at most the capture's snap length).
     * @param onWire         the frame's length on the wire.
     * @param pcapLinkType   the frame's pcap {@code LINKTYPE_*} number.
     * @param captureNanos   when it was captured, nanoseconds since the epoch.
     * @return this.
     */
    public CapturedPacket attach(final byte[] frame, final int frameOffset, final int captured, final int onWire,
        final int pcapLinkType, final long captureNanos)
    {
        if (frameOffset < 0 || captured < 0 || captured > frame.length - frameOffset)
        {
            throw new IllegalArgumentException("frame slice out of bounds: offset " + frameOffset + ", length " +
                captured + ", buffer " + frame.length);
        }
        bytes = frame;
        owned = false;
        offset = frameOffset;
        capturedLength = captured;
        wireLength = Math.max(onWire, captured);
        linkType = pcapLinkType;
        timestampNanos = captureNanos;
        return this;
    }

    /**
     * @return whether a frame is attached.
     */
    public boolean isPresent()
    {
        return capturedLength > 0;
    }

    /**
     * @return bytes of the frame present (0 when none).
     */
    public int capturedLength()
    {
        return capturedLength;
    }

    /**
     * @return the frame's length on the wire, in bytes (at least {@link #capturedLength()}).
     */
    public int wireLength()
    {
        return wireLength;
    }

    /**
     * @return the frame's pcap {@code LINKTYPE_*} number (1 Ethernet, 101 raw IP, ...).
     */
    public int linkType()
    {
        return linkType;
    }

    /**
     * @return when the frame was captured, nanoseconds since the epoch (0 when none is attached).
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /**
     * @param index a position in the frame, below {@link #capturedLength()}.
     * @return the byte there.
     */
    public byte byteAt(final int index)
    {
        if (index < 0 || index >= capturedLength)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return bytes[offset + index];
    }

    /**
     * Copy the frame's bytes.
     *
     * @param destination where to copy them; needs {@link #capturedLength()} bytes from {@code destinationOffset}.
     * @param destinationOffset where in {@code destination}.
     * @return bytes copied.
     */
    public int copyTo(final byte[] destination, final int destinationOffset)
    {
        if (capturedLength > 0)
        {
            System.arraycopy(bytes, offset, destination, destinationOffset, capturedLength);
        }
        return capturedLength;
    }

    /**
     * Copy another record's frame into an array of this instance's own.
     *
     * @param other the frame to copy (may be empty).
     * @return this.
     */
    public CapturedPacket copyFrom(final CapturedPacket other)
    {
        final int length = other.capturedLength;
        if (length == 0)
        {
            clear();
            return this;
        }
        if (!owned || bytes.length < length)
        {
            bytes = new byte[length];
            owned = true;
        }
        System.arraycopy(other.bytes, other.offset, bytes, 0, length);
        offset = 0;
        capturedLength = length;
        wireLength = other.wireLength;
        linkType = other.linkType;
        timestampNanos = other.timestampNanos;
        return this;
    }

    /**
     * Detach the frame (an owned array is kept for the next copy).
     *
     * @return this.
     */
    public CapturedPacket clear()
    {
        if (!owned)
        {
            bytes = null;
        }
        offset = 0;
        capturedLength = 0;
        wireLength = 0;
        linkType = 0;
        timestampNanos = 0;
        return this;
    }
}
