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
 * The tick: merge the shard, per-second rates, moving average and threshold checks over every active host.
 * Before each tick every host receives one record, so all of them are active.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Thread)
public class EngineTickBenchmark
{
    /** Active hosts. */
    @Param({"1000000"})
    public int hosts;

    private DetectionEngine engine;
    private TrafficSink sink;
    private final TrafficRecord record = new TrafficRecord();

    /**
     * Build an engine driven by hand with thresholds on, so the checks run.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .maxTrackedHosts(2 * hosts)
            .globalThresholds(Thresholds.builder()
                .enableBan(true)
                .enable(ThresholdKind.PPS, true)
                .value(ThresholdKind.PPS, 1_000_000_000L)
                .enable(ThresholdKind.MBPS, true)
                .value(ThresholdKind.MBPS, 1_000_000L)
                .build())
            .build();
        engine = DetectionEngine.builder(config).discoverProviders(false).tickThread(false).build();
        engine.start();
        sink = engine.newSink("benchmark");
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
     * One record for every host, so the next tick has them all active.
     */
    @Setup(Level.Invocation)
    public void touchEveryHost()
    {
        for (int host = 0; host < hosts; host++)
        {
            sink.accept(record.reset().ipv4(0xC6336401, 0x0A000000 + host).protocol(TrafficRecord.PROTOCOL_UDP)
                .ports(5000, 53).packets(1).bytes(100));
        }
        sink.flush();
    }

    /**
     * One tick.
     */
    @Benchmark
    public void tick()
    {
        engine.tick();
    }
}
