package io.fnm.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The state of one capture source or action of a {@link DetectionEngine}: immutable, a snapshot.
 */
public final class ComponentHealth
{
    /** What kind of component. */
    public enum Kind
    {
        /** A capture source ({@code netflow}, {@code sflow}, a source added in code...). */
        CAPTURE_SOURCE,
        /** An action ({@code notify_script}, a lambda added in code...). */
        ACTION,
        /** A metrics exporter ({@code graphite}, {@code influxdb}...). */
        METRICS_EXPORTER;

        /**
         * @return "capture source", "action" or "metrics exporter", for messages.
         */
        public String text()
        {
            return switch (this)
            {
                case CAPTURE_SOURCE -> "capture source";
                case ACTION -> "action";
                case METRICS_EXPORTER -> "metrics exporter";
            };
        }
    }

    private final Kind kind;
    private final String name;
    private final ComponentState state;
    private final Throwable cause;
    private final String key;

    /**
     * @param kind  source or action.
     * @param name  its name (e.g. {@code netflow:2055}, or the action's).
     * @param state its state.
     * @param cause why it failed, or null.
     */
    public ComponentHealth(final Kind kind, final String name, final ComponentState state, final Throwable cause)
    {
        this(kind, name, state, cause, null);
    }

    /**
     * @param kind  source or action.
     * @param name  its name (e.g. {@code netflow:2055}, or the action's).
     * @param state its state.
     * @param cause why it failed, or null.
     * @param key   the configuration switch that enabled it (its provider's name), or null when added in code.
     */
    public ComponentHealth(final Kind kind, final String name, final ComponentState state, final Throwable cause,
        final String key)
    {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(state, "state");
        this.cause = cause;
        this.key = key;
    }

    /**
     * @return the configuration switch that enabled it, e.g. {@code netflow} (its provider's name); empty for a
     * component added in code.
     */
    public Optional<String> key()
    {
        return Optional.ofNullable(key);
    }

    /**
     * @return source or action.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the name: a provider's {@code name()} (the FastNetMon switch) or an action's.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the state.
     */
    public ComponentState state()
    {
        return state;
    }

    /**
     * @return why it failed, empty unless {@link ComponentState#FAILED}.
     */
    public Optional<Throwable> cause()
    {
        return Optional.ofNullable(cause);
    }

    /**
     * @param newState a new state.
     * @param why      its cause, or null.
     * @return a copy in that state.
     */
    ComponentHealth with(final ComponentState newState, final Throwable why)
    {
        return new ComponentHealth(kind, name, newState, why, key);
    }

    /**
     * @return e.g. {@code capture source netflow FAILED: java.net.BindException: Address already in use}.
     */
    @Override
    public String toString()
    {
        return kind.text() + " " + name + " " + state + (cause == null ? "" : ": " + describe(cause));
    }

    static String describe(final Throwable cause)
    {
        final String message = cause.getMessage();
        return message == null || message.isEmpty() ? cause.getClass().getName() :
            cause instanceof io.fnm.config.ConfigException ? message : cause.getClass().getName() + ": " + message;
    }
}
