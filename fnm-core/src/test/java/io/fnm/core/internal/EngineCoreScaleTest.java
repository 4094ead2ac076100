package io.fnm.core.internal;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Direction;
import io.fnm.core.EngineConfig;
import io.fnm.core.HostRates;
import io.fnm.core.IpPrefix;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineCoreScaleTest
{
    private static final int HOSTS = 40_000;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final EngineCore engine = new EngineCore(EngineConfig.builder()
        .networks(List.of(IpPrefix.parse("10.0.0.0/8"))).averageCalculationTimeSeconds(15)
        .hostIdleTimeoutSeconds(5).build(), clock, List.of(), List.of());
    private final TrafficRecord record = new TrafficRecord();

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    @Test
    void shouldCountEveryRecordOfEveryHostWhenHostsOutgrowTheCache()
    {
        final CaptureSink sink = engine.newSink("feed");
        for (int round = 0; round < 3; round++)
        {
            for (int host = 0; host < HOSTS; host++)
            {
                sink.accept(record(host, 1 + host % 7));
            }
        }
        sink.flush();
        tick();
        final long expectedTotal = RateAverages.nextAverage(0, 3L * (1 + 12_345 % 7), 1.0, 15);
        assertThat(engine.hostsTracked(4)).isEqualTo(HOSTS);
        assertThat(pps(12_345)).isEqualTo(expectedTotal);
        assertThat(pps(HOSTS - 1)).isEqualTo(RateAverages.nextAverage(0, 3L * (1 + (HOSTS - 1) % 7), 1.0, 15));
    }

    @Test
    void shouldReadIdleHostAsTrackedWithZeroRatesUntilTheTimeout()
    {
        final CaptureSink sink = engine.newSink("feed");
        sink.accept(record(1, 1));
        sink.flush();
        tick();
        int ticks = 0;
        while (!quiet(1) && ticks++ < 200)
        {
            tick();
        }
        assertThat(quiet(1)).isTrue();
        assertThat(engine.hostRates(IpAddresses.toInetAddress(0x0A000001))).isNotNull();
        for (int i = 0; i < 5; i++)
        {
            tick();
        }
        assertThat(engine.hostRates(IpAddresses.toInetAddress(0x0A000001))).isNull();
        assertThat(engine.hostsTracked(4)).isZero();
    }

    @Test
    void shouldResumeIdleHostFromZeroWhenTrafficReturns()
    {
        final CaptureSink sink = engine.newSink("feed");
        sink.accept(record(1, 100));
        sink.flush();
        tick();
        int ticks = 0;
        while (!quiet(1) && ticks++ < 200)
        {
            tick();
        }
        sink.accept(record(1, 10));
        sink.flush();
        tick();
        assertThat(pps(1)).isEqualTo(RateAverages.nextAverage(0, 10, 1.0, 15));
        assertThat(engine.hostsTracked(4)).isEqualTo(1);
    }

    @Test
    void shouldReportExactAveragesOfAHostAbove65535PacketsPerSecondWhileItRisesAndDecays()
    {
        final CaptureSink sink = engine.newSink("feed");
        long pps = 0;
        long bps = 0;
        for (int second = 0; second < 40; second++)
        {
            final long packets = second < 8 ? 1_000_000 : 0;
            if (packets > 0)
            {
                sink.accept(record(3, packets));
                sink.flush();
            }
            tick();
            pps = RateAverages.nextAverage(pps, packets, 1.0, 15);
            bps = RateAverages.nextAverage(bps, packets * 100, 1.0, 15);
            final HostRates rates = engine.hostRates(IpAddresses.toInetAddress(0x0A000003));
            assertThat(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).as("second %d", second)
                .isEqualTo(pps);
            assertThat(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.UDP)).isEqualTo(pps);
            assertThat(rates.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(bps);
        }
        assertThat(pps).isLessThan(65_536);
    }

    @Test
    void shouldCountOnlyEachIntervalsRecordsForHostsKeptFromTheLastInterval()
    {
        final CaptureSink sink = engine.newSink("feed");
        final long[] tcp = new long[HOSTS];
        final long[] udp = new long[HOSTS];
        for (int second = 0; second < 6; second++)
        {
            for (int host = 0; host < HOSTS; host++)
            {
                final long packets = 1 + (host + second) % 5;
                // the class changes from one interval to the next: every line of a kept row must start at zero
                final boolean isTcp = (host + second) % 2 == 0;
                sink.accept(record(host, packets).protocol(isTcp ? TrafficRecord.PROTOCOL_TCP :
                    TrafficRecord.PROTOCOL_UDP));
                tcp[host] = RateAverages.nextAverage(tcp[host], isTcp ? packets : 0, 1.0, 15);
                udp[host] = RateAverages.nextAverage(udp[host], isTcp ? 0 : packets, 1.0, 15);
            }
            sink.flush();
            tick();
            for (final int host : new int[] {0, 1, 777, 12_345, HOSTS - 1})
            {
                final HostRates rates = engine.hostRates(IpAddresses.toInetAddress(0x0A000000 + host));
                assertThat(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TCP))
                    .as("host %d second %d", host, second).isEqualTo(tcp[host]);
                assertThat(rates.packetsPerSecond(Direction.INCOMING, TrafficClass.UDP))
                    .as("host %d second %d", host, second).isEqualTo(udp[host]);
            }
        }
    }

    @Test
    void shouldKeepExactRatesWhenHostsComeInANewOrderEverySecond()
    {
        final CaptureSink sink = engine.newSink("feed");
        final int[] order = new int[HOSTS];
        for (int i = 0; i < HOSTS; i++)
        {
            order[i] = i;
        }
        final java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        final long[] expected = new long[HOSTS];
        for (int second = 0; second < 6; second++)
        {
            // a new order every second: the kept counts tables get sorted by their hosts' places in the averages
            for (int i = HOSTS - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (final int host : order)
            {
                sink.accept(record(host, 1 + (host + second) % 5));
                expected[host] = RateAverages.nextAverage(expected[host], 1 + (host + second) % 5, 1.0, 15);
            }
            sink.flush();
            tick();
            for (int host = 0; host < HOSTS; host += 97)
            {
                assertThat(pps(host)).as("host %d second %d", host, second).isEqualTo(expected[host]);
            }
        }
        assertThat(engine.hostsTracked(4)).isEqualTo(HOSTS);
    }

    @Test
    void shouldKeepExactRatesOfHostsWhoseAveragesMovedWhenOthersWentIdle()
    {
        final EngineCore fast = new EngineCore(EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8"))).averageCalculationTimeSeconds(1)
            .hostIdleTimeoutSeconds(2).build(), clock, List.of(), List.of());
        try
        {
            final CaptureSink sink = fast.newSink("feed");
            final int hosts = 2_000;
            final long[] expected = new long[hosts + hosts / 10];
            for (int second = 0; second < 30; second++)
            {
                for (int host = 0; host < expected.length; host++)
                {
                    // the first tenth stops after 3 s: their averages reach zero and the last hosts move into their
                    // places in the averages table while the others stay in the counts tables; from 15 s new hosts
                    // take the places the moved hosts had
                    final boolean stopped = host < hosts / 10 && second >= 3;
                    final boolean started = host < hosts || second >= 15;
                    final long packets = stopped || !started ? 0 : 1000 + host;
                    if (packets > 0)
                    {
                        sink.accept(record(host, packets));
                    }
                    expected[host] = RateAverages.nextAverage(expected[host], packets, 1.0, 1);
                }
                sink.flush();
                clock.advanceSeconds(1);
                fast.tick();
                for (int host = hosts / 10; host < (second >= 15 ? expected.length : hosts); host += 37)
                {
                    assertThat(fast.hostRates(IpAddresses.toInetAddress(0x0A000000 + host))
                        .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL))
                        .as("host %d second %d", host, second).isEqualTo(expected[host]);
                }
            }
            assertThat(fast.hostsTracked(4)).isEqualTo(hosts);
        }
        finally
        {
            fast.close();
        }
    }

    private TrafficRecord record(final int host, final long packets)
    {
        return record.reset().ipv4(IpAddresses.parseIpv4("192.0.2.1"), 0x0A000000 + host)
            .protocol(TrafficRecord.PROTOCOL_UDP).ports(5000, 53).packets(packets).bytes(packets * 100)
            .samplingRatio(1);
    }

    private long pps(final int host)
    {
        return engine.hostRates(IpAddresses.toInetAddress(0x0A000000 + host))
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL);
    }

    private boolean quiet(final int host)
    {
        final HostRates rates = engine.hostRates(IpAddresses.toInetAddress(0x0A000000 + host));
        return rates.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL) == 0 &&
            rates.bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL) == 0 &&
            rates.flowsPerSecond(Direction.INCOMING) == 0;
    }

    private void tick()
    {
        clock.advanceSeconds(1);
        engine.tick();
    }
}
