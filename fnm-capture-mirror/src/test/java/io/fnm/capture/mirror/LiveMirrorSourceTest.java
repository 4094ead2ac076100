package io.fnm.capture.mirror;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle every live mirror source inherits, on channels that live in memory: what {@link LiveMirrorSource}
 * promises whatever the native binding.
 */
class LiveMirrorSourceTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    private final RecordingCaptureContext context = new RecordingCaptureContext(ConfigView.of(Map.of()));
    private final AtomicReference<Throwable> bindingCause = new AtomicReference<>();
    private final FakeSource source = new FakeSource(3, bindingCause);

    @AfterEach
    void closeSource()
    {
        source.close();
    }

    private static Map<String, Long> counters(final LiveMirrorSource<?> source)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        source.counters((descriptor, labelValue1, labelValue2, value) -> values.put(descriptor.name(), value));
        return values;
    }

    @Test
    void shouldStartOneNamedThreadPerChannelFromTheContextsFactory() throws Exception
    {
        source.start(context);
        Await.until(() -> source.opened.stream().allMatch(channel -> channel.reads.get() > 0));

        assertThat(context.threads()).extracting(Thread::getName)
            .containsExactly("fnm-fake-0", "fnm-fake-1", "fnm-fake-2");
        assertThat(source.opened).allMatch(channel -> channel.reads.get() > 0);
        assertThat(source.mirrorCounters().framesPerThread()).hasSize(3);
    }

    @Test
    void shouldRefuseASecondStart() throws Exception
    {
        source.start(context);

        assertThatThrownBy(() -> source.start(context)).isInstanceOf(IllegalStateException.class)
            .hasMessage("already started");
        assertThat(context.threads()).hasSize(3);
    }

    @Test
    void shouldRefuseToStartNamingTheBindingWhenItIsUnavailable()
    {
        final UnsupportedOperationException cause = new UnsupportedOperationException("switched off");
        bindingCause.set(cause);

        assertThatThrownBy(() -> source.start(context)).isInstanceOf(IOException.class)
            .hasMessage("fake unavailable: java.lang.UnsupportedOperationException: switched off").hasCause(cause);
        assertThat(source.opened).isEmpty();
        assertThat(context.threads()).isEmpty();
    }

    @Test
    void shouldCloseTheChannelsAlreadyOpenWhenOneFailsToOpen()
    {
        source.failToOpen = 2;

        assertThatThrownBy(() -> source.start(context)).isInstanceOf(IOException.class).hasMessage("no fake2");
        assertThat(source.opened).hasSize(2).allMatch(channel -> channel.closes.get() == 1);
        assertThat(context.threads()).isEmpty();
    }

    @Test
    void shouldCloseTheChannelsAndStartNoThreadWhenACaptureThreadCannotBeSetUp()
    {
        source.failToSetUp = 1;

        assertThatThrownBy(() -> source.start(context)).hasMessage("cannot set up fnm-fake-1");
        assertThat(source.opened).hasSize(3).allMatch(channel -> channel.closes.get() == 1);
        assertThat(context.threads()).singleElement().satisfies(thread -> assertThat(thread.isAlive()).isFalse());
    }

    @Test
    void shouldJoinEveryThreadBeforeClosingItsChannel() throws Exception
    {
        source.start(context);
        Await.until(() -> source.opened.stream().allMatch(channel -> channel.reads.get() > 0));

        source.close();

        assertThat(context.threads()).hasSize(3).noneMatch(Thread::isAlive);
        assertThat(source.opened).allMatch(channel -> channel.closes.get() == 1)
            .noneMatch(channel -> channel.readerAliveWhenClosed);
    }

    @Test
    void shouldWakeAReadThatWouldNotReturnByItselfWhenClosing() throws Exception
    {
        source.blockUntilWoken = true;
        source.start(context);
        Await.until(() -> source.opened.stream().allMatch(channel -> channel.reads.get() > 0));

        source.close();

        assertThat(source.opened).allMatch(channel -> channel.wokenInRead);
        assertThat(context.threads()).noneMatch(Thread::isAlive);
    }

    @Test
    void shouldCountAndReportWhatAReadThrowsAndCarryOn() throws Exception
    {
        final IllegalStateException failure = new IllegalStateException("bad block");
        source.failure = failure;
        source.start(context);
        Await.until(() -> source.opened.stream().allMatch(channel -> channel.reads.get() > 2));

        assertThat(source.opened).allMatch(channel -> channel.reads.get() > 2);
        assertThat(context.errors()).containsExactly(failure, failure, failure);
        assertThat(counters(source)).containsEntry("mirror_capture_errors_total", 3L);
    }

    @Test
    void shouldCountAndReportAFailedReaderSetUpInsteadOfThrowingOutOfTheThread() throws Exception
    {
        final IllegalStateException failure = new IllegalStateException("no native buffer");
        source.setUpFailure = failure;
        source.start(context);
        Await.until(() -> context.errors().size() == 3);

        assertThat(context.errors()).containsExactly(failure, failure, failure);
        assertThat(counters(source)).containsEntry("mirror_capture_errors_total", 3L);
    }

    @Test
    void shouldReadTheStatisticsOnceMoreAfterTheLastRead() throws Exception
    {
        source.start(context);
        Await.until(() -> source.opened.stream().allMatch(channel -> channel.reads.get() > 0));

        source.close();

        assertThat(source.opened).allMatch(channel -> channel.statisticsAfterLastRead);
    }

    @Test
    void shouldReportTheSourcesOwnCountersBetweenTheFrameCountersAndTheErrors() throws Exception
    {
        source.start(context);

        final Map<String, Long> counters = counters(source);

        assertThat(counters.keySet()).endsWith(FakeSource.OPENED.name(), "mirror_capture_errors_total");
        assertThat(counters).containsEntry(FakeSource.OPENED.name(), 3L);
    }

    /** A channel in memory that remembers what was done to it. */
    private static final class FakeChannel
    {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch woken = new CountDownLatch(1);
        volatile Thread reader;
        volatile boolean wokenInRead;
        volatile boolean readerAliveWhenClosed;
        volatile boolean statisticsAfterLastRead;
    }

    /** A live source over {@link FakeChannel}s, failing where a test says. */
    private static final class FakeSource extends LiveMirrorSource<FakeChannel>
    {
        static final CounterDescriptor OPENED = CounterDescriptor.counter("fake_channels_opened_total",
            "channels", "Channels opened", "source");

        final List<FakeChannel> opened = new CopyOnWriteArrayList<>();
        private final int channels;
        volatile int failToOpen = -1;
        volatile int failToSetUp = -1;
        volatile RuntimeException failure;
        volatile RuntimeException setUpFailure;
        volatile boolean blockUntilWoken;

        FakeSource(final int channels, final AtomicReference<Throwable> bindingCause)
        {
            super("fake:test", "fake", bindingCause::get);
            this.channels = channels;
        }

        @Override
        void open(final List<FakeChannel> list) throws IOException
        {
            for (int i = 0; i < channels; i++)
            {
                if (i == failToOpen)
                {
                    throw new IOException("no fake" + i);
                }
                final FakeChannel channel = new FakeChannel();
                opened.add(channel);
                list.add(channel);
            }
        }

        @Override
        String threadName(final FakeChannel channel, final int index)
        {
            if (index == failToSetUp)
            {
                throw new IllegalStateException("cannot set up fnm-fake-" + index);
            }
            return "fnm-fake-" + index;
        }

        @Override
        FrameHandler newFrameHandler(final TrafficSink sink)
        {
            return new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        }

        @Override
        ChannelReader newReader(final CaptureContext context, final FakeChannel channel, final FrameHandler handler)
        {
            channel.reader = Thread.currentThread();
            if (setUpFailure != null)
            {
                throw setUpFailure;
            }
            return new ChannelReader(context, handler)
            {
                @Override
                void read() throws InterruptedException
                {
                    channel.statisticsAfterLastRead = false;
                    if (channel.reads.incrementAndGet() == 1 && failure != null)
                    {
                        throw failure;
                    }
                    if (blockUntilWoken)
                    {
                        channel.wokenInRead |= channel.woken.await(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                    }
                    else
                    {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a bounded wait, as a poll's
                    }
                }

                @Override
                void readStatistics()
                {
                    channel.statisticsAfterLastRead = true;
                }
            };
        }

        @Override
        void wake(final FakeChannel channel)
        {
            channel.woken.countDown();
        }

        @Override
        void closeChannel(final FakeChannel channel)
        {
            final Thread thread = channel.reader;
            channel.readerAliveWhenClosed = thread != null && thread.isAlive();
            channel.closes.incrementAndGet();
        }

        @Override
        void channelCounters(final CounterVisitor visitor)
        {
            visitor.counter(OPENED, name(), sumOverChannels(channel -> 1L));
        }
    }
}
