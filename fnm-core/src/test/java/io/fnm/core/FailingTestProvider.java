package io.fnm.core;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigView;

/**
 * A capture source provider whose key {@code failing_test_port} must be a number; registered only by
 * {@link EngineHealthTest} through a class loader of its own, never on the test class path.
 */
public final class FailingTestProvider implements CaptureSourceProvider
{
    @Override
    public String name()
    {
        return "failing_test";
    }

    @Override
    public CaptureSource create(final ConfigView config)
    {
        config.intValue("failing_test_port", 1, 1, 65535);
        return new TestSource("failing_test", null);
    }
}
