package io.fnm.examples.api;

import io.fnm.actions.api.AttackHistory;
import io.fnm.actions.api.OperatorApi;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import io.fnm.examples.http.RunnerHttpServer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures what 100 API clients polling {@code GET /api/v1/top} every second cost the capture path
 * ({@code benchmarks/api-polling.sh}): one capture thread feeds a real engine (tick thread on, 65 536 hosts of
 * 10.0.0.0/16) as fast as it can, in alternating rounds without and with the clients (in a child JVM,
 * {@link ApiPollers}), and prints, for each round, the records per second of wall time and per CPU-second of the
 * capture thread (what the server's work costs it through the memory system, locks and garbage collection, apart from
 * the scheduler handing its core to another thread), and the change of the medians. With {@code -Dfnm.pin=true}
 * (the script's default on a machine of two CPUs or more) the capture thread has CPU 0 to itself and everything else
 * (tick, HTTP server, GC, the pollers' JVM) runs on the others, as capture threads are deployed.
 */
final class ApiPollingLoad
{
    private static final int HOSTS = 65_536;
    private static final int RING = 1 << 17;
    /** The CPU the capture thread is pinned to with {@code -Dfnm.pin=true}; everything else runs on the others. */
    private static final int CAPTURE_CPU = 0;

    private ApiPollingLoad()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final long roundMillis = args.length > 2 ? Long.parseLong(args[2]) : 5_000;
        final EngineConfig config = EngineConfig.builder().networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .maxTrackedHosts(2 * HOSTS).globalThresholds(Thresholds.builder().enableBan(true)
                .threshold(ThresholdKind.PPS, 1_000_000_000L).build()).build();
        try (DetectionEngine engine = DetectionEngine.builder(config).discoverProviders(false).build())
        {
            engine.start();
            final OperatorApi api = new OperatorApi(engine, new AttackHistory(10, 0, Clock.SYSTEM), null, null);
            try (RunnerHttpServer server = OperatorView.server(new ApiSettings("127.0.0.1", 0, null), api).start())
            {
                run(engine.newSink("load"), "http://127.0.0.1:" + server.address().getPort(), clients, rounds,
                    roundMillis);
            }
        }
    }

    private static void run(final TrafficSink sink, final String base, final int clients, final int rounds,
        final long roundMillis) throws Exception
    {
        final Columns records = new Columns();
        if (Boolean.getBoolean("fnm.pin"))
        {
            pinThisThread();
        }
        final List<double[]> without = new ArrayList<>();
        final List<double[]> with = new ArrayList<>();
        final List<double[]> spinning = new ArrayList<>();
        feed(sink, records, roundMillis); // warm-up
        for (int round = 0; round < rounds; round++)
        {
            without.add(feed(sink, records, roundMillis));
            final Process pollers = child(ApiPollers.class, base + "/api/v1/top?n=10&by=bytes",
                Integer.toString(clients));
            with.add(feed(sink, records, roundMillis));
            pollers.destroy();
            pollers.waitFor();
            if (Boolean.getBoolean("fnm.pin"))
            {
                // the control means "a busy neighbour on the other CPUs": only with the capture thread pinned
                final Process spinner = child(CpuSpinner.class);
                spinning.add(feed(sink, records, roundMillis));
                spinner.destroy();
                spinner.waitFor();
            }
            System.out.printf(Locale.ROOT, "round %d: without %.0f records/s (%.0f per capture-thread CPU-s, other "
                + "threads %.0f ms/s), with %d clients %.0f records/s (%.0f per capture-thread CPU-s, other threads "
                + "%.0f ms/s)%n", round, without.get(round)[0], without.get(round)[1], without.get(round)[2], clients,
                with.get(round)[0], with.get(round)[1], with.get(round)[2]);
            if (!spinning.isEmpty())
            {
                System.out.printf(Locale.ROOT, "round %d: with a process spinning on the other CPUs %.0f records/s "
                    + "(%.0f per capture-thread CPU-s)%n", round, spinning.get(round)[0], spinning.get(round)[1]);
            }
        }
        final String[] names = {"records/s (wall)", "records per capture-thread CPU-s",
            "CPU ms/s of the other threads (tick, HTTP server, GC)"};
        for (int k = 0; k < names.length; k++)
        {
            final double a = median(without, k);
            final double b = median(with, k);
            System.out.printf(Locale.ROOT, "median %s: without=%.0f with=%.0f change=%.2f%%%n", names[k], a, b,
                (b - a) * 100 / a);
        }
        // the control: what any busy process on the other CPUs costs the capture thread on this machine (shared
        // caches, memory bandwidth, a host's hyperthread sibling), with no request to the engine at all
        if (spinning.isEmpty())
        {
            return;
        }
        final double a = median(without, 1);
        final double c = median(spinning, 1);
        System.out.printf(Locale.ROOT, "median records per capture-thread CPU-s with a process spinning on the other "
            + "CPUs instead of the clients (control): %.0f change=%.2f%%%n", c, (c - a) * 100 / a);
    }

    /**
     * A child JVM running {@code main}: the clients ({@link ApiPollers}) run in their own JVM, as on the operators'
     * machines: their CPU, allocation and garbage collection are not this process's; what is left here is the
     * server's cost and its effect on the capture thread. The control ({@link CpuSpinner}) runs the same way.
     */
    private static Process child(final Class<?> main, final String... args) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>();
        if (Boolean.getBoolean("fnm.pin"))
        {
            // started from the pinned capture thread, the child would inherit its CPU: give it the others
            command.addAll(List.of("taskset", "-c", otherCpus()));
        }
        command.addAll(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        Thread.sleep(1_500); // the child's JVM starts (the pollers spread their first requests over one second)
        return process;
    }

    /** @return the CPUs of everything but the capture thread, as the script gives them ({@code taskset -c} list). */
    private static String otherCpus()
    {
        return System.getProperty("fnm.pin.others", Integer.toString(CAPTURE_CPU + 1));
    }

    /**
     * @return records per second of wall time, records per CPU-second of the feeding thread, and the CPU time of every
     *         other thread of this process (tick, HTTP server, GC, JIT) in milliseconds per second of wall time.
     */
    private static double[] feed(final TrafficSink sink, final Columns records, final long millis)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        final long start = System.nanoTime();
        final long cpuStart = threads.getCurrentThreadCpuTime();
        final long processStart = os.getProcessCpuTime();
        final long end = start + millis * 1_000_000L;
        long count = 0;
        int next = 0;
        while (System.nanoTime() < end)
        {
            for (int i = 0; i < 1024; i++)
            {
                sink.accept(records.fill(next));
                next = (next + 1) & (RING - 1);
            }
            count += 1024;
        }
        sink.flush();
        final long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        final long wall = System.nanoTime() - start;
        final long others = os.getProcessCpuTime() - processStart - cpu;
        return new double[] {count * 1e9 / wall, count * 1e9 / cpu, others * 1e3 / wall};
    }

    /**
     * Pin the calling (capture) thread to {@link #CAPTURE_CPU}. The script starts this JVM on the other CPUs, so the
     * tick, the HTTP server, the garbage collector and the pollers' JVM never take the capture thread's core, as on a
     * deployment whose capture threads have cores of their own; what is left is their effect through the memory
     * system and the engine's own structures, which is what the measurement is about.
     */
    private static void pinThisThread() throws Exception
    {
        final String tid = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self"))
            .getFileName().toString();
        final Process taskset = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(CAPTURE_CPU), tid)
            .redirectErrorStream(true).start();
        final String output = new String(taskset.getInputStream().readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        if (taskset.waitFor() != 0)
        {
            throw new IllegalStateException("taskset failed: " + output);
        }
        System.out.printf(Locale.ROOT, "capture thread %s pinned to CPU %d%n", tid, CAPTURE_CPU);
    }

    /**
     * The traffic as columns filled into one reused record, as a decoder fills its record: a ring of record objects
     * would add a cache miss per record that no capture thread pays, and make the figure a measure of memory traffic.
     */
    private static final class Columns
    {
        private final int[] sources = new int[RING];
        private final int[] destinations = new int[RING];
        private final byte[] protocols = new byte[RING];
        private final short[] bytes = new short[RING];
        private final short[] ports = new short[RING];
        private final TrafficRecord record = new TrafficRecord();

        Columns()
        {
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < RING; i++)
            {
                sources[i] = 0xC0000000 | random.nextInt(1 << 24);
                destinations[i] = 0x0A000000 + i % HOSTS;
                protocols[i] = (byte)(random.nextBoolean() ? 6 : 17);
                bytes[i] = (short)(64 + random.nextInt(1437));
                ports[i] = (short)random.nextInt(65536);
            }
        }

        TrafficRecord fill(final int i)
        {
            return record.ipv4(sources[i], destinations[i]).protocol(protocols[i]).packets(1).bytes(bytes[i])
                .ports(ports[i] & 0xFFFF, 443);
        }
    }

    private static double median(final List<double[]> values, final int k)
    {
        final List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v[k]));
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
