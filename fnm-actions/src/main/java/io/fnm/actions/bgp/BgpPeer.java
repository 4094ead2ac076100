package io.fnm.actions.bgp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One BGP neighbour the speaker connects to (it is always the active side, RFC 4271 §8.2.1): its address and port, its
 * AS and ours (equal ASes make an iBGP session), our router id, the hold time we offer, and optionally the local
 * address to connect from. Immutable.
 */
public final class BgpPeer
{
    /** The BGP port. */
    public static final int DEFAULT_PORT = 179;
    /** The hold time offered by default, seconds (RFC 4271 suggests 90). */
    public static final int DEFAULT_HOLD_TIME_SECONDS = 90;

    private final InetAddress address;
    private final int port;
    private final long peerAs;
    private final long localAs;
    private final Inet4Address routerId;
    private final int holdTimeSeconds;
    private final InetAddress localAddress;

    /**
     * @param address         the neighbour's address.
     * @param port            its TCP port, 1..65535.
     * @param peerAs          its AS, 1..4294967295.
     * @param localAs         our AS, 1..4294967295.
     * @param routerId        our BGP identifier, not 0.0.0.0.
     * @param holdTimeSeconds the hold time we offer: 0 (no keepalives) or 3..65535.
     * @param localAddress    the address to connect from, or null for the system's choice.
     */
    public BgpPeer(final InetAddress address, final int port, final long peerAs, final long localAs,
        final Inet4Address routerId, final int holdTimeSeconds, final InetAddress localAddress)
    {
        this.address = Objects.requireNonNull(address, "address");
        this.routerId = Objects.requireNonNull(routerId, "routerId");
        if (port < 1 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        checkAs(peerAs, "peerAs");
        checkAs(localAs, "localAs");
        if (holdTimeSeconds != 0 && (holdTimeSeconds < 3 || holdTimeSeconds > 0xFFFF))
        {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535: " + holdTimeSeconds);
        }
        if (routerId.isAnyLocalAddress())
        {
            throw new IllegalArgumentException("router id must not be 0.0.0.0");
        }
        this.port = port;
        this.peerAs = peerAs;
        this.localAs = localAs;
        this.holdTimeSeconds = holdTimeSeconds;
        this.localAddress = localAddress;
    }

    private static void checkAs(final long as, final String what)
    {
        if (as < 1 || as > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException(what + " must be 1..4294967295: " + as);
        }
    }

    /**
     * @return the neighbour's address.
     */
    public InetAddress address()
    {
        return address;
    }

    /**
     * @return the neighbour's TCP port.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return the neighbour's AS.
     */
    public long peerAs()
    {
        return peerAs;
    }

    /**
     * @return our AS.
     */
    public long localAs()
    {
        return localAs;
    }

    /**
     * @return true when the neighbour is in our AS.
     */
    public boolean ibgp()
    {
        return peerAs == localAs;
    }

    /**
     * @return our BGP identifier.
     */
    public Inet4Address routerId()
    {
        return routerId;
    }

    /**
     * @return the hold time we offer, seconds.
     */
    public int holdTimeSeconds()
    {
        return holdTimeSeconds;
    }

    /**
     * @return the address to connect from, or null.
     */
    public InetAddress localAddress()
    {
        return localAddress;
    }

    /**
     * @return {@code address:port} ({@code [v6]:port}), the {@code peer} label of the counters.
     */
    public String label()
    {
        final String host = Addresses.text(address.getAddress());
        return (address instanceof Inet6Address ? '[' + host + ']' : host) + ':' + port;
    }

    @Override
    public String toString()
    {
        return "BgpPeer{" + label() + " AS" + peerAs + ", local AS" + localAs + ", router-id " +
            routerId.getHostAddress() + ", hold " + holdTimeSeconds + "s" +
            (localAddress == null ? "" : ", from " + localAddress.getHostAddress()) + '}';
    }
}
