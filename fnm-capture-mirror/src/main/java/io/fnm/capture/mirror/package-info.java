/**
 * Mirrored-traffic capture (pcap files and live capture, AF_PACKET, PF_RING and netmap through jnr-ffi).
 * <p>
 * This module holds only its skeleton until the mirror-capture issue: the shared L2–L4 header parser it will use
 * lives in {@code io.fnm.capture.packet} (fnm-capture-spi), and {@code fnm.jar decode packets FILE} already shows
 * that parser's view of a pcap of mirrored traffic.
 */
package io.fnm.capture.mirror;
