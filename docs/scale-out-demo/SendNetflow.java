import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import org.apache.kafka.common.utils.Utils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scale-out demo's exporter, with the runner jar's NetFlow generator:
 * {@code java -cp examples/target/fnm-runner-0.1.0-SNAPSHOT.jar docs/scale-out-demo/SendNetflow.java
 * [127.0.0.1:2055] [seconds]} sends NetFlow v9 sampled 1:10 for 20 s by default: 400 pps of TCP background to and
 * from each of 20 hosts of 203.0.113.0/24, and 20 000 pps floods: UDP to 203.0.113.50, SYN to 203.0.113.60, ICMP to
 * 203.0.113.70, UDP from 203.0.113.80 (outgoing) and UDP to 2001:db8::50. It prints each victim's flows partition.
 */
public final class SendNetflow
{
    private static final long SAMPLING = 10;
    private static final int FLOOD_PPS = 20_000;
    private static final int BACKGROUND_PPS = 400;
    private static final String[] VICTIMS = {"203.0.113.50", "203.0.113.60", "203.0.113.70", "203.0.113.80",
        "2001:db8::50"};

    private SendNetflow()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String[] target = (args.length > 0 ? args[0] : "127.0.0.1:2055").split(":");
        final long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        for (final String victim : VICTIMS)
        {
            final byte[] address = InetAddress.getByName(victim).getAddress();
            System.out.println("victim " + victim + " is on partition "
                + Utils.toPositive(Utils.murmur2(address)) % 12 + " of fnm.flows.v1");
        }
        final SplittableRandom random = new SplittableRandom(1);
        final NetflowGenerator generator = new NetflowGenerator(1, System.currentTimeMillis() - 60_000);
        final ByteBuffer datagram = ByteBuffer.allocate(65_507);
        final List<TrafficRecord> step = new ArrayList<>();
        final int network = IpAddresses.parseIpv4("203.0.113.0");
        long sent = 0;
        try (NetflowUdpSender sender = new NetflowUdpSender(new InetSocketAddress(target[0],
            Integer.parseInt(target[1]))))
        {
            final long end = System.currentTimeMillis() + seconds * 1000;
            while (System.currentTimeMillis() < end)
            {
                step.clear();
                for (int host = 0; host < 20; host++)
                {
                    for (int i = 0; i < BACKGROUND_PPS / SAMPLING / 10; i++)
                    {
                        final boolean in = random.nextBoolean();
                        final int local = network + 10 + host;
                        final int remote = 0xC6336400 | random.nextInt(256);
                        step.add(new TrafficRecord().ipv4(in ? remote : local, in ? local : remote)
                            .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_ACK)
                            .ports(in ? 40000 + random.nextInt(20000) : 443, in ? 443 : 40000 + random.nextInt(20000))
                            .packets(1).bytes(900).samplingRatio(SAMPLING));
                    }
                }
                for (int i = 0; i < FLOOD_PPS / SAMPLING / 10; i++)
                {
                    final int remote = 0x0B000000 | random.nextInt(0xFFFFFF);
                    final int port = 1024 + random.nextInt(60000);
                    step.add(flood().ipv4(remote, IpAddresses.parseIpv4(VICTIMS[0]))
                        .protocol(TrafficRecord.PROTOCOL_UDP).ports(port, 53).bytes(512));
                    step.add(flood().ipv4(remote, IpAddresses.parseIpv4(VICTIMS[1]))
                        .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_SYN).ports(port, 80)
                        .bytes(60));
                    step.add(flood().ipv4(remote, IpAddresses.parseIpv4(VICTIMS[2]))
                        .protocol(TrafficRecord.PROTOCOL_ICMP).icmp(8, 0).bytes(84));
                    step.add(flood().ipv4(IpAddresses.parseIpv4(VICTIMS[3]), remote)
                        .protocol(TrafficRecord.PROTOCOL_UDP).ports(port, 53).bytes(512));
                    step.add(flood().ipv6(0x2a00145000000000L, remote, 0x20010db800000000L, 0x50)
                        .protocol(TrafficRecord.PROTOCOL_UDP).ports(port, 53).bytes(512));
                }
                int next = 0;
                boolean first = true;
                while (next < step.size())
                {
                    datagram.clear();
                    next = generator.writeV9(datagram, step, next, first, SAMPLING, System.currentTimeMillis());
                    first = false;
                    datagram.flip();
                    sender.send(datagram);
                }
                sent += step.size();
                Thread.sleep(100); // pacing: one step of 100 ms of traffic
            }
        }
        System.out.println("sent " + sent + " NetFlow v9 records (1:" + SAMPLING + ") in " + seconds + " s");
    }

    private static TrafficRecord flood()
    {
        return new TrafficRecord().packets(1).samplingRatio(SAMPLING);
    }
}
