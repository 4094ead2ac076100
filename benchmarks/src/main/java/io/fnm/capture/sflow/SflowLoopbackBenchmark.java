package io.fnm.capture.sflow;

import io.fnm.capture.CountingCaptureContext;
import io.fnm.capture.CountingCaptureContext.CountingSink;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.sflow.generator.SflowUdpSender;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * sFlow end to end on loopback: the real {@link SflowCollector} bound to 127.0.0.1 (one port, one receive
 * thread) fed by the project's generator ({@link SflowUdpSender}) from the benchmark thread, as fast as it can send.
 * <ul>
 *     <li>the primary score is samples <b>offered</b> per second (sent by the generator);</li>
 *     <li>{@code received} (auxiliary, per second): samples the collector decoded and delivered to its sink;</li>
 *     <li>{@code lossPercent}: 100 * (sent - received) / sent over the iteration (kernel socket buffer overflow;
 *     the samples still in flight when the iteration ends count as lost, a few thousand at most);</li>
 *     <li>{@code samplesPerCpuSecond}: samples received per second of CPU time of the collector's receive thread
 *     ({@link ThreadMXBean#getThreadCpuTime(long)}), the figure to compare with FastNetMon's ~1.5 M.</li>
 * </ul>
 * The sink only counts (the engine has its own benchmark). Run the two sides on different cores for a fair
 * number ({@code taskset}); with both on one core the collector's share is what the scheduler leaves it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SflowLoopbackBenchmark
{
    /** Samples sent per invocation: a multiple of every {@code samples} value, so no datagram is left partial. */
    public static final int BATCH = 1000;

    /**
     * Send {@value #BATCH} samples and bring the auxiliary counters up to date.
     *
     * @param loopback   the collector and the generator.
     * @param counters   the per-iteration count.
     * @param efficiency the per-iteration ratios.
     * @throws IOException when sending fails.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void send(final Loopback loopback, final Counters counters, final Efficiency efficiency)
        throws IOException
    {
        counters.begin(loopback);
        loopback.sendBatch();
        counters.update(loopback, efficiency);
    }

    /**
     * The collector (a real {@link SflowCollector}) and the generator feeding it.
     */
    @State(Scope.Thread)
    public static class Loopback
    {
        private static final int RING = 4096;
        private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);
        private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

        /** Flow samples per datagram. */
        @Param({"1", "10"})
        public int samples;

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final CountingCaptureContext context = new CountingCaptureContext("sflow-loopback-receiver");
        private final TrafficRecord[] records = new TrafficRecord[RING];
        private SflowCollector source;
        private SflowUdpSender sender;
        private long[] receiveThreadIds;
        private CountingSink[] sinks;
        private int next;

        /**
         * Start the collector on an ephemeral port of 127.0.0.1 and connect the generator to it.
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
            source = new SflowCollector(SflowSettings.from(ConfigView.of(Map.of(
                SflowSettings.HOST_KEY, "127.0.0.1",
                SflowSettings.PORT_KEY, "0"))));
            source.start(context);
            receiveThreadIds = context.threads().stream().mapToLong(Thread::getId).toArray();
            sinks = context.sinks().toArray(new CountingSink[0]);
            final InetSocketAddress target = new InetSocketAddress(
                InetAddress.getLoopbackAddress(), source.boundPorts().get(0));
            sender = new SflowUdpSender(target, 0x7F000001, 1000, samples);
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < RING; i++)
            {
                final int kind = random.nextInt(10);
                records[i] = new TrafficRecord()
                    .ipv4(0xC6336400 | random.nextInt(256), 0x0A000000 | random.nextInt(1 << 16))
                    .protocol(kind < 6 ? TrafficRecord.PROTOCOL_TCP : kind < 9 ? TrafficRecord.PROTOCOL_UDP :
                        TrafficRecord.PROTOCOL_ICMP)
                    .ports(1024 + random.nextInt(60000), 443)
                    .tcpFlags(TrafficRecord.TCP_SYN)
                    .bytes(64 + random.nextInt(1400))
                    .interfaces(1, 2);
            }
        }

        /**
         * Stop the generator and the collector; fail if the collector reported an error.
         *
         * @throws IOException when the last send fails.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException
        {
            sender.close();
            source.close();
            if (context.errors() != 0)
            {
                throw new IllegalStateException(context.errors() + " errors reported by the collector");
            }
        }

        void sendBatch() throws IOException
        {
            final TrafficRecord[] ring = records;
            int index = next;
            for (int i = 0; i < BATCH; i++)
            {
                sender.send(ring[index]);
                index = (index + 1) & (RING - 1);
            }
            next = index;
        }

        long received()
        {
            long total = 0;
            for (final CountingSink sink : sinks)
            {
                total += sink.published();
            }
            return total;
        }

        long collectorCpuNanos()
        {
            long total = 0;
            for (final long id : receiveThreadIds)
            {
                total += Math.max(0, threads.getThreadCpuTime(id));
            }
            return total;
        }

        long sent()
        {
            return sender.samplesSent();
        }

        /**
         * Before each iteration, wait (at most a second) until the collector has caught up with what was sent, or
         * stopped receiving, so the previous iteration's datagrams are not counted in this one.
         */
        @Setup(Level.Iteration)
        public void drain()
        {
            final long deadline = System.nanoTime() + DRAIN_NANOS;
            long last = received();
            long lastChange = System.nanoTime();
            while (received() < sent() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
                final long now = received();
                if (now != last)
                {
                    last = now;
                    lastChange = System.nanoTime();
                }
                else if (System.nanoTime() - lastChange > QUIET_NANOS)
                {
                    return;
                }
            }
        }
    }

    /**
     * Samples received per second (normalised by JMH by the iteration time).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters
    {
        /** Samples the collector delivered to its sink during the iteration. */
        public long received;
        private boolean started;
        private long receivedBase;
        private long sentBase;
        private long cpuBase;

        /**
         * Forget the previous iteration's baselines.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            started = false;
        }

        void begin(final Loopback loopback)
        {
            if (!started)
            {
                started = true;
                receivedBase = loopback.received();
                sentBase = loopback.sent();
                cpuBase = loopback.collectorCpuNanos();
            }
        }

        void update(final Loopback loopback, final Efficiency efficiency)
        {
            received = loopback.received() - receivedBase;
            final long sent = loopback.sent() - sentBase;
            final long cpu = loopback.collectorCpuNanos() - cpuBase;
            efficiency.lossPercent = sent == 0 ? 0 : 100.0 * (sent - received) / sent;
            efficiency.samplesPerCpuSecond = cpu == 0 ? 0 : received * 1e9 / cpu;
        }
    }

    /**
     * Ratios over the iteration, reported as they stand at its end.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Efficiency
    {
        /** 100 * (sent - received) / sent. */
        public double lossPercent;
        /** Samples received per CPU-second of the receive thread. */
        public double samplesPerCpuSecond;
    }
}
