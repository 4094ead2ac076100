package io.fnm.capture.mirror;

import com.kenai.jffi.MemoryIO;
import io.fnm.capture.mirror.internal.NetmapSys;
import io.fnm.capture.pcap.PcapFrame;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One netmap port registered for all its hardware rings ({@code NR_REG_ALL_NIC}), read by one thread: netmap API
 * version 14 (netmap {@code sys/net/netmap.h} as of 2026, the {@code NIOCCTRL} request API in netmap since 2018 and
 * FreeBSD 13).
 * <pre>
 * nmreq_header (88):   0 nr_version u16 = 14 | 2 nr_reqtype u16 = 1 (REGISTER) | 8 nr_name[64] | 72 nr_options u64
 *                      | 80 nr_body u64 -&gt; nmreq_register
 * nmreq_register (56): 0 nr_offset u64 | 8 nr_memsize u64 | 16 tx_slots | 20 rx_slots (u32) | 24 tx_rings
 *                      | 26 rx_rings | 28 host_tx_rings | 30 host_rx_rings | 32 mem_id | 34 ringid (u16)
 *                      | 36 nr_mode u32 | 40 extra_bufs u32 | 48 nr_flags u64
 * netmap_if:           24 ni_tx_rings | 28 ni_rx_rings | 36 ni_host_tx_rings (u32) | 56 ring_ofs[] (i64, from nifp)
 *                      RX ring i at nifp + ring_ofs[i + ni_tx_rings + ni_host_tx_rings]
 * netmap_ring:         0 buf_ofs i64 | 8 num_slots | 12 nr_buf_size | 20 head | 24 cur | 28 tail (u32) | 40 ts
 *                      | 256 slots: 16 bytes each, 0 buf_idx u32, 4 len u16; buffer at ring + buf_ofs + idx * size
 * </pre>
 * After {@code poll(POLLIN)} the kernel has moved {@code tail}; the slots from {@code cur} to {@code tail} are
 * read, then {@code head = cur = tail} gives them back at the next poll. Every offset and length read from the shared
 * memory is checked against the mapping before use: a slot whose buffer lies outside the mapping counts in
 * {@link #corrupt()}, a slot whose {@code len} is 0 or larger than {@code nr_buf_size} under
 * {@value FrameHandler#BAD_CAPTURED_LENGTH}.
 */
final class NetmapPort implements AutoCloseable
{
    static final int NR_REG_ALL_NIC = 1;
    static final long NR_NO_TX_POLL = 0x20000L;
    static final long NR_RX_RINGS_ONLY = 0x2000L;
    private static final int API_VERSION = 14;
    private static final int REQUEST_REGISTER = 1;
    private static final int SLOTS = 256;
    private static final int SLOT_BYTES = 16;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final NetmapSys sys;
    private final String name;
    private final int fd;
    private final Pointer mapping;
    private final long mappingBytes;
    private final ByteBuffer memory;
    private final int[] rxRings;
    private final Pointer pollFd;
    private long corrupt;
    private boolean closed;

    private NetmapPort(final NetmapSys sys, final jnr.ffi.Runtime runtime, final String name, final int fd,
        final Pointer mapping, final long mappingBytes, final int[] rxRings)
    {
        this.sys = sys;
        this.name = name;
        this.fd = fd;
        this.mapping = mapping;
        this.mappingBytes = mappingBytes;
        this.memory = MemoryIO.getInstance().newDirectByteBuffer(mapping.address(), (int)mappingBytes)
            .order(ByteOrder.nativeOrder());
        this.rxRings = rxRings;
        this.pollFd = Memory.allocateDirect(runtime, 8, true);
        pollFd.putInt(0, fd);
        pollFd.putShort(4, NetmapSys.POLLIN);
    }

    static NetmapPort open(final NetmapSys sys, final jnr.ffi.Runtime runtime, final String device,
        final String name) throws IOException
    {
        final int fd = sys.open(device, NetmapSys.O_RDWR);
        if (fd < 0)
        {
            throw new IOException("open " + device + ": errno " + runtime.getLastError());
        }
        Pointer mapping = null;
        long size = 0;
        try
        {
            final Pointer header = Memory.allocateDirect(runtime, 88, true);
            final Pointer register = Memory.allocateDirect(runtime, 56, true);
            header.putShort(0, (short)API_VERSION);
            header.putShort(2, (short)REQUEST_REGISTER);
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            header.put(8, bytes, 0, Math.min(bytes.length, 63));
            header.putLong(80, register.address());
            register.putInt(36, NR_REG_ALL_NIC);
            register.putLong(48, NR_NO_TX_POLL | NR_RX_RINGS_ONLY);
            if (sys.ioctl(fd, NetmapSys.NIOCCTRL, header) != 0)
            {
                throw new IOException("NIOCCTRL register " + name + ": errno " + runtime.getLastError());
            }
            final long offset = register.getLong(0);
            size = register.getLong(8);
            if (size <= 0 || size > Integer.MAX_VALUE || offset < 0 || offset > size - 64)
            {
                throw new IOException("netmap " + name + ": memory of " + size + " bytes with interface at " +
                    offset + " (more than 2 GiB is not supported)");
            }
            mapping = sys.mmap(null, size, NetmapSys.PROT_READ_WRITE, NetmapSys.MAP_SHARED, fd, 0);
            if (mapping == null || mapping.address() == -1L)
            {
                mapping = null;
                throw new IOException("mmap netmap " + name + ": errno " + runtime.getLastError());
            }
            final int[] rings = rxRings(MemoryIO.getInstance().newDirectByteBuffer(mapping.address(), (int)size)
                .order(ByteOrder.nativeOrder()), (int)offset, (int)size, name);
            return new NetmapPort(sys, runtime, name, fd, mapping, size, rings);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (mapping != null)
            {
                sys.munmap(mapping, size);
            }
            sys.close(fd);
            throw ex;
        }
    }

    private static int[] rxRings(final ByteBuffer memory, final int nifp, final int size, final String name)
        throws IOException
    {
        final int txRings = memory.getInt(nifp + 24);
        final int rxRings = memory.getInt(nifp + 28);
        final int hostTxRings = memory.getInt(nifp + 36);
        if (rxRings < 1 || rxRings > 1024 || txRings < 0 || txRings > 1024 || hostTxRings < 0 || hostTxRings > 64)
        {
            throw new IOException("netmap " + name + ": implausible ring counts " + txRings + "/" + rxRings);
        }
        final int[] rings = new int[rxRings];
        for (int i = 0; i < rxRings; i++)
        {
            final int entry = nifp + 56 + 8 * (i + txRings + hostTxRings);
            if (entry > size - 8)
            {
                throw new IOException("netmap " + name + ": ring table beyond the memory");
            }
            final long ring = nifp + memory.getLong(entry);
            if (ring < 0 || ring > size - SLOTS)
            {
                throw new IOException("netmap " + name + ": RX ring " + i + " beyond the memory");
            }
            rings[i] = (int)ring;
        }
        return rings;
    }

    /**
     * Read every RX ring's new slots; when none had any, wait in {@code poll} at most {@code timeoutMillis}.
     *
     * @param handler the thread's frame path.
     * @param nowNanos the capture time to stamp (netmap gives none per packet).
     * @param timeoutMillis the longest wait.
     * @return frames read.
     */
    int readOrWait(final FrameHandler handler, final long nowNanos, final int timeoutMillis)
    {
        int frames = 0;
        for (final int ring : rxRings)
        {
            frames += readRing(ring, handler, nowNanos);
        }
        if (frames == 0)
        {
            handler.flush();
            sys.poll(pollFd, 1, timeoutMillis);
        }
        return frames;
    }

    private int readRing(final int ring, final FrameHandler handler, final long nowNanos)
    {
        final int slots = memory.getInt(ring + 8);
        final int bufferSize = memory.getInt(ring + 12);
        final long buffers = ring + memory.getLong(ring);
        int cur = memory.getInt(ring + 24);
        final int tail = (int)INT.getAcquire(memory, ring + 28);
        if (!plausible(ring, slots, bufferSize, buffers) || cur < 0 || cur >= slots || tail < 0 || tail >= slots)
        {
            corrupt++;
            return 0;
        }
        int read = 0;
        while (cur != tail)
        {
            final int slot = ring + SLOTS + cur * SLOT_BYTES;
            final long index = memory.getInt(slot) & 0xFFFF_FFFFL;
            final int length = memory.getShort(slot + 4) & 0xFFFF;
            final long start = buffers + index * bufferSize;
            if (start < 0 || start > mappingBytes - bufferSize)
            {
                corrupt++;
            }
            else if (handler.capturedLengthInRange(length, length, bufferSize))
            {
                final byte[] frame = handler.buffer(length);
                memory.get((int)start, frame, 0, length);
                handler.onFrame(nowNanos, PcapFrame.LINKTYPE_ETHERNET, frame, 0, length, length);
                read++;
            }
            cur = cur + 1 == slots ? 0 : cur + 1;
        }
        if (read > 0 || cur != memory.getInt(ring + 24))
        {
            memory.putInt(ring + 24, cur);
            INT.setRelease(memory, ring + 20, cur);
        }
        return read;
    }

    private boolean plausible(final int ring, final int slots, final int bufferSize, final long buffers)
    {
        return slots > 0 && slots <= 1 << 20 && ring + SLOTS + (long)slots * SLOT_BYTES <= mappingBytes &&
            bufferSize > 0 && buffers >= 0;
    }

    /**
     * @return slots or rings whose contents were inconsistent.
     */
    long corrupt()
    {
        return corrupt;
    }

    /**
     * @return the port's name.
     */
    String name()
    {
        return name;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            sys.munmap(mapping, mappingBytes);
            sys.close(fd);
        }
    }
}
