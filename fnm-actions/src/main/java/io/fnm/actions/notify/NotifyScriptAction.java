package io.fnm.actions.notify;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.AttackReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * FastNetMon's first contract: run {@code notify_script_path} for every ban, attack details and unban, as
 * <pre>{@code <script> <ip> <incoming|outgoing|other> <pps> <ban|attack_details|unban>}</pre>
 * with the attack description (reference §5.3, {@link AttackReport}) on stdin for {@code ban}
 * ({@link AttackReport#describe}) and {@code attack_details} ({@link AttackReport#withDump}, the sampled records), and
 * nothing for {@code unban} (stdin is closed at once). {@code <pps>} is the attack power at detection for all three
 * calls, as FastNetMon reuses the ban-time values at unban.
 * <p>
 * Unlike FastNetMon:
 * <ul>
 *   <li>the arguments are passed directly to the script ({@link ProcessBuilder}), never through a shell, so an
 *   address or path cannot inject a command;</li>
 *   <li>stdin is written on a separate thread and a broken pipe is ignored, so a script that does not read its stdin
 *   breaks nothing; stdout and stderr are discarded, so a chatty script cannot block;</li>
 *   <li>a script that runs longer than {@code notify_script_timeout_seconds} (ours, default 30) is killed with all its
 *   descendants; the exit status is logged (non-zero at WARN) and never thrown;</li>
 *   <li>{@code attack_details} is sent, as FastNetMon 1.2.0-1.2.5 did (1.2.6+ dropped it, #991); switch it off with
 *   {@code notify_script_pass_details = off} (a key of older FastNetMon versions; default on).</li>
 * </ul>
 * Calls run on the engine's action executor, one at a time; this class blocks that thread for at most the timeout.
 */
public final class NotifyScriptAction implements AttackAction
{
    /** Exit status reported when the script was killed after the timeout. */
    public static final int KILLED = -1;

    private static final Logger LOG = LoggerFactory.getLogger(NotifyScriptAction.class);
    private static final long REAP_MILLIS = 2_000;

    private final Path script;
    private final Duration timeout;
    private final boolean passDetails;

    /**
     * @param script      the executable to run.
     * @param timeout     how long a call may run before the script and its descendants are killed.
     * @param passDetails whether to run the script for attack details too.
     */
    public NotifyScriptAction(final Path script, final Duration timeout, final boolean passDetails)
    {
        this.script = Objects.requireNonNull(script, "script");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.passDetails = passDetails;
    }

    @Override
    public void onBan(final Attack attack) throws Exception
    {
        run(attack, "ban", AttackReport.describe(attack));
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records) throws Exception
    {
        if (passDetails)
        {
            run(attack, "attack_details", AttackReport.withDump(attack, records));
        }
    }

    @Override
    public void onUnban(final Attack attack) throws Exception
    {
        run(attack, "unban", null);
    }

    @Override
    public String name()
    {
        return "notify_script";
    }

    /**
     * @return the script run.
     */
    public Path script()
    {
        return script;
    }

    /**
     * Run the script once.
     *
     * @param attack the attack.
     * @param action {@code ban}, {@code attack_details} or {@code unban}.
     * @param stdin  the text for stdin, or null to close stdin at once.
     * @return the exit status, or {@link #KILLED} when the script was killed after the timeout.
     * @throws IOException          when the script cannot be started.
     * @throws InterruptedException when the calling thread is interrupted (the script is killed first).
     */
    int run(final Attack attack, final String action, final String stdin) throws IOException, InterruptedException
    {
        final List<String> command = List.of(script.toString(), attack.ip(), attack.direction().text(),
            Long.toString(attack.initialPowerPps()), action);
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        final long startNanos = System.nanoTime();
        final Process process = builder.start();
        final Thread writer = stdin == null ? null : startStdinWriter(process, stdin, action, attack.ip());
        if (writer == null)
        {
            closeQuietly(process.getOutputStream());
        }
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                killTree(process);
                LOG.warn("notify script {} {} {}: still running after {} s; killed it and its descendants",
                    script, action, attack.ip(), timeout.toSeconds());
                return KILLED;
            }
        }
        catch (final InterruptedException ex)
        {
            killTree(process);
            throw ex;
        }
        finally
        {
            if (writer != null)
            {
                writer.join(REAP_MILLIS);
            }
        }
        final int status = process.exitValue();
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (status == 0)
        {
            LOG.info("notify script {} {} {} exited with status 0 in {} ms", script, action, attack.ip(), millis);
        }
        else
        {
            LOG.warn("notify script {} {} {} exited with status {} in {} ms", script, action, attack.ip(), status,
                millis);
        }
        return status;
    }

    private static Thread startStdinWriter(final Process process, final String text, final String action,
        final String ip)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final Thread writer = new Thread(() ->
        {
            try (OutputStream out = process.getOutputStream())
            {
                out.write(bytes);
            }
            catch (final IOException ex)
            {
                // The script exited or closed stdin without reading it all: FastNetMon's SIGPIPE case, harmless.
                LOG.debug("notify script {} {}: stdin not fully read: {}", action, ip, ex.toString());
            }
        }, "fnm-notify-script-stdin");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static void killTree(final Process process) throws InterruptedException
    {
        // Snapshot the descendants before the parent dies: orphans are re-parented and no longer found.
        final List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        for (final ProcessHandle child : descendants)
        {
            child.destroyForcibly();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REAP_MILLIS);
        process.waitFor(REAP_MILLIS, TimeUnit.MILLISECONDS);
        for (final ProcessHandle child : descendants)
        {
            final long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0)
            {
                break;
            }
            try
            {
                child.onExit().get(remainingNanos, TimeUnit.NANOSECONDS);
            }
            catch (final ExecutionException | TimeoutException ex)
            {
                LOG.warn("notify script: descendant {} still alive after SIGKILL", child.pid());
            }
        }
        closeQuietly(process.getOutputStream());
    }

    private static void closeQuietly(final OutputStream out)
    {
        try
        {
            out.close();
        }
        catch (final IOException ignored)
        {
            // Nothing to do: the process is gone.
        }
    }

    @Override
    public String toString()
    {
        return "NotifyScriptAction{" + script + ", timeout=" + timeout.toSeconds() + "s, pass_details=" +
            (passDetails ? "on" : "off") + '}';
    }
}
