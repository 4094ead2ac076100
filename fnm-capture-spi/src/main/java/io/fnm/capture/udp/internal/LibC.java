package io.fnm.capture.udp.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc calls of the {@code recvmmsg(2)} receive path, bound by jnr-ffi. Not API: public only because jnr-ffi
 * generates its implementation in a class loader of its own.
 */
public interface LibC
{
    /** {@code AF_INET}. */
    int AF_INET = 2;
    /** {@code AF_INET6} (Linux). */
    int AF_INET6 = 10;
    /** {@code SOCK_DGRAM}. */
    int SOCK_DGRAM = 2;
    /** {@code SOL_SOCKET} (Linux). */
    int SOL_SOCKET = 1;
    /** {@code SO_RCVBUF} (Linux). */
    int SO_RCVBUF = 8;
    /** {@code SO_REUSEPORT} (Linux). */
    int SO_REUSEPORT = 15;
    /** {@code MSG_DONTWAIT} (Linux). */
    int MSG_DONTWAIT = 0x40;
    /** {@code MSG_TRUNC} (Linux), in {@code msg_flags}. */
    int MSG_TRUNC = 0x20;
    /** {@code POLLIN}. */
    short POLLIN = 1;
    /** {@code EAGAIN} (Linux). */
    int EAGAIN = 11;
    /** {@code EINTR}. */
    int EINTR = 4;

    /**
     * @param domain   address family.
     * @param type     socket type.
     * @param protocol 0.
     * @return a descriptor or -1.
     */
    @SaveError
    int socket(int domain, int type, int protocol);

    /**
     * @param fd      the socket.
     * @param address a {@code sockaddr}.
     * @param length  its length.
     * @return 0 or -1.
     */
    @SaveError
    int bind(int fd, Pointer address, int length);

    /**
     * @param fd      the socket.
     * @param address receives the {@code sockaddr}.
     * @param length  in: its room; out: its length.
     * @return 0 or -1.
     */
    @SaveError
    int getsockname(int fd, Pointer address, Pointer length);

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
     * @param vector  an array of {@code struct mmsghdr}.
     * @param length  its length.
     * @param flags   {@code MSG_*}.
     * @param timeout null.
     * @return messages received, or -1.
     */
    @SaveError
    int recvmmsg(int fd, Pointer vector, int length, int flags, Pointer timeout);

    /**
     * @param fds           an array of {@code struct pollfd}.
     * @param count         its length.
     * @param timeoutMillis how long to wait.
     * @return ready descriptors, 0 on timeout, -1 on error.
     */
    @SaveError
    int poll(Pointer fds, long count, int timeoutMillis);

    /**
     * @param fd a descriptor.
     * @return 0 or -1.
     */
    int close(int fd);
}
