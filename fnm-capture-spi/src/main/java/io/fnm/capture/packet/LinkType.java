package io.fnm.capture.packet;

/**
 * What the first byte of the range handed to {@link PacketHeaderParser#parse} starts.
 */
public enum LinkType
{
    /** An Ethernet II frame (destination MAC first). */
    ETHERNET,
    /** A bare IPv4 header. */
    IPV4,
    /** A bare IPv6 header. */
    IPV6,
    /** A bare IP header whose version is read from the first nibble. */
    IP,
    /** A PPP frame (HDLC-like address/control optional, then the PPP protocol), as in pcap link type 9. */
    PPP
}
