package io.fnm.core;

import io.fnm.capture.TrafficRecord;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An action that records every call, for tests: events are taken with a bounded wait (actions run on their own
 * threads).
 */
final class RecordingAction implements AttackAction
{
    /** One call. */
    record Event(String kind, Attack attack, List<TrafficRecord> records)
    {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onBan(final Attack attack)
    {
        events.add(new Event("ban", attack, null));
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        events.add(new Event("details", attack, records));
    }

    @Override
    public void onUnban(final Attack attack)
    {
        events.add(new Event("unban", attack, null));
    }

    @Override
    public String name()
    {
        return "recording";
    }

    Event next() throws InterruptedException
    {
        final Event event = events.poll(10, TimeUnit.SECONDS);
        if (event == null)
        {
            throw new AssertionError("no action call within 10 s");
        }
        return event;
    }

    Event nextOrNull(final long millis) throws InterruptedException
    {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean isEmpty()
    {
        return events.isEmpty();
    }
}
