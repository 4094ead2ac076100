package io.fnm.core;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Engine ingest: records per second through one capture thread's sink into the counting partitions, IPv4 and IPv6,
 * with 65 536 and 1 M active hosts, connection tracking on or off (incoming traffic to hosts of our networks from a
 * random remote address and port per record). Run with {@code -prof gc}: the allocation rate per record must be 0.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EngineIngestBenchmark
{
    /** Records per benchmark invocation. */
    public static final int BATCH = 1024;

    /** IP version of the records. */
    @Param({"4", "6"})
    public int ipVersion;

    /** Distinct local hosts the records go to. */
    @Param({"65536", "1000000"})
    public int hosts;

    /** Connection tracking (flows per host). */
    @Param({"true", "false"})
    public boolean connectionTracking;

    private DetectionEngine engine;
    private TrafficSink sink;
    private TrafficRecord[] records;
    private int next;

    /**
     * Build an engine driven by hand (no tick thread) and a ring of pre-built records.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("2001:db8::/32")))
            .maxTrackedHosts(2 * hosts)
            .enableConnectionTracking(connectionTracking)
            .build();
        engine = DetectionEngine.builder(config).discoverProviders(false).tickThread(false).build();
        engine.start();
        sink = engine.newSink("benchmark");
        final SplittableRandom random = new SplittableRandom(7);
        final int ringSize = Integer.highestOneBit(Math.max(hosts, BATCH) * 2 - 1);
        records = new TrafficRecord[ringSize];
        for (int i = 0; i < ringSize; i++)
        {
            final int host = i % hosts;
            final TrafficRecord record = new TrafficRecord();
            if (ipVersion == 4)
            {
                record.ipv4(0xC0000000 | random.nextInt(1 << 24), 0x0A000000 + host);
            }
            else
            {
                record.ipv6(0x20010db9ffff0000L, random.nextLong(), 0x20010db800000000L, host);
            }
            record.protocol(random.nextBoolean() ? TrafficRecord.PROTOCOL_TCP : TrafficRecord.PROTOCOL_UDP)
                .tcpFlags(TrafficRecord.TCP_SYN)
                .ports(1024 + random.nextInt(60000), 80)
                .packets(1)
                .bytes(64 + random.nextInt(1400))
                .samplingRatio(1);
            records[i] = record;
        }
    }

    /**
     * Close the engine.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
    }

    /**
     * Let a tick merge and clear the counts, as the tick thread would every second.
     */
    @TearDown(Level.Iteration)
    public void tick()
    {
        sink.flush();
        engine.tick();
    }

    /**
     * One batch of records through the sink.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ingest()
    {
        final TrafficRecord[] ring = records;
        final int mask = ring.length - 1;
        int index = next;
        for (int i = 0; i < BATCH; i++)
        {
            sink.accept(ring[index]);
            index = (index + 1) & mask;
        }
        next = index;
    }
}
