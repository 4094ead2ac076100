/**
 * A small pure-Java reader for pcap and pcapng capture files ({@link io.fnm.capture.pcap.PcapFileReader}) and a
 * helper that extracts UDP datagrams from captured frames ({@link io.fnm.capture.pcap.UdpDatagramExtractor}), shared
 * by the flow decoders' tools and tests. Corrupt files end iteration with a clear {@link java.io.IOException}; nothing
 * else is thrown.
 */
package io.fnm.capture.pcap;
