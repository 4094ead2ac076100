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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The tick: merge the shard, per-second rates, moving average and threshold checks over every active host.
 * Before each tick every host receives one record, so all of them are active. With {@code exporterTopHosts > 0} the
 * tick also builds a metrics snapshot (totals, networks, top hosts) for an exporter.
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

    /** 0: no metrics exporter; otherwise one exporter (doing nothing) asking for that many top hosts per list. */
    @Param({"0"})
    public int exporterTopHosts;

    /**
     * The order the hosts' records come in each interval: {@code same} (as in the first interval) or
     * {@code shuffled} (a new random order every interval, so no table is read in sequence).
     */
    @Param({"same", "shuffled"})
    public String order;

    private DetectionEngine engine;
    private TrafficSink sink;
    private final TrafficRecord record = new TrafficRecord();
    private final SplittableRandom random = new SplittableRandom(11);
    private int[] hostOrder;

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
        final DetectionEngine.Builder builder = DetectionEngine.builder(config).discoverProviders(false)
            .tickThread(false);
        if (exporterTopHosts > 0)
        {
            builder.metricsExporter(new MetricsExporter()
            {
                @Override
                public void export(final TrafficSnapshot snapshot)
                {
                    // the tick's cost is what is measured: building the snapshot, not exporting it
                }

                @Override
                public int topHosts()
                {
                    return exporterTopHosts;
                }
            });
        }
        engine = builder.build();
        engine.start();
        sink = engine.newSink("benchmark");
        hostOrder = new int[hosts];
        for (int i = 0; i < hosts; i++)
        {
            hostOrder[i] = i;
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
     * One record for every host, so the next tick has them all active.
     */
    @Setup(Level.Invocation)
    public void touchEveryHost()
    {
        if ("shuffled".equals(order))
        {
            for (int i = hosts - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int swap = hostOrder[i];
                hostOrder[i] = hostOrder[j];
                hostOrder[j] = swap;
            }
        }
        for (int i = 0; i < hosts; i++)
        {
            sink.accept(record.reset().ipv4(0xC6336401, 0x0A000000 + hostOrder[i])
                .protocol(TrafficRecord.PROTOCOL_UDP).ports(5000, 53).packets(1).bytes(100));
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
