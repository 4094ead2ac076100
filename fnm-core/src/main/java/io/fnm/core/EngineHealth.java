package io.fnm.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a {@link DetectionEngine}'s state and of each of its capture sources and actions
 * ({@link DetectionEngine#health()}).
 * <pre>{@code
 * EngineHealth health = engine.health();
 * if (health.state() == EngineState.FAILED) { ... }
 * health.failed().forEach(c -> log.error("{} failed", c.name(), c.cause().orElse(null)));
 * }</pre>
 */
public final class EngineHealth
{
    private final EngineState state;
    private final Throwable cause;
    private final List<ComponentHealth> components;

    /**
     * @param state      the engine's state.
     * @param cause      why it failed, or null.
     * @param components each source and action.
     */
    public EngineHealth(final EngineState state, final Throwable cause, final List<ComponentHealth> components)
    {
        this.state = Objects.requireNonNull(state, "state");
        this.cause = cause;
        this.components = List.copyOf(components);
    }

    /**
     * @return the engine's state.
     */
    public EngineState state()
    {
        return state;
    }

    /**
     * @return what failed the engine (a {@link VirtualMachineError}); empty unless {@link EngineState#FAILED}.
     */
    public Optional<Throwable> cause()
    {
        return Optional.ofNullable(cause);
    }

    /**
     * @return every capture source, action and metrics exporter, with the state of each.
     */
    public List<ComponentHealth> components()
    {
        return components;
    }

    /**
     * @return the components that failed.
     */
    public List<ComponentHealth> failed()
    {
        return components.stream().filter(c -> c.state() == ComponentState.FAILED).toList();
    }

    /**
     * @param kind source or action.
     * @param name its name.
     * @return its state, empty when the engine has no such component.
     */
    public Optional<ComponentHealth> component(final ComponentHealth.Kind kind, final String name)
    {
        return components.stream().filter(c -> c.kind() == kind && c.name().equals(name)).findFirst();
    }

    /**
     * @return true when the engine is running and no component failed.
     */
    public boolean isHealthy()
    {
        return state == EngineState.RUNNING && failed().isEmpty();
    }

    @Override
    public String toString()
    {
        return "engine " + state + (cause == null ? "" : " (" + ComponentHealth.describe(cause) + ")") + ", " +
            components;
    }
}
