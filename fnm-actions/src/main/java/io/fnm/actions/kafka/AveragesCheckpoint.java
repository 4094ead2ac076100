package io.fnm.actions.kafka;

import io.fnm.core.HostHandover;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk of an averages checkpoint: the moving averages of hosts of one flows partition as of one tick, the value
 * of a record of the averages topic whose key is {@link #key} (the flows partition i32, then the chunk index u16).
 * A partition's checkpoint is one or more chunks of at most about {@link #CHUNK_BYTES} each. Big-endian:
 * <pre>
 * offset size field
 *  0      u8   version (1)
 *  1      u8   flags: bit 0 set when written at a revocation (a hand-over: the consumer's position was committed
 *              with it, so the heir reads nothing the checkpoint holds)
 *  2      u16  chunk index
 *  4      u16  chunks of this checkpoint
 *  6      i32  flows partition
 * 10      i64  tick time, epoch milliseconds on the engine's clock
 * 18      i32  hosts in this chunk
 * 22      hosts, each: u8 address length (4 or 16), the address, u32 mask of the averages that are not zero (bit k for
 *         value k of {@link HostHandover}'s layout, 30 bits), then each of those as an unsigned LEB128 varint (an
 *         unsigned 32-bit value, at most 5 bytes)
 * </pre>
 * A quiet host costs 9 or 21 bytes; one with traffic in one class of one direction (total and class, packets and
 * bytes, flows) about 25.
 */
final class AveragesCheckpoint
{
    /** Version byte. */
    static final int VERSION = 1;
    /** A chunk is closed once it holds this many bytes (so one record stays far below Kafka's 1 MB default). */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Bytes of the header. */
    static final int HEADER = 22;
    /** Bytes of a key. */
    static final int KEY = 6;
    /** Flag: written at a revocation, not periodically. */
    static final int HANDED_OVER = 1;

    private static final int MAX_HOST = 1 + 16 + 4 + 5 * HostHandover.VALUES;
    private static final int ALL_VALUES = (1 << HostHandover.VALUES) - 1;

    private AveragesCheckpoint()
    {
    }

    /** One decoded chunk. */
    record Chunk(int partition, int index, int count, long tickMillis, boolean handedOver, List<byte[]> addresses,
        List<long[]> averages)
    {
    }

    /**
     * @param partition a flows partition.
     * @param chunk     a chunk index.
     * @return the record key.
     */
    static byte[] key(final int partition, final int chunk)
    {
        return ByteBuffer.allocate(KEY).putInt(partition).putShort((short)chunk).array();
    }

    /**
     * @param key a record key (untrusted).
     * @return the flows partition it names, or -1 when it is not a key of this topic.
     */
    static int partitionOf(final byte[] key)
    {
        return key == null || key.length != KEY ? -1 : Math.max(-1, ByteBuffer.wrap(key).getInt());
    }

    /**
     * @param key a record key of this topic.
     * @return its chunk index.
     */
    static int chunkOf(final byte[] key)
    {
        return ByteBuffer.wrap(key).getShort(4) & 0xFFFF;
    }

    /**
     * Encodes the hosts of one partition into chunks.
     */
    static final class Writer
    {
        private final int partition;
        private final long tickMillis;
        private final int flags;
        private final List<byte[]> chunks = new ArrayList<>();
        private ByteBuffer current;
        private int hosts;

        /**
         * @param partition  the flows partition.
         * @param tickMillis the tick the averages are from.
         * @param flags      {@link #HANDED_OVER} or 0.
         */
        Writer(final int partition, final long tickMillis, final int flags)
        {
            this.partition = partition;
            this.tickMillis = tickMillis;
            this.flags = flags;
        }

        /**
         * @param address  4 or 16 bytes.
         * @param averages {@link HostHandover#VALUES} unsigned 32-bit values.
         */
        void add(final byte[] address, final long[] averages)
        {
            if (current == null || current.remaining() < MAX_HOST)
            {
                close();
                current = ByteBuffer.allocate(CHUNK_BYTES + MAX_HOST).position(HEADER);
            }
            current.put((byte)address.length).put(address);
            final int maskAt = current.position();
            current.position(maskAt + 4);
            int mask = 0;
            for (int k = 0; k < HostHandover.VALUES; k++)
            {
                final long v = averages[k] & 0xFFFFFFFFL;
                if (v != 0)
                {
                    mask |= 1 << k;
                    putVarint(current, v);
                }
            }
            current.putInt(maskAt, mask);
            hosts++;
            if (current.position() >= CHUNK_BYTES)
            {
                close();
            }
        }

        /**
         * @return the chunks' values, in index order (none when no host was added).
         */
        List<byte[]> finish()
        {
            close();
            for (int i = 0; i < chunks.size(); i++)
            {
                ByteBuffer.wrap(chunks.get(i)).putShort(2, (short)i).putShort(4, (short)chunks.size());
            }
            return chunks;
        }

        private void close()
        {
            if (current == null)
            {
                return;
            }
            current.put(0, (byte)VERSION).put(1, (byte)flags).putInt(6, partition).putLong(10, tickMillis)
                .putInt(18, hosts);
            chunks.add(Arrays.copyOf(current.array(), current.position()));
            current = null;
            hosts = 0;
        }
    }

    /**
     * @param value a record's value (untrusted).
     * @return the chunk, or null when it is not a valid version 1 chunk (every length checked before it is read).
     */
    static Chunk decode(final byte[] value)
    {
        if (value == null || value.length < HEADER || value[0] != VERSION)
        {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(value);
        final int index = b.getShort(2) & 0xFFFF;
        final int count = b.getShort(4) & 0xFFFF;
        final int partition = b.getInt(6);
        final long tickMillis = b.getLong(10);
        final int hosts = b.getInt(18);
        if (index >= count || partition < 0 || hosts < 0 || hosts > (value.length - HEADER) / 9)
        {
            return null;
        }
        final List<byte[]> addresses = new ArrayList<>(hosts);
        final List<long[]> averages = new ArrayList<>(hosts);
        b.position(HEADER);
        try
        {
            for (int h = 0; h < hosts; h++)
            {
                if (!readHost(b, addresses, averages))
                {
                    return null;
                }
            }
        }
        catch (final BufferUnderflowException | IllegalArgumentException ex)
        {
            return null;
        }
        return b.hasRemaining() ? null : new Chunk(partition, index, count, tickMillis,
            (value[1] & HANDED_OVER) != 0, addresses, averages);
    }

    private static boolean readHost(final ByteBuffer b, final List<byte[]> addresses, final List<long[]> averages)
    {
        final int length = b.get() & 0xFF;
        if (length != 4 && length != 16)
        {
            return false;
        }
        final byte[] address = new byte[length];
        b.get(address);
        final int mask = b.getInt();
        if ((mask & ~ALL_VALUES) != 0)
        {
            return false;
        }
        final long[] values = new long[HostHandover.VALUES];
        for (int k = 0; k < HostHandover.VALUES; k++)
        {
            values[k] = (mask & 1 << k) == 0 ? 0 : getVarint(b);
        }
        addresses.add(address);
        averages.add(values);
        return true;
    }

    private static void putVarint(final ByteBuffer b, final long value)
    {
        long v = value;
        while (v >= 0x80)
        {
            b.put((byte)(v & 0x7F | 0x80));
            v >>>= 7;
        }
        b.put((byte)v);
    }

    private static long getVarint(final ByteBuffer b)
    {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            final int next = b.get();
            value |= (long)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                if (value > 0xFFFFFFFFL)
                {
                    throw new IllegalArgumentException("average above 32 bits");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }
}
