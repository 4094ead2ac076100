package io.fnm.examples;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The demo's traffic: steady background traffic to and from the hosts of a /24, and, between two instants, a UDP
 * flood against one victim from many spoofed sources. Deterministic for a given seed.
 */
final class DemoScenario
{
    static final String NETWORK = "203.0.113.0/24";
    static final String VICTIM = "203.0.113.77";
    static final int BACKGROUND_HOSTS = 40;
    static final int BACKGROUND_PPS_PER_HOST = 300;
    static final int FLOOD_PPS = 80_000;
    static final int FLOOD_PACKET_BYTES = 512;

    private static final int NETWORK_BASE = IpAddresses.parseIpv4("203.0.113.0");
    private static final int VICTIM_ADDRESS = IpAddresses.parseIpv4(VICTIM);
    private static final int REMOTE_BASE = IpAddresses.parseIpv4("198.51.100.0");

    private final SplittableRandom random;
    private final long floodStartMillis;
    private final long floodEndMillis;
    private final TrafficRecord record = new TrafficRecord();

    DemoScenario(final long seed, final long floodStartMillis, final long floodEndMillis)
    {
        this.random = new SplittableRandom(seed);
        this.floodStartMillis = floodStartMillis;
        this.floodEndMillis = floodEndMillis;
    }

    boolean flooding(final long elapsedMillis)
    {
        return elapsedMillis >= floodStartMillis && elapsedMillis < floodEndMillis;
    }

    /**
     * Emit the records of one step of the scenario: per host one record in each direction carrying the packets of
     * the step, and the flood as many small records from random sources.
     *
     * @param elapsedMillis time since the start of the scenario.
     * @param stepMillis    the length of the step.
     * @param nowMillis     the wall time to stamp the records with.
     * @param out           receives each record (the same reused instance).
     */
    void step(final long elapsedMillis, final long stepMillis, final long nowMillis, final Consumer<TrafficRecord> out)
    {
        final long backgroundPackets = Math.max(1, BACKGROUND_PPS_PER_HOST * stepMillis / 1000);
        for (int host = 1; host <= BACKGROUND_HOSTS; host++)
        {
            final int local = NETWORK_BASE + host;
            final int remote = REMOTE_BASE + 1 + random.nextInt(200);
            final boolean tcp = random.nextBoolean();
            out.accept(record.reset()
                .ipv4(remote, local)
                .protocol(tcp ? TrafficRecord.PROTOCOL_TCP : TrafficRecord.PROTOCOL_UDP)
                .ports(1024 + random.nextInt(60000), tcp ? 443 : 53)
                .tcpFlags(tcp ? TrafficRecord.TCP_ACK | TrafficRecord.TCP_PSH : 0)
                .packets(backgroundPackets)
                .bytes(backgroundPackets * (200 + random.nextInt(1200)))
                .timestampMillis(nowMillis));
            out.accept(record.reset()
                .ipv4(local, remote)
                .protocol(tcp ? TrafficRecord.PROTOCOL_TCP : TrafficRecord.PROTOCOL_UDP)
                .ports(tcp ? 443 : 53, 1024 + random.nextInt(60000))
                .tcpFlags(tcp ? TrafficRecord.TCP_ACK : 0)
                .packets(backgroundPackets)
                .bytes(backgroundPackets * (200 + random.nextInt(1200)))
                .timestampMillis(nowMillis));
        }
        if (flooding(elapsedMillis))
        {
            final long floodPackets = FLOOD_PPS * stepMillis / 1000;
            final int packetsPerRecord = 20;
            for (long sent = 0; sent < floodPackets; sent += packetsPerRecord)
            {
                final int spoofed = 0x0B000000 | random.nextInt(0x00FFFFFF);
                out.accept(record.reset()
                    .ipv4(spoofed, VICTIM_ADDRESS)
                    .protocol(TrafficRecord.PROTOCOL_UDP)
                    .ports(1024 + random.nextInt(60000), 53)
                    .packets(packetsPerRecord)
                    .bytes((long)packetsPerRecord * FLOOD_PACKET_BYTES)
                    .ttl(64)
                    .timestampMillis(nowMillis));
            }
        }
    }
}
