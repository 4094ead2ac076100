package io.fnm.benchmarks;

import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Performance under attack (issue 8): a spray of new spoofed destinations (default 100 000 a second, one packet
 * each) keeps the host table full while a real flood (default 60 000 packets a second, one record per packet)
 * starts against a host that is not tracked yet. The engine runs on a {@link ManualClock} driven by this program,
 * one tick per simulated second, on one thread: records of a second into one sink, then the tick.
 * <p>
 * It prints {@code key=value} lines: the ticks the same flood needs to be banned without a spray
 * ({@code normal_ticks_to_ban}) and with it ({@code ticks_to_ban}), the wall time per simulated second (ingest of
 * every record plus the tick: below 1000 ms means one core keeps up), the hosts tracked, the full-table counters,
 * and the heap used after a full GC at the end and at its largest (sampled every 5 simulated seconds).
 * <p>
 * Options ({@code --name value}): {@code --spray} new hosts per second, {@code --flood} flood packets per second,
 * {@code --seconds} simulated seconds (default 40), {@code --flood-at} second the flood starts (default 20: the
 * table of the default {@code max_tracked_hosts} is full by then), {@code --max-tracked-hosts} (default 1 048 576),
 * {@code --threshold} ban threshold, packets per second (default 20 000), {@code --average}
 * {@code average_calculation_time} (default 15, FastNetMon's shipped value), {@code --spray-bytes} bytes of a spray
 * packet (default 60: its host's averages reach zero within a few seconds and it turns idle; 1500 keeps it active
 * for about a minute, so the table is full of active hosts and the flood must displace the quietest).
 */
public final class SprayFloodLoad
{
    private static final int VICTIM = 0x0AFFFF01;
    private static final int SPRAY_BASE = 0x0A000000;

    private final long spray;
    private final long flood;
    private final int seconds;
    private final int floodAt;
    private final int maxHosts;
    private final long threshold;
    private final int average;
    private final int sprayBytes;
    private final TrafficRecord record = new TrafficRecord();
    private final SplittableRandom random = new SplittableRandom(8);
    private int sprayed;

    private SprayFloodLoad(final Map<String, String> options)
    {
        spray = Long.parseLong(options.getOrDefault("spray", "100000"));
        flood = Long.parseLong(options.getOrDefault("flood", "60000"));
        seconds = Integer.parseInt(options.getOrDefault("seconds", "40"));
        floodAt = Integer.parseInt(options.getOrDefault("flood-at", "20"));
        maxHosts = Integer.parseInt(options.getOrDefault("max-tracked-hosts", "1048576"));
        threshold = Long.parseLong(options.getOrDefault("threshold", "20000"));
        average = Integer.parseInt(options.getOrDefault("average", "15"));
        sprayBytes = Integer.parseInt(options.getOrDefault("spray-bytes", "60"));
    }

    /**
     * @param args {@code --name value} options (see the class comment).
     */
    public static void main(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new SprayFloodLoad(options).run(System.out);
    }

    private EngineConfig config()
    {
        return EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8")))
            .maxTrackedHosts(maxHosts)
            .averageCalculationTimeSeconds(average)
            .banDetailsRecordsCount(0)
            .globalThresholds(Thresholds.builder().enableBan(true).threshold(ThresholdKind.PPS, threshold).build())
            .build();
    }

    private void run(final PrintStream out)
    {
        out.println("normal_ticks_to_ban=" + attack(false, out));
        out.println("ticks_to_ban=" + attack(true, out));
    }

    /**
     * @return ticks of flood until the victim is banned (or -1).
     */
    private int attack(final boolean withSpray, final PrintStream out)
    {
        final ManualClock clock = new ManualClock(1_700_000_000_000L);
        try (DetectionEngine engine = DetectionEngine.builder(config()).clock(clock).tickThread(false)
            .discoverProviders(false).build())
        {
            engine.start();
            final TrafficSink sink = engine.newSink("spray-flood");
            long wallNanos = 0;
            long maxNanos = 0;
            long maxHeap = 0;
            int banned = -1;
            int ran = 0;
            final int start = withSpray ? floodAt : 0;
            final int end = withSpray ? seconds : start + 60;
            for (int second = 0; second < end && banned < 0; second++)
            {
                final long t0 = System.nanoTime();
                oneSecond(sink, withSpray, second >= start);
                clock.advanceSeconds(1);
                engine.tick();
                final long took = System.nanoTime() - t0;
                if (engine.banList().stream().anyMatch(b -> b.attack().ip().equals("10.255.255.1")))
                {
                    banned = second - start + 1;
                }
                ran++;
                if (withSpray)
                {
                    wallNanos += took;
                    maxNanos = Math.max(maxNanos, took);
                    if (second % 5 == 4)
                    {
                        maxHeap = Math.max(maxHeap, heapAfterGc());
                    }
                }
            }
            if (withSpray)
            {
                out.printf("ms_per_simulated_second_mean=%.1f%n", wallNanos / 1e6 / ran);
                out.println("simulated_seconds=" + ran);
                out.printf("ms_per_simulated_second_max=%.1f%n", maxNanos / 1e6);
                final Map<String, Long> counters = new HashMap<>();
                engine.counters((d, l1, l2, v) -> counters.put(d.name() + (l1 == null ? "" : "{" + l1 + "}"), v));
                for (final String name : List.of("fnm_hosts_tracked{4}", "fnm_host_table_full_total",
                    "fnm_hosts_evicted_total{idle}", "fnm_hosts_evicted_total{quietest}", "fnm_hosts_untracked_total",
                    "fnm_records_untracked_total"))
                {
                    out.println(name + "=" + counters.get(name));
                }
                final long heap = heapAfterGc();
                out.println("heap_used_after_gc_mb=" + (heap >> 20));
                out.println("heap_used_after_gc_max_mb=" + (Math.max(maxHeap, heap) >> 20));
            }
            return banned;
        }
    }

    /** One second of records: the spray and the flood interleaved, in proportion. */
    private void oneSecond(final TrafficSink sink, final boolean withSpray, final boolean withFlood)
    {
        final long sprayRecords = withSpray ? spray : 0;
        final long floodRecords = withFlood ? flood : 0;
        final long total = sprayRecords + floodRecords;
        long floodSent = 0;
        for (long i = 0; i < total; i++)
        {
            // the flood's share of the records so far decides which comes next
            if (floodSent < floodRecords && floodSent * total <= i * floodRecords)
            {
                sink.accept(record.reset().ipv4(0xC6000000 | random.nextInt(1 << 16), VICTIM)
                    .protocol(TrafficRecord.PROTOCOL_UDP).ports(1024 + random.nextInt(60000), 53).packets(1)
                    .bytes(100));
                floodSent++;
            }
            else
            {
                final int host = SPRAY_BASE + (sprayed++ & 0x00FFFFFF);
                sink.accept(record.reset().ipv4(0xC6000000 | random.nextInt(1 << 16), host)
                    .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_SYN).ports(40000, 80)
                    .packets(1).bytes(sprayBytes));
            }
        }
        sink.flush();
    }

    private static long heapAfterGc()
    {
        final Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
