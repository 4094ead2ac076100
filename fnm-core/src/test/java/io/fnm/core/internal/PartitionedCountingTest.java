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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PartitionedCountingTest
{
    private static final int HOSTS = 64;
    private static final int THREADS = 4;
    private static final int ROUNDS = 20_000;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private EngineCore engine;
    private int mostTracked;

    @AfterEach
    void tearDown()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    @Test
    void shouldCountEveryRecordOfAHostOnceWhenSeveralThreadsWriteItWhileTicksRun() throws Exception
    {
        engine = new EngineCore(config(false), clock, List.of(), List.of(), 4);
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger(THREADS);
        final List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            final CaptureSink sink = engine.newSink("writer-" + t);
            final Thread writer = new Thread(() ->
            {
                final TrafficRecord record = new TrafficRecord();
                awaitQuietly(start);
                for (int round = 0; round < ROUNDS; round++)
                {
                    for (int host = 0; host < HOSTS; host++)
                    {
                        sink.accept(incoming(record, host, 1000 + round, 1));
                    }
                }
                sink.close();
                running.decrementAndGet();
            });
            writer.start();
            writers.add(writer);
        }
        final long[] counted = new long[HOSTS];
        start.countDown();
        while (running.get() > 0)
        {
            tickAndAdd(counted);
        }
        for (final Thread writer : writers)
        {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        tickAndAdd(counted);

        for (int host = 0; host < HOSTS; host++)
        {
            assertThat(counted[host]).as("host %d", host).isEqualTo((long)THREADS * ROUNDS);
        }
        assertThat(mostTracked).as("hosts with averages after any tick").isLessThanOrEqualTo(HOSTS);
        // the writers may have ended before the last ticks, whose hosts then fell idle: one more record each
        final CaptureSink sink = engine.newSink("last");
        final TrafficRecord record = new TrafficRecord();
        for (int host = 0; host < HOSTS; host++)
        {
            sink.accept(incoming(record, host, 1, 1));
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();
        assertThat(engine.hostsTracked(4)).isEqualTo(HOSTS);
    }

    @Test
    void shouldSpreadHostsOverEveryPartition()
    {
        final int[] seen = new int[8];
        for (int host = 0; host < 1024; host++)
        {
            seen[CaptureSink.partitionOf(0, 0x0A000000L + host) & 7]++;
        }
        assertThat(Arrays.stream(seen).boxed()).allSatisfy(count -> assertThat(count).isBetween(64, 192));
    }

    @Test
    void shouldKeepAnInnocentHostsFlowsNearItsOwnWhenARandomPortCarpetFillsTheFlowSet()
    {
        engine = new EngineCore(config(true), clock, List.of(), List.of(), 1);
        final CaptureSink sink = engine.newSink("feed");
        final TrafficRecord record = new TrafficRecord();
        final SplittableRandom random = new SplittableRandom(31);
        // 2 000 hosts of the /16 under random ports, 300 new flows each: more flows than the exact set holds
        for (int i = 0; i < 600_000; i++)
        {
            record.reset().ipv4(random.nextInt(), 0x0A000100 + random.nextInt(2000))
                .protocol(TrafficRecord.PROTOCOL_UDP).ports(random.nextInt(65536), random.nextInt(65536))
                .packets(1).bytes(60).samplingRatio(1);
            sink.accept(record);
        }
        // then an innocent host: 40 flows, each seen 50 times
        for (int round = 0; round < 50; round++)
        {
            for (int flow = 0; flow < 40; flow++)
            {
                sink.accept(incoming(record, 2, 40_000 + flow, 1));
            }
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();

        assertThat((double)rates(2).flowsPerSecond(Direction.INCOMING)).isCloseTo(40, within(14.0));
        assertThat(rates(2).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL)).isEqualTo(2000);
    }

    @Test
    void shouldLeaveAnotherHostsFlowsExactUnderARandomPortFlood()
    {
        engine = new EngineCore(config(true), clock, List.of(), List.of(), 2);
        final CaptureSink sink = engine.newSink("feed");
        final TrafficRecord record = new TrafficRecord();
        final SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++)
        {
            record.reset().ipv4(random.nextInt(), 0x0A000001).protocol(TrafficRecord.PROTOCOL_UDP)
                .ports(random.nextInt(65536), random.nextInt(65536)).packets(1).bytes(60).samplingRatio(1);
            sink.accept(record);
            if (i % 2000 == 0)
            {
                sink.accept(incoming(record, 2, 40_000 + i / 2000, 1));
            }
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();

        assertThat(rates(2).flowsPerSecond(Direction.INCOMING)).isEqualTo(100);
        assertThat((double)rates(1).flowsPerSecond(Direction.INCOMING)).isCloseTo(200_000, within(6_000.0));
    }

    @Test
    void shouldCountTheSameTotalsWhateverThePartitionCount()
    {
        final long[] one = countWith(1);
        final long[] eight = countWith(8);
        assertThat(eight).containsExactly(one);
    }

    private long[] countWith(final int partitions)
    {
        final EngineCore e = new EngineCore(config(true), clock, List.of(), List.of(), partitions);
        try
        {
            final CaptureSink sink = e.newSink("feed");
            final TrafficRecord record = new TrafficRecord();
            final SplittableRandom random = new SplittableRandom(99);
            for (int i = 0; i < 50_000; i++)
            {
                sink.accept(incoming(record, random.nextInt(500), random.nextInt(3000), 1 + random.nextInt(5)));
            }
            sink.flush();
            clock.advanceSeconds(1);
            e.tick();
            final long[] out = new long[500 * 2 + 1];
            for (int host = 0; host < 500; host++)
            {
                final HostRates r = e.hostRates(IpAddresses.toInetAddress(0x0A000000 + host));
                out[host * 2] = r == null ? -1 : r.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL);
                out[host * 2 + 1] = r == null ? -1 : r.flowsPerSecond(Direction.INCOMING);
            }
            out[1000] = e.totals(4).packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL);
            return out;
        }
        finally
        {
            e.close();
        }
    }

    private void tickAndAdd(final long[] counted)
    {
        clock.advanceSeconds(1);
        engine.tick();
        mostTracked = Math.max(mostTracked, engine.hostsTracked(4));
        for (int host = 0; host < HOSTS; host++)
        {
            final HostRates r = rates(host);
            counted[host] += r == null ? 0 : r.packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL);
        }
    }

    private HostRates rates(final int host)
    {
        return engine.hostRates(IpAddresses.toInetAddress(0x0A000000 + host));
    }

    private static EngineConfig config(final boolean connectionTracking)
    {
        return EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/16")))
            .averageCalculationTimeSeconds(0).enableConnectionTracking(connectionTracking).build();
    }

    private static TrafficRecord incoming(final TrafficRecord record, final int host, final int srcPort,
        final long packets)
    {
        return record.reset().ipv4(IpAddresses.parseIpv4("192.0.2.1"), 0x0A000000 + host)
            .protocol(TrafficRecord.PROTOCOL_UDP).ports(srcPort, 53).packets(packets).bytes(packets * 100)
            .samplingRatio(1);
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
