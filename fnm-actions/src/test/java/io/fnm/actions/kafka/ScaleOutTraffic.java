package io.fnm.actions.kafka;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The traffic of the scale-out tests: background for 300 hosts (IPv4 and IPv6, both directions) and floods against
 * several hosts, one second at a time, the same for any sink.
 */
final class ScaleOutTraffic
{
    /** The clocks' start. */
    static final long START_MILLIS = 1_700_000_000_000L;
    /** Partitions of the flows topic in the tests. */
    static final int PARTITIONS = 12;
    /** Ban time, seconds. */
    static final int BAN_SECONDS = 20;

    private ScaleOutTraffic()
    {
    }

    /**
     * @return networks 10.0.0.0/8 and 2001:db8::/32, 1000 pps, 1 s average, ban time {@value #BAN_SECONDS} s.
     */
    static EngineConfig config()
    {
        return EngineConfig.builder().network("10.0.0.0/8").network("2001:db8::/32")
            .averageCalculationTimeSeconds(1).banDetailsRecordsCount(0).banTimeSeconds(BAN_SECONDS)
            .globalThresholds(Thresholds.builder().enableBan(true).enableBanIpv6(true)
                .threshold(ThresholdKind.PPS, 1000).build())
            .build();
    }

    /**
     * @param clock the clock.
     * @return an engine without tick thread or discovered providers, not started.
     */
    static DetectionEngine.Builder engine(final ManualClock clock)
    {
        return DetectionEngine.builder(config()).clock(clock).tickThread(false).discoverProviders(false);
    }

    /**
     * Push one second of traffic.
     *
     * @param sink      the sink.
     * @param nowMillis the record time.
     * @param floods    whether the floods run this second.
     * @return records pushed.
     */
    static int second(final TrafficSink sink, final long nowMillis, final boolean floods)
    {
        final TrafficRecord r = new TrafficRecord();
        int n = 0;
        for (int h = 1; h <= 200; h++)
        {
            for (int i = 0; i < 5; i++)
            {
                r.reset().ipv4(ip(198, 51, 100, i + 1), ip(10, 1, h >>> 8, h & 0xFF)).ports(443, 40000 + i)
                    .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_ACK).bytes(1500)
                    .timestampMillis(nowMillis);
                sink.accept(r);
                n++;
            }
        }
        for (int h = 1; h <= 50; h++)
        {
            r.reset().ipv6(0x20010db900000000L, 1, 0x20010db800000001L, h).ports(53, 5353).protocol(17).bytes(200)
                .timestampMillis(nowMillis);
            sink.accept(r);
            r.reset().ipv4(ip(10, 2, 0, h), ip(203, 0, 113, 1)).ports(50000, 80).protocol(6).packets(3).bytes(180)
                .timestampMillis(nowMillis);
            sink.accept(r);
            n += 2;
        }
        if (floods)
        {
            n += flood(sink, r, nowMillis);
        }
        sink.flush();
        return n;
    }

    /**
     * Push one second of a 2000 pps UDP flood against one host.
     *
     * @param sink      the sink.
     * @param target    the host, IPv4 in network order.
     * @param nowMillis the record time.
     * @return records pushed.
     */
    static int floodHost(final TrafficSink sink, final int target, final long nowMillis)
    {
        final TrafficRecord r = new TrafficRecord();
        for (int i = 0; i < 2000; i++)
        {
            r.reset().ipv4(ip(198, 51, 100, i & 0xFF), target).ports(1000 + i, 80).protocol(17).bytes(60)
                .timestampMillis(nowMillis);
            sink.accept(r);
        }
        sink.flush();
        return 2000;
    }

    private static int flood(final TrafficSink sink, final TrafficRecord r, final long nowMillis)
    {
        int n = 0;
        for (int i = 0; i < 2000; i++)
        {
            r.reset().ipv4(ip(198, 51, 100, i & 0xFF), ip(10, 0, 0, 1)).ports(1000 + i, 80).protocol(17).bytes(60)
                .timestampMillis(nowMillis);
            sink.accept(r);
            r.reset().ipv4(ip(203, 0, 113, i & 0xFF), ip(10, 0, 0, 2)).ports(2000 + i, 22).protocol(6)
                .tcpFlags(TrafficRecord.TCP_SYN).bytes(60).timestampMillis(nowMillis);
            sink.accept(r);
            r.reset().ipv4(ip(10, 0, 0, 3), ip(192, 0, 2, i & 0xFF)).ports(3000, 9000 + i).protocol(17).bytes(60)
                .timestampMillis(nowMillis);
            sink.accept(r);
            n += 3;
        }
        for (int i = 0; i < 300; i++)
        {
            r.reset().ipv6(0x20010db900000000L, i, 0x20010db800000000L, 5).ports(123, 4000 + i).protocol(17)
                .packets(10).bytes(4000).timestampMillis(nowMillis);
            sink.accept(r);
            r.reset().ipv6(0x20010db900000000L, i, 0x20010db800000000L, 6).protocol(58).icmp(128, 0).packets(5)
                .bytes(500).timestampMillis(nowMillis);
            sink.accept(r);
            n += 2;
        }
        return n;
    }

    /**
     * @param engines engines.
     * @return their bans as "ip direction type", sorted.
     */
    static Set<String> bans(final List<DetectionEngine> engines)
    {
        return engines.stream().flatMap(e -> e.banList().stream())
            .map(b -> b.attack().ip() + " " + b.attack().direction() + " " + b.attack().type())
            .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Poll a condition until it holds or the deadline passes (for the broker's asynchronous delivery, not a tick).
     *
     * @param what      what is awaited, for the error.
     * @param condition the condition.
     * @param seconds   the deadline.
     */
    static void await(final String what, final BooleanSupplier condition, final int seconds)
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    private static int ip(final int a, final int b, final int c, final int d)
    {
        return a << 24 | b << 16 | c << 8 | d;
    }
}
