package io.fnm.core;

import java.net.InetAddress;

/**
 * One row of {@link DetectionEngine#topHosts(Direction, TopBy, int)}: immutable.
 */
public final class HostTraffic
{
    private final InetAddress address;
    private final String ip;
    private final HostRates rates;
    private final boolean banned;

    /**
     * @param address the host.
     * @param ip      its text form.
     * @param rates   its averages.
     * @param banned  whether it is banned.
     */
    public HostTraffic(final InetAddress address, final String ip, final HostRates rates, final boolean banned)
    {
        this.address = address;
        this.ip = ip;
        this.rates = rates;
        this.banned = banned;
    }

    /**
     * @return the host.
     */
    public InetAddress address()
    {
        return address;
    }

    /**
     * @return dotted quad or RFC 5952 text.
     */
    public String ip()
    {
        return ip;
    }

    /**
     * @return the host's averages.
     */
    public HostRates rates()
    {
        return rates;
    }

    /**
     * @return true when the host is in the ban list.
     */
    public boolean banned()
    {
        return banned;
    }

    @Override
    public String toString()
    {
        return ip + ' ' + rates + (banned ? " banned" : "");
    }
}
