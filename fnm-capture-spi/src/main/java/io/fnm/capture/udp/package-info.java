/**
 * For datagram-based capture backends (NetFlow/IPFIX, sFlow...): the {@link io.fnm.capture.udp.DatagramDecoder}
 * contract a protocol implements, the one {@link io.fnm.capture.udp.UdpReceiver} that feeds decoders from sockets
 * (batching, wake-ups, errors, counters, {@code SO_REUSEPORT}), and {@link io.fnm.capture.udp.DatagramReplay}, which
 * feeds them from pcap files on the capture's own clock.
 */
package io.fnm.capture.udp;
