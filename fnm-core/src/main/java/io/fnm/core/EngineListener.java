package io.fnm.core;

/**
 * Told when a {@link DetectionEngine} fails ({@link DetectionEngine.Builder#listener(EngineListener)}). Called once,
 * on the thread that hit the error (a capture, tick or action thread): it must return quickly and must not call
 * {@link DetectionEngine#close()} itself (hand that to another thread, as the runner does).
 */
@FunctionalInterface
public interface EngineListener
{
    /**
     * The engine moved to {@link EngineState#FAILED}.
     *
     * @param health the engine's health, with the cause and the component that failed.
     */
    void onFailed(EngineHealth health);
}
