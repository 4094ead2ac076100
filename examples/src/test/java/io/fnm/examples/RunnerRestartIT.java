package io.fnm.examples;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.core.BanEntry;
import io.fnm.core.FileBanStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bans survive a {@code kill -9}: the runner bans two NetFlow flood victims (the notify script runs with
 * {@code ban}), is killed with SIGKILL, and started again on the same state directory without traffic; it restores
 * both bans (without running the notify script again) and lifts each on time, at the unban time saved before the
 * kill (the notify script runs with {@code unban}).
 */
class RunnerRestartIT
{
    private static final int BAN_TIME_SECONDS = 15;
    private static final long STEP_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void shouldRestoreTheBansAndLiftThemOnTimeWhenKilledAndStartedAgain() throws Exception
    {
        final EndToEndFixture fixture = new EndToEndFixture(dir);
        final FileBanStore store = new FileBanStore(fixture.stateDirectory().resolve(StateDirectory.BANS_FILE));
        final List<BanEntry> saved = banThenKill(fixture, store);
        final Map<String, Long> unbanAt = new TreeMap<>();
        saved.forEach(entry -> unbanAt.put(entry.attack().ip(), entry.unbanAtMillis()));
        assertThat(unbanAt).containsOnlyKeys(EndToEndFixture.UDP_VICTIM, EndToEndFixture.SYN_VICTIM);

        final int prometheusPort = EndToEndFixture.freeTcpPort();
        final Path conf = fixture.writeConfig(String.join("\n", "netflow = on", "netflow_host = 127.0.0.1",
            "netflow_port = " + EndToEndFixture.freeUdpPort(), "prometheus = on", "prometheus_host = 127.0.0.1",
            "prometheus_port = " + prometheusPort), BAN_TIME_SECONDS);
        final FnmJar runner = FnmJar.start("run", "--configuration_file", conf.toString());
        try (runner)
        {
            EndToEndFixture.awaitReady(runner, prometheusPort);
            assertThat(runner.output()).contains("Restored ban of " + EndToEndFixture.UDP_VICTIM)
                .contains("Restored ban of " + EndToEndFixture.SYN_VICTIM);
            final Map<String, Long> unbannedAt = awaitUnbans(fixture, runner, unbanAt.keySet().size());
            for (final Map.Entry<String, Long> due : unbanAt.entrySet())
            {
                // the tick runs every second: an unban comes within two ticks of its time, never before it
                assertThat(unbannedAt.get(due.getKey())).as(runner.output()).isBetween(due.getValue(),
                    due.getValue() + 3_000);
            }
            assertThat(fixture.bannedAddresses()).as("the notify script does not run again for a restored ban")
                .containsExactlyInAnyOrder(EndToEndFixture.UDP_VICTIM, EndToEndFixture.SYN_VICTIM);
            EndToEndFixture.assertStopsCleanlyOnSigterm(runner);
        }
        assertThat(store.load()).isEmpty();
    }

    /** Run the runner, flood until both victims are banned and saved, then SIGKILL it. */
    private static List<BanEntry> banThenKill(final EndToEndFixture fixture, final FileBanStore store)
        throws Exception
    {
        final int port = EndToEndFixture.freeUdpPort();
        final int prometheusPort = EndToEndFixture.freeTcpPort();
        final Path conf = fixture.writeConfig(String.join("\n", "netflow = on", "netflow_host = 127.0.0.1",
            "netflow_port = " + port, "prometheus = on", "prometheus_host = 127.0.0.1",
            "prometheus_port = " + prometheusPort), BAN_TIME_SECONDS);
        final FnmJar runner = FnmJar.start("run", "--configuration_file", conf.toString());
        try (runner; NetflowUdpSender sender = new NetflowUdpSender(new InetSocketAddress("127.0.0.1", port)))
        {
            EndToEndFixture.awaitReady(runner, prometheusPort);
            final NetflowGenerator generator = new NetflowGenerator(7, System.currentTimeMillis() - 60_000);
            final EndToEndFixture.TrafficPlan plan = new EndToEndFixture.TrafficPlan(1);
            final ByteBuffer datagram = ByteBuffer.allocate(65_507);
            final List<TrafficRecord> step = new ArrayList<>();
            final long deadline = System.currentTimeMillis() + 30_000;
            List<BanEntry> saved = store.load();
            while (saved.size() < 2 && System.currentTimeMillis() < deadline)
            {
                assertThat(runner.process().isAlive()).as(runner.output()).isTrue();
                step.clear();
                plan.step(STEP_MILLIS / 1000.0, record -> step.add(new TrafficRecord().copyFrom(record)));
                int next = 0;
                while (next < step.size())
                {
                    datagram.clear();
                    next = generator.writeV5(datagram, step, next, 1, System.currentTimeMillis());
                    datagram.flip();
                    sender.send(datagram);
                }
                Thread.sleep(STEP_MILLIS); // pacing the generator in real time
                saved = store.load();
            }
            assertThat(saved).as(runner.output()).hasSize(2);
            // the ban store is saved at the tick; the notify script runs asynchronously and may still be running
            assertThat(awaitBanCalls(fixture, 2)).as(runner.output())
                .containsExactlyInAnyOrder(EndToEndFixture.UDP_VICTIM, EndToEndFixture.SYN_VICTIM);
            runner.process().destroyForcibly(); // SIGKILL: no shutdown hook, no final save
            assertThat(runner.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runner.process().exitValue()).isEqualTo(137);
            return saved;
        }
    }

    /** Wait (at most 30 s) until the notify script has finished this many ban calls; the addresses banned. */
    private static List<String> awaitBanCalls(final EndToEndFixture fixture, final int count) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        List<String> banned = fixture.bannedAddresses();
        while (banned.size() < count && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(50); // polling files a child process writes, not waiting for a tick
            banned = fixture.bannedAddresses();
        }
        return banned;
    }

    /** Wait for the notify script's unban calls; each address with when its call was seen. */
    private static Map<String, Long> awaitUnbans(final EndToEndFixture fixture, final FnmJar runner,
        final int count) throws Exception
    {
        final Map<String, Long> seen = new TreeMap<>();
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(BAN_TIME_SECONDS + 20);
        while (seen.size() < count && System.currentTimeMillis() < deadline)
        {
            for (final String call : fixture.notifyCalls())
            {
                final String[] argv = call.lines().findFirst().orElse("").split(" ");
                if (argv.length == 5 && "unban".equals(argv[4]))
                {
                    seen.putIfAbsent(argv[1], System.currentTimeMillis());
                }
            }
            Thread.sleep(50); // waiting for another process's notify script, not for a tick
        }
        assertThat(seen).as(runner.output()).hasSize(count);
        return seen;
    }
}
