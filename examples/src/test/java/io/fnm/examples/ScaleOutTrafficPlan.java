package io.fnm.examples;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step of the scale-out test's traffic as sampled packets: TCP background to and from 20 IPv4 and 5 IPv6 hosts
 * of the test's networks, and one flood per {@link RunnerKafkaRolesIT.Victim} (UDP, SYN or ICMP in, UDP out, UDP to an
 * IPv6 host). At sampling ratio N a rate of R pps is emitted as R/N records per second, the remainder carried over.
 */
final class ScaleOutTrafficPlan
{
    private static final int IPV4_HOSTS = 20;
    private static final int IPV6_HOSTS = 5;
    private static final long IPV6_NETWORK_HIGH = 0x20010db800000000L;
    private static final long IPV6_REMOTE_HIGH = 0x2a00145000000000L;

    private final SplittableRandom random = new SplittableRandom(2026);
    private final TrafficRecord record = new TrafficRecord();
    private final List<RunnerKafkaRolesIT.Victim> victims;
    private final long samplingRatio;
    private final double[] carry;
    private final int network = IpAddresses.parseIpv4("203.0.113.0");

    ScaleOutTrafficPlan(final List<RunnerKafkaRolesIT.Victim> victims, final long samplingRatio)
    {
        this.victims = victims;
        this.samplingRatio = samplingRatio;
        carry = new double[IPV4_HOSTS + IPV6_HOSTS + victims.size()];
    }

    void step(final double seconds, final EndToEndFixture.TrafficPlan.Emitter out) throws IOException
    {
        for (int host = 0; host < IPV4_HOSTS + IPV6_HOSTS; host++)
        {
            final int count = take(host, EndToEndFixture.BACKGROUND_PPS * seconds);
            for (int i = 0; i < count; i++)
            {
                final boolean in = random.nextBoolean();
                if (host < IPV4_HOSTS)
                {
                    final int local = network + 10 + host;
                    final int remote = 0xC6336400 | random.nextInt(256);
                    record.reset().ipv4(in ? remote : local, in ? local : remote);
                }
                else
                {
                    final long local = 0x100 + host;
                    final long remote = random.nextInt(1 << 16);
                    record.reset().ipv6(in ? IPV6_REMOTE_HIGH : IPV6_NETWORK_HIGH, in ? remote : local,
                        in ? IPV6_NETWORK_HIGH : IPV6_REMOTE_HIGH, in ? local : remote);
                }
                out.emit(record.protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_ACK)
                    .ports(in ? 40000 + random.nextInt(20000) : 443, in ? 443 : 40000 + random.nextInt(20000))
                    .packets(1).bytes(900).samplingRatio(samplingRatio));
            }
        }
        for (int v = 0; v < victims.size(); v++)
        {
            final RunnerKafkaRolesIT.Victim victim = victims.get(v);
            final int count = take(IPV4_HOSTS + IPV6_HOSTS + v, EndToEndFixture.FLOOD_PPS * seconds);
            for (int i = 0; i < count; i++)
            {
                out.emit(flood(victim.kind(), victim.address()).packets(1).samplingRatio(samplingRatio));
            }
        }
    }

    private TrafficRecord flood(final RunnerKafkaRolesIT.Flood kind, final InetAddress victim)
    {
        final byte[] address = victim.getAddress();
        final int remote = 0x0B000000 | random.nextInt(0xFFFFFF);
        switch (kind)
        {
            case SYN_IN:
                return record.reset().ipv4(remote, ByteBuffer.wrap(address).getInt())
                    .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_SYN)
                    .ports(1024 + random.nextInt(60000), 80).bytes(60);
            case ICMP_IN:
                return record.reset().ipv4(remote, ByteBuffer.wrap(address).getInt())
                    .protocol(TrafficRecord.PROTOCOL_ICMP).icmp(8, 0).bytes(84);
            case UDP_OUT:
                return record.reset().ipv4(ByteBuffer.wrap(address).getInt(), remote)
                    .protocol(TrafficRecord.PROTOCOL_UDP).ports(1024 + random.nextInt(60000), 53).bytes(512);
            case UDP_IN_IPV6:
                return record.reset().ipv6(IPV6_REMOTE_HIGH, remote, ByteBuffer.wrap(address).getLong(),
                    ByteBuffer.wrap(address).getLong(8)).protocol(TrafficRecord.PROTOCOL_UDP)
                    .ports(1024 + random.nextInt(60000), 53).bytes(512);
            default:
                return record.reset().ipv4(remote, ByteBuffer.wrap(address).getInt())
                    .protocol(TrafficRecord.PROTOCOL_UDP).ports(1024 + random.nextInt(60000), 53).bytes(512);
        }
    }

    private int take(final int slot, final double packets)
    {
        carry[slot] += packets / samplingRatio;
        final int whole = (int)carry[slot];
        carry[slot] -= whole;
        return whole;
    }
}
