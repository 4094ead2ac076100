package io.fnm.actions.api;

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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@link AttackAction} keeping the last {@code capacity} attacks (ban, sampled records, unban) in a bounded ring
 * for the operator API's attack history. The oldest attack is dropped when a new one arrives on a full ring; at most
 * {@code maxRecords} sampled records are kept per attack, rendered to JSON when they arrive (the records handed to
 * actions are not kept). Called on the engine's action threads, never on the capture path.
 */
public final class AttackHistory implements AttackAction
{
    /** The runner's ring size. */
    public static final int DEFAULT_CAPACITY = 100;
    /** Sampled records kept per attack by default. */
    public static final int DEFAULT_MAX_RECORDS = 50;

    private final int capacity;
    private final int maxRecords;
    private final Clock clock;
    private final ArrayDeque<Entry> ring;

    /**
     * @param capacity   attacks kept, at least 1.
     * @param maxRecords sampled records kept per attack, 0 or more.
     * @param clock      what stamps unbans (the engine's clock).
     */
    public AttackHistory(final int capacity, final int maxRecords, final Clock clock)
    {
        if (capacity < 1 || maxRecords < 0)
        {
            throw new IllegalArgumentException("capacity must be at least 1 and maxRecords at least 0");
        }
        this.capacity = capacity;
        this.maxRecords = maxRecords;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ring = new ArrayDeque<>(capacity);
    }

    @Override
    public String name()
    {
        return "api_history";
    }

    @Override
    public void onBan(final Attack attack)
    {
        synchronized (ring)
        {
            if (ring.size() == capacity)
            {
                ring.removeFirst();
            }
            ring.addLast(new Entry(attack));
        }
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        final List<ObjectNode> packets = new ArrayList<>(Math.min(records.size(), maxRecords));
        for (int i = 0; i < records.size() && i < maxRecords; i++)
        {
            packets.add(AttackJson.packet(records.get(i)));
        }
        synchronized (ring)
        {
            final Entry entry = find(attack.uuid());
            if (entry != null)
            {
                entry.records = packets;
                entry.recordsSeen = records.size();
            }
        }
    }

    @Override
    public void onUnban(final Attack attack)
    {
        final long now = clock.epochMillis();
        synchronized (ring)
        {
            final Entry entry = find(attack.uuid());
            if (entry != null)
            {
                entry.unbannedAtMillis = now;
            }
        }
    }

    /**
     * @param n the most to return.
     * @return the last {@code n} attacks, newest first: the attack as {@link AttackJson} renders a ban, plus
     *         {@code unbanned_at} (when unbanned), {@code records_seen} and {@code records} (the sampled records
     *         kept).
     */
    public ArrayNode latest(final int n)
    {
        final ArrayNode out = JsonNodeFactory.instance.arrayNode();
        synchronized (ring)
        {
            final Iterator<Entry> newestFirst = ring.descendingIterator();
            while (newestFirst.hasNext() && out.size() < n)
            {
                out.add(newestFirst.next().json());
            }
        }
        return out;
    }

    /**
     * @return the attacks kept.
     */
    public int size()
    {
        synchronized (ring)
        {
            return ring.size();
        }
    }

    /**
     * @return the ring's capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    private Entry find(final UUID uuid)
    {
        final Iterator<Entry> newestFirst = ring.descendingIterator();
        while (newestFirst.hasNext())
        {
            final Entry entry = newestFirst.next();
            if (entry.attack.uuid().equals(uuid))
            {
                return entry;
            }
        }
        return null;
    }

    /** One attack; mutated under the ring's lock only. */
    private static final class Entry
    {
        private final Attack attack;
        private List<ObjectNode> records = List.of();
        private int recordsSeen;
        private long unbannedAtMillis = -1;

        Entry(final Attack attack)
        {
            this.attack = attack;
        }

        ObjectNode json()
        {
            final ObjectNode node = AttackJson.tree(attack, AttackEvent.BAN, List.of(),
                Instant.ofEpochMilli(attack.detectedAtMillis()));
            node.put("manual", attack.manual());
            if (unbannedAtMillis >= 0)
            {
                node.put("unbanned_at", Instant.ofEpochMilli(unbannedAtMillis).toString());
            }
            node.put("records_seen", recordsSeen);
            node.putArray("records").addAll(records);
            return node;
        }
    }
}
