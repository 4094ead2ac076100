package io.fnm.actions.notify;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.AttackReport;
import io.fnm.core.BanEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
 *   <li>stdin is a private temporary file holding the text (mode 0600, unlinked as soon as the script has started),
 *   so no thread writes it and nothing blocks: a script that does not read its stdin, or that leaves a child holding
 *   it, costs nothing (a pipe would block the writer once 64 KiB are buffered, until the last holder exits); the
 *   call waits for the script itself, never for its children; stdout and stderr are discarded, so a chatty script
 *   cannot block;</li>
 *   <li>a script that runs longer than {@code notify_script_timeout_seconds} (ours, default 30) is killed with all its
 *   descendants, and so is a script still running 1 s into the engine's stop (the call is interrupted);</li>
 *   <li>a non-zero exit status (or a kill) makes the call throw {@link NotifyScriptException}, so the engine counts
 *   it in {@code fnm_action_failures_total{action="notify_script"}} and logs it once per interval and kind;</li>
 *   <li>{@code attack_details} is sent, as FastNetMon 1.2.0-1.2.5 did (1.2.6+ dropped it, #991); switch it off with
 *   {@code notify_script_pass_details = off} (a key of older FastNetMon versions; default on);</li>
 *   <li>up to {@code notify_script_max_concurrent_calls} (ours, default 4) scripts run at once for different hosts,
 *   so one hung script does not delay the next victim's call ({@link #maxConcurrentCalls()});</li>
 *   <li>a ban restored after a restart ({@link io.fnm.core.BanStore}) does not run the script again (it ran with
 *   {@code ban} before the restart; FastNetMon forgets the ban instead): the script runs with {@code unban} when the
 *   restored ban ends.</li>
 * </ul>
 */
public final class NotifyScriptAction implements AttackAction
{
    /** Exit status reported when the script was killed after the timeout. */
    public static final int KILLED = -1;
    /** Default of {@link #maxConcurrentCalls()}. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(NotifyScriptAction.class);

    private final Path script;
    private final Duration timeout;
    private final boolean passDetails;
    private final int maxConcurrentCalls;

    /**
     * @param script the executable to run ({@code notify_script_path}).
     * @return a builder with the keys' defaults: timeout 30 s, details passed, {@value #DEFAULT_MAX_CONCURRENT_CALLS}
     * calls at once.
     */
    public static Builder builder(final Path script)
    {
        return new Builder(script);
    }

    /**
     * @param script      the executable to run.
     * @param timeout     how long a call may run before the script and its descendants are killed.
     * @param passDetails whether to run the script for attack details too.
     */
    public NotifyScriptAction(final Path script, final Duration timeout, final boolean passDetails)
    {
        this(script, timeout, passDetails, DEFAULT_MAX_CONCURRENT_CALLS);
    }

    /**
     * @param script             the executable to run.
     * @param timeout            how long a call may run before the script and its descendants are killed.
     * @param passDetails        whether to run the script for attack details too.
     * @param maxConcurrentCalls scripts that may run at once (for different hosts), 1 to 64.
     */
    public NotifyScriptAction(final Path script, final Duration timeout, final boolean passDetails,
        final int maxConcurrentCalls)
    {
        this.script = Objects.requireNonNull(script, "script");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 64)
        {
            throw new IllegalArgumentException("maxConcurrentCalls must be in 1..64: " + maxConcurrentCalls);
        }
        this.passDetails = passDetails;
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    @Override
    public void onBan(final Attack attack) throws Exception
    {
        check(attack, "ban", run(attack, "ban", AttackReport.describe(attack)));
    }

    /**
     * Nothing: the script ran with {@code ban} before the restart and runs with {@code unban} when the ban ends.
     *
     * @param ban the restored ban.
     */
    @Override
    public void onRestore(final BanEntry ban)
    {
        LOG.debug("restored ban of {}: notify script not run again", ban.attack().ip());
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records) throws Exception
    {
        if (passDetails)
        {
            check(attack, "attack_details", run(attack, "attack_details", AttackReport.withDump(attack, records)));
        }
    }

    @Override
    public void onUnban(final Attack attack) throws Exception
    {
        check(attack, "unban", run(attack, "unban", null));
    }

    @Override
    public String name()
    {
        return "notify_script";
    }

    /**
     * Each call runs its own process and shares no state, so several may run at once.
     *
     * @return {@code notify_script_max_concurrent_calls}.
     */
    @Override
    public int maxConcurrentCalls()
    {
        return maxConcurrentCalls;
    }

    /**
     * @return the script run.
     */
    public Path script()
    {
        return script;
    }

    private void check(final Attack attack, final String action, final int status) throws NotifyScriptException
    {
        if (status == KILLED)
        {
            throw new NotifyScriptException(status, "notify script " + script + " " + action + " " + attack.ip() +
                ": still running after " + timeout.toSeconds() + " s; killed it and its descendants");
        }
        if (status != 0)
        {
            throw new NotifyScriptException(status, "notify script " + script + " " + action + " " + attack.ip() +
                " exited with status " + status);
        }
    }

    /**
     * Run the script once.
     *
     * @param attack the attack.
     * @param action {@code ban}, {@code attack_details} or {@code unban}.
     * @param stdin  the text for stdin, or null to close stdin at once.
     * @return the exit status, or {@link #KILLED} when the script was killed after the timeout.
     * @throws IOException          when the script cannot be started or its stdin cannot be written.
     * @throws InterruptedException when the calling thread is interrupted (the script is killed first).
     */
    int run(final Attack attack, final String action, final String stdin) throws IOException, InterruptedException
    {
        final List<String> command = List.of(script.toString(), attack.ip(), attack.direction().text(),
            Long.toString(attack.initialPowerPps()), action);
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        final Path input = stdin == null ? null : stdinFile(stdin);
        try
        {
            if (input != null)
            {
                builder.redirectInput(input.toFile());
            }
            final long startNanos = System.nanoTime();
            final Process process = builder.start();
            if (input == null)
            {
                closeQuietly(process.getOutputStream());
            }
            deleteQuietly(input);
            if (!await(process))
            {
                return KILLED;
            }
            final int status = process.exitValue();
            if (status == 0)
            {
                LOG.info("notify script {} {} {} exited with status 0 in {} ms", script, action, attack.ip(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            }
            return status;
        }
        finally
        {
            deleteQuietly(input);
        }
    }

    /**
     * @return true when the script exited within the timeout; false when it was killed.
     */
    private boolean await(final Process process) throws InterruptedException
    {
        try
        {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                return true;
            }
        }
        catch (final InterruptedException ex)
        {
            killTree(process);
            throw ex;
        }
        killTree(process);
        return false;
    }

    private static Path stdinFile(final String text) throws IOException
    {
        final Path file = Files.createTempFile("fnm-notify-", ".stdin");
        try
        {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            return file;
        }
        catch (final IOException ex)
        {
            deleteQuietly(file);
            throw ex;
        }
    }

    private static void deleteQuietly(final Path file)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            LOG.debug("notify script: cannot delete {}: {}", file, ex.toString());
        }
    }

    private static void killTree(final Process process)
    {
        // Snapshot the descendants before the parent dies: orphans are re-parented and no longer found. SIGKILL cannot
        // be ignored; the script itself is our child and reaped by the JVM, its descendants by their new parent, so
        // nothing here waits for them (a stop must not).
        final List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        for (final ProcessHandle child : descendants)
        {
            child.destroyForcibly();
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
            (passDetails ? "on" : "off") + ", max_concurrent_calls=" + maxConcurrentCalls + '}';
    }
    /**
     * Builds a {@link NotifyScriptAction} in code, one method per key; not thread-safe.
     */
    public static final class Builder
    {
        private final Path script;
        private Duration timeout = Duration.ofSeconds(NotifyScriptActionProvider.DEFAULT_TIMEOUT_SECONDS);
        private boolean passDetails = true;
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;

        private Builder(final Path script)
        {
            this.script = Objects.requireNonNull(script, "script");
        }

        /**
         * @param value how long a call may run before it is killed ({@code notify_script_timeout_seconds}).
         * @return this builder.
         */
        public Builder timeout(final Duration value)
        {
            timeout = value;
            return this;
        }

        /**
         * @param value whether to run the script for attack details too ({@code notify_script_pass_details}).
         * @return this builder.
         */
        public Builder passDetails(final boolean value)
        {
            passDetails = value;
            return this;
        }

        /**
         * @param value scripts that may run at once for different hosts, 1 to 64
         *              ({@code notify_script_max_concurrent_calls}).
         * @return this builder.
         */
        public Builder maxConcurrentCalls(final int value)
        {
            maxConcurrentCalls = value;
            return this;
        }

        /**
         * @return the action.
         * @throws IllegalArgumentException when the timeout is not positive or the concurrency out of range.
         */
        public NotifyScriptAction build()
        {
            return new NotifyScriptAction(script, timeout, passDetails, maxConcurrentCalls);
        }
    }
}
