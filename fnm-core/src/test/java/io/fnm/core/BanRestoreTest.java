package io.fnm.core;

import io.fnm.capture.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

class BanRestoreTest
{
    @TempDir
    Path dir;

    private final ManualClock clock = EngineFixture.clock();
    private final Calls calls = new Calls();

    /** Records ban, restore and unban calls by kind. */
    static final class Calls implements AttackAction
    {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onBan(final Attack attack)
        {
            events.add("ban " + attack.ip());
        }

        @Override
        public void onRestore(final BanEntry ban)
        {
            events.add("restore " + ban.attack().ip() + " until " + ban.unbanAtMillis());
        }

        @Override
        public void onUnban(final Attack attack)
        {
            events.add("unban " + attack.ip());
        }

        String next() throws InterruptedException
        {
            final String event = events.poll(10, TimeUnit.SECONDS);
            if (event == null)
            {
                throw new AssertionError("no action call within 10 s");
            }
            return event;
        }
    }

    private DetectionEngine engine(final FileBanStore store, final AttackAction action)
    {
        final DetectionEngine engine = DetectionEngine.builder(config().build()).clock(clock).tickThread(false)
            .discoverProviders(false).banStore(store).action("calls", action).build();
        engine.start();
        return engine;
    }

    private void banForTenMinutesThenStop(final FileBanStore store) throws InterruptedException
    {
        try (DetectionEngine engine = engine(store, calls))
        {
            engine.ban(address("10.0.0.5"), Duration.ofMinutes(10), "ticket 42");
            assertThat(calls.next()).isEqualTo("ban 10.0.0.5");
        }
    }

    @Test
    void shouldRestoreTheBanAndLiftItOnTimeWhenRestarted() throws InterruptedException
    {
        final FileBanStore store = new FileBanStore(dir.resolve("bans"));
        banForTenMinutesThenStop(store);
        final long unbanAt = EngineFixture.START_MILLIS + 600_000;
        clock.advance(5, TimeUnit.MINUTES);

        try (DetectionEngine engine = engine(store, calls))
        {
            assertThat(calls.next()).isEqualTo("restore 10.0.0.5 until " + unbanAt);
            assertThat(engine.banList()).singleElement().satisfies(entry ->
            {
                assertThat(entry.unbanAtMillis()).isEqualTo(unbanAt);
                assertThat(entry.attack().reason()).contains("ticket 42");
            });
            clock.advance(299, TimeUnit.SECONDS);
            engine.tick();
            assertThat(engine.banList()).hasSize(1);
            clock.advance(1, TimeUnit.SECONDS);
            engine.tick();
            assertThat(engine.banList()).isEmpty();
            assertThat(calls.next()).isEqualTo("unban 10.0.0.5");
        }
    }

    @Test
    void shouldUnbanAtStartWhenTheBanEndedWhileStopped() throws Exception
    {
        final FileBanStore store = new FileBanStore(dir.resolve("bans"));
        banForTenMinutesThenStop(store);
        clock.advance(11, TimeUnit.MINUTES);

        try (DetectionEngine engine = engine(store, calls))
        {
            assertThat(calls.next()).isEqualTo("unban 10.0.0.5");
            assertThat(engine.banList()).isEmpty();
        }
        assertThat(store.load()).isEmpty();
    }

    @Test
    void shouldCallOnBanForARestoredBanByDefault() throws InterruptedException
    {
        final FileBanStore store = new FileBanStore(dir.resolve("bans"));
        banForTenMinutesThenStop(store);
        final RecordingAction plain = new RecordingAction();

        try (DetectionEngine engine = engine(store, plain))
        {
            final RecordingAction.Event event = plain.next();
            assertThat(event.kind()).isEqualTo("ban");
            assertThat(event.attack().ip()).isEqualTo("10.0.0.5");
        }
    }

    @Test
    void shouldSaveTheListWhileRunningWhenABanIsMade() throws Exception
    {
        final FileBanStore store = new FileBanStore(dir.resolve("bans"));
        try (DetectionEngine engine = engine(store, calls))
        {
            engine.ban(address("10.0.0.6"), null, null);

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<BanEntry> saved = store.load();
            while (saved.isEmpty() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
                saved = store.load();
            }
            assertThat(saved).singleElement().satisfies(entry -> assertThat(entry.manual()).isTrue());
        }
    }

    @Test
    void shouldStartWithNoBansAndNameTheFileWhenTheStoreIsCorrupt() throws Exception
    {
        final Path file = dir.resolve("bans");
        Files.writeString(file, "fnm-bans 1\nnot a ban\n");

        try (DetectionEngine engine = engine(new FileBanStore(file), calls))
        {
            assertThat(engine.banList()).isEmpty();
            assertThat(engine.problems()).singleElement().asString().contains(file.toString())
                .contains("no bans restored");
            engine.ban(address("10.0.0.7"), null, null);
        }
        assertThat(new FileBanStore(file).load()).hasSize(1);
        assertThat(dir.resolve("bans.corrupt")).hasContent("fnm-bans 1\nnot a ban");
    }
}
