package io.fnm.core;

/**
 * Where a {@link DetectionEngine} is in its life; read it from {@link DetectionEngine#health()}.
 */
public enum EngineState
{
    /** Built, not started. */
    NEW,
    /** Started: its tick runs and the sources that started deliver records. */
    RUNNING,
    /**
     * A fatal error ({@link VirtualMachineError} in a capture, tick or action thread): the engine can no longer be
     * trusted to detect; the application should stop it and end (the runner does). Final until {@link #CLOSED}.
     */
    FAILED,
    /** Closed: every thread it started has stopped. */
    CLOSED
}
