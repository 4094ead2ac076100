package io.fnm.actions.exabgp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the ExaBGP action announces, per address family; read from {@code fastnetmon.conf} by
 * {@link ExaBgpActionProvider}.
 *
 * @param commandPipe     ExaBGP's command pipe ({@code exabgp_command_pipe}).
 * @param pipeTimeout     the longest one batch of lines may take to write (ours).
 * @param ipv4            IPv4 announces ({@code exabgp_next_hop}, {@code exabgp_announce_host}...).
 * @param ipv6            IPv6 announces ({@code exabgp_next_hop_ipv6}, {@code exabgp_announce_host_ipv6}..., ours).
 */
public record ExaBgpSettings(Path commandPipe, Duration pipeTimeout, Family ipv4, Family ipv6)
{
    /**
     * @param commandPipe the pipe.
     * @param pipeTimeout positive.
     * @param ipv4        IPv4 announces.
     * @param ipv6        IPv6 announces.
     */
    public ExaBgpSettings
    {
        Objects.requireNonNull(commandPipe, "commandPipe");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        if (pipeTimeout.isNegative() || pipeTimeout.isZero())
        {
            throw new IllegalArgumentException("pipeTimeout must be positive: " + pipeTimeout);
        }
    }

    /**
     * @param ipVersion 4 or 6.
     * @return that family's settings.
     */
    public Family family(final int ipVersion)
    {
        return ipVersion == 6 ? ipv6 : ipv4;
    }

    /**
     * One address family's announces.
     *
     * @param nextHop           the next hop of blackhole routes (an address, or ExaBGP's {@code self}); may be
     *                          empty only when neither route is announced.
     * @param announceHost      announce the host ({@code /32}, {@code /128}).
     * @param announceSubnet    announce the matched {@code networks_list} prefix, before the host.
     * @param communityHost     community text of the host route, verbatim; empty for none.
     * @param communitySubnet   community text of the subnet route, verbatim; empty for none.
     * @param flowSpec          announce a FlowSpec rule for attack types that have one, withdrawn on unban.
     */
    public record Family(String nextHop, boolean announceHost, boolean announceSubnet, String communityHost,
        String communitySubnet, boolean flowSpec)
    {
        /** Nothing announced. */
        public static final Family OFF = new Family("", false, false, "", "", false);

        /**
         * @param nextHop         the next hop.
         * @param announceHost    host route.
         * @param announceSubnet  subnet route.
         * @param communityHost   host community.
         * @param communitySubnet subnet community.
         * @param flowSpec        FlowSpec rules.
         */
        public Family
        {
            Objects.requireNonNull(nextHop, "nextHop");
            Objects.requireNonNull(communityHost, "communityHost");
            Objects.requireNonNull(communitySubnet, "communitySubnet");
            if ((announceHost || announceSubnet) && nextHop.isEmpty())
            {
                throw new IllegalArgumentException("a next hop is needed to announce routes");
            }
        }

        /**
         * @return true when this family announces anything.
         */
        public boolean announcesAnything()
        {
            return announceHost || announceSubnet || flowSpec;
        }
    }
}
