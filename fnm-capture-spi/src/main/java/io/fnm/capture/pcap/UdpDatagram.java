package io.fnm.capture.pcap;

import io.fnm.capture.IpAddresses;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A UDP datagram found in a frame by {@link UdpDatagramExtractor}: addresses and ports of both ends, and where the
 * payload lies in the frame's buffer. A reused flyweight; the payload stays in the caller's buffer.
 */
public final class UdpDatagram
{
    int ipVersion;
    int srcIpv4;
    int dstIpv4;
    long srcIpv6High;
    long srcIpv6Low;
    long dstIpv6High;
    long dstIpv6Low;
    int srcPort;
    int dstPort;
    int payloadOffset;
    int payloadLength;
    boolean truncated;

    /**
     * @return 4 or 6.
     */
    public int ipVersion()
    {
        return ipVersion;
    }

    /**
     * @return IPv4 source address in network order (when {@link #ipVersion()} is 4).
     */
    public int srcIpv4()
    {
        return srcIpv4;
    }

    /**
     * @return IPv4 destination address in network order (when {@link #ipVersion()} is 4).
     */
    public int dstIpv4()
    {
        return dstIpv4;
    }

    /**
     * @return high 64 bits of the IPv6 source address.
     */
    public long srcIpv6High()
    {
        return srcIpv6High;
    }

    /**
     * @return low 64 bits of the IPv6 source address.
     */
    public long srcIpv6Low()
    {
        return srcIpv6Low;
    }

    /**
     * @return high 64 bits of the IPv6 destination address.
     */
    public long dstIpv6High()
    {
        return dstIpv6High;
    }

    /**
     * @return low 64 bits of the IPv6 destination address.
     */
    public long dstIpv6Low()
    {
        return dstIpv6Low;
    }

    /**
     * @return UDP source port.
     */
    public int srcPort()
    {
        return srcPort;
    }

    /**
     * @return UDP destination port.
     */
    public int dstPort()
    {
        return dstPort;
    }

    /**
     * @return absolute index of the first payload byte in the frame buffer.
     */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /**
     * @return payload bytes present in the frame.
     */
    public int payloadLength()
    {
        return payloadLength;
    }

    /**
     * @return true when the capture holds fewer payload bytes than the UDP header announced (snap length).
     */
    public boolean truncated()
    {
        return truncated;
    }

    /**
     * @return the source address as an object (allocates; for tools and tests, not the hot path).
     */
    public InetAddress sourceAddress()
    {
        return ipVersion == 4 ?
            IpAddresses.toInetAddress(srcIpv4) : IpAddresses.toInetAddress(srcIpv6High, srcIpv6Low);
    }

    /**
     * @return the destination address as an object (allocates).
     */
    public InetAddress destinationAddress()
    {
        return ipVersion == 4 ?
            IpAddresses.toInetAddress(dstIpv4) : IpAddresses.toInetAddress(dstIpv6High, dstIpv6Low);
    }

    /**
     * @return source address and port (allocates).
     */
    public InetSocketAddress source()
    {
        return new InetSocketAddress(sourceAddress(), srcPort);
    }
}
