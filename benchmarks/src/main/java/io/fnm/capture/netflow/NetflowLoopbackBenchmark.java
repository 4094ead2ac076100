package io.fnm.capture.netflow;

import io.fnm.capture.CountingCaptureContext;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.config.ConfigView;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * NetFlow end to end on loopback: the real {@link NetflowCollector} bound to 127.0.0.1 (one port, one receive
 * thread) fed over UDP by the benchmark thread with generator datagrams ({@link NetflowDatagrams}, written once in
 * set-up so the sender only sends; v9/IPFIX templates ride in one datagram of every batch, as an exporter refreshes
 * them). Scores, all in flow records:
 * <ul>
 *     <li>primary: records <b>offered</b> per second (sent);</li>
 *     <li>{@code received} (per second): records the collector decoded and delivered to its sink;</li>
 *     <li>{@code lossPercent}: 100 * (sent - received) / sent over the iteration (socket buffer overflow; records
 *     still in flight when the iteration ends count as lost);</li>
 *     <li>{@code recordsPerCpuSecond}: records received per CPU-second of the collector's receive thread
 *     ({@link ThreadMXBean#getThreadCpuTime(long)}): the collector's cost, independent of the sender's speed.</li>
 * </ul>
 * The sink only counts (the engine has its own benchmark). Pin the two sides to different cores for a fair figure;
 * sharing one core, the collector gets what the scheduler leaves it and loss goes up.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class NetflowLoopbackBenchmark
{
    /** Datagrams sent per invocation (the first of them carries the templates). */
    public static final int DATAGRAMS_PER_BATCH = 32;
    /** Records sent per invocation. */
    public static final int RECORDS_PER_BATCH = DATAGRAMS_PER_BATCH * NetflowDatagrams.RECORDS_PER_DATAGRAM;

    /**
     * Send one batch of datagrams and bring the auxiliary counters up to date.
     *
     * @param loopback the collector and the sender.
     * @param rates    per-second counters.
     * @param ratios   per-iteration ratios.
     * @throws IOException when sending fails.
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_BATCH)
    public void send(final Loopback loopback, final Rates rates, final Ratios ratios) throws IOException
    {
        loopback.sendBatch();
        loopback.measure(rates, ratios);
    }

    /**
     * The collector and the sender feeding it; iteration baselines for the counters.
     */
    @State(Scope.Thread)
    public static class Loopback
    {
        private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
        private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

        /** Export format: v5, v9 or ipfix. */
        @Param({"v5", "v9", "ipfix"})
        public String version;

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final CountingCaptureContext context = new CountingCaptureContext("netflow-loopback-receiver");
        private ByteBuffer[] batch;
        private NetflowCollector collector;
        private NetflowUdpSender sender;
        private long sentRecords;
        private long sentBase;
        private long receivedBase;
        private long cpuBase;

        /**
         * Start the collector on an ephemeral port of 127.0.0.1 and write the datagrams.
         *
         * @throws Exception when the sockets cannot be opened.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            if (!threads.isThreadCpuTimeSupported())
            {
                throw new IllegalStateException("this JVM cannot measure thread CPU time");
            }
            threads.setThreadCpuTimeEnabled(true);
            collector = new NetflowCollector(NetflowSettings.from(ConfigView.of(Map.of(
                NetflowSettings.HOST_KEY, "127.0.0.1",
                NetflowSettings.PORT_KEY, "0"))));
            collector.start(context);
            sender = new NetflowUdpSender(collector.localAddresses().get(0));
            batch = NetflowDatagrams.write(version, DATAGRAMS_PER_BATCH, DATAGRAMS_PER_BATCH, 7);
        }

        /**
         * Stop the sender and the collector; fail if the collector reported an error or saw a malformed datagram.
         *
         * @throws IOException when the sender cannot be closed.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException
        {
            sender.close();
            collector.close();
            if (context.errors() != 0 || collector.counter(NetflowCounter.MALFORMED) != 0)
            {
                throw new IllegalStateException(context.errors() + " errors, " +
                    collector.counter(NetflowCounter.MALFORMED) + " malformed datagrams in the collector");
            }
        }

        /**
         * Let the collector catch up with the previous iteration (at most a second, or until it has been quiet for
         * 50 ms), then take the baselines, so an iteration counts only its own records.
         */
        @Setup(Level.Iteration)
        public void settle()
        {
            final long deadline = System.nanoTime() + SETTLE_NANOS;
            long last = context.received();
            long lastChange = System.nanoTime();
            while (last < sentRecords && System.nanoTime() < deadline &&
                System.nanoTime() - lastChange < QUIET_NANOS)
            {
                Thread.onSpinWait();
                final long now = context.received();
                if (now != last)
                {
                    last = now;
                    lastChange = System.nanoTime();
                }
            }
            sentBase = sentRecords;
            receivedBase = context.received();
            cpuBase = collectorCpuNanos();
        }

        void sendBatch() throws IOException
        {
            for (final ByteBuffer datagram : batch)
            {
                sender.send(datagram);
                datagram.rewind();
            }
            sentRecords += RECORDS_PER_BATCH;
        }

        void measure(final Rates rates, final Ratios ratios)
        {
            final long received = context.received() - receivedBase;
            final long sent = sentRecords - sentBase;
            final long cpuNanos = collectorCpuNanos() - cpuBase;
            rates.received = received;
            ratios.lossPercent = sent == 0 ? 0 : 100.0 * (sent - received) / sent;
            ratios.recordsPerCpuSecond = cpuNanos <= 0 ? 0 : received * 1e9 / cpuNanos;
        }

        private long collectorCpuNanos()
        {
            long total = 0;
            for (final Thread thread : context.threads())
            {
                total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
            }
            return total;
        }
    }

    /**
     * Counters JMH divides by the iteration time.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates
    {
        /** Records the collector delivered to its sink during the iteration. */
        public long received;
    }

    /**
     * Ratios over the iteration, reported as they stand at its end.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Ratios
    {
        /** 100 * (sent - received) / sent. */
        public double lossPercent;
        /** Records received per CPU-second of the receive thread. */
        public double recordsPerCpuSecond;
    }
}
