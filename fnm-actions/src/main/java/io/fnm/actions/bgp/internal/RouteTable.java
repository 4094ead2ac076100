package io.fnm.actions.bgp.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the speaker wants announced (the desired Adj-RIB-Out shared by every session): the routes of each active ban,
 * keyed by an owner (the attack's UUID). Two bans may share a route (two hosts of one customer subnet); it stays
 * announced until its last owner lets go. Thread-safe; every method holds the table's lock briefly and does no I/O,
 * so a ban never waits for a session.
 * <p>
 * Each session keeps what it has actually sent and converges on {@link #snapshot()} whenever {@link #version()}
 * moves, so a session that comes back up announces exactly the active bans.
 */
public final class RouteTable
{
    private final Map<Object, List<BgpRoute>> byOwner = new HashMap<>();
    private final Map<BgpRoute, Entry> routes = new LinkedHashMap<>();
    private long version;

    /**
     * Make {@code owner}'s routes exactly {@code newRoutes} (empty to drop them all).
     *
     * @param owner     the owner, e.g. an attack UUID.
     * @param newRoutes its routes now.
     * @return the routes it had before (empty when none).
     */
    public synchronized List<BgpRoute> replace(final Object owner, final List<BgpRoute> newRoutes)
    {
        final List<BgpRoute> old = byOwner.remove(owner);
        if (!newRoutes.isEmpty())
        {
            byOwner.put(owner, List.copyOf(newRoutes));
            for (final BgpRoute route : newRoutes)
            {
                final Entry entry = routes.get(route);
                if (entry == null)
                {
                    routes.put(route, new Entry(route));
                }
                else
                {
                    entry.refs++;
                }
            }
        }
        if (old != null)
        {
            for (final BgpRoute route : old)
            {
                final Entry entry = routes.get(route);
                if (entry != null && --entry.refs == 0)
                {
                    routes.remove(route);
                }
            }
        }
        version++;
        return old == null ? List.of() : old;
    }

    /**
     * @param owner an owner.
     * @return its routes (empty when none).
     */
    public synchronized List<BgpRoute> routesOf(final Object owner)
    {
        final List<BgpRoute> owned = byOwner.get(owner);
        return owned == null ? List.of() : owned;
    }

    /**
     * @return a counter that moves on every change.
     */
    public synchronized long version()
    {
        return version;
    }

    /**
     * @return every route to announce, keyed by itself (a copy, in the order they were first added).
     */
    public synchronized Map<BgpRoute, BgpRoute> snapshot()
    {
        final Map<BgpRoute, BgpRoute> copy = new LinkedHashMap<>();
        for (final Entry entry : routes.values())
        {
            copy.put(entry.route, entry.route);
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * @return the number of distinct routes to announce.
     */
    public synchronized int size()
    {
        return routes.size();
    }

    /**
     * @return the routes as text, for logs and tests.
     */
    public synchronized List<String> texts()
    {
        final List<String> texts = new ArrayList<>();
        for (final BgpRoute route : routes.keySet())
        {
            texts.add(route.toString());
        }
        return texts;
    }

    private static final class Entry
    {
        private final BgpRoute route;
        private int refs = 1;

        private Entry(final BgpRoute route)
        {
            this.route = route;
        }
    }
}
