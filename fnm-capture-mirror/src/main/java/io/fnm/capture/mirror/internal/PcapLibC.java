package io.fnm.capture.mirror.internal;

import jnr.ffi.Pointer;

/**
 * The libpcap calls of the live-capture loop, bound by jnr-ffi on the {@code pcap_t} that pcap4j opened: pcap4j's
 * own read methods allocate a header object, a {@code byte[]} copy and a timestamp per packet. Not API:
 * public only because jnr-ffi generates its implementation in a class loader of its own.
 */
public interface PcapLibC
{
    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **header, const u_char **data)}.
     *
     * @param handle the {@code pcap_t}.
     * @param header receives the address of the packet's header ({@code ts} 16 bytes, {@code caplen}, {@code len}).
     * @param data   receives the address of the packet's bytes.
     * @return 1 for a packet, 0 on timeout, -1 on error, -2 when {@code pcap_breakloop} was called.
     */
    int pcap_next_ex(Pointer handle, Pointer header, Pointer data);

    /**
     * {@code int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf)}: with TPACKET_V3, a blocking
     * {@code pcap_next_ex} waits without end while no packet arrives, whatever the read timeout.
     *
     * @param handle   the {@code pcap_t}.
     * @param nonblock 1 for non-blocking.
     * @param errbuf   {@code PCAP_ERRBUF_SIZE} (256) bytes for the error text.
     * @return 0, or -1 with the text in {@code errbuf}.
     */
    int pcap_setnonblock(Pointer handle, int nonblock, Pointer errbuf);

    /**
     * {@code int pcap_snapshot(pcap_t *p)}: the snap length libpcap settled on, the most a packet's {@code caplen}
     * may be.
     *
     * @param handle the {@code pcap_t}.
     * @return bytes, or a negative error before activation.
     */
    int pcap_snapshot(Pointer handle);

    /**
     * @param handle the {@code pcap_t}.
     * @return a descriptor to {@code poll(2)} for readability, or -1.
     */
    int pcap_get_selectable_fd(Pointer handle);
}
