package io.fnm.examples;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.AttackReport;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fnm demo}: no root, no network card, no configuration file. A built-in simulation of background traffic for
 * 40 hosts plus a UDP flood against one of them goes through the engine; the user sees the victim detected, banned
 * with its attack type and details, and unbanned once the flood is over. Exit status 0 when exactly the victim was
 * banned and unbanned.
 */
final class DemoCommand
{
    private static final long FLOOD_START_MILLIS = 1_500;
    private static final long FLOOD_END_MILLIS = 7_500;
    private static final long STEP_MILLIS = 100;
    private static final long DEADLINE_SECONDS = 40;

    private DemoCommand()
    {
    }

    static EngineConfig demoConfig()
    {
        return EngineConfig.builder()
            .networks(List.of(IpPrefix.parse(DemoScenario.NETWORK), IpPrefix.parse("2001:db8:100::/48")))
            .averageCalculationTimeSeconds(2)
            .speedCalculationDelaySeconds(1)
            .globalThresholds(Thresholds.builder()
                .enableBan(true)
                .enableBanIpv6(true)
                .enable(ThresholdKind.PPS, true)
                .value(ThresholdKind.PPS, 20_000)
                .enable(ThresholdKind.MBPS, true)
                .value(ThresholdKind.MBPS, 1_000)
                .build())
            .banTimeSeconds(4)
            .unbanOnlyIfAttackFinished(true)
            .banDetailsRecordsCount(5)
            .banDetailsMaxWaitSeconds(3)
            .build();
    }

    static int run(final List<String> args, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        final long start = System.currentTimeMillis();
        final Set<String> banned = ConcurrentHashMap.newKeySet();
        final CountDownLatch unbanned = new CountDownLatch(1);
        final EngineConfig config = demoConfig();

        out.printf("fnm demo: networks %s and 2001:db8:100::/48, threshold %d pps, average over %d s, ban_time %d s%n",
            DemoScenario.NETWORK, config.globalThresholds().value(ThresholdKind.PPS),
            config.averageCalculationTimeSeconds(), config.banTimeSeconds());
        out.printf("[%5.1fs] background traffic: %d hosts, about %d pps each way; UDP flood of %d pps against %s " +
            "from %.1fs to %.1fs%n", 0.0, DemoScenario.BACKGROUND_HOSTS, DemoScenario.BACKGROUND_PPS_PER_HOST,
            DemoScenario.FLOOD_PPS, DemoScenario.VICTIM, FLOOD_START_MILLIS / 1000.0, FLOOD_END_MILLIS / 1000.0);

        final AttackAction printer = new AttackAction()
        {
            @Override
            public void onBan(final Attack attack)
            {
                banned.add(attack.ip());
                out.printf("[%5.1fs] BAN %s: %s %s, %s, %d pps (threshold %s, hostgroup %s)%n", seconds(start),
                    attack.ip(), attack.direction().text(), attack.type().text(), attack.protocol().text(),
                    attack.initialPowerPps(), attack.threshold() == null ? "manual" : attack.threshold().name(),
                    attack.hostgroup());
                out.print(indent(AttackReport.describe(attack)));
            }

            @Override
            public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
            {
                out.printf("[%5.1fs] ATTACK DETAILS %s: %d sampled records%n", seconds(start), attack.ip(),
                    records.size());
                final StringBuilder dump = new StringBuilder();
                for (final TrafficRecord record : records)
                {
                    AttackReport.appendPacketLine(dump, record, ZoneId.systemDefault());
                }
                out.print(indent(dump.toString()));
            }

            @Override
            public void onUnban(final Attack attack)
            {
                out.printf("[%5.1fs] UNBAN %s: attack %s over, peak %d pps%n", seconds(start), attack.ip(),
                    attack.uuid(), attack.peakPowerPps());
                unbanned.countDown();
            }
        };

        try (DetectionEngine engine = DetectionEngine.builder(config)
            .discoverProviders(false)
            .captureSource(new SimulatedSource(start))
            .action(printer)
            .build())
        {
            engine.start();
            if (!unbanned.await(DEADLINE_SECONDS, TimeUnit.SECONDS))
            {
                err.printf("demo: no unban within %d s%n", DEADLINE_SECONDS);
                return 1;
            }
        }
        final boolean onlyVictim = banned.equals(Set.of(DemoScenario.VICTIM));
        out.printf("[%5.1fs] demo done: %d host(s) banned %s, %s%n", seconds(start), banned.size(), banned,
            onlyVictim ? "no innocent host banned" : "UNEXPECTED bans");
        return onlyVictim ? 0 : 1;
    }

    private static double seconds(final long start)
    {
        return (System.currentTimeMillis() - start) / 1000.0;
    }

    private static String indent(final String text)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String line : text.split("\n"))
        {
            if (!line.isBlank())
            {
                sb.append("          ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Plays the scenario in real time on its own thread into the engine.
     */
    static final class SimulatedSource implements CaptureSource
    {
        private final long start;
        private volatile boolean running = true;
        private Thread thread;

        SimulatedSource(final long start)
        {
            this.start = start;
        }

        @Override
        public String name()
        {
            return "demo-simulation";
        }

        @Override
        public void start(final CaptureContext context)
        {
            final TrafficSink sink = context.newSink("fnm-demo-traffic");
            final Clock clock = context.clock();
            final DemoScenario scenario = new DemoScenario(42, FLOOD_START_MILLIS, FLOOD_END_MILLIS);
            thread = context.threadFactory().newThread(() ->
            {
                long next = System.currentTimeMillis();
                while (running)
                {
                    scenario.step(System.currentTimeMillis() - start, STEP_MILLIS, clock.epochMillis(), sink::accept);
                    sink.flush();
                    next += STEP_MILLIS;
                    final long pause = next - System.currentTimeMillis();
                    if (pause > 0)
                    {
                        try
                        {
                            Thread.sleep(pause); // pacing the simulated traffic, not waiting for a tick
                        }
                        catch (final InterruptedException ex)
                        {
                            return;
                        }
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close()
        {
            running = false;
            if (thread != null)
            {
                thread.interrupt();
                try
                {
                    thread.join(2_000);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
