package io.fnm.core;

import io.fnm.capture.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static io.fnm.core.EngineFixture.address;
import static io.fnm.core.EngineFixture.config;
import static io.fnm.core.EngineFixture.engine;
import static org.assertj.core.api.Assertions.assertThat;

class ManualBanTest
{
    private final ManualClock clock = EngineFixture.clock();
    private final RecordingAction action = new RecordingAction();

    @Test
    void shouldBanWithDurationAndReasonAndLiftItWhenTheDurationEnds() throws Exception
    {
        try (DetectionEngine engine = engine(config().build(), clock, action))
        {
            final BanResult result = engine.ban(address("10.0.0.5"), Duration.ofMinutes(10), "ticket 42");

            assertThat(result.outcome()).isEqualTo(BanResult.Outcome.BANNED);
            final BanEntry entry = result.entry().orElseThrow();
            assertThat(entry.bannedAt()).isEqualTo(Instant.ofEpochMilli(EngineFixture.START_MILLIS));
            assertThat(entry.unbanAt()).contains(Instant.ofEpochMilli(EngineFixture.START_MILLIS).plusSeconds(600));
            final RecordingAction.Event ban = action.next();
            assertThat(ban.attack().reason()).contains("ticket 42");
            assertThat(ban.attack().banTime()).contains(Duration.ofMinutes(10));

            clock.advance(599, TimeUnit.SECONDS);
            engine.tick();
            assertThat(engine.banList()).hasSize(1);
            clock.advance(1, TimeUnit.SECONDS);
            engine.tick();
            assertThat(engine.banList()).isEmpty();
            assertThat(action.next().kind()).isEqualTo("unban");
        }
    }

    @Test
    void shouldBanUntilUnbannedWhenNoDurationIsGiven()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final BanResult result = engine.ban(address("10.0.0.5"), null, null);

            assertThat(result.entry().orElseThrow().unbanAt()).isEmpty();
            assertThat(result.entry().orElseThrow().attack().banTime()).isEmpty();
            assertThat(result.entry().orElseThrow().attack().reason()).isEmpty();
            clock.advance(365, TimeUnit.DAYS);
            engine.tick();
            assertThat(engine.banList()).hasSize(1);
        }
    }

    @Test
    void shouldSayOutsideNetworksWhenTheHostIsNotOurs()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            final BanResult result = engine.ban(address("192.0.2.1"), Duration.ofMinutes(1), "test");

            assertThat(result.outcome()).isEqualTo(BanResult.Outcome.OUTSIDE_NETWORKS);
            assertThat(result.banned()).isFalse();
            assertThat(result).hasToString("192.0.2.1: not banned: outside networks_list");
        }
    }

    @Test
    void shouldSayAlreadyBannedWithTheBanInForce()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            engine.ban(address("10.0.0.5"), null, "first");

            final BanResult again = engine.ban(address("10.0.0.5"), Duration.ofMinutes(1), "second");

            assertThat(again.outcome()).isEqualTo(BanResult.Outcome.ALREADY_BANNED);
            assertThat(again.entry().orElseThrow().attack().reason()).contains("first");
        }
    }

    @Test
    void shouldSayWhitelistedAndNotBanAWhitelistedHost()
    {
        try (DetectionEngine engine = engine(config().whitelist(IpPrefix.parse("10.0.0.0/24")).build(), clock))
        {
            final BanResult result = engine.ban(address("10.0.0.5"), null, null);

            assertThat(result.outcome()).isEqualTo(BanResult.Outcome.WHITELISTED);
            assertThat(engine.banList()).isEmpty();
        }
    }

    @Test
    void shouldKeepTheBooleanBanForSourceCompatibility()
    {
        try (DetectionEngine engine = engine(config().build(), clock))
        {
            assertThat(engine.ban(address("10.0.0.5"))).isTrue();
            assertThat(engine.ban(address("10.0.0.5"))).isFalse();
        }
    }

    @Test
    void shouldGiveDetectionTimeAsAnInstantAndBanTimeZeroAsNever()
    {
        final Attack attack = Attack.builder().address(address("10.0.0.5")).detectedAtMillis(1_000L)
            .banTimeSeconds(0).build();

        assertThat(attack.detectedAt()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(attack.banTime()).isEmpty();
        assertThat(attack.toBuilder().banTimeSeconds(1800).build().banTime()).contains(Duration.ofMinutes(30));
    }
}
