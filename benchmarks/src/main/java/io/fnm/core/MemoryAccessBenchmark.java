package io.fnm.core;

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
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The machine's floor under engine ingest: what reading one random 64-byte line costs the JVM, by working-set size,
 * when the reads are independent (as many in flight as the core allows: the best a counting loop that touches each
 * record's lines ahead can do) and when each read needs the one before (the latency: a lookup whose row address comes
 * from its index entry pays it twice). Not a benchmark of fnm's code: it says how many records per second a
 * per-host counter that misses the cache can reach at most on the machine that ran it (see the README, "What bounds
 * ingest per core").
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar MemoryAccessBenchmark} (add
 * {@code -jvmArgsAppend -XX:+UseTransparentHugePages} for the runner's page size).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class MemoryAccessBenchmark
{
    /** Reads per invocation. */
    public static final int READS = 1 << 12;
    private static final int LONGS_PER_LINE = 8;
    /** Random offsets drawn (more than any cache holds lines of, so the independent reads do not repeat in it). */
    private static final int OFFSETS = 1 << 22;

    /** Working set, MiB. */
    @Param({"1", "4", "16", "64", "256"})
    public int mebibytes;

    private long[] lines;
    private int[] offsets;
    private int next;
    private int cursor;

    /**
     * Fill the working set with one random cycle through all its lines (each line's first word is the next line's
     * offset) and draw random line offsets for the independent reads.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int count = mebibytes << 14;
        lines = new long[count * LONGS_PER_LINE];
        final SplittableRandom random = new SplittableRandom(11);
        final int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < count; i++)
        {
            lines[order[i] * LONGS_PER_LINE] = (long)order[(i + 1) % count] * LONGS_PER_LINE;
        }
        offsets = new int[OFFSETS];
        for (int i = 0; i < OFFSETS; i++)
        {
            offsets[i] = random.nextInt(count) * LONGS_PER_LINE;
        }
    }

    /**
     * Independent reads of random lines (the offsets are read in order, from a 16 MiB array the hardware prefetches).
     *
     * @return the sum (kept, so the reads are not dead code).
     */
    @Benchmark
    @OperationsPerInvocation(READS)
    public long independent()
    {
        final long[] l = lines;
        final int[] o = offsets;
        final int from = cursor;
        long sum = 0;
        for (int i = from; i < from + READS; i++)
        {
            sum += l[o[i]];
        }
        cursor = (from + READS) & (OFFSETS - 1);
        return sum;
    }

    /**
     * Dependent reads: a walk of the random cycle.
     *
     * @return where the walk stopped.
     */
    @Benchmark
    @OperationsPerInvocation(READS)
    public int dependent()
    {
        final long[] l = lines;
        int at = next;
        for (int i = 0; i < READS; i++)
        {
            at = (int)l[at];
        }
        next = at;
        return at;
    }
}
