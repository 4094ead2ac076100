package io.fnm.actions.notify;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.config.ConfigView;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackReport;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.Direction;
import io.fnm.core.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class NotifyScriptActionTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPassArgumentsDirectlyWithoutShell() throws Exception
    {
        final Path args = dir.resolve("args");
        final NotifyScriptAction action = action(recordArgs(args), true);

        action.onBan(attack("192.0.2.10", Direction.INCOMING, 30_000));

        assertThat(Files.readAllLines(args)).containsExactly("192.0.2.10", "incoming", "30000", "ban");
    }

    @Test
    void shouldNotRunTheScriptAgainWhenABanIsRestored() throws Exception
    {
        final Path args = dir.resolve("args");
        final NotifyScriptAction action = action(recordArgs(args), true);
        final Attack attack = attack("192.0.2.10", Direction.INCOMING, 30_000);

        action.onRestore(new BanEntry(attack, attack.detectedAtMillis(), attack.detectedAtMillis() + 60_000));

        assertThat(args).doesNotExist();
    }

    @Test
    void shouldRunTheScriptWithTheKeysDefaultsWhenBuiltInCode() throws Exception
    {
        final Path args = dir.resolve("args");
        final NotifyScriptAction action = NotifyScriptAction.builder(recordArgs(args)).build();

        action.onBan(attack("192.0.2.10", Direction.INCOMING, 30_000));

        assertThat(Files.readAllLines(args)).containsExactly("192.0.2.10", "incoming", "30000", "ban");
        assertThat(action.maxConcurrentCalls()).isEqualTo(NotifyScriptAction.DEFAULT_MAX_CONCURRENT_CALLS);
        assertThat(action).usingRecursiveComparison().isEqualTo(new NotifyScriptActionProvider()
            .create(ConfigView.of(Map.of("notify_script_path", recordArgs(args).toString()))));
    }

    @Test
    void shouldPassIpv6AddressAndOutgoingDirection() throws Exception
    {
        final Path args = dir.resolve("args");
        final NotifyScriptAction action = action(recordArgs(args), true);

        action.onUnban(attack("2001:db8::10", Direction.OUTGOING, 7));

        assertThat(Files.readAllLines(args)).containsExactly("2001:db8::10", "outgoing", "7", "unban");
    }

    @Test
    void shouldNotInterpretShellMetacharactersInScriptPath() throws Exception
    {
        final Path marker = dir.resolve("marker");
        final Path args = dir.resolve("args");
        final Path script = script("notify; touch " + marker.getFileName() + ".sh",
            "printf '%s\\n' \"$@\" > " + args + "\ncat > /dev/null\n");

        action(script, true).onBan(attack("192.0.2.10", Direction.INCOMING, 1));

        assertThat(args).exists();
        assertThat(dir.resolve(marker.getFileName() + ".sh")).doesNotExist();
    }

    @Test
    void shouldWriteAttackDescriptionToStdinForBan() throws Exception
    {
        final Path stdin = dir.resolve("stdin");
        final Attack attack = attack("192.0.2.10", Direction.INCOMING, 30_000);

        action(script("cat-stdin.sh", "cat > " + stdin + "\n"), true).onBan(attack);

        assertThat(Files.readString(stdin)).isEqualTo(AttackReport.describe(attack))
            .startsWith("IP: 192.0.2.10\nAttack type: udp_flood\n");
    }

    @Test
    void shouldWriteDescriptionAndTrafficDumpToStdinForAttackDetails() throws Exception
    {
        final Path stdin = dir.resolve("stdin");
        final Path args = dir.resolve("args");
        final Attack attack = attack("192.0.2.10", Direction.INCOMING, 30_000);
        final TrafficRecord record = new TrafficRecord().ipv4(IpAddresses.parseIpv4("198.51.100.1"),
            IpAddresses.parseIpv4("192.0.2.10")).protocol(TrafficRecord.PROTOCOL_UDP).ports(53, 1234).packets(1)
            .bytes(512).samplingRatio(1).timestampMillis(1_700_000_000_000L);

        action(script("details.sh", "printf '%s\\n' \"$@\" > " + args + "\ncat > " + stdin + "\n"), true)
            .onAttackDetails(attack, List.of(record));

        assertThat(Files.readAllLines(args)).containsExactly("192.0.2.10", "incoming", "30000", "attack_details");
        assertThat(Files.readString(stdin)).isEqualTo(AttackReport.withDump(attack, List.of(record)))
            .contains("\n\nAttack traffic dump\n\n").contains(" 198.51.100.1:53 > 192.0.2.10:1234 protocol: udp ");
    }

    @Test
    void shouldNotRunScriptForAttackDetailsWhenPassDetailsIsOff() throws Exception
    {
        final Path args = dir.resolve("args");

        action(recordArgs(args), false).onAttackDetails(attack("192.0.2.10", Direction.INCOMING, 1), List.of());

        assertThat(args).doesNotExist();
    }

    @Test
    void shouldGiveEmptyStdinForUnban() throws Exception
    {
        final Path stdin = dir.resolve("stdin");

        final int status = action(script("cat-stdin.sh", "cat > " + stdin + "\n"), true)
            .run(attack("192.0.2.10", Direction.INCOMING, 1), "unban", null);

        assertThat(status).isZero();
        assertThat(Files.readString(stdin)).isEmpty();
    }

    @Test
    void shouldNotFailWhenScriptIgnoresLargeStdin() throws Exception
    {
        final Path args = dir.resolve("args");
        final Attack attack = attack("192.0.2.10", Direction.INCOMING, 1);
        final List<TrafficRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++)
        {
            records.add(new TrafficRecord().ipv4(i, IpAddresses.parseIpv4("192.0.2.10"))
                .protocol(TrafficRecord.PROTOCOL_UDP).packets(1).bytes(100).timestampMillis(1_700_000_000_000L));
        }
        final NotifyScriptAction action = action(script("ignore.sh", "printf '%s\\n' \"$@\" > " + args + "\n"),
            true);

        assertThat(AttackReport.withDump(attack, records).length()).isGreaterThan(256 * 1024);
        assertThatCode(() -> action.onAttackDetails(attack, records)).doesNotThrowAnyException();
        assertThat(Files.readAllLines(args)).endsWith("attack_details");
    }

    @Test
    void shouldNotBlockWhenScriptWritesALotToStdoutAndStderr() throws Exception
    {
        final NotifyScriptAction action = action(script("chatty.sh",
            "head -c 1048576 /dev/zero\nhead -c 1048576 /dev/zero >&2\nexit 0\n"), true);

        assertThat(action.run(attack("192.0.2.10", Direction.INCOMING, 1), "ban", "x")).isZero();
    }

    @Test
    void shouldKillHungScriptAndItsChildrenWithinTimeout() throws Exception
    {
        final Path childPid = dir.resolve("child.pid");
        final Path script = script("hang.sh", "sleep 300 &\necho $! > " + childPid + "\nwait\n");
        final NotifyScriptAction action = new NotifyScriptAction(script, Duration.ofSeconds(1), true);
        final long start = System.nanoTime();

        final int status = action.run(attack("192.0.2.10", Direction.INCOMING, 1), "ban", "text");

        assertThat(status).isEqualTo(NotifyScriptAction.KILLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        final long pid = Long.parseLong(Files.readString(childPid).trim());
        assertThat(isRunning(pid)).isFalse();
    }

    @Test
    void shouldThrowNamingTheExitStatusWhenScriptExitsNonZero() throws Exception
    {
        final NotifyScriptAction action = action(script("fail.sh", "exit 3\n"), true);
        final Attack attack = attack("192.0.2.10", Direction.INCOMING, 1);

        assertThat(action.run(attack, "ban", "text")).isEqualTo(3);
        assertThatCode(() -> action.onBan(attack)).isInstanceOfSatisfying(NotifyScriptException.class,
            ex -> assertThat(ex.exitStatus()).isEqualTo(3)).hasMessageContaining("exited with status 3");
    }

    @Test
    void shouldCountNonZeroExitsInActionFailuresWhenRunByTheEngine() throws Exception
    {
        final NotifyScriptAction action = action(script("fail.sh", "exit 3\n"), true);
        try (DetectionEngine engine = engine(action))
        {
            engine.ban(IpAddresses.parseLiteral("10.0.0.1"));
            engine.ban(IpAddresses.parseLiteral("10.0.0.2"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (failures(engine) < 2 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertThat(failures(engine)).isEqualTo(2);
        }
    }

    @Test
    void shouldReturnAtOnceAndLeaveNoThreadWhenAChildOfTheScriptHoldsItsStdin() throws Exception
    {
        final Path childPid = dir.resolve("child.pid");
        // the child keeps the script's stdin (fd 3 saved first: sh gives a background job /dev/null otherwise); the
        // script exits after half a second, once a pipe writer would be blocked on the full pipe
        final NotifyScriptAction action = action(script("daemon.sh",
            "exec 3<&0\n(exec sleep 30 <&3 3<&-) &\necho $! > " + childPid + "\nsleep 0.5\n"), true);
        final Attack attack = attack("192.0.2.10", Direction.INCOMING, 1);
        final List<TrafficRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++)
        {
            records.add(new TrafficRecord().ipv4(i, IpAddresses.parseIpv4("192.0.2.10"))
                .protocol(TrafficRecord.PROTOCOL_UDP).packets(1).bytes(100).timestampMillis(1_700_000_000_000L));
        }
        try
        {
            final long start = System.nanoTime();
            action.onAttackDetails(attack, records);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
            assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("fnm-notify") && t.isAlive());
        }
        finally
        {
            ProcessHandle.of(Long.parseLong(Files.readString(childPid).trim())).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void shouldKillTheScriptAndItsChildrenWithinTwoSecondsWhenTheEngineStops() throws Exception
    {
        final Path childPid = dir.resolve("child.pid");
        final NotifyScriptAction action = action(script("hang.sh", "sleep 300 &\necho $! > " + childPid +
            "\nwait\n"), true);
        final DetectionEngine engine = engine(action);
        engine.ban(IpAddresses.parseLiteral("10.0.0.1"));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(childPid) && Files.size(childPid) > 0) && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        final long pid = Long.parseLong(Files.readString(childPid).trim());
        final long start = System.nanoTime();
        engine.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(isRunning(pid)).isFalse();
    }

    /**
     * @return true while the process runs: a killed orphan stays a zombie until its new parent (PID 1 in a
     * container, which may reap late) collects it, and a zombie runs no more.
     */
    private static boolean isRunning(final long pid) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        boolean running = true;
        while (running && System.nanoTime() < deadline)
        {
            try
            {
                final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                final char state = stat.charAt(stat.lastIndexOf(')') + 2);
                running = state != 'Z' && state != 'X';
            }
            catch (final IOException ex)
            {
                running = false;
            }
            if (running)
            {
                Thread.sleep(10);
            }
        }
        return running;
    }

    private static DetectionEngine engine(final NotifyScriptAction action)
    {
        final DetectionEngine engine = DetectionEngine.builder(EngineConfig.builder().network("10.0.0.0/8").build())
            .action(action).discoverProviders(false).tickThread(false).build();
        engine.start();
        return engine;
    }

    private static long failures(final DetectionEngine engine)
    {
        final long[] value = new long[1];
        engine.counters((descriptor, label1, label2, v) ->
        {
            if (descriptor.name().equals("fnm_action_failures_total") && "notify_script".equals(label1))
            {
                value[0] = v;
            }
        });
        return value[0];
    }

    @Test
    void shouldThrowWhenScriptCannotBeStarted()
    {
        final NotifyScriptAction action = new NotifyScriptAction(dir.resolve("missing.sh"), Duration.ofSeconds(1),
            true);

        assertThatCode(() -> action.onBan(attack("192.0.2.10", Direction.INCOMING, 1)))
            .isInstanceOf(IOException.class);
    }

    private Path recordArgs(final Path args) throws IOException
    {
        return script("args.sh", "printf '%s\\n' \"$@\" > " + args + "\ncat > /dev/null\n");
    }

    private NotifyScriptAction action(final Path script, final boolean passDetails)
    {
        return new NotifyScriptAction(script, Duration.ofSeconds(10), passDetails);
    }

    private Path script(final String name, final String body) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    static Attack attack(final String ip, final Direction direction, final long pps)
    {
        return Attack.builder().address(IpAddresses.parseLiteral(ip)).direction(direction)
            .protocol(AttackProtocol.UDP).type(AttackType.UDP_FLOOD).initialPowerPps(pps).peakPowerPps(pps)
            .detectedAtMillis(1_700_000_000_000L).build();
    }
}
