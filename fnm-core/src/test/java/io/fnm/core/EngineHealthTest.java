package io.fnm.core;

import io.fnm.capture.Clock;
import io.fnm.capture.ManualClock;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineHealthTest
{
    private final ManualClock clock = EngineFixture.clock();
    private final BlockingQueue<EngineHealth> failures = new ArrayBlockingQueue<>(4);

    private DetectionEngine.Builder builder()
    {
        return DetectionEngine.builder(config().build()).clock(clock).tickThread(false).discoverProviders(false)
            .listener(failures::add);
    }

    @Test
    void shouldThrowNamingTheSourceAndCauseWhenASourceFailsToStart()
    {
        final TestSource good = new TestSource("good", null);
        final DetectionEngine engine = builder().captureSource(good)
            .captureSource(new TestSource("netflow", new BindException("Address already in use"))).build();

        assertThatThrownBy(engine::start).isInstanceOf(EngineStartException.class)
            .hasMessage("capture source netflow FAILED: java.net.BindException: Address already in use")
            .hasCauseInstanceOf(BindException.class)
            .satisfies(ex -> assertThat(((EngineStartException)ex).componentName()).isEqualTo("netflow"));
        assertThat(good.closed).isTrue();
        assertThat(engine.health().state()).isEqualTo(EngineState.CLOSED);
    }

    @Test
    void shouldRunWithWhatStartedWhenFailuresAreTolerated()
    {
        try (DetectionEngine engine = builder().tolerateFailures(true).captureSource(new TestSource("good", null))
            .captureSource(new TestSource("netflow", new BindException("Address already in use"))).build())
        {
            engine.start();

            final EngineHealth health = engine.health();
            assertThat(health.state()).isEqualTo(EngineState.RUNNING);
            assertThat(health.component(ComponentHealth.Kind.CAPTURE_SOURCE, "good").orElseThrow().state())
                .isEqualTo(ComponentState.RUNNING);
            final ComponentHealth failed = health.failed().get(0);
            assertThat(failed.name()).isEqualTo("netflow");
            assertThat(failed.cause()).containsInstanceOf(BindException.class);
            assertThat(health.isHealthy()).isFalse();
            assertThat(engine.problems()).hasSize(1);
        }
    }

    @Test
    void shouldShowSourcesStartingBeforeStartAndStoppedAfterClose()
    {
        final DetectionEngine engine = builder().captureSource(new TestSource("good", null)).build();
        assertThat(engine.health().state()).isEqualTo(EngineState.NEW);
        assertThat(engine.health().components().get(0).state()).isEqualTo(ComponentState.STARTING);

        engine.start();
        assertThat(engine.health().isHealthy()).isTrue();
        engine.close();

        assertThat(engine.health().state()).isEqualTo(EngineState.CLOSED);
        assertThat(engine.health().components().get(0).state()).isEqualTo(ComponentState.STOPPED);
    }

    @Test
    void shouldThrowAtBuildNamingTheProviderWhenItsKeyIsInvalid(@TempDir final Path dir) throws Exception
    {
        final EngineConfig config = config().settings(ConfigView.of(Map.of("failing_test", "on",
            "failing_test_port", "http"))).build();
        try (URLClassLoader loader = providerLoader(dir))
        {
            final DetectionEngine.Builder b = DetectionEngine.builder(config).classLoader(loader).tickThread(false);

            assertThatThrownBy(b::build).isInstanceOf(EngineStartException.class)
                .hasMessageStartingWith("capture source failing_test FAILED: ")
                .hasMessageContaining("failing_test_port")
                .hasCauseInstanceOf(ConfigException.class);
        }
    }

    @Test
    void shouldBuildWithoutTheFailedProviderWhenFailuresAreTolerated(@TempDir final Path dir) throws Exception
    {
        final EngineConfig config = config().settings(ConfigView.of(Map.of("failing_test", "on",
            "failing_test_port", "http"))).build();
        try (URLClassLoader loader = providerLoader(dir);
            DetectionEngine engine = DetectionEngine.builder(config).classLoader(loader).tickThread(false)
                .tolerateFailures(true).build())
        {
            engine.start();

            assertThat(engine.health().failed()).extracting(ComponentHealth::name).containsExactly("failing_test");
            assertThat(engine.health().failed().get(0).key()).contains("failing_test");
            assertThat(engine.health().state()).isEqualTo(EngineState.RUNNING);
        }
    }

    @Test
    void shouldFailTheEngineAndTellListenersWhenACaptureThreadReportsVirtualMachineError() throws Exception
    {
        final TestSource source = new TestSource("netflow", null);
        try (DetectionEngine engine = builder().captureSource(source).build())
        {
            engine.start();
            final OutOfMemoryError error = new OutOfMemoryError("Java heap space");

            source.context.onError(error);

            final EngineHealth told = failures.poll(5, TimeUnit.SECONDS);
            assertThat(told).isNotNull();
            assertThat(told.state()).isEqualTo(EngineState.FAILED);
            assertThat(told.cause()).containsSame(error);
            assertThat(engine.health().component(ComponentHealth.Kind.CAPTURE_SOURCE, "netflow").orElseThrow()
                .state()).isEqualTo(ComponentState.FAILED);
        }
    }

    @Test
    void shouldNotFailTheEngineWhenACaptureThreadReportsAnException()
    {
        final TestSource source = new TestSource("netflow", null);
        try (DetectionEngine engine = builder().captureSource(source).build())
        {
            engine.start();

            source.context.onError(new IllegalStateException("decoder bug"));

            assertThat(engine.health().isHealthy()).isTrue();
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void shouldFailTheEngineWhenAnActionThrowsVirtualMachineError() throws Exception
    {
        try (DetectionEngine engine = builder().action("blackhole", attack ->
        {
            throw new StackOverflowError();
        }).build())
        {
            engine.start();

            engine.ban(address("10.0.0.5"));

            final EngineHealth told = failures.poll(5, TimeUnit.SECONDS);
            assertThat(told).isNotNull();
            assertThat(told.cause()).containsInstanceOf(StackOverflowError.class);
            assertThat(told.component(ComponentHealth.Kind.ACTION, "blackhole").orElseThrow().state())
                .isEqualTo(ComponentState.FAILED);
        }
    }

    @Test
    void shouldFailTheEngineWhenTheTickThrowsVirtualMachineError()
    {
        final ThrowingClock throwing = new ThrowingClock(clock);
        try (DetectionEngine engine = builder().clock(throwing).build())
        {
            engine.start();
            throwing.armed = true;

            assertThatThrownBy(engine::tick).isInstanceOf(OutOfMemoryError.class);

            assertThat(engine.health().state()).isEqualTo(EngineState.FAILED);
            assertThat(failures).hasSize(1);
        }
    }

    @Test
    void shouldKeepTwoLambdasApartByName()
    {
        try (DetectionEngine engine = builder().action(attack -> { }).action(attack -> { })
            .action("pager", attack -> { }).build())
        {
            assertThat(engine.health().components()).extracting(ComponentHealth::name)
                .containsExactly("lambda", "lambda-2", "pager");
            final Set<String> labels = new HashSet<>();
            engine.counters((descriptor, action, unused, value) ->
            {
                if (descriptor.name().startsWith("fnm_action_"))
                {
                    labels.add(action);
                }
            });
            assertThat(labels).contains("lambda", "lambda-2", "pager");
        }
    }

    @Test
    void shouldRefuseTwoActionsOfOneName()
    {
        final DetectionEngine.Builder b = builder().action("pager", attack -> { });

        assertThatThrownBy(() -> b.action("pager", attack -> { })).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("pager");
    }

    private static URLClassLoader providerLoader(final Path dir) throws Exception
    {
        final Path services = dir.resolve("provider/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.fnm.capture.spi.CaptureSourceProvider"),
            FailingTestProvider.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.resolve("provider").toUri().toURL()},
            EngineHealthTest.class.getClassLoader());
    }

    /** A clock whose nanoTime throws OutOfMemoryError once armed. */
    private static final class ThrowingClock implements Clock
    {
        private final Clock delegate;
        volatile boolean armed;

        ThrowingClock(final Clock delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public long epochMillis()
        {
            return delegate.epochMillis();
        }

        @Override
        public long nanoTime()
        {
            if (armed)
            {
                throw new OutOfMemoryError("simulated");
            }
            return delegate.nanoTime();
        }
    }
}
