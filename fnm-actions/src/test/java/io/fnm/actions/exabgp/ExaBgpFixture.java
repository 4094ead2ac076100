package io.fnm.actions.exabgp;

import io.fnm.capture.IpAddresses;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.IpPrefix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Attacks, settings and FIFOs for the ExaBGP tests.
 */
final class ExaBgpFixture
{
    private ExaBgpFixture()
    {
    }

    static Attack attack(final String ip, final String network, final AttackType type, final Direction direction)
    {
        return Attack.builder().address(IpAddresses.parseLiteral(ip)).direction(direction)
            .protocol(type == AttackType.SYN_FLOOD ? AttackProtocol.TCP : AttackProtocol.UDP).type(type)
            .customerNetwork(network == null ? null : IpPrefix.parse(network)).initialPowerPps(100_000)
            .peakPowerPps(100_000).build();
    }

    static Attack incoming(final String ip, final String network, final AttackType type)
    {
        return attack(ip, network, type, Direction.INCOMING);
    }

    static ExaBgpSettings.Family ipv4(final boolean host, final boolean subnet, final boolean flow)
    {
        return new ExaBgpSettings.Family("192.0.2.1", host, subnet, "65001:666", "65001:777", flow);
    }

    static ExaBgpSettings.Family ipv6(final boolean host, final boolean subnet, final boolean flow)
    {
        return new ExaBgpSettings.Family("2001:db8::ff", host, subnet, "65001:668", "65001:667", flow);
    }

    static ExaBgpSettings settings(final Path pipe, final ExaBgpSettings.Family ipv4,
        final ExaBgpSettings.Family ipv6)
    {
        return new ExaBgpSettings(pipe, Duration.ofMillis(500), ipv4, ipv6);
    }

    static Path mkfifo(final Path path) throws IOException, InterruptedException
    {
        final Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0)
        {
            throw new AssertionError("mkfifo " + path + " failed");
        }
        return path;
    }
}
