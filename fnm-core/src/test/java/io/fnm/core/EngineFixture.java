package io.fnm.core;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;

import java.net.InetAddress;

/**
 * Builds engines on a {@link ManualClock} with the caller driving ticks, and makes records.
 */
final class EngineFixture
{
    static final long START_MILLIS = 1_700_000_000_000L;

    private EngineFixture()
    {
    }

    static EngineConfig.Builder config()
    {
        return EngineConfig.builder()
            .network("10.0.0.0/8")
            .network("10.1.0.0/16")
            .network("2001:db8::/32")
            .averageCalculationTimeSeconds(1)
            .banDetailsRecordsCount(0);
    }

    static Thresholds.Builder ppsThreshold(final long pps)
    {
        return Thresholds.builder().enableBan(true).enableBanIpv6(true).threshold(ThresholdKind.PPS, pps);
    }

    static DetectionEngine engine(final EngineConfig config, final ManualClock clock, final AttackAction... actions)
    {
        final DetectionEngine.Builder b = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false);
        for (final AttackAction action : actions)
        {
            b.action(action);
        }
        final DetectionEngine engine = b.build();
        engine.start();
        return engine;
    }

    static ManualClock clock()
    {
        return new ManualClock(START_MILLIS);
    }

    static int ip4(final String text)
    {
        return IpAddresses.parseIpv4(text);
    }

    static InetAddress address(final String text)
    {
        return IpAddresses.parseLiteral(text);
    }

    static TrafficRecord v4(final String src, final String dst, final int protocol, final long packets,
        final long bytes)
    {
        return new TrafficRecord().ipv4(ip4(src), ip4(dst)).protocol(protocol).packets(packets).bytes(bytes)
            .ports(1000, 80);
    }

    static TrafficRecord v6(final String src, final String dst, final int protocol, final long packets,
        final long bytes)
    {
        final long[] s = IpAddresses.parseIpv6(src);
        final long[] d = IpAddresses.parseIpv6(dst);
        return new TrafficRecord().ipv6(s[0], s[1], d[0], d[1]).protocol(protocol).packets(packets).bytes(bytes)
            .ports(1000, 80);
    }

    /**
     * Push the record count times, flush, advance one second and tick.
     */
    static void second(final DetectionEngine engine, final ManualClock clock, final TrafficSink sink,
        final TrafficRecord record, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            sink.accept(record);
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();
    }
}
