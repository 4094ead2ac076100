package io.fnm.core.internal;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SinkRetirementTest
{
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final EngineCore engine = new EngineCore(
        EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/8"))).build(), clock, List.of(), List.of());

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    @Test
    void shouldReleaseClosedSinkAfterMergingItsLastCounts()
    {
        final CaptureSink sink = engine.newSink("feed");
        sink.accept(record());
        sink.close();
        tick();
        assertThat(engine.sinks()).isZero();
        assertThat(engine.hostRates(address())).isNotNull();
        assertThat(processed()).isEqualTo(1);
    }

    @Test
    void shouldKeepIdleSinkForFewerThanRetireTicks()
    {
        engine.newSink("feed");
        for (int i = 0; i < CaptureSink.RETIRE_TICKS - 1; i++)
        {
            tick();
        }
        assertThat(engine.sinks()).isEqualTo(1);
    }

    @Test
    void shouldRetireSinkIdleForRetireTicks()
    {
        engine.newSink("feed");
        for (int i = 0; i < CaptureSink.RETIRE_TICKS; i++)
        {
            tick();
        }
        assertThat(engine.sinks()).isZero();
    }

    @Test
    void shouldCountAgainWhenRetiredSinkReceivesRecords()
    {
        final CaptureSink sink = engine.newSink("feed");
        sink.accept(record());
        sink.close();
        tick();
        sink.accept(record());
        sink.flush();
        tick();
        assertThat(engine.sinks()).isEqualTo(1);
        assertThat(processed()).isEqualTo(2);
        assertThat(engine.hostRates(address()).packetsPerSecond(io.fnm.core.Direction.INCOMING,
            io.fnm.core.TrafficClass.TOTAL)).isPositive();
    }

    @Test
    void shouldNotGrowSinksWhenThreadsRestartRepeatedly()
    {
        for (int i = 0; i < 100; i++)
        {
            final CaptureSink sink = engine.newSink("feed");
            sink.accept(record());
            sink.close();
            tick();
        }
        assertThat(engine.sinks()).isZero();
        assertThat(processed()).isEqualTo(100);
    }

    private void tick()
    {
        clock.advanceSeconds(1);
        engine.tick();
    }

    private long processed()
    {
        final long[] value = new long[1];
        engine.counters((descriptor, label1, label2, v) ->
        {
            if (descriptor.name().equals("fnm_records_processed_total"))
            {
                value[0] += v;
            }
        });
        return value[0];
    }

    private static TrafficRecord record()
    {
        return new TrafficRecord().ipv4(IpAddresses.parseIpv4("192.0.2.1"), IpAddresses.parseIpv4("10.0.0.5"))
            .protocol(TrafficRecord.PROTOCOL_UDP).ports(5000, 53).packets(100).bytes(10_000).samplingRatio(1);
    }

    private static InetAddress address()
    {
        return IpAddresses.toInetAddress(IpAddresses.parseIpv4("10.0.0.5"));
    }
}
