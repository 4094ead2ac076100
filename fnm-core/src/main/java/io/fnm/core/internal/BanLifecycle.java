package io.fnm.core.internal;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackType;
import io.fnm.core.BanResult;
import io.fnm.core.Direction;
import io.fnm.core.EngineConfig;
import io.fnm.core.HostRates;
import io.fnm.core.ThresholdKind;
import io.fnm.core.TrafficClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The attack lifecycle: detect (a threshold fired for a host not yet banned and not whitelisted), ban, track the
 * peak, deliver the investigation's records, unban when the ban is due (and, with unban_only_if_attack_finished,
 * the attack is over); manual bans and unbans. Actions are submitted to their runners, never run here.
 * <p>
 * Tick-owned: every method runs under the engine lock. Open investigations are published to the capture threads
 * through the publisher given at construction whenever the set changes, as an {@link InvestigationIndex}.
 * <p>
 * <b>Bounds</b> (issue 8, a ban storm): at most {@code max_banned_hosts} hosts are banned at once; a host detected
 * beyond that is not banned this tick ({@code fnm_bans_skipped_total}, one log line per interval) and is banned at a
 * later tick once a ban ends, if its traffic still crosses a threshold. At most {@code ban_details_max_open}
 * investigations are open at once; a ban beyond that gets its attack details at once, without records
 * ({@code fnm_ban_details_skipped_total}). Every call goes to the runners with the host and the attack's power, so a
 * backlog of calls delivers the strongest bans first and coalesces per host ({@link ActionRunner}).
 */
final class BanLifecycle
{
    /** Detection, ban and unban messages: the stable public logger name, documented in the README. */
    private static final Logger LOG = LoggerFactory.getLogger("io.fnm.attacks");
    private static final Investigation[] NO_INVESTIGATIONS = new Investigation[0];
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    final AtomicLong bansTotal = new AtomicLong();
    final AtomicLong unbansTotal = new AtomicLong();
    final AtomicLong whitelistSuppressed = new AtomicLong();
    final AtomicLong bansSkipped = new AtomicLong();
    final AtomicLong detailsSkipped = new AtomicLong();

    private final Map<HostKey, Ban> bans = new LinkedHashMap<>();
    private final Clock clock;
    private final HostTable[] hosts;
    private final List<ActionRunner> runners;
    private final Consumer<InvestigationIndex> publisher;
    private final LogLimiter capLog;
    private int openInvestigations;

    /**
     * @param clock     the engine clock (for manual bans).
     * @param hosts     host averages by version (0 IPv4, 1 IPv6), read for the peak and the attack's rates.
     * @param runners   the action runners.
     * @param publisher receives the open investigations whenever they change.
     */
    BanLifecycle(final Clock clock, final HostTable[] hosts, final List<ActionRunner> runners,
        final Consumer<InvestigationIndex> publisher)
    {
        this.clock = clock;
        this.hosts = hosts;
        this.runners = runners;
        this.publisher = publisher;
        this.capLog = new LogLimiter("", LOG_INTERVAL_NANOS, clock::nanoTime, LOG::warn);
    }

    /**
     * @return the bans by host, in ban order (live; read under the engine lock).
     */
    Map<HostKey, Ban> bans()
    {
        return bans;
    }

    /**
     * One pass of the tick: ban the candidates, then review every ban.
     *
     * @param v          the configuration in force.
     * @param nowMillis  epoch milliseconds.
     * @param candidates hosts whose thresholds fired, as {@link ThresholdCheck#check} adds them.
     */
    void advance(final EngineView v, final long nowMillis, final List<long[]> candidates)
    {
        boolean investigationsChanged = banCandidates(v, nowMillis, candidates);
        investigationsChanged |= review(v, nowMillis);
        if (investigationsChanged)
        {
            publishInvestigations();
        }
        capLog.flush();
        for (final ActionRunner runner : runners)
        {
            runner.flushLog();
        }
    }

    private boolean banCandidates(final EngineView v, final long nowMillis, final List<long[]> candidates)
    {
        boolean investigationsChanged = false;
        int skipped = 0;
        for (final long[] c : candidates)
        {
            final boolean v6 = c[0] == 1;
            final HostKey key = new HostKey(v6, c[1], c[2]);
            if (bans.containsKey(key))
            {
                continue;
            }
            if (v.whitelisted(c[1], c[2], v6))
            {
                whitelistSuppressed.incrementAndGet();
                continue;
            }
            if (bans.size() >= v.config().maxBannedHosts())
            {
                skipped++;
                continue;
            }
            investigationsChanged |= detect(v, key, ThresholdKind.values()[(int)c[3]], (int)c[4], nowMillis);
        }
        if (skipped > 0)
        {
            bansSkipped.addAndGet(skipped);
            capLog.event("max_banned_hosts reached", bans.size() + " hosts banned; " + skipped +
                " detections not banned this tick (see fnm_bans_skipped_total; against carpet bombing, ban the subnet)",
                null);
        }
        return investigationsChanged;
    }

    /**
     * Track each detected ban's peak, deliver investigations that are due and unban the bans that are due.
     */
    private boolean review(final EngineView v, final long nowMillis)
    {
        boolean investigationsChanged = false;
        final List<HostKey> toUnban = new ArrayList<>();
        for (final Map.Entry<HostKey, Ban> entry : bans.entrySet())
        {
            final HostKey key = entry.getKey();
            final Ban ban = entry.getValue();
            if (ban.isManual())
            {
                if (ban.isDue(nowMillis))
                {
                    toUnban.add(key);
                }
                continue;
            }
            final HostTable table = hosts[key.ipv6() ? 1 : 0];
            final int d = table.find(key.high(), key.low());
            if (d >= 0)
            {
                final int dir = ban.direction() == Direction.OUTGOING ? Layout.OUT : Layout.IN;
                ban.observe(table.average(d, Layout.packets(dir, Layout.TOTAL)));
            }
            if (ban.isInvestigationDue(nowMillis))
            {
                deliverInvestigation(key, ban);
                investigationsChanged = true;
            }
            if (ban.isDue(nowMillis))
            {
                if (v.config().unbanOnlyIfAttackFinished() && stillAttacking(v, key))
                {
                    continue;
                }
                toUnban.add(key);
            }
        }
        for (final HostKey key : toUnban)
        {
            investigationsChanged |= removeBan(key);
        }
        return investigationsChanged;
    }

    private void deliverInvestigation(final HostKey key, final Ban ban)
    {
        final Investigation investigation = ban.investigation();
        final List<TrafficRecord> records = ban.closeInvestigation();
        final AttackType amplification = AmplificationRules.classify(records, investigation.ipv6,
            investigation.high, investigation.low, ban.direction());
        if (amplification != null)
        {
            ban.refine(amplification);
            LOG.info("Attack on {} is {} (UDP from source port {} dominates its {} sampled records)",
                ban.current().ip(), amplification.text(), amplification.amplificationSourcePort(), records.size());
        }
        openInvestigations--;
        final Attack attack = ban.current();
        submitAll(key, ActionRunner.CallKind.ATTACK_DETAILS, attack,
            action -> action.onAttackDetails(attack, records));
    }

    private boolean stillAttacking(final EngineView v, final HostKey key)
    {
        final HostTable table = hosts[key.ipv6() ? 1 : 0];
        final int d = table.find(key.high(), key.low());
        if (d < 0)
        {
            return false;
        }
        final int group = v.groupOf(key.high(), key.low(), key.ipv6());
        return ThresholdCheck.firedKind(table, d, v.thresholdValues(group)) >= 0;
    }

    private boolean detect(final EngineView v, final HostKey key, final ThresholdKind kind, final int group,
        final long nowMillis)
    {
        final HostTable table = hosts[key.ipv6() ? 1 : 0];
        final int d = table.find(key.high(), key.low());
        final HostRates rates = RateAverages.hostRates(table, d);
        final long[] thresholds = v.thresholdValues(group);
        // the direction, protocol and type of the threshold that fired (not FastNetMon's bytes rule: AttackRules)
        final Direction direction = AttackRules.directionOf(rates, kind, thresholds);
        final EngineConfig config = v.config();
        final int network = v.networkOf(key.high(), key.low(), key.ipv6());
        final long power = rates.packetsPerSecond(direction, TrafficClass.TOTAL);
        final Attack attack = Attack.builder()
            .address(key.address())
            .direction(direction)
            .firedDirections(AttackRules.firedDirections(rates, thresholds))
            .protocol(AttackRules.protocolOf(rates, direction, kind))
            .type(AttackRules.typeOf(rates, direction, kind))
            .threshold(kind)
            .hostgroup(v.groupName(group))
            .customerNetwork(network < 0 ? null : v.networks().prefix(network))
            .initialPowerPps(power)
            .peakPowerPps(power)
            .rates(rates)
            .detectedAtMillis(nowMillis)
            .banTimeSeconds(config.banTimeSeconds())
            .build();
        final Ban ban = Ban.detected(attack, nowMillis, config.banTimeSeconds());
        bans.put(key, ban);
        bansTotal.incrementAndGet();
        LOG.info("We have detected attack for {} using {} threshold in direction {} host group: {}: {}",
            attack.ip(), kind.displayName(), direction.text(), attack.hostgroup(), attack);
        submitAll(key, ActionRunner.CallKind.BAN, attack, action -> action.onBan(attack));
        final int records = config.banDetailsRecordsCount();
        if (records > 0 && openInvestigations >= config.banDetailsMaxOpen())
        {
            detailsSkipped.incrementAndGet();
            capLog.event("ban_details_max_open reached", openInvestigations + " attack-details collections open; " +
                key.text() + " gets its attack details without records (see fnm_ban_details_skipped_total)", null);
        }
        if (records == 0 || openInvestigations >= config.banDetailsMaxOpen())
        {
            final List<TrafficRecord> none = List.of();
            submitAll(key, ActionRunner.CallKind.ATTACK_DETAILS, attack,
                action -> action.onAttackDetails(attack, none));
            return false;
        }
        ban.investigate(new Investigation(key.ipv6(), key.high(), key.low(), records,
            nowMillis + TimeUnit.SECONDS.toMillis(config.banDetailsMaxWaitSeconds())));
        openInvestigations++;
        return true;
    }

    private boolean removeBan(final HostKey key)
    {
        final Ban ban = bans.remove(key);
        if (ban == null)
        {
            return false;
        }
        unbansTotal.incrementAndGet();
        boolean changed = false;
        if (ban.investigation() != null)
        {
            deliverInvestigation(key, ban);
            changed = true;
        }
        final Attack attack = ban.current();
        LOG.info("Unban {}: {}", attack.ip(), attack);
        submitAll(key, ActionRunner.CallKind.UNBAN, attack, action -> action.onUnban(attack));
        return changed;
    }

    private void publishInvestigations()
    {
        final List<Investigation> open = new ArrayList<>();
        for (final Ban ban : bans.values())
        {
            if (ban.investigation() != null)
            {
                open.add(ban.investigation());
            }
        }
        publisher.accept(open.isEmpty() ? InvestigationIndex.EMPTY :
            new InvestigationIndex(open.toArray(NO_INVESTIGATIONS)));
    }

    /**
     * Queue a call with every runner: a manual ban's calls count as the strongest, a detected one's by its power.
     */
    private void submitAll(final HostKey key, final ActionRunner.CallKind kind, final Attack attack,
        final ActionRunner.Call call)
    {
        final long importance = attack.manual() ? Long.MAX_VALUE : attack.initialPowerPps();
        for (final ActionRunner runner : runners)
        {
            runner.submit(key, kind, importance, call);
        }
    }

    /**
     * @param key            a host.
     * @param v              the configuration in force.
     * @param durationMillis how long; 0 or less until a manual unban.
     * @param reason         why, or null.
     * @return what was done.
     */
    BanResult ban(final HostKey key, final EngineView v, final long durationMillis, final String reason)
    {
        final int network = v.networkOf(key.high(), key.low(), key.ipv6());
        if (network < 0)
        {
            return new BanResult(key.address(), BanResult.Outcome.OUTSIDE_NETWORKS, null);
        }
        final Ban existing = bans.get(key);
        if (existing != null)
        {
            return new BanResult(key.address(), BanResult.Outcome.ALREADY_BANNED, existing.entry());
        }
        if (v.whitelisted(key.high(), key.low(), key.ipv6()))
        {
            return new BanResult(key.address(), BanResult.Outcome.WHITELISTED, null);
        }
        final long nowMillis = clock.epochMillis();
        final Attack attack = Attack.builder().address(key.address()).manual(true).detectedAtMillis(nowMillis)
            .customerNetwork(v.networks().prefix(network))
            .hostgroup(v.groupName(v.groupOf(key.high(), key.low(), key.ipv6())))
            .banTimeSeconds(durationMillis <= 0 ? 0 : TimeUnit.MILLISECONDS.toSeconds(durationMillis + 999))
            .reason(reason).build();
        final Ban ban = Ban.manual(attack, nowMillis, durationMillis);
        bans.put(key, ban);
        bansTotal.incrementAndGet();
        LOG.info("Manual ban of {}{}{}", attack.ip(), durationMillis <= 0 ? "" : " for " + durationMillis + " ms",
            reason == null ? "" : ": " + reason);
        submitAll(key, ActionRunner.CallKind.BAN, attack, action -> action.onBan(attack));
        return new BanResult(key.address(), BanResult.Outcome.BANNED, ban.entry());
    }

    /**
     * @param key a host.
     * @return true when it was banned and is now unbanned.
     */
    boolean unban(final HostKey key)
    {
        if (!bans.containsKey(key))
        {
            return false;
        }
        if (removeBan(key))
        {
            publishInvestigations();
        }
        return true;
    }
}
