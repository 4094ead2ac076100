package io.fnm.capture.mirror.internal;

import jnr.ffi.Pointer;

/**
 * The subset of PF_RING's {@code libpfring} (userland/lib/pfring.h) a capture thread uses, bound by jnr-ffi. Not
 * API: public only because jnr-ffi generates its implementation in a class loader of its own.
 * <pre>
 * struct pfring_pkthdr { struct timeval ts; u_int32_t caplen; u_int32_t len; struct pfring_extended_pkthdr ...; }
 *                        0 ts (16 bytes)   16 caplen            20 len            24 ... (size varies by version)
 * typedef struct { u_int64_t recv; u_int64_t drop; u_int64_t shunt; } pfring_stat;   (older versions: recv, drop)
 * </pre>
 */
public interface PfRingLib
{
    /** {@code PF_RING_PROMISC}. */
    int PROMISC = 1 << 3;
    /** {@code PF_RING_DO_NOT_PARSE}: fnm parses in Java; ZC devices do not parse anyway. */
    int DO_NOT_PARSE = 1 << 9;
    /** {@code recv_only_mode} for {@link #pfring_set_socket_mode}. */
    int RECV_ONLY_MODE = 2;

    /**
     * @param device interfaces as PF_RING names them ({@code eth0}, {@code eth0@1}, {@code eth0,eth1},
     *               {@code zc:eth0}).
     * @param caplen bytes captured per packet.
     * @param flags  {@code PF_RING_*} flags.
     * @return the ring, or null.
     */
    Pointer pfring_open(String device, int caplen, int flags);

    /**
     * @param ring the ring.
     * @param name the application name shown by PF_RING.
     * @return 0 or an error.
     */
    int pfring_set_application_name(Pointer ring, String name);

    /**
     * @param ring the ring.
     * @param mode {@link #RECV_ONLY_MODE}.
     * @return 0 or an error.
     */
    int pfring_set_socket_mode(Pointer ring, int mode);

    /**
     * @param ring the ring.
     * @return 0 or an error.
     */
    int pfring_enable_ring(Pointer ring);

    /**
     * @param ring      the ring.
     * @param buffer    a {@code u_char **}: with {@code length} 0, receives the address of the packet in the ring
     *                  (zero copy, valid until the next call).
     * @param length    0 for zero copy.
     * @param header    a {@code struct pfring_pkthdr} (pass 1 KiB: its size depends on the PF_RING version).
     * @param waitForPacket 1 to block until a packet arrives or {@link #pfring_breakloop} is called.
     * @return 1 for a packet, 0 for none, negative on error.
     */
    int pfring_recv(Pointer ring, Pointer buffer, int length, Pointer header, byte waitForPacket);

    /**
     * @param ring  the ring.
     * @param stats a {@code pfring_stat}.
     * @return 0 or an error.
     */
    int pfring_stats(Pointer ring, Pointer stats);

    /**
     * Make a blocked {@link #pfring_recv} return.
     *
     * @param ring the ring.
     */
    void pfring_breakloop(Pointer ring);

    /**
     * @param ring the ring.
     */
    void pfring_close(Pointer ring);
}
