package io.fnm.core;

import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;

/**
 * A capture source that keeps its context (so a test can report errors as a receive thread would) and fails to
 * start when given a failure.
 */
final class TestSource implements CaptureSource
{
    private final String name;
    private final Exception startFailure;
    volatile CaptureContext context;
    volatile boolean closed;

    TestSource(final String name, final Exception startFailure)
    {
        this.name = name;
        this.startFailure = startFailure;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void start(final CaptureContext ctx) throws Exception
    {
        if (startFailure != null)
        {
            throw startFailure;
        }
        context = ctx;
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
