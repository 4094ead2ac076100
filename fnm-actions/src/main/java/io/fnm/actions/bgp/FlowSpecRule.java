package io.fnm.actions.bgp;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A FlowSpec match (RFC 8955 for IPv4, RFC 8956 for IPv6) about one host of ours: the host as destination (an
 * incoming attack) or source (an outgoing one), and optionally the IP protocol, one source port, one destination
 * port, "SYN without ACK" and "is a fragment". Immutable; {@link #text()} is the operator's notation, e.g.
 * {@code destination 192.0.2.10/32 protocol udp source-port =53}, and {@link #nlri()} the encoded components.
 */
public final class FlowSpecRule
{
    /** No value for a port or the protocol. */
    public static final int ANY = -1;

    private static final int DESTINATION_PREFIX = 1;
    private static final int SOURCE_PREFIX = 2;
    private static final int IP_PROTOCOL = 3;
    private static final int DESTINATION_PORT = 5;
    private static final int SOURCE_PORT = 6;
    private static final int TCP_FLAGS = 9;
    private static final int FRAGMENT = 12;
    private static final int OP_END = 0x80;
    private static final int OP_AND = 0x40;
    private static final int OP_EQUAL = 0x01;
    private static final int OP_TWO_BYTES = 0x10;
    private static final int BITMASK_NOT = 0x02;
    private static final int BITMASK_MATCH = 0x01;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_ACK = 0x10;
    private static final int IS_FRAGMENT = 0x02;

    private final InetAddress host;
    private final boolean hostIsSource;
    private final int protocol;
    private final int sourcePort;
    private final int destinationPort;
    private final boolean synWithoutAck;
    private final boolean fragment;

    private FlowSpecRule(final InetAddress host, final boolean hostIsSource, final int protocol, final int sourcePort,
        final int destinationPort, final boolean synWithoutAck, final boolean fragment)
    {
        this.host = Objects.requireNonNull(host, "host");
        this.hostIsSource = hostIsSource;
        this.protocol = protocol;
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.synWithoutAck = synWithoutAck;
        this.fragment = fragment;
    }

    /**
     * @param host         our host.
     * @param hostIsSource true to match it as source (an outgoing attack), false as destination.
     * @return a rule matching all traffic of the host in that direction; narrow it with the {@code with} methods.
     */
    public static FlowSpecRule forHost(final InetAddress host, final boolean hostIsSource)
    {
        return new FlowSpecRule(host, hostIsSource, ANY, ANY, ANY, false, false);
    }

    /**
     * @param ipProtocol the IP protocol (IPv6: next header), 0..255.
     * @return a copy matching it.
     */
    public FlowSpecRule withProtocol(final int ipProtocol)
    {
        return new FlowSpecRule(host, hostIsSource, check(ipProtocol, 255), sourcePort, destinationPort,
            synWithoutAck, fragment);
    }

    /**
     * @param port the source port, 0..65535.
     * @return a copy matching it.
     */
    public FlowSpecRule withSourcePort(final int port)
    {
        return new FlowSpecRule(host, hostIsSource, protocol, check(port, 0xFFFF), destinationPort, synWithoutAck,
            fragment);
    }

    /**
     * @param port the destination port, 0..65535.
     * @return a copy matching it.
     */
    public FlowSpecRule withDestinationPort(final int port)
    {
        return new FlowSpecRule(host, hostIsSource, protocol, sourcePort, check(port, 0xFFFF), synWithoutAck,
            fragment);
    }

    /**
     * @return a copy matching TCP segments with SYN set and ACK clear.
     */
    public FlowSpecRule withSynWithoutAck()
    {
        return new FlowSpecRule(host, hostIsSource, protocol, sourcePort, destinationPort, true, fragment);
    }

    /**
     * @return a copy matching IP fragments.
     */
    public FlowSpecRule withFragment()
    {
        return new FlowSpecRule(host, hostIsSource, protocol, sourcePort, destinationPort, synWithoutAck, true);
    }

    private static int check(final int value, final int max)
    {
        if (value < 0 || value > max)
        {
            throw new IllegalArgumentException(value + " is out of range [0, " + max + "]");
        }
        return value;
    }

    /**
     * @return 4 or 6.
     */
    public int ipVersion()
    {
        return host instanceof Inet6Address ? 6 : 4;
    }

    /**
     * @return our host.
     */
    public InetAddress host()
    {
        return host;
    }

    /**
     * @return the protocol matched, or {@link #ANY}.
     */
    public int protocol()
    {
        return protocol;
    }

    /**
     * @return the source port matched, or {@link #ANY}.
     */
    public int sourcePort()
    {
        return sourcePort;
    }

    /**
     * @return the destination port matched, or {@link #ANY}.
     */
    public int destinationPort()
    {
        return destinationPort;
    }

    /**
     * @return true when only SYN-without-ACK segments match.
     */
    public boolean synWithoutAck()
    {
        return synWithoutAck;
    }

    /**
     * @return true when only fragments match.
     */
    public boolean fragment()
    {
        return fragment;
    }

    /**
     * @return the components in type order (RFC 8955 §4.2), without the NLRI length: the host prefix (/32, or
     * /128 with offset 0 for IPv6), then {@code =value} numeric operators for protocol and ports, the bitmask
     * operators {@code match SYN AND NOT ACK} for TCP flags and {@code IsF} for fragments.
     */
    public byte[] nlri()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        final byte[] address = host.getAddress();
        out.write(hostIsSource ? SOURCE_PREFIX : DESTINATION_PREFIX);
        out.write(address.length * 8);
        if (address.length == 16)
        {
            out.write(0);
        }
        out.write(address, 0, address.length);
        if (protocol != ANY)
        {
            out.write(IP_PROTOCOL);
            numeric(out, protocol);
        }
        if (destinationPort != ANY)
        {
            out.write(DESTINATION_PORT);
            numeric(out, destinationPort);
        }
        if (sourcePort != ANY)
        {
            out.write(SOURCE_PORT);
            numeric(out, sourcePort);
        }
        if (synWithoutAck)
        {
            out.write(TCP_FLAGS);
            out.write(BITMASK_MATCH);
            out.write(TCP_SYN);
            out.write(OP_END | OP_AND | BITMASK_NOT);
            out.write(TCP_ACK);
        }
        if (fragment)
        {
            out.write(FRAGMENT);
            out.write(OP_END);
            out.write(IS_FRAGMENT);
        }
        return out.toByteArray();
    }

    private static void numeric(final ByteArrayOutputStream out, final int value)
    {
        if (value > 0xFF)
        {
            out.write(OP_END | OP_TWO_BYTES | OP_EQUAL);
            out.write(value >>> 8);
            out.write(value);
        }
        else
        {
            out.write(OP_END | OP_EQUAL);
            out.write(value);
        }
    }

    /**
     * @return the rule as an operator writes it, e.g.
     * {@code destination 192.0.2.10/32 protocol tcp destination-port =80 tcp-flags syn/!ack}.
     */
    public String text()
    {
        final StringBuilder sb = new StringBuilder(96);
        sb.append(hostIsSource ? "source " : "destination ").append(Addresses.text(host.getAddress()))
            .append(host instanceof Inet6Address ? "/128" : "/32");
        if (protocol != ANY)
        {
            sb.append(" protocol ").append(protocolName(protocol));
        }
        if (destinationPort != ANY)
        {
            sb.append(" destination-port =").append(destinationPort);
        }
        if (sourcePort != ANY)
        {
            sb.append(" source-port =").append(sourcePort);
        }
        if (synWithoutAck)
        {
            sb.append(" tcp-flags syn/!ack");
        }
        if (fragment)
        {
            sb.append(" fragment is-fragment");
        }
        return sb.toString();
    }

    private static String protocolName(final int protocol)
    {
        return switch (protocol)
        {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "ipv6-icmp";
            default -> Integer.toString(protocol);
        };
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof FlowSpecRule))
        {
            return false;
        }
        final FlowSpecRule r = (FlowSpecRule)o;
        return host.equals(r.host) && hostIsSource == r.hostIsSource && protocol == r.protocol &&
            sourcePort == r.sourcePort && destinationPort == r.destinationPort && synWithoutAck == r.synWithoutAck &&
            fragment == r.fragment;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(host, hostIsSource, protocol, sourcePort, destinationPort, synWithoutAck, fragment);
    }

    @Override
    public String toString()
    {
        return text();
    }
}
