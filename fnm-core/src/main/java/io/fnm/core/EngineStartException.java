package io.fnm.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A capture source or action could not be created ({@link DetectionEngine.Builder#build()}: a bad key, an enabled
 * source unavailable here) or started ({@link DetectionEngine#start()}: a port taken, a host that does not resolve).
 * Thrown unless {@link DetectionEngine.Builder#tolerateFailures(boolean)} is on; the engine is closed first. The
 * message names each component and its cause; {@link #getCause()} is the first cause.
 */
public final class EngineStartException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Not serialized: a snapshot for the catching code. */
    private final transient List<ComponentHealth> failures;

    /**
     * @param failures the failed components (at least one, each with its cause).
     */
    public EngineStartException(final List<ComponentHealth> failures)
    {
        super(failures.stream().map(ComponentHealth::toString).collect(Collectors.joining("; ")),
            failures.get(0).cause().orElse(null));
        this.failures = List.copyOf(failures);
    }

    /**
     * @return each failed component with its cause.
     */
    public List<ComponentHealth> failures()
    {
        return failures;
    }

    /**
     * @return the first failed component's name (e.g. {@code netflow}).
     */
    public String componentName()
    {
        return failures.get(0).name();
    }
}
