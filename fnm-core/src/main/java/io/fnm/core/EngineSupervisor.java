package io.fnm.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The states behind {@link DetectionEngine#health()}: the engine's and each component's, and the move to
 * {@link EngineState#FAILED} on a fatal error, told once to the listeners.
 */
final class EngineSupervisor
{
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);

    private final List<ComponentHealth> components = new ArrayList<>();
    private final Map<Object, Integer> index = new IdentityHashMap<>();
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private EngineState state = EngineState.NEW;
    private Throwable cause;

    EngineSupervisor(final List<EngineListener> listeners)
    {
        this.listeners.addAll(listeners);
    }

    synchronized void add(final Object component, final ComponentHealth health)
    {
        if (component != null)
        {
            index.put(component, components.size());
        }
        components.add(health);
    }

    synchronized void set(final Object component, final ComponentState newState, final Throwable why)
    {
        final Integer at = index.get(component);
        if (at != null && components.get(at).state() != ComponentState.FAILED)
        {
            components.set(at, components.get(at).with(newState, why));
        }
    }

    synchronized ComponentHealth get(final Object component)
    {
        return components.get(index.get(component));
    }

    synchronized void running()
    {
        if (state == EngineState.NEW)
        {
            state = EngineState.RUNNING;
        }
    }

    synchronized void closed()
    {
        state = EngineState.CLOSED;
        for (int i = 0; i < components.size(); i++)
        {
            final ComponentHealth c = components.get(i);
            if (c.state() != ComponentState.FAILED)
            {
                components.set(i, c.with(ComponentState.STOPPED, null));
            }
        }
    }

    synchronized EngineState state()
    {
        return state;
    }

    synchronized EngineHealth health()
    {
        return new EngineHealth(state, cause, components);
    }

    synchronized List<ComponentHealth> components()
    {
        return List.copyOf(components);
    }

    /**
     * A fatal error ({@link VirtualMachineError}): the engine fails once, the listeners are told on this thread.
     *
     * @param component the source or action where it happened, or null (the tick).
     * @param where     a description for the log.
     * @param error     the error.
     */
    void fatal(final Object component, final String where, final Throwable error)
    {
        final EngineHealth health;
        synchronized (this)
        {
            if (component != null)
            {
                final Integer at = index.get(component);
                if (at != null)
                {
                    components.set(at, components.get(at).with(ComponentState.FAILED, error));
                }
            }
            if (state == EngineState.FAILED || state == EngineState.CLOSED)
            {
                return;
            }
            state = EngineState.FAILED;
            cause = error;
            health = health();
        }
        LOG.error("engine FAILED: {} in {}; detection can no longer be trusted, stop the engine", error, where);
        for (final EngineListener listener : listeners)
        {
            try
            {
                listener.onFailed(health);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("engine listener {} failed", listener, ex);
            }
        }
    }
}
