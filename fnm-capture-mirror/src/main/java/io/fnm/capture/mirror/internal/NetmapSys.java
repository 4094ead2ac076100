package io.fnm.capture.mirror.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;

/**
 * The system calls of the netmap receive path (netmap's user API is inline C in {@code netmap_user.h}, and libnetmap
 * is static-only on Linux, so fnm binds the {@code /dev/netmap} ioctl and mmap ABI directly). Bound from libc, or,
 * for the tests, from a stub library whose functions carry the prefix {@code netmap_stub_}. Not API: public only
 * because jnr-ffi generates its implementation in a class loader of its own.
 */
public interface NetmapSys
{
    /** {@code O_RDWR}. */
    int O_RDWR = 2;
    /** {@code NIOCCTRL} = {@code _IOWR('i', 151, struct nmreq_header)} (88 bytes; same on Linux and FreeBSD). */
    long NIOCCTRL = 0xC0586997L;
    /** {@code PROT_READ | PROT_WRITE}. */
    int PROT_READ_WRITE = 3;
    /** {@code MAP_SHARED}. */
    int MAP_SHARED = 1;
    /** {@code POLLIN}. */
    short POLLIN = 1;

    /**
     * @param path  {@code /dev/netmap}.
     * @param flags {@link #O_RDWR}.
     * @return a descriptor or -1.
     */
    @SaveError
    int open(String path, int flags);

    /**
     * @param fd      the descriptor.
     * @param request {@link #NIOCCTRL}.
     * @param header  a {@code struct nmreq_header}.
     * @return 0 or -1.
     */
    @SaveError
    int ioctl(int fd, long request, Pointer header);

    /**
     * @param address null.
     * @param length  {@code nr_memsize}.
     * @param prot    {@link #PROT_READ_WRITE}.
     * @param flags   {@link #MAP_SHARED}.
     * @param fd      the descriptor.
     * @param offset  0.
     * @return the shared memory, or {@code MAP_FAILED}.
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
     * @param fds           one {@code struct pollfd}.
     * @param count         1.
     * @param timeoutMillis the longest wait.
     * @return ready descriptors, 0 on timeout, -1 on error.
     */
    @IgnoreError
    int poll(Pointer fds, long count, int timeoutMillis);

    /**
     * @param fd the descriptor.
     * @return 0 or -1.
     */
    int close(int fd);
}
