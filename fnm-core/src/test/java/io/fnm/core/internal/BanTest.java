package io.fnm.core.internal;

import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BanTest
{
    private static final long BANNED_AT = 1_700_000_000_000L;
    private static final long CENTURY_MILLIS = TimeUnit.DAYS.toMillis(36_525);

    private static Attack attack(final long powerPps)
    {
        return Attack.builder()
            .address(InetAddress.getLoopbackAddress())
            .direction(Direction.INCOMING)
            .protocol(AttackProtocol.UDP)
            .type(AttackType.UDP_FLOOD)
            .initialPowerPps(powerPps)
            .peakPowerPps(powerPps)
            .detectedAtMillis(BANNED_AT)
            .build();
    }

    @Test
    void shouldNeverBeDueWhenBanTimeIsZero()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 0);
        assertThat(ban.isDue(BANNED_AT + CENTURY_MILLIS)).isFalse();
    }

    @Test
    void shouldNotBeDueAtExactlyBanTime()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        assertThat(ban.isDue(BANNED_AT + 60_000)).isFalse();
    }

    @Test
    void shouldBeDueOneMillisecondAfterBanTime()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        assertThat(ban.isDue(BANNED_AT + 60_001)).isTrue();
    }

    @Test
    void shouldNeverBeDueWhenManual()
    {
        final Ban ban = Ban.manual(attack(0), BANNED_AT);
        assertThat(ban.isDue(BANNED_AT + CENTURY_MILLIS)).isFalse();
    }

    @Test
    void shouldListNeverAsTheEndOfABanWithBanTimeZero()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 0);
        assertThat(ban.entry().unbanAtMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldReportTheHighestRateObservedAsPeak()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        ban.observe(5000);
        ban.observe(3000);
        assertThat(ban.current().peakPowerPps()).isEqualTo(5000);
    }

    @Test
    void shouldKeepInitialPowerAsPeakWhenTheRateFalls()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        ban.observe(10);
        assertThat(ban.current().peakPowerPps()).isEqualTo(1000);
    }

    @Test
    void shouldHaveNoInvestigationDueWithoutOne()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        assertThat(ban.isInvestigationDue(BANNED_AT + CENTURY_MILLIS)).isFalse();
    }

    @Test
    void shouldHaveInvestigationDueAtItsDeadline()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        ban.investigate(new Investigation(false, 0, 0x7F000001L, 10, BANNED_AT + 5_000));
        assertThat(ban.isInvestigationDue(BANNED_AT + 4_999)).isFalse();
        assertThat(ban.isInvestigationDue(BANNED_AT + 5_000)).isTrue();
    }

    @Test
    void shouldHaveNoInvestigationAfterClosingIt()
    {
        final Ban ban = Ban.detected(attack(1000), BANNED_AT, 60);
        ban.investigate(new Investigation(false, 0, 0x7F000001L, 10, BANNED_AT + 5_000));
        assertThat(ban.closeInvestigation()).isEmpty();
        assertThat(ban.investigation()).isNull();
    }
}
