package io.fnm.capture.mirror.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls of the AF_PACKET capture path (Linux, x86_64 and aarch64 constants), bound by jnr-ffi. Not API:
 * public only because jnr-ffi generates its implementation in a class loader of its own.
 */
public interface PacketLibC
{
    /** {@code AF_PACKET}. */
    int AF_PACKET = 17;
    /** {@code SOCK_RAW}. */
    int SOCK_RAW = 3;
    /** {@code ETH_P_ALL} in network byte order, as {@code socket(2)} and {@code sockaddr_ll} want it. */
    int ETH_P_ALL_BE = 0x0300;
    /** {@code SOL_PACKET}. */
    int SOL_PACKET = 263;
    /** {@code PACKET_ADD_MEMBERSHIP}. */
    int PACKET_ADD_MEMBERSHIP = 1;
    /** {@code PACKET_MR_PROMISC}. */
    int PACKET_MR_PROMISC = 1;
    /** {@code PACKET_RX_RING}. */
    int PACKET_RX_RING = 5;
    /** {@code PACKET_STATISTICS}. */
    int PACKET_STATISTICS = 6;
    /** {@code PACKET_VERSION}. */
    int PACKET_VERSION = 10;
    /** {@code PACKET_FANOUT}. */
    int PACKET_FANOUT = 18;
    /** {@code PACKET_IGNORE_OUTGOING} (Linux 4.20). */
    int PACKET_IGNORE_OUTGOING = 23;
    /** {@code TPACKET_V3}. */
    int TPACKET_V3 = 2;
    /** {@code PROT_READ | PROT_WRITE}. */
    int PROT_READ_WRITE = 3;
    /** {@code MAP_SHARED}. */
    int MAP_SHARED = 1;
    /** {@code MAP_LOCKED} (x86_64 and aarch64). */
    int MAP_LOCKED = 0x2000;
    /** {@code POLLIN}. */
    short POLLIN = 1;
    /** {@code POLLERR}. */
    short POLLERR = 8;
    /** {@code O_RDONLY}. */
    int O_RDONLY = 0;
    /** {@code CLONE_NEWNET}, for {@link #setns}. */
    int CLONE_NEWNET = 0x40000000;

    /**
     * @param domain   address family.
     * @param type     socket type.
     * @param protocol protocol, network byte order for AF_PACKET.
     * @return a descriptor or -1.
     */
    @SaveError
    int socket(int domain, int type, int protocol);

    /**
     * @param fd     the socket.
     * @param level  option level.
     * @param name   option name.
     * @param value  the value.
     * @param length its length.
     * @return 0 or -1.
     */
    @SaveError
    int setsockopt(int fd, int level, int name, Pointer value, int length);

    /**
     * @param fd     the socket.
     * @param level  option level.
     * @param name   option name.
     * @param value  receives the value.
     * @param length in: its room; out: its length.
     * @return 0 or -1.
     */
    @SaveError
    int getsockopt(int fd, int level, int name, Pointer value, Pointer length);

    /**
     * @param fd      the socket.
     * @param address a {@code sockaddr_ll}.
     * @param length  its length.
     * @return 0 or -1.
     */
    @SaveError
    int bind(int fd, Pointer address, int length);

    /**
     * @param address null.
     * @param length  bytes.
     * @param prot    protection.
     * @param flags   flags.
     * @param fd      the socket.
     * @param offset  0.
     * @return the mapping, or {@code MAP_FAILED} (address -1).
     */
    @SaveError
    Pointer mmap(Pointer address, long length, int prot, int flags, int fd, long offset);

    /**
     * @param address the mapping.
     * @param length  its length.
     * @return 0 or -1.
     */
    int munmap(Pointer address, long length);

    /**
     * @param fds           {@code struct pollfd} array.
     * @param count         entries.
     * @param timeoutMillis timeout.
     * @return ready descriptors, 0 on timeout, -1 on error.
     */
    @IgnoreError
    int poll(Pointer fds, long count, int timeoutMillis);

    /**
     * @param name an interface name.
     * @return its index, or 0.
     */
    @SaveError
    int if_nametoindex(String name);

    /**
     * @param fd      the socket.
     * @param buffer  bytes to send.
     * @param length  how many.
     * @param flags   0.
     * @return bytes sent or -1.
     */
    @SaveError
    long send(int fd, Pointer buffer, long length, int flags);

    /**
     * @param path  a path.
     * @param flags open flags.
     * @return a descriptor or -1.
     */
    @SaveError
    int open(String path, int flags);

    /**
     * Move the calling thread into a namespace (used by tests to open sockets in a network namespace).
     *
     * @param fd     a namespace descriptor.
     * @param nstype the namespace type.
     * @return 0 or -1.
     */
    @SaveError
    int setns(int fd, int nstype);

    /**
     * @param errno an error number.
     * @return its text.
     */
    String strerror(int errno);

    /**
     * @param fd a descriptor.
     * @return 0 or -1.
     */
    int close(int fd);
}
