package io.fnm.examples;

import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The runner's own action: one log line per ban, attack-details delivery and unban.
 */
final class LoggingAction implements AttackAction
{
    private static final Logger LOG = LoggerFactory.getLogger("fnm.bans");

    @Override
    public void onBan(final Attack attack)
    {
        LOG.info("BAN {} {} {} {} {} pps (threshold {}, hostgroup {}, attack {})", attack.ip(),
            attack.direction().text(), attack.type().text(), attack.protocol().text(), attack.initialPowerPps(),
            attack.threshold() == null ? "manual" : attack.threshold().name().toLowerCase(), attack.hostgroup(),
            attack.uuid());
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        LOG.info("ATTACK DETAILS {}: {} records sampled, peak {} pps", attack.ip(), records.size(),
            attack.peakPowerPps());
    }

    @Override
    public void onUnban(final Attack attack)
    {
        LOG.info("UNBAN {} (attack {}, peak {} pps)", attack.ip(), attack.uuid(), attack.peakPowerPps());
    }

    @Override
    public String name()
    {
        return "log";
    }
}
