package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What the veth tests of the live sources share, as a JUnit extension held in a static field
 * ({@code @RegisterExtension}): one {@link NetNamespace} created before the class's first test and deleted after its
 * last, optionally entered by each test's thread (for the contract tests, whose sources start on that thread); starting
 * a source inside it; sending frames into the other end.
 */
final class VethFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback
{
    private final boolean enterEachTest;
    private NetNamespace namespace;

    private VethFixture(final boolean enterEachTest)
    {
        this.enterEachTest = enterEachTest;
    }

    /**
     * @return a namespace for the class; tests step into it only through {@link #call} and {@link #start}.
     */
    static VethFixture perClass()
    {
        return new VethFixture(false);
    }

    /**
     * @return a namespace for the class that every test's thread runs in.
     */
    static VethFixture enteredByEachTest()
    {
        return new VethFixture(true);
    }

    /**
     * @param base  the keys every test of a class sets.
     * @param extra more keys and values, alternating, replacing those of {@code base}.
     * @return the configuration.
     */
    static ConfigView config(final Map<String, String> base, final String... extra)
    {
        final Map<String, String> values = new HashMap<>(base);
        for (int i = 0; i < extra.length; i += 2)
        {
            values.put(extra[i], extra[i + 1]);
        }
        return ConfigView.of(values);
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        namespace = NetNamespace.create();
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        if (namespace != null)
        {
            namespace.close();
            namespace = null;
        }
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        if (enterEachTest)
        {
            namespace.enter();
        }
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        if (enterEachTest)
        {
            namespace.leave();
        }
    }

    /**
     * @param work what to run inside the namespace, on the calling thread.
     * @param <T>  what it returns.
     * @return what it returned.
     * @throws Exception what it threw.
     */
    <T> T call(final Callable<T> work) throws Exception
    {
        return namespace.call(work);
    }

    /**
     * Start a source inside the namespace, so that its sockets open there.
     *
     * @param source  the source.
     * @param context its context.
     * @param <S>     its type.
     * @return the source, started.
     * @throws Exception what {@link CaptureSource#start} threw.
     */
    <S extends CaptureSource> S start(final S source, final CaptureContext context) throws Exception
    {
        return call(() ->
        {
            source.start(context);
            return source;
        });
    }

    /**
     * @return a raw sender on {@link NetNamespace#SENDER}.
     * @throws Exception when the socket cannot be opened.
     */
    NetNamespace.Sender sender() throws Exception
    {
        return namespace.sender();
    }

    /**
     * Start the source inside the namespace, send the frames twice through {@link #sender()}, each time waiting until
     * the context counted them all, and close the source: what its capture threads allocated for the second batch
     * only (the first warms them up).
     *
     * @param source  a source not started yet.
     * @param context its context, counting its records and its threads' allocations.
     * @param frames  the frames, one record each.
     * @return bytes the capture threads allocated while the second batch went through.
     * @throws Exception when the source cannot start or the frames cannot be sent.
     */
    long bytesAllocatedForSecondBatch(final CaptureSource source, final CountingCaptureContext context,
        final List<byte[]> frames) throws Exception
    {
        start(source, context);
        try (NetNamespace.Sender sender = sender())
        {
            sender.sendAll(frames);
            Await.until(() -> context.records() >= frames.size());
            final long before = context.allocatedBytes();

            sender.sendAll(frames);
            Await.until(() -> context.records() >= 2L * frames.size());
            return context.allocatedBytes() - before;
        }
        finally
        {
            source.close();
        }
    }

    /**
     * For a test whose thread is inside the namespace ({@link #enteredByEachTest()}): send a few UDP frames.
     *
     * @throws Exception when the frames cannot be sent.
     */
    static void sendFewFramesFromHere() throws Exception
    {
        try (NetNamespace.Sender sender = new NetNamespace.Sender())
        {
            sender.sendAll(NetNamespace.udpFrames(10, "10.0.0.1"));
        }
    }
}
