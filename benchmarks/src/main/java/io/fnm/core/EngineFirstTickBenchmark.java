package io.fnm.core;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first tick after {@code hosts} hosts the engine has never seen all had traffic (an engine starting on a busy
 * network, a spoofed sweep of a large prefix): every host is entered in the averages table, partition by partition.
 * Each invocation builds a fresh engine and feeds it one record per host; only the tick is timed. Until 2026-12-03 the
 * averages index took its home slots from the top bits of the host hash, which also choose the partition, so one
 * partition's hosts, entered together, crowded into a share of the slots: 4.8-5.8 s for 1 M hosts.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Thread)
public class EngineFirstTickBenchmark
{
    /** New hosts with traffic in the interval. */
    @Param({"1000000"})
    public int hosts;

    private DetectionEngine engine;

    /**
     * A fresh engine driven by hand, one record for every host.
     */
    @Setup(Level.Invocation)
    public void setUp()
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .maxTrackedHosts(2 * hosts)
            .globalThresholds(Thresholds.builder().enableBan(true).enable(ThresholdKind.PPS, true)
                .value(ThresholdKind.PPS, 1_000_000_000L).build())
            .build();
        engine = DetectionEngine.builder(config).discoverProviders(false).tickThread(false).build();
        engine.start();
        final TrafficSink sink = engine.newSink("benchmark");
        final TrafficRecord record = new TrafficRecord();
        for (int host = 0; host < hosts; host++)
        {
            sink.accept(record.reset().ipv4(0xC6336401, 0x0A000000 + host).protocol(TrafficRecord.PROTOCOL_UDP)
                .ports(5000, 53).packets(1).bytes(100));
        }
        sink.flush();
    }

    /**
     * Close the engine.
     */
    @TearDown(Level.Invocation)
    public void tearDown()
    {
        engine.close();
    }

    /**
     * The first tick.
     */
    @Benchmark
    public void firstTick()
    {
        engine.tick();
    }
}
