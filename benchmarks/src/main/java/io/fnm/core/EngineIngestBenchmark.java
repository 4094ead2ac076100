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
 * <p>
 * The records come as a decoder hands them over: one reused {@link TrafficRecord} per capture thread, reset and
 * filled for each record from the ring's columns (read in order, as a decoder reads a datagram). Until 2026-12-02 the
 * ring held one {@code TrafficRecord} object per record (131 072 of them, about 15 MB), so every record began with a
 * cache miss no capture thread has; figures before that date are lower for that reason.
 * <p>
 * {@code openInvestigations}: that many other hosts (of the same IP version, no record of the ring goes to them) are
 * banned and collect attack details during the run, so every record is looked up among them (issue 8: a scan per
 * record made 1 500 bans cost 70 % of ingest); with the index the figure must stay within 10 % of none.
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
    /** The ban threshold: far above what the ring gives a host, far below the investigated hosts' flood. */
    private static final long INVESTIGATED_PPS = 1_000_000_000L;

    /** IP version of the records. */
    @Param({"4", "6"})
    public int ipVersion;

    /** Distinct local hosts the records go to. */
    @Param({"65536", "1000000"})
    public int hosts;

    /** Connection tracking (flows per host). */
    @Param({"true", "false"})
    public boolean connectionTracking;

    /** Attack-details collections open during the run (banned hosts outside the ring). */
    @Param({"0", "10000"})
    public int openInvestigations;

    private DetectionEngine engine;
    private TrafficSink sink;
    private final TrafficRecord record = new TrafficRecord();
    private long[] srcLow;
    private long[] dstLow;
    private int[] ports;
    private int[] sizes;
    private int next;

    /**
     * Build an engine driven by hand (no tick thread) and a ring of pre-built records.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final EngineConfig config = EngineConfig.builder()
            .networks(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("2001:db8::/32")))
            .maxTrackedHosts(2 * hosts + openInvestigations)
            .enableConnectionTracking(connectionTracking)
            .globalThresholds(Thresholds.builder().enableBan(true).enableBanIpv6(true)
                .threshold(ThresholdKind.PPS, INVESTIGATED_PPS).build())
            .banDetailsRecordsCount(20)
            .banDetailsMaxWaitSeconds(86_400)
            .banDetailsMaxOpen(Math.max(1, openInvestigations))
            .maxBannedHosts(Math.max(1, openInvestigations))
            .build();
        engine = DetectionEngine.builder(config).discoverProviders(false).tickThread(false).build();
        engine.start();
        sink = engine.newSink("benchmark");
        openInvestigations();
        final SplittableRandom random = new SplittableRandom(7);
        final int ringSize = Integer.highestOneBit(Math.max(hosts, BATCH) * 2 - 1);
        srcLow = new long[ringSize];
        dstLow = new long[ringSize];
        ports = new int[ringSize];
        sizes = new int[ringSize];
        for (int i = 0; i < ringSize; i++)
        {
            final int host = i % hosts;
            if (ipVersion == 4)
            {
                srcLow[i] = 0xC0000000 | random.nextInt(1 << 24);
                dstLow[i] = 0x0A000000 + host;
            }
            else
            {
                srcLow[i] = random.nextLong();
                dstLow[i] = host;
            }
            // protocol in bit 16 (TCP or UDP), source port below
            ports[i] = (random.nextBoolean() ? 1 << 16 : 0) | (1024 + random.nextInt(60000));
            sizes[i] = 64 + random.nextInt(1400);
        }
    }

    /**
     * Ban {@link #openInvestigations} hosts of 10.200.0.0/16 (or 2001:db8:200::/48) with one huge record each: their
     * attack details stay open for the whole run, as nothing else reaches them.
     */
    private void openInvestigations()
    {
        final TrafficRecord flood = new TrafficRecord().protocol(TrafficRecord.PROTOCOL_UDP).ports(53, 53)
            .packets(INVESTIGATED_PPS * 1_000L).bytes(INVESTIGATED_PPS * 64_000L).samplingRatio(1);
        for (int i = 0; i < openInvestigations; i++)
        {
            if (ipVersion == 4)
            {
                flood.ipv4(0xC6336401, 0x0AC80000 + i);
            }
            else
            {
                flood.ipv6(0x20010db9ffff0000L, 1, 0x20010db802000000L, i);
            }
            sink.accept(flood);
        }
        sink.flush();
        engine.tick();
        if (engine.banList().size() != openInvestigations)
        {
            throw new IllegalStateException("expected " + openInvestigations + " bans, got " +
                engine.banList().size());
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
        final TrafficRecord r = record;
        final int mask = dstLow.length - 1;
        final boolean v4 = ipVersion == 4;
        int index = next;
        for (int i = 0; i < BATCH; i++)
        {
            r.reset();
            if (v4)
            {
                r.ipv4((int)srcLow[index], (int)dstLow[index]);
            }
            else
            {
                r.ipv6(0x20010db9ffff0000L, srcLow[index], 0x20010db800000000L, dstLow[index]);
            }
            final int p = ports[index];
            r.protocol((p & 1 << 16) != 0 ? TrafficRecord.PROTOCOL_TCP : TrafficRecord.PROTOCOL_UDP)
                .tcpFlags(TrafficRecord.TCP_SYN)
                .ports(p & 0xFFFF, 80)
                .packets(1)
                .bytes(sizes[index])
                .samplingRatio(1);
            sink.accept(r);
            index = (index + 1) & mask;
        }
        next = index;
    }
}
