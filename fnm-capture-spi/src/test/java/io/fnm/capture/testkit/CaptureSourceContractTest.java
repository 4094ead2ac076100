package io.fnm.capture.testkit;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The contract every {@link CaptureSource} and its {@link CaptureSourceProvider} keep. Each implementation in the
 * project has a subclass that supplies a provider, a configuration enabling it, and a way to feed it traffic.
 */
public abstract class CaptureSourceContractTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    private CaptureSource source;

    /**
     * @return the provider under test.
     */
    protected abstract CaptureSourceProvider provider();

    /**
     * @return a configuration that enables the provider and lets it start here (e.g. on a free loopback port).
     */
    protected abstract ConfigView enablingConfig();

    /**
     * Feed the started source traffic that decodes into at least one record.
     *
     * @param started the running source.
     * @throws Exception when the traffic cannot be sent.
     */
    protected abstract void sendTraffic(CaptureSource started) throws Exception;

    @AfterEach
    void closeSource()
    {
        if (source != null)
        {
            source.close();
        }
    }

    @Test
    void shouldBeDiscoverableByServiceLoaderUnderItsName()
    {
        final List<String> names = StreamSupport.stream(
            ServiceLoader.load(CaptureSourceProvider.class).spliterator(), false)
            .map(CaptureSourceProvider::name)
            .collect(Collectors.toList());

        assertThat(names).contains(provider().name());
    }

    @Test
    void shouldBeEnabledByTheConfigSwitchNamedLikeTheProvider()
    {
        assertThat(provider().isEnabled(enablingConfig())).isTrue();
        assertThat(provider().isEnabled(ConfigView.EMPTY)).isFalse();
    }

    @Test
    void shouldDeclareEveryKeyItReads() throws Exception
    {
        final RecordingConfigView config = new RecordingConfigView(enablingConfig());
        provider().isEnabled(config);
        source = provider().create(config);
        source.start(new RecordingCaptureContext(config));

        final List<String> declared = provider().configKeys().stream().map(ConfigKey::name)
            .collect(Collectors.toList());
        assertThat(config.keysRead()).isNotEmpty();
        assertThat(declared).containsAll(config.keysRead());
    }

    @Test
    void shouldExplainUnavailability()
    {
        final CaptureSourceProvider provider = provider();

        assertThat(provider.isAvailable()).isEqualTo(provider.unavailabilityCause() == null);
    }

    @Test
    void shouldDeliverRecordsToTheSinkOnceStarted() throws Exception
    {
        final RecordingCaptureContext context = new RecordingCaptureContext(enablingConfig());
        source = provider().create(enablingConfig());
        source.start(context);

        sendTraffic(source);

        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (context.records().isEmpty() && System.currentTimeMillis() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(10); // waiting for another process's I/O, not for a tick
        }
        assertThat(context.records()).isNotEmpty();
        assertThat(context.records().get(0).ipVersion()).isIn(TrafficRecord.IPV4, TrafficRecord.IPV6);
        assertThat(context.errors()).isEmpty();
    }

    @Test
    void shouldLeaveNoThreadAliveAfterClose() throws Exception
    {
        final RecordingCaptureContext context = new RecordingCaptureContext(enablingConfig());
        source = provider().create(enablingConfig());
        source.start(context);

        source.close();

        for (final Thread thread : context.threads())
        {
            assertThat(thread.isAlive()).as("thread %s alive after close", thread.getName()).isFalse();
        }
    }

    @Test
    void shouldAllowCloseTwice() throws Exception
    {
        source = provider().create(enablingConfig());
        source.start(new RecordingCaptureContext(enablingConfig()));

        source.close();

        assertThatCode(source::close).doesNotThrowAnyException();
    }

    @Test
    void shouldHaveANonBlankName()
    {
        source = provider().create(enablingConfig());

        assertThat(source.name()).isNotBlank();
    }
}
