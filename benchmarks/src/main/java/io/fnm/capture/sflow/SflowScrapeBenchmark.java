package io.fnm.capture.sflow;

import io.fnm.capture.CounterVisitor;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code /metrics} scrape of an sFlow collector whose agents sent counter samples for thousands of interfaces
 * (spoofed agents × interfaces, issue 8): {@link #scrape} is what {@link SflowCollector#counters} reports for the
 * agents (no interface copies), {@link #agentStats} the {@code agentStats()} API that copies every kept interface
 * (what the scrape did before). The decoder keeps at most {@link SflowDecoder#MAX_INTERFACES_TOTAL} interfaces.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SflowScrapeBenchmark
{
    /** Agents. */
    @Param({"1024"})
    public int agents;

    /** Interfaces per agent. */
    @Param({"2048"})
    public int interfaces;

    private final SflowDecoder decoder = new SflowDecoder();

    /**
     * Feed every agent's counter samples (12 per datagram).
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int perDatagram = 12;
        final ByteBuffer b = ByteBuffer.allocate(28 + perDatagram * 116);
        for (int agent = 0; agent < agents; agent++)
        {
            for (int from = 1; from <= interfaces; from += perDatagram)
            {
                final int count = Math.min(perDatagram, interfaces - from + 1);
                b.clear();
                b.putInt(5).putInt(1).putInt(0x0A000000 + agent).putInt(0).putInt(1).putInt(1000).putInt(count);
                for (int i = 0; i < count; i++)
                {
                    b.putInt(2).putInt(108).putInt(1).putInt(from + i).putInt(1).putInt(1).putInt(88);
                    b.putInt(from + i).putInt(6).putLong(10_000_000_000L).putInt(1).putInt(3).putLong(1000);
                    b.put(new byte[24]).putLong(2000).put(new byte[24]);
                }
                b.flip();
                decoder.decode(b, r -> { });
            }
        }
    }

    /**
     * The agents' series, as the collector reports them.
     *
     * @param blackhole receives the values.
     */
    @Benchmark
    public void scrape(final Blackhole blackhole)
    {
        final CounterVisitor visitor = (descriptor, label1, label2, value) -> blackhole.consume(value);
        decoder.counters(visitor);
        SflowCollector.agentCounters(List.of(decoder), visitor);
    }

    /**
     * Every agent's snapshot with its interfaces (the API, and the scrape before issue 8).
     *
     * @return the snapshots.
     */
    @Benchmark
    public List<SflowAgentStats> agentStats()
    {
        final List<SflowAgentStats> all = new ArrayList<>();
        decoder.agentSnapshots(all);
        return all;
    }
}
