package io.fnm.actions.details;

import io.fnm.capture.CapturedPacket;
import io.fnm.capture.TrafficRecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the frames an attack's sampled records carry ({@link TrafficRecord#packet()}) as classic pcap files that
 * {@code tshark -r}, {@code tcpdump -r} and Wireshark read: nanosecond-resolution magic ({@code 0xa1b23c4d}), version
 * 2.4, little-endian, snap length 262144, each frame with its capture time, captured and wire lengths.
 * <p>
 * A pcap file has one link type. The records of one attack normally share one (one capture interface), but a mirror
 * source can mix (Ethernet and raw IP, say), so the frames are grouped by link type: the link type with the most
 * frames goes to the file named by the caller, each other one to {@code <name>.linktype<N>.pcap} beside it, in
 * capture order within each file. A frame without a capture time gets its record's timestamp.
 */
public final class AttackPcap
{
    /** The nanosecond-resolution pcap magic number. */
    public static final int NANOSECOND_MAGIC = 0xA1B23C4D;
    /** The snap length written in the header (the largest a frame is kept). */
    public static final int SNAP_LENGTH = 262_144;

    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AttackPcap()
    {
    }

    /**
     * @param records the sampled records.
     * @return how many of them carry a frame.
     */
    public static int framesIn(final List<TrafficRecord> records)
    {
        int frames = 0;
        for (final TrafficRecord record : records)
        {
            if (record.packet().isPresent())
            {
                frames++;
            }
        }
        return frames;
    }

    /**
     * Write the frames of the records (records without one are skipped).
     *
     * @param file    the file for the most common link type ({@code .pcap}).
     * @param records the sampled records.
     * @return the files written, the main one first; empty when no record carries a frame.
     * @throws IOException when a file cannot be written.
     */
    public static List<Path> write(final Path file, final List<TrafficRecord> records) throws IOException
    {
        final Map<Integer, List<TrafficRecord>> byLinkType = new TreeMap<>();
        for (final TrafficRecord record : records)
        {
            if (record.packet().isPresent())
            {
                byLinkType.computeIfAbsent(record.packet().linkType(), k -> new ArrayList<>()).add(record);
            }
        }
        final List<Path> written = new ArrayList<>();
        if (byLinkType.isEmpty())
        {
            return written;
        }
        int dominant = byLinkType.keySet().iterator().next();
        for (final Map.Entry<Integer, List<TrafficRecord>> group : byLinkType.entrySet())
        {
            if (group.getValue().size() > byLinkType.get(dominant).size())
            {
                dominant = group.getKey();
            }
        }
        writeFile(file, dominant, byLinkType.get(dominant));
        written.add(file);
        final String name = file.getFileName().toString();
        final String stem = name.endsWith(".pcap") ? name.substring(0, name.length() - 5) : name;
        for (final Map.Entry<Integer, List<TrafficRecord>> group : byLinkType.entrySet())
        {
            if (group.getKey() != dominant)
            {
                final Path other = file.resolveSibling(stem + ".linktype" + group.getKey() + ".pcap");
                writeFile(other, group.getKey(), group.getValue());
                written.add(other);
            }
        }
        return written;
    }

    private static void writeFile(final Path file, final int linkType, final List<TrafficRecord> records)
        throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(GLOBAL_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(NANOSECOND_MAGIC).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(SNAP_LENGTH).putInt(linkType);
        final ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        byte[] frame = new byte[2048];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file)))
        {
            out.write(header.array());
            for (final TrafficRecord record : records)
            {
                final CapturedPacket packet = record.packet();
                final int captured = Math.min(packet.capturedLength(), SNAP_LENGTH);
                if (frame.length < packet.capturedLength())
                {
                    frame = new byte[packet.capturedLength()];
                }
                packet.copyTo(frame, 0);
                final long nanos = packet.timestampNanos() > 0 ? packet.timestampNanos() :
                    Math.max(0, record.timestampMillis()) * 1_000_000L;
                recordHeader.clear();
                recordHeader.putInt((int)(nanos / NANOS_PER_SECOND)).putInt((int)(nanos % NANOS_PER_SECOND))
                    .putInt(captured).putInt(Math.max(packet.wireLength(), captured));
                out.write(recordHeader.array());
                out.write(frame, 0, captured);
            }
        }
    }
}
