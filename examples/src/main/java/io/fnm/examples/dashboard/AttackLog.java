package io.fnm.examples.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.json.AttackEvent;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The attack history: an {@link AttackAction} keeping the last {@code capacity} attacks (oldest dropped) with their
 * details ({@link AttackJson}), their sampled records once they arrive (at most {@code maxRecords} each) and when they
 * were unbanned. Each change bumps {@link #version()} and calls the listener, so the page hears of it at once.
 */
final class AttackLog implements AttackAction
{
    private final int capacity;
    private final int maxRecords;
    private final Clock clock;
    private final Runnable onChange;
    private final ArrayDeque<Entry> attacks;
    private long version;

    /**
     * @param capacity   attacks kept.
     * @param maxRecords sampled records kept per attack.
     * @param clock      the time of unbans.
     * @param onChange   called after each change (on the action's thread).
     */
    AttackLog(final int capacity, final int maxRecords, final Clock clock, final Runnable onChange)
    {
        if (capacity < 1 || maxRecords < 0)
        {
            throw new IllegalArgumentException("capacity must be positive and maxRecords not negative");
        }
        this.capacity = capacity;
        this.maxRecords = maxRecords;
        this.clock = clock;
        this.onChange = onChange;
        this.attacks = new ArrayDeque<>(capacity);
    }

    @Override
    public String name()
    {
        return "dashboard";
    }

    @Override
    public void onBan(final Attack attack)
    {
        synchronized (this)
        {
            if (attacks.size() == capacity)
            {
                attacks.removeFirst();
            }
            attacks.addLast(new Entry(attack.uuid(), AttackJson.tree(attack, AttackEvent.BAN, List.of(),
                Instant.ofEpochMilli(attack.detectedAtMillis()))));
            version++;
        }
        onChange.run();
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        synchronized (this)
        {
            final Entry entry = find(attack.uuid());
            if (entry == null)
            {
                return;
            }
            final ArrayNode dump = entry.json.putArray("packet_dump_detailed");
            for (int i = 0; i < records.size() && i < maxRecords; i++)
            {
                dump.add(AttackJson.packet(records.get(i)));
            }
            entry.json.put("records_total", records.size());
            version++;
        }
        onChange.run();
    }

    @Override
    public void onUnban(final Attack attack)
    {
        synchronized (this)
        {
            final Entry entry = find(attack.uuid());
            if (entry == null)
            {
                return;
            }
            final ObjectNode details = (ObjectNode)entry.json.get("attack_details");
            details.put("unbanned_at", Instant.ofEpochMilli(clock.epochMillis()).toString());
            details.put("peak_attack_power", attack.peakPowerPps());
            version++;
        }
        onChange.run();
    }

    /**
     * @return a number that changes with every change of the history.
     */
    synchronized long version()
    {
        return version;
    }

    /**
     * @return the attacks kept, newest first (a copy).
     */
    synchronized ArrayNode json()
    {
        final ArrayNode all = JsonNodeFactory.instance.arrayNode(attacks.size());
        final Iterator<Entry> newestFirst = attacks.descendingIterator();
        while (newestFirst.hasNext())
        {
            all.add(newestFirst.next().json.deepCopy());
        }
        return all;
    }

    private Entry find(final UUID uuid)
    {
        for (final Entry entry : attacks)
        {
            if (entry.uuid.equals(uuid))
            {
                return entry;
            }
        }
        return null;
    }

    private record Entry(UUID uuid, ObjectNode json)
    {
    }
}
