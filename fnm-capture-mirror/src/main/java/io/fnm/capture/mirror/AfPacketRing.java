package io.fnm.capture.mirror;

import com.kenai.jffi.MemoryIO;
import io.fnm.capture.mirror.internal.PacketLibC;
import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.pcap.PcapFrame;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One AF_PACKET socket with a TPACKET_V3 receive ring, read by one thread.
 * <p>
 * Set up in the order the kernel requires ({@code packet_mmap.rst}): socket with protocol 0 (so nothing is queued
 * before the bind), {@code PACKET_VERSION} = TPACKET_V3, promiscuous membership, {@code PACKET_RX_RING}, mmap, bind
 * to the interface for {@code ETH_P_ALL}, then {@code PACKET_FANOUT} when the socket is one of several.
 * <pre>
 * block (tpacket_block_desc):  8 block_status  12 num_pkts  16 offset_to_first_pkt        (u32, host order)
 * packet (tpacket3_hdr):       0 next_offset  4 sec  8 nsec  12 snaplen  16 len  20 status  24 mac (u16)
 *                              32 vlan_tci (u32)  36 vlan_tpid (u16)
 * </pre>
 * The ring is wrapped once as a direct {@link ByteBuffer}; {@code block_status} is read with acquire and written
 * back with release semantics, so the read loop makes no native call while blocks are ready and allocates nothing.
 * A VLAN tag the NIC or the kernel took out of the frame ({@code TP_STATUS_VLAN_VALID}) is put back in, so the parser
 * sees the frame as it was on the wire. A packet whose {@code snaplen} is not positive, runs past its block or exceeds
 * its {@code len} is counted under {@value FrameHandler#BAD_CAPTURED_LENGTH} and skipped (its {@code next_offset}
 * still leads to the next one); a packet header outside its block stops the block's walk ({@link #corruptBlocks()}).
 * Drops come from {@code PACKET_STATISTICS} (which resets on each read).
 */
final class AfPacketRing implements AutoCloseable
{
    static final int TP_STATUS_KERNEL = 0;
    static final int TP_STATUS_USER = 1;
    static final int TP_STATUS_VLAN_VALID = 0x10;
    static final int TP_STATUS_VLAN_TPID_VALID = 0x40;
    private static final int FRAME_SIZE_HINT = 2048;
    private static final int RETIRE_BLOCK_MILLIS = 60;
    private static final int BLOCK_STATUS = 8;
    private static final int BLOCK_PACKETS = 12;
    private static final int BLOCK_FIRST = 16;
    private static final int PACKET_HEADER = 48;
    private static final int VLAN_TAG = 4;
    private static final int MAC_ADDRESSES = 12;
    private static final VarHandle STATUS = MethodHandles.byteBufferViewVarHandle(int[].class,
        ByteOrder.LITTLE_ENDIAN);

    private final PacketLibC libc;
    private final String interfaceName;
    private final int fd;
    private final Pointer mapping;
    private final long ringBytes;
    private final ByteBuffer ring;
    private final int blockSize;
    private final int blockCount;
    private final Pointer pollFd;
    private final Pointer stats;
    private final Pointer statsLength;
    private int block;
    private long corruptBlocks;
    private boolean closed;

    /**
     * Wrap an opened socket's mapped ring ({@link #open}); the tests also wrap memory laid out as a ring.
     */
    AfPacketRing(final PacketLibC libc, final String interfaceName, final int fd, final Pointer mapping,
        final int blockSize, final int blockCount)
    {
        this.libc = libc;
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.mapping = mapping;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.ringBytes = (long)blockSize * blockCount;
        this.ring = MemoryIO.getInstance().newDirectByteBuffer(mapping.address(), (int)ringBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
        final jnr.ffi.Runtime runtime = PacketNative.runtime();
        this.pollFd = Memory.allocateDirect(runtime, 8, true);
        pollFd.putInt(0, fd);
        pollFd.putShort(4, (short)(PacketLibC.POLLIN | PacketLibC.POLLERR));
        this.stats = Memory.allocateDirect(runtime, 12, true);
        this.statsLength = Memory.allocateDirect(runtime, 4, true);
    }

    /**
     * Open a socket and its ring on an interface.
     *
     * @param interfaceName the interface.
     * @param settings      ring size and locking.
     * @param fanoutGroup   the group to join ({@code (id & 0xffff) | mode << 16}), or -1 for none.
     * @return the ring.
     * @throws IOException with the failing call and errno.
     */
    static AfPacketRing open(final String interfaceName, final AfPacketSettings settings, final int fanoutGroup)
        throws IOException
    {
        final PacketLibC libc = PacketNative.libc();
        final jnr.ffi.Runtime runtime = PacketNative.runtime();
        final int fd = libc.socket(PacketLibC.AF_PACKET, PacketLibC.SOCK_RAW, 0);
        if (fd < 0)
        {
            throw new IOException(PacketNative.lastError("socket(AF_PACKET) for " + interfaceName +
                " (needs CAP_NET_RAW)"));
        }
        Pointer mapping = null;
        final long ringBytes = (long)settings.blockSizeBytes() * settings.blockCount();
        if (ringBytes > Integer.MAX_VALUE)
        {
            libc.close(fd);
            throw new IOException("ring of " + ringBytes + " bytes: at most 2 GiB per socket");
        }
        try
        {
            final Pointer scratch = Memory.allocateDirect(runtime, 32, true);
            scratch.putInt(0, PacketLibC.TPACKET_V3);
            check(libc.setsockopt(fd, PacketLibC.SOL_PACKET, PacketLibC.PACKET_VERSION, scratch, 4),
                "PACKET_VERSION");
            final int ifindex = libc.if_nametoindex(interfaceName);
            if (ifindex == 0)
            {
                throw new IOException(PacketNative.lastError("interface " + interfaceName));
            }
            scratch.setMemory(0, 32, (byte)0);
            scratch.putInt(0, ifindex);
            scratch.putShort(4, (short)PacketLibC.PACKET_MR_PROMISC);
            check(libc.setsockopt(fd, PacketLibC.SOL_PACKET, PacketLibC.PACKET_ADD_MEMBERSHIP, scratch, 16),
                "PACKET_ADD_MEMBERSHIP promiscuous");
            scratch.setMemory(0, 32, (byte)0);
            scratch.putInt(0, settings.blockSizeBytes());
            scratch.putInt(4, settings.blockCount());
            scratch.putInt(8, FRAME_SIZE_HINT);
            scratch.putInt(12, settings.blockSizeBytes() / FRAME_SIZE_HINT * settings.blockCount());
            scratch.putInt(16, RETIRE_BLOCK_MILLIS);
            check(libc.setsockopt(fd, PacketLibC.SOL_PACKET, PacketLibC.PACKET_RX_RING, scratch, 28),
                "PACKET_RX_RING " + settings.blockCount() + " x " + settings.blockSizeBytes() + " bytes");
            mapping = libc.mmap(null, ringBytes, PacketLibC.PROT_READ_WRITE,
                PacketLibC.MAP_SHARED | (settings.lockRing() ? PacketLibC.MAP_LOCKED : 0), fd, 0);
            if (mapping == null || mapping.address() == -1L)
            {
                mapping = null;
                throw new IOException(PacketNative.lastError("mmap of the " + ringBytes + "-byte ring" +
                    (settings.lockRing() ? " (MAP_LOCKED: check RLIMIT_MEMLOCK)" : "")));
            }
            scratch.setMemory(0, 32, (byte)0);
            scratch.putShort(0, (short)PacketLibC.AF_PACKET);
            scratch.putShort(2, (short)PacketLibC.ETH_P_ALL_BE);
            scratch.putInt(4, ifindex);
            check(libc.bind(fd, scratch, 20), "bind to " + interfaceName);
            scratch.putInt(0, 1);
            // only what arrives on a mirror port is mirrored traffic; ignored on kernels before 4.20
            libc.setsockopt(fd, PacketLibC.SOL_PACKET, PacketLibC.PACKET_IGNORE_OUTGOING, scratch, 4);
            if (fanoutGroup >= 0)
            {
                scratch.putInt(0, fanoutGroup);
                check(libc.setsockopt(fd, PacketLibC.SOL_PACKET, PacketLibC.PACKET_FANOUT, scratch, 4),
                    "PACKET_FANOUT group " + (fanoutGroup & 0xFFFF) + " mode " + (fanoutGroup >>> 16));
            }
            return new AfPacketRing(libc, interfaceName, fd, mapping, settings.blockSizeBytes(),
                settings.blockCount());
        }
        catch (final IOException | RuntimeException ex)
        {
            if (mapping != null)
            {
                libc.munmap(mapping, ringBytes);
            }
            libc.close(fd);
            throw ex;
        }
    }

    private static void check(final int result, final String what) throws IOException
    {
        if (result != 0)
        {
            throw new IOException(PacketNative.lastError("setsockopt " + what));
        }
    }

    /**
     * Read every ready block, handing each frame to the handler, and give the blocks back to the kernel; when none
     * is ready, wait for one (at most {@code timeoutMillis}).
     *
     * @param handler       the thread's frame path.
     * @param timeoutMillis the longest wait.
     * @return frames read.
     */
    int readOrWait(final FrameHandler handler, final int timeoutMillis)
    {
        int frames = 0;
        while (true)
        {
            final int base = block * blockSize;
            final int status = (int)STATUS.getAcquire(ring, base + BLOCK_STATUS);
            if ((status & TP_STATUS_USER) == 0)
            {
                if (frames == 0)
                {
                    handler.flush();
                    libc.poll(pollFd, 1, timeoutMillis);
                }
                return frames;
            }
            try
            {
                frames += readBlock(base, handler);
            }
            finally
            {
                STATUS.setRelease(ring, base + BLOCK_STATUS, TP_STATUS_KERNEL);
                block = block + 1 == blockCount ? 0 : block + 1;
            }
        }
    }

    private int readBlock(final int base, final FrameHandler handler)
    {
        final int end = base + blockSize;
        final int count = ring.getInt(base + BLOCK_PACKETS);
        int packet = base + ring.getInt(base + BLOCK_FIRST);
        int read = 0;
        for (int i = 0; i < count; i++)
        {
            if (packet < base || packet > end - PACKET_HEADER)
            {
                corruptBlocks++;
                break;
            }
            final int next = ring.getInt(packet);
            final int captured = ring.getInt(packet + 12);
            final int wire = ring.getInt(packet + 16);
            final int start = packet + (ring.getShort(packet + 24) & 0xFFFF);
            // a bad length is counted by the handler; the next packet's offset does not depend on it
            if (handler.capturedLengthInRange(captured, wire, end - start))
            {
                deliver(packet, start, captured, wire, handler);
            }
            read++;
            if (next <= 0)
            {
                break;
            }
            packet += next;
        }
        return read;
    }

    private void deliver(final int packet, final int start, final int captured, final int wire,
        final FrameHandler handler)
    {
        final long nanos = (ring.getInt(packet + 4) & 0xFFFF_FFFFL) * 1_000_000_000L +
            (ring.getInt(packet + 8) & 0xFFFF_FFFFL);
        final int status = ring.getInt(packet + 20);
        if ((status & TP_STATUS_VLAN_VALID) != 0 && captured >= MAC_ADDRESSES)
        {
            final int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ?
                ring.getShort(packet + 36) & 0xFFFF : 0x8100;
            final int tci = ring.getInt(packet + 32) & 0xFFFF;
            final int length = captured + VLAN_TAG;
            final byte[] frame = handler.buffer(length);
            ring.get(start, frame, 0, MAC_ADDRESSES);
            frame[12] = (byte)(tpid >> 8);
            frame[13] = (byte)tpid;
            frame[14] = (byte)(tci >> 8);
            frame[15] = (byte)tci;
            ring.get(start + MAC_ADDRESSES, frame, MAC_ADDRESSES + VLAN_TAG, captured - MAC_ADDRESSES);
            handler.onFrame(nanos, PcapFrame.LINKTYPE_ETHERNET, frame, 0, length, wire + VLAN_TAG);
        }
        else
        {
            final byte[] frame = handler.buffer(captured);
            ring.get(start, frame, 0, captured);
            handler.onFrame(nanos, PcapFrame.LINKTYPE_ETHERNET, frame, 0, captured, wire);
        }
    }

    /**
     * Read and reset the socket's statistics, adding its drops to the handler.
     *
     * @param handler the thread's frame path.
     * @return packets the kernel counted since the last read (drops included), or -1 when the call failed.
     */
    long readStatistics(final FrameHandler handler)
    {
        statsLength.putInt(0, 12);
        if (libc.getsockopt(fd, PacketLibC.SOL_PACKET, PacketLibC.PACKET_STATISTICS, stats, statsLength) != 0)
        {
            return -1;
        }
        handler.addKernelDrops(stats.getInt(4) & 0xFFFF_FFFFL);
        return stats.getInt(0) & 0xFFFF_FFFFL;
    }

    /**
     * @return blocks whose layout was inconsistent (walk stopped early).
     */
    long corruptBlocks()
    {
        return corruptBlocks;
    }

    /**
     * @return the interface.
     */
    String interfaceName()
    {
        return interfaceName;
    }

    /**
     * Unmap the ring and close the socket; call from the reading thread or after it ended.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            libc.munmap(mapping, ringBytes);
            libc.close(fd);
        }
    }
}
