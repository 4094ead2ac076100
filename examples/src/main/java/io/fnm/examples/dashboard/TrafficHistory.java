package io.fnm.examples.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;

import java.util.List;
import java.util.Locale;

/**
 * The last {@link #capacity()} ticks of total traffic (IPv4 plus IPv6) in a ring allocated once: per tick the time,
 * then packets and bits per second for incoming and outgoing traffic in total, TCP, UDP and ICMP. A new page gets the
 * whole ring at once, then one row per tick.
 */
final class TrafficHistory
{
    /** The per-protocol classes kept, in column order within each direction and unit. */
    static final List<TrafficClass> CLASSES = List.of(TrafficClass.TOTAL, TrafficClass.TCP, TrafficClass.UDP,
        TrafficClass.ICMP);
    /** Column names: {@code t} (epoch milliseconds) then {@code in_pps_total}, ... {@code out_bps_icmp}. */
    static final List<String> COLUMNS = columns();

    private final long[][] rows;
    private int next;
    private int size;

    /**
     * @param capacity ticks kept (900: 15 minutes of 1 s ticks).
     */
    TrafficHistory(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive");
        }
        rows = new long[capacity][COLUMNS.size()];
    }

    private static List<String> columns()
    {
        final String[] names = new String[1 + 2 * 2 * 4];
        names[0] = "t";
        int column = 1;
        for (final String direction : new String[] {"in", "out"})
        {
            for (final String unit : new String[] {"pps", "bps"})
            {
                for (final TrafficClass trafficClass : CLASSES)
                {
                    names[column++] = direction + '_' + unit + '_' + trafficClass.name().toLowerCase(Locale.ROOT);
                }
            }
        }
        return List.of(names);
    }

    /**
     * @return the most ticks kept.
     */
    int capacity()
    {
        return rows.length;
    }

    /**
     * Record one tick.
     *
     * @param snapshot the tick's figures.
     * @return the row recorded, as JSON.
     */
    synchronized ArrayNode add(final TrafficSnapshot snapshot)
    {
        final long[] row = rows[next];
        row[0] = snapshot.epochMillis();
        final HostRates v4 = snapshot.totals(4);
        final HostRates v6 = snapshot.totals(6);
        int column = 1;
        for (final Direction direction : new Direction[] {Direction.INCOMING, Direction.OUTGOING})
        {
            for (final TrafficClass trafficClass : CLASSES)
            {
                row[column++] = v4.packetsPerSecond(direction, trafficClass) +
                    v6.packetsPerSecond(direction, trafficClass);
            }
            for (final TrafficClass trafficClass : CLASSES)
            {
                row[column++] = v4.bitsPerSecond(direction, trafficClass) + v6.bitsPerSecond(direction, trafficClass);
            }
        }
        next = (next + 1) % rows.length;
        size = Math.min(size + 1, rows.length);
        return json(row);
    }

    /**
     * @return every row kept, oldest first.
     */
    synchronized ArrayNode rows()
    {
        final ArrayNode all = JsonNodeFactory.instance.arrayNode(size);
        final int first = (next - size + rows.length) % rows.length;
        for (int i = 0; i < size; i++)
        {
            all.add(json(rows[(first + i) % rows.length]));
        }
        return all;
    }

    /**
     * @return how many rows are kept.
     */
    synchronized int size()
    {
        return size;
    }

    private static ArrayNode json(final long[] row)
    {
        final ArrayNode node = JsonNodeFactory.instance.arrayNode(row.length);
        for (final long value : row)
        {
            node.add(value);
        }
        return node;
    }
}
