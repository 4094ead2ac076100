package io.fnm.capture.udp;

import io.fnm.capture.udp.internal.LibC;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A {@link DatagramPort} that takes up to {@link #VECTOR} datagrams per system call with Linux's
 * {@code recvmmsg(2)}, through jnr-ffi, into one direct buffer of {@link #VECTOR} 64 KiB slots. Measured on loopback
 * (README, "Performance") it lowers the receive thread's cost per datagram against {@code DatagramChannel.receive}.
 * <p>
 * Used only where {@link #unavailabilityCause()} is null: Linux on x86-64 or AArch64 (the {@code struct mmsghdr}
 * layout below is theirs), jnr-ffi able to bind libc, and not switched off with {@code -Dfnm.udp.recvmmsg=false};
 * otherwise the receiver uses {@link NioDatagramPort}. It waits in {@code poll(2)}, so {@link #wakeup()} does nothing
 * and a receive thread notices {@link UdpReceiver#close()} within one wake-up period. The sender's address is turned
 * into an {@link InetAddress} only when it differs from the previous datagram's.
 * <pre>
 * struct mmsghdr (64 bytes): struct msghdr msg_hdr (56) | unsigned int msg_len | padding
 * struct msghdr:  void *msg_name (0) | socklen_t msg_namelen (8) | struct iovec *msg_iov (16) | size_t msg_iovlen (24)
 *                 | void *msg_control (32) | size_t msg_controllen (40) | int msg_flags (48)
 * struct iovec:   void *iov_base | size_t iov_len
 * </pre>
 */
final class RecvmmsgDatagramPort implements DatagramPort
{
    /** System property that switches the native path off when set to {@code false}. */
    static final String SWITCH_PROPERTY = "fnm.udp.recvmmsg";
    /** Datagrams per system call. */
    static final int VECTOR = 32;

    private static final int MMSGHDR_BYTES = 64;
    private static final int NAME_OFFSET = 0;
    private static final int NAMELEN_OFFSET = 8;
    private static final int IOV_OFFSET = 16;
    private static final int IOVLEN_OFFSET = 24;
    private static final int FLAGS_OFFSET = 48;
    private static final int LENGTH_OFFSET = 56;
    private static final int SOCKADDR_BYTES = 28;
    private static final int IOVEC_BYTES = 16;
    private static final int ERRNO_ADDRESS_IN_USE = 98;

    private final LibC libc;
    private final Runtime runtime;
    private final int fd;
    private final Pointer vector;
    private final Pointer names;
    private final Pointer iovecs;
    private final Pointer pollfd;
    private final ByteBuffer data;
    private int lastFamily;
    private long lastHigh;
    private long lastLow;
    private InetAddress lastSource;
    private boolean closed;

    private RecvmmsgDatagramPort(final int fd)
    {
        this.libc = Native.LIBC;
        this.runtime = Native.RUNTIME;
        this.fd = fd;
        this.vector = Memory.allocateDirect(runtime, VECTOR * MMSGHDR_BYTES, true);
        this.names = Memory.allocateDirect(runtime, VECTOR * SOCKADDR_BYTES, true);
        this.iovecs = Memory.allocateDirect(runtime, VECTOR * IOVEC_BYTES, true);
        this.pollfd = Memory.allocateDirect(runtime, 8, true);
        this.data = ByteBuffer.allocateDirect(VECTOR * UdpReceiver.BUFFER_BYTES).order(ByteOrder.BIG_ENDIAN);
        final Pointer dataAddress = Pointer.wrap(runtime, data);
        for (int i = 0; i < VECTOR; i++)
        {
            iovecs.putAddress((long)i * IOVEC_BYTES, dataAddress.address() + (long)i * UdpReceiver.BUFFER_BYTES);
            iovecs.putLong((long)i * IOVEC_BYTES + 8, UdpReceiver.BUFFER_BYTES);
            final long header = (long)i * MMSGHDR_BYTES;
            vector.putAddress(header + NAME_OFFSET, names.address() + (long)i * SOCKADDR_BYTES);
            vector.putInt(header + NAMELEN_OFFSET, SOCKADDR_BYTES);
            vector.putAddress(header + IOV_OFFSET, iovecs.address() + (long)i * IOVEC_BYTES);
            vector.putLong(header + IOVLEN_OFFSET, 1);
        }
        pollfd.putInt(0, fd);
        pollfd.putShort(4, LibC.POLLIN);
    }

    /**
     * @return null when the native path can be used here, else why not.
     */
    static Throwable unavailabilityCause()
    {
        if ("false".equalsIgnoreCase(System.getProperty(SWITCH_PROPERTY)))
        {
            return new UnsupportedOperationException("switched off by -D" + SWITCH_PROPERTY + "=false");
        }
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        final String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")) ||
            ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
        {
            return new UnsupportedOperationException("recvmmsg is used on Linux x86-64 and AArch64 only, not " +
                os + " " + arch);
        }
        try
        {
            return Native.CAUSE;
        }
        catch (final LinkageError ex)
        {
            return ex;
        }
    }

    /**
     * @param address            where to bind.
     * @param port               the port (0 = any).
     * @param receiveBufferBytes {@code SO_RCVBUF} to ask for, 0 for the OS default.
     * @param reusePort          set {@code SO_REUSEPORT}.
     * @param reusePortKey       the configuration key to name when that fails.
     * @return the bound port.
     * @throws IOException when it cannot be opened or bound.
     */
    static RecvmmsgDatagramPort open(final InetAddress address, final int port, final int receiveBufferBytes,
        final boolean reusePort, final String reusePortKey) throws IOException
    {
        final LibC libc = Native.LIBC;
        final Runtime runtime = Native.RUNTIME;
        final boolean ipv6 = address.getAddress().length == 16;
        final int fd = libc.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        if (fd < 0)
        {
            throw new IOException("socket: errno " + runtime.getLastError());
        }
        try
        {
            final Pointer value = Memory.allocateDirect(runtime, 4, true);
            if (reusePort)
            {
                value.putInt(0, 1);
                check(libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEPORT, value, 4),
                    reusePortKey + " above 1 needs SO_REUSEPORT; setsockopt");
            }
            if (receiveBufferBytes > 0)
            {
                value.putInt(0, receiveBufferBytes);
                check(libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, value, 4), "setsockopt SO_RCVBUF");
            }
            final Pointer sockaddr = Memory.allocateDirect(runtime, SOCKADDR_BYTES, true);
            if (libc.bind(fd, sockaddr, writeSockaddr(sockaddr, address, port)) != 0)
            {
                final int errno = runtime.getLastError();
                final String message = "bind " + address.getHostAddress() + ":" + port + ": errno " + errno;
                throw errno == ERRNO_ADDRESS_IN_USE ? new BindException(message) : new IOException(message);
            }
            return new RecvmmsgDatagramPort(fd);
        }
        catch (final IOException | RuntimeException ex)
        {
            libc.close(fd);
            throw ex;
        }
    }

    private static void check(final int result, final String what) throws IOException
    {
        if (result != 0)
        {
            throw new IOException(what + ": errno " + Native.RUNTIME.getLastError());
        }
    }

    private static int writeSockaddr(final Pointer sockaddr, final InetAddress address, final int port)
    {
        final byte[] bytes = address.getAddress();
        sockaddr.putShort(2, Short.reverseBytes((short)port));
        if (bytes.length == 4)
        {
            sockaddr.putShort(0, (short)LibC.AF_INET);
            sockaddr.put(4, bytes, 0, 4);
            return 16;
        }
        sockaddr.putShort(0, (short)LibC.AF_INET6);
        sockaddr.put(8, bytes, 0, 16);
        sockaddr.putInt(24, address instanceof Inet6Address ? ((Inet6Address)address).getScopeId() : 0);
        return SOCKADDR_BYTES;
    }

    @Override
    public InetSocketAddress localAddress() throws IOException
    {
        final Pointer sockaddr = Memory.allocateDirect(runtime, SOCKADDR_BYTES, true);
        final Pointer length = Memory.allocateDirect(runtime, 4, true);
        length.putInt(0, SOCKADDR_BYTES);
        check(libc.getsockname(fd, sockaddr, length), "getsockname");
        final int port = Short.toUnsignedInt(Short.reverseBytes(sockaddr.getShort(2)));
        final byte[] bytes = new byte[sockaddr.getShort(0) == LibC.AF_INET ? 4 : 16];
        sockaddr.get(bytes.length == 4 ? 4 : 8, bytes, 0, bytes.length);
        return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    }

    @Override
    public int receiveBufferBytes() throws IOException
    {
        final Pointer value = Memory.allocateDirect(runtime, 4, true);
        final Pointer length = Memory.allocateDirect(runtime, 4, true);
        length.putInt(0, 4);
        check(libc.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, value, length), "getsockopt SO_RCVBUF");
        return value.getInt(0);
    }

    @Override
    public int receive(final Handler handler, final int max) throws IOException
    {
        int total = 0;
        while (total < max)
        {
            final int wanted = Math.min(VECTOR, max - total);
            final int received = libc.recvmmsg(fd, vector, wanted, LibC.MSG_DONTWAIT, null);
            if (received < 0)
            {
                final int errno = runtime.getLastError();
                if (errno == LibC.EAGAIN || errno == LibC.EINTR)
                {
                    return total;
                }
                throw new IOException("recvmmsg: errno " + errno);
            }
            for (int i = 0; i < received; i++)
            {
                deliver(handler, i);
            }
            total += received;
            if (received < wanted)
            {
                return total;
            }
        }
        return total;
    }

    private void deliver(final Handler handler, final int index)
    {
        final long header = (long)index * MMSGHDR_BYTES;
        final int length = vector.getInt(header + LENGTH_OFFSET);
        final int flags = vector.getInt(header + FLAGS_OFFSET);
        final InetAddress source = source(index);
        vector.putInt(header + NAMELEN_OFFSET, SOCKADDR_BYTES);
        if ((flags & LibC.MSG_TRUNC) != 0)
        {
            handler.onTruncated(length);
            return;
        }
        final int start = index * UdpReceiver.BUFFER_BYTES;
        data.clear().position(start).limit(start + length);
        handler.onDatagram(data, source);
    }

    private InetAddress source(final int index)
    {
        final long base = (long)index * SOCKADDR_BYTES;
        final int family = names.getShort(base);
        final long high;
        final long low;
        if (family == LibC.AF_INET)
        {
            high = 0;
            low = Integer.toUnsignedLong(Integer.reverseBytes(names.getInt(base + 4)));
        }
        else
        {
            high = Long.reverseBytes(names.getLong(base + 8));
            low = Long.reverseBytes(names.getLong(base + 16));
        }
        if (lastSource != null && family == lastFamily && high == lastHigh && low == lastLow)
        {
            return lastSource;
        }
        lastSource = toAddress(family, high, low);
        lastFamily = family;
        lastHigh = high;
        lastLow = low;
        return lastSource;
    }

    private static InetAddress toAddress(final int family, final long high, final long low)
    {
        final boolean ipv4 = family == LibC.AF_INET || (high == 0 && (low >>> 32) == 0xFFFFL);
        final byte[] bytes = new byte[ipv4 ? 4 : 16];
        if (ipv4)
        {
            ByteBuffer.wrap(bytes).putInt((int)low);
        }
        else
        {
            ByteBuffer.wrap(bytes).putLong(high).putLong(low);
        }
        try
        {
            return InetAddress.getByAddress(bytes);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex); // cannot happen: 4 or 16 bytes
        }
    }

    @Override
    public void await(final long timeoutMillis) throws IOException
    {
        pollfd.putShort(6, (short)0);
        if (libc.poll(pollfd, 1, (int)timeoutMillis) < 0)
        {
            final int errno = runtime.getLastError();
            if (errno != LibC.EINTR)
            {
                throw new IOException("poll: errno " + errno);
            }
        }
    }

    @Override
    public void wakeup()
    {
        // poll(2) returns by its timeout; nothing to do
    }

    @Override
    public String kind()
    {
        return "recvmmsg";
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            libc.close(fd);
        }
    }

    /** Binds libc on first use; holds why it could not. */
    private static final class Native
    {
        static final LibC LIBC;
        static final Runtime RUNTIME;
        static final Throwable CAUSE;

        static
        {
            LibC libc = null;
            Runtime runtime = null;
            Throwable cause = null;
            try
            {
                libc = LibraryLoader.create(LibC.class).load("c");
                runtime = Runtime.getRuntime(libc);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                cause = ex;
            }
            LIBC = libc;
            RUNTIME = runtime;
            CAUSE = cause;
        }

        private Native()
        {
        }
    }
}
