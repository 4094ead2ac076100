package io.fnm.core;

/**
 * The state of one capture source or action of a {@link DetectionEngine}, in {@link ComponentHealth}.
 */
public enum ComponentState
{
    /** Created, not started yet (a capture source before {@link DetectionEngine#start()}). */
    STARTING,
    /** Running (an action is running as soon as it is created). */
    RUNNING,
    /** Could not be created or started, or died of a fatal error: {@link ComponentHealth#cause()} says why. */
    FAILED,
    /** Stopped by {@link DetectionEngine#close()}. */
    STOPPED
}
