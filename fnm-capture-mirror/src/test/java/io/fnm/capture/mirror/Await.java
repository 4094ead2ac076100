package io.fnm.capture.mirror;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a capture thread in the mirror tests: frames crossing a veth or a stub's ring, a loop noticing a change.
 * Never waiting for a tick (time is a parameter there).
 */
final class Await
{
    private static final long DEADLINE_MILLIS = 20_000;

    private Await()
    {
    }

    /**
     * Return once the condition holds, or after {@value #DEADLINE_MILLIS} ms; the test's own assertion then says what
     * did not happen.
     *
     * @param condition what the test waits for.
     * @throws InterruptedException when the test thread is interrupted.
     */
    static void until(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }
}
