package io.fnm.benchmarks;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.capture.sflow.generator.SflowUdpSender;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of {@code benchmarks/whole-process.sh}: NetFlow v9 or sFlow v5 datagrams written by the project's
 * generators ({@link NetflowGenerator} with {@link NetflowUdpSender}, or {@link SflowUdpSender}) and sent, each one,
 * to every target, so collectors running side by side get the same input in the same run.
 * <p>
 * Every record (NetFlow) or flow sample (sFlow) is one packet to a random host of the monitored prefix (default
 * {@code 10.0.0.0/16}) from a random IPv4 source outside it and a random source port: two thirds TCP to port 443, one
 * third UDP to port 53, a random size of 64 to 1500 bytes. Records are drawn fresh for every datagram, so with
 * connection tracking on nearly every record is a new flow.
 * <p>
 * Options ({@code --name value}): {@code --protocol netflow|sflow}, {@code --targets host:port[,host:port...]},
 * {@code --seconds} (default 20), {@code --rate} datagrams per second per target (default 0: as fast as one thread
 * sends), {@code --records} records per NetFlow datagram (default and maximum {@value #MAX_V9_IPV4_RECORDS}, what
 * the generator fits in its 1400-byte datagram), {@code --samples} flow samples per sFlow datagram (default 7),
 * {@code --templates-every} a NetFlow datagram with templates every n datagrams (default 1000, and the first),
 * {@code --seed}. At the end it prints {@code key=value} lines: datagrams and records sent per target.
 */
public final class WholeProcessLoad
{
    /** IPv4 records of the generator's v9 template that fit in {@link NetflowGenerator#MAX_DATAGRAM} bytes. */
    public static final int MAX_V9_IPV4_RECORDS = 29;

    private static final int NETWORK = 0x0A000000;
    private static final int NETWORK_MASK = 0xFFFF0000;
    private static final int PACING_BATCH = 16;

    private final String protocol;
    private final List<InetSocketAddress> targets;
    private final long durationNanos;
    private final long datagramsPerSecond;
    private final int recordsPerDatagram;
    private final int samplesPerDatagram;
    private final int templatesEvery;
    private final SplittableRandom random;

    private WholeProcessLoad(final Map<String, String> options)
    {
        protocol = options.getOrDefault("protocol", "netflow");
        if (!"netflow".equals(protocol) && !"sflow".equals(protocol))
        {
            throw new IllegalArgumentException("--protocol must be netflow or sflow: " + protocol);
        }
        targets = parseTargets(required(options, "targets"));
        durationNanos = TimeUnit.MILLISECONDS.toNanos(
            (long)(Double.parseDouble(options.getOrDefault("seconds", "20")) * 1000));
        datagramsPerSecond = Long.parseLong(options.getOrDefault("rate", "0"));
        recordsPerDatagram = Integer.parseInt(options.getOrDefault("records", String.valueOf(MAX_V9_IPV4_RECORDS)));
        if (recordsPerDatagram < 1 || recordsPerDatagram > MAX_V9_IPV4_RECORDS)
        {
            throw new IllegalArgumentException("--records must be 1.." + MAX_V9_IPV4_RECORDS);
        }
        samplesPerDatagram = Integer.parseInt(options.getOrDefault("samples", "7"));
        templatesEvery = Math.max(1, Integer.parseInt(options.getOrDefault("templates-every", "1000")));
        random = new SplittableRandom(Long.parseLong(options.getOrDefault("seed", "7")));
    }

    /**
     * @param args {@code --name value} pairs, see the class comment.
     * @throws Exception when an option is wrong or sending fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            if (!args[i].startsWith("--"))
            {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0)
        {
            throw new IllegalArgumentException("option without a value: " + args[args.length - 1]);
        }
        new WholeProcessLoad(options).run(System.out);
    }

    private void run(final PrintStream out) throws IOException
    {
        final long[] sent = "netflow".equals(protocol) ? sendNetflow() : sendSflow();
        out.println("protocol=" + protocol);
        out.println("targets=" + targets.size());
        out.println("datagrams_per_target=" + sent[0]);
        out.println("records_per_target=" + sent[1]);
        out.println("seconds=" + String.format("%.3f", sent[2] / 1e9));
    }

    private long[] sendNetflow() throws IOException
    {
        final long bootMillis = System.currentTimeMillis() - 3_600_000L;
        final NetflowGenerator generator = new NetflowGenerator(1, bootMillis);
        final List<NetflowUdpSender> senders = new ArrayList<>(targets.size());
        final List<TrafficRecord> records = new ArrayList<>(recordsPerDatagram);
        for (int i = 0; i < recordsPerDatagram; i++)
        {
            records.add(new TrafficRecord());
        }
        final ByteBuffer datagram = ByteBuffer.allocateDirect(NetflowGenerator.MAX_DATAGRAM);
        long datagrams = 0;
        long recordsSent = 0;
        try
        {
            for (final InetSocketAddress target : targets)
            {
                senders.add(new NetflowUdpSender(target));
            }
            final long start = System.nanoTime();
            long now = start;
            while (now - start < durationNanos)
            {
                final long exportMillis = System.currentTimeMillis();
                for (final TrafficRecord record : records)
                {
                    fill(record.reset(), exportMillis);
                }
                datagram.clear();
                final boolean templates = datagrams % templatesEvery == 0;
                final int written = generator.writeV9(datagram, records, 0, templates, 0, exportMillis);
                datagram.flip();
                for (final NetflowUdpSender sender : senders)
                {
                    datagram.rewind();
                    sender.send(datagram);
                }
                datagrams++;
                recordsSent += written;
                now = pace(start, datagrams);
            }
            return new long[] {datagrams, recordsSent, now - start};
        }
        finally
        {
            for (final NetflowUdpSender sender : senders)
            {
                sender.close();
            }
        }
    }

    private long[] sendSflow() throws IOException
    {
        final List<SflowUdpSender> senders = new ArrayList<>(targets.size());
        final TrafficRecord record = new TrafficRecord();
        long samples = 0;
        try
        {
            for (final InetSocketAddress target : targets)
            {
                senders.add(new SflowUdpSender(target, 0x7F000001, 1, samplesPerDatagram));
            }
            final long start = System.nanoTime();
            long now = start;
            while (now - start < durationNanos)
            {
                final long nowMillis = System.currentTimeMillis();
                for (int i = 0; i < samplesPerDatagram; i++)
                {
                    fill(record.reset(), nowMillis);
                    for (final SflowUdpSender sender : senders)
                    {
                        sender.send(record);
                    }
                    samples++;
                }
                now = pace(start, samples / samplesPerDatagram);
            }
            return new long[] {senders.get(0).datagramsSent(), samples, now - start};
        }
        finally
        {
            for (final SflowUdpSender sender : senders)
            {
                sender.close();
            }
        }
    }

    /**
     * Hold the send rate at {@code datagramsPerSecond} (checked every few datagrams), or do nothing when it is 0.
     *
     * @return the current {@link System#nanoTime()}.
     */
    private long pace(final long start, final long datagrams)
    {
        if (datagramsPerSecond <= 0 || datagrams % PACING_BATCH != 0)
        {
            return System.nanoTime();
        }
        final long due = start + datagrams * 1_000_000_000L / datagramsPerSecond;
        long now = System.nanoTime();
        while (now < due)
        {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
        return now;
    }

    private void fill(final TrafficRecord record, final long epochMillis)
    {
        int source = random.nextInt();
        while ((source & NETWORK_MASK) == NETWORK)
        {
            source = random.nextInt();
        }
        final boolean tcp = random.nextInt(3) != 0;
        record.ipv4(source, NETWORK | random.nextInt(1 << 16))
            .protocol(tcp ? TrafficRecord.PROTOCOL_TCP : TrafficRecord.PROTOCOL_UDP)
            .ports(1 + random.nextInt(65535), tcp ? 443 : 53)
            .tcpFlags(tcp ? TrafficRecord.TCP_ACK : 0)
            .packets(1)
            .bytes(64 + random.nextInt(1437))
            .interfaces(1, 2)
            .flowTimes(epochMillis - 1000, epochMillis - 1000);
    }

    private static List<InetSocketAddress> parseTargets(final String value)
    {
        final List<InetSocketAddress> parsed = new ArrayList<>();
        for (final String target : value.split(","))
        {
            final int colon = target.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("target must be host:port: " + target);
            }
            final int port = Integer.parseInt(target.substring(colon + 1));
            parsed.add(new InetSocketAddress(target.substring(0, colon), port));
        }
        return parsed;
    }

    private static String required(final Map<String, String> options, final String name)
    {
        final String value = options.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
