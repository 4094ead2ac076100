package io.fnm.actions.exabgp;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FastNetMon's ExaBGP action: on ban, {@code announce route} lines for the attack's matched subnet
 * ({@code exabgp_announce_whole_subnet}) then its host ({@code exabgp_announce_host}) are written to ExaBGP's
 * command pipe; on unban the {@code withdraw route} lines (see {@link ExaBgpCommands} for the exact text).
 * <p>
 * Beyond FastNetMon:
 * <ul>
 *   <li>IPv6 too, with its own next hop, switches and communities ({@code exabgp_next_hop_ipv6}...);</li>
 *   <li>with {@code exabgp_flow_spec_announces} ({@code _ipv6}) a FlowSpec rule matching the attack (UDP from the
 *   reflector's port for amplification types, SYN without ACK for {@code syn_flood}, fragments for
 *   {@code ip_fragmentation}) is announced at ban, or at {@code attack_details} when the sampled records refine
 *   the type to an amplification, and always withdrawn on unban (FastNetMon 1.2.0-1.2.2 never withdrew);</li>
 *   <li>writes have a bound ({@link CommandPipe}): a missing pipe, no reader or a full pipe is logged and counted
 *   ({@link #WRITE_FAILURES}), never thrown, and the unban's withdraw is written even when the ban's announce
 *   failed (ExaBGP ignores the withdraw of a route it does not have);</li>
 *   <li>an empty community leaves the {@code community} clause out instead of writing an invalid line.</li>
 * </ul>
 * Calls come from the engine's action executor, one at a time; each blocks that thread for at most the pipe
 * timeout. The FlowSpec rules announced are kept by attack UUID until their unban (an attack banned with
 * {@code ban_time = 0} keeps its rule until a manual unban).
 */
public final class ExaBgpAction implements AttackAction
{
    /** Lines written to the command pipe. */
    public static final CounterDescriptor LINES_WRITTEN = CounterDescriptor.counter(
        "fnm_exabgp_lines_written_total", "lines", "Lines written to the ExaBGP command pipe", "action");
    /** Batches of lines that could not be written, by reason (missing, no_reader, full, error, busy). */
    public static final CounterDescriptor WRITE_FAILURES = CounterDescriptor.counter(
        "fnm_exabgp_write_failures_total", "writes",
        "Writes to the ExaBGP command pipe that failed, by reason (missing, no_reader, full, error, busy)",
        "action", "reason");

    private static final Logger LOG = LoggerFactory.getLogger(ExaBgpAction.class);

    private final ExaBgpSettings settings;
    private final CommandPipe pipe;
    private final Map<UUID, String> flowRules = new ConcurrentHashMap<>();
    private final AtomicLong linesWritten = new AtomicLong();
    private final Map<CommandPipe.Result, AtomicLong> failures = new EnumMap<>(CommandPipe.Result.class);

    /**
     * @param settings what to announce and where.
     */
    public ExaBgpAction(final ExaBgpSettings settings)
    {
        this.settings = settings;
        this.pipe = new CommandPipe(settings.commandPipe(), settings.pipeTimeout());
        for (final CommandPipe.Result result : CommandPipe.Result.values())
        {
            if (result != CommandPipe.Result.WRITTEN)
            {
                failures.put(result, new AtomicLong());
            }
        }
    }

    @Override
    public void onBan(final Attack attack) throws InterruptedException
    {
        final ExaBgpSettings.Family family = settings.family(attack.ipVersion());
        final List<String> lines = new ArrayList<>(3);
        if (family.announceSubnet() && attack.customerNetwork() != null)
        {
            lines.add(ExaBgpCommands.announceRoute(attack.customerNetwork().toString(), family.nextHop(),
                family.communitySubnet()));
        }
        else if (family.announceSubnet())
        {
            LOG.warn("ExaBGP: no networks_list prefix is known for {}; its subnet is not announced", attack.ip());
        }
        if (family.announceHost())
        {
            lines.add(ExaBgpCommands.announceRoute(hostPrefix(attack), family.nextHop(), family.communityHost()));
        }
        addFlowAnnounce(attack, family, lines);
        write(attack, "ban", lines);
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records) throws InterruptedException
    {
        final List<String> lines = new ArrayList<>(1);
        addFlowAnnounce(attack, settings.family(attack.ipVersion()), lines);
        write(attack, "attack details", lines);
    }

    @Override
    public void onUnban(final Attack attack) throws InterruptedException
    {
        final ExaBgpSettings.Family family = settings.family(attack.ipVersion());
        final List<String> lines = new ArrayList<>(3);
        if (family.announceSubnet() && attack.customerNetwork() != null)
        {
            lines.add(ExaBgpCommands.withdrawRoute(attack.customerNetwork().toString(), family.nextHop()));
        }
        if (family.announceHost())
        {
            lines.add(ExaBgpCommands.withdrawRoute(hostPrefix(attack), family.nextHop()));
        }
        final String rule = flowRules.remove(attack.uuid());
        if (rule != null)
        {
            lines.add(ExaBgpCommands.withdrawFlow(rule));
        }
        write(attack, "unban", lines);
    }

    @Override
    public String name()
    {
        return "exabgp";
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(LINES_WRITTEN, name(), linesWritten.get());
        for (final Map.Entry<CommandPipe.Result, AtomicLong> failure : failures.entrySet())
        {
            visitor.counter(WRITE_FAILURES, name(), failure.getKey().label(), failure.getValue().get());
        }
    }

    /**
     * @return the settings in force.
     */
    public ExaBgpSettings settings()
    {
        return settings;
    }

    /**
     * @return lines written to the pipe since start.
     */
    public long linesWritten()
    {
        return linesWritten.get();
    }

    /**
     * @return batches that failed since start, whatever the reason.
     */
    public long writeFailures()
    {
        long total = 0;
        for (final AtomicLong failure : failures.values())
        {
            total += failure.get();
        }
        return total;
    }

    private void addFlowAnnounce(final Attack attack, final ExaBgpSettings.Family family, final List<String> lines)
    {
        if (!family.flowSpec() || flowRules.containsKey(attack.uuid()))
        {
            return;
        }
        final String rule = ExaBgpCommands.flowRule(attack);
        if (rule != null)
        {
            // kept before writing: the unban withdraws it even if this announce fails
            flowRules.put(attack.uuid(), rule);
            lines.add(ExaBgpCommands.announceFlow(rule));
        }
    }

    private void write(final Attack attack, final String call, final List<String> lines) throws InterruptedException
    {
        if (lines.isEmpty())
        {
            return;
        }
        final CommandPipe.Outcome outcome = pipe.write(lines);
        linesWritten.addAndGet(outcome.linesWritten());
        if (outcome.result() == CommandPipe.Result.WRITTEN)
        {
            LOG.info("ExaBGP {} of {}: wrote {} to {}", call, attack.ip(), lines, pipe.path());
            return;
        }
        failures.get(outcome.result()).incrementAndGet();
        LOG.error("ExaBGP {} of {}: could not write to {} ({}: {}); {} of {} lines written: {}", call, attack.ip(),
            pipe.path(), outcome.result().label(), outcome.detail(), outcome.linesWritten(), lines.size(), lines);
    }

    private static String hostPrefix(final Attack attack)
    {
        return attack.ip() + (attack.ipVersion() == 6 ? "/128" : "/32");
    }
}
