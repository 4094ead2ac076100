package io.fnm.core;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.ppsThreshold;
import static io.fnm.core.EngineFixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, "a full host table hides new victims": a spray of new spoofed destinations keeps max_tracked_hosts
 * reached, and a real flood against a host that is not yet tracked must still be banned in the normal time.
 */
class HostTableFullTest
{
    private static final int UDP = TrafficRecord.PROTOCOL_UDP;
    private static final int MAX_HOSTS = 1000;
    /** New destinations per second, one packet each: twice the table. */
    private static final int SPRAY_PER_SECOND = 2 * MAX_HOSTS;
    private static final long THRESHOLD_PPS = 20_000;
    /** The flood: 600 records of 100 packets a second, 60 kpps. */
    private static final int FLOOD_RECORDS = 600;
    private static final int FLOOD_PACKETS = 100;
    private static final String VICTIM = "10.0.200.1";
    private static final int TICKS_ALLOWED = 20;

    private final ManualClock clock = EngineFixture.clock();
    private final TrafficRecord record = new TrafficRecord();
    private int sprayed;

    private static EngineConfig sprayConfig()
    {
        return config().maxTrackedHosts(MAX_HOSTS).averageCalculationTimeSeconds(5)
            .globalThresholds(ppsThreshold(THRESHOLD_PPS).build()).build();
    }

    private static DetectionEngine engine(final EngineConfig config, final ManualClock clock, final int partitions)
    {
        final DetectionEngine engine = DetectionEngine.builder(config).clock(clock).tickThread(false)
            .discoverProviders(false).partitions(partitions).build();
        engine.start();
        return engine;
    }

    /** One second: the spray (new hosts, never seen before), then the flood when asked, then a tick. */
    private void second(final DetectionEngine engine, final TrafficSink sink, final boolean spray, final boolean flood)
    {
        if (spray)
        {
            for (int i = 0; i < SPRAY_PER_SECOND; i++)
            {
                final int host = 0x0A100000 + sprayed++; // 10.16.0.0 upwards: a new destination every record
                sink.accept(record.reset().ipv4(0xC6336401 + i, host).protocol(UDP).ports(1000, 53).packets(1)
                    .bytes(100));
            }
        }
        if (flood)
        {
            final TrafficRecord attack = v4("192.0.2.7", VICTIM, UDP, FLOOD_PACKETS, FLOOD_PACKETS * 500L);
            for (int i = 0; i < FLOOD_RECORDS; i++)
            {
                sink.accept(attack);
            }
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();
    }

    /** Ticks of flood until the victim is banned, at most {@link #TICKS_ALLOWED}. */
    private int ticksToBan(final DetectionEngine engine, final TrafficSink sink, final boolean spray)
    {
        for (int tick = 1; tick <= TICKS_ALLOWED; tick++)
        {
            second(engine, sink, spray, true);
            if (engine.banList().stream().anyMatch(b -> b.attack().ip().equals(VICTIM)))
            {
                return tick;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Map<String, Long> counters(final DetectionEngine engine)
    {
        final Map<String, Long> values = new HashMap<>();
        engine.counters((descriptor, label1, label2, value) ->
            values.put(descriptor.name() + (label1 == null ? "" : "{" + label1 + "}"), value));
        return values;
    }

    /** Ticks to ban the same flood on an engine without a spray. */
    private static int normalTicksToBan()
    {
        final HostTableFullTest quiet = new HostTableFullTest();
        try (DetectionEngine engine = engine(sprayConfig(), quiet.clock, 1))
        {
            return quiet.ticksToBan(engine, engine.newSink("quiet"), false);
        }
    }

    @ParameterizedTest(name = "partitions {0}, flood after {1} s of spray")
    @CsvSource({"1, 2", "1, 30", "2, 2", "2, 30"})
    void shouldBanAFloodAgainstANewHostInTheNormalTimeWhenASprayKeepsTheHostTableFull(final int partitions,
        final int sprayFirst)
    {
        final int normal = normalTicksToBan();
        assertThat(normal).isLessThan(TICKS_ALLOWED);
        try (DetectionEngine engine = engine(sprayConfig(), clock, partitions))
        {
            final TrafficSink sink = engine.newSink("spray");
            for (int i = 0; i < sprayFirst; i++)
            {
                second(engine, sink, true, false);
            }
            assertThat(counters(engine).get("fnm_hosts_tracked{4}")).isEqualTo(MAX_HOSTS);
            assertThat(engine.hostRates(address(VICTIM))).isNull();

            assertThat(ticksToBan(engine, sink, true)).isLessThanOrEqualTo(normal);
        }
    }

    @Test
    void shouldCountTheFullTableItsEvictionsAndUntrackedRecordsWhenASprayOverflowsIt()
    {
        try (DetectionEngine engine = engine(sprayConfig(), clock, 1))
        {
            final TrafficSink sink = engine.newSink("spray");
            for (int i = 0; i < 30; i++)
            {
                second(engine, sink, true, false);
            }
            second(engine, sink, true, true);
            final Map<String, Long> values = counters(engine);
            assertThat(values.get("fnm_host_table_full_total")).isGreaterThan(0);
            assertThat(values.get("fnm_hosts_evicted_total{idle}")).isGreaterThan(0);
            assertThat(values.get("fnm_records_untracked_total")).isGreaterThan(0);
            assertThat(values.get("fnm_hosts_tracked{4}")).isEqualTo(MAX_HOSTS);
        }
    }

    @Test
    void shouldEvictTheQuietestActiveHostForAHotNewHostWhenNoHostIsIdle()
    {
        try (DetectionEngine engine = engine(sprayConfig(), clock, 1))
        {
            final TrafficSink sink = engine.newSink("spray");
            second(engine, sink, true, false);
            second(engine, sink, true, true);
            final Map<String, Long> values = counters(engine);
            assertThat(values.get("fnm_hosts_evicted_total{idle}")).isZero();
            assertThat(values.get("fnm_hosts_evicted_total{quietest}")).isEqualTo(1);
            assertThat(engine.hostRates(address(VICTIM))).isNotNull();
        }
    }

    @Test
    void shouldDisplaceTheQuietestHostAndKeepEveryBusierOneWhenAHotHostNeedsARow()
    {
        try (DetectionEngine engine = engine(sprayConfig(), clock, 1))
        {
            final TrafficSink sink = engine.newSink("busy");
            for (int second = 0; second < 2; second++)
            {
                sink.accept(v4("192.0.2.9", "10.0.99.1", UDP, 1, 100)); // the quietest host
                for (int i = 1; i < MAX_HOSTS; i++)
                {
                    sink.accept(record.reset().ipv4(0xC6336401, 0x0A640000 + i).protocol(UDP).ports(1000, 53)
                        .packets(5_000).bytes(500_000));
                }
                second(engine, sink, false, second == 1);
            }

            assertThat(engine.hostRates(address(VICTIM))).isNotNull();
            assertThat(engine.hostRates(address("10.0.99.1"))).isNull();
            for (int i = 1; i < MAX_HOSTS; i++)
            {
                assertThat(engine.hostRates(address("10.100." + (i >> 8) + "." + (i & 0xFF)))).isNotNull();
            }
        }
    }

    @Test
    void shouldNotEvictAnActiveHostForANewHostBelowEveryThresholdWhenNoHostIsIdle()
    {
        try (DetectionEngine engine = engine(sprayConfig(), clock, 1))
        {
            final TrafficSink sink = engine.newSink("spray");
            second(engine, sink, true, false);
            second(engine, sink, true, false);
            final Map<String, Long> values = counters(engine);
            assertThat(values.get("fnm_hosts_evicted_total{quietest}")).isZero();
            // the second second's 1000 new hosts in the (one) partition's table found no row; the others no row there
            assertThat(values.get("fnm_hosts_untracked_total")).isEqualTo(MAX_HOSTS);
        }
    }
}
