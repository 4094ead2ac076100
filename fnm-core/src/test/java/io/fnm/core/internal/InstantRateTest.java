package io.fnm.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EmaStep#instant} (a product with a guarded fallback) gives exactly FastNetMon's {@code (long)(count /
 * period)} for any count and period, the near-integer quotients included.
 */
class InstantRateTest
{
    private static final double[] PERIODS = {1.0, 2.0, 0.5, 0.1, 3.0, 1.0000001, 0.9999999, 1.001, 0.999, 1.5};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldEqualTheQuotientForRandomCountsAndPeriods(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1_000_000; i++)
        {
            final double period = random.nextBoolean() ? PERIODS[random.nextInt(PERIODS.length)] :
                0.5 + random.nextDouble() * 2.5;
            final long count = random.nextLong(1L << (1 + random.nextInt(62)));
            assertThat(EmaStep.instant(count, period, 1.0 / period)).as("%d / %s", count, period)
                .isEqualTo((long)(count / period));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldEqualTheQuotientWhereItIsAtOrNextToAnInteger(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1_000_000; i++)
        {
            final double period = 0.5 + random.nextDouble() * 2.5;
            final long k = random.nextLong(1L << (1 + random.nextInt(40)));
            // counts whose quotient is k within a few units in the last place, from below and above
            final long count = Math.round(k * period) + random.nextInt(3) - 1;
            if (count < 0)
            {
                continue;
            }
            assertThat(EmaStep.instant(count, period, 1.0 / period)).as("%d / %s", count, period)
                .isEqualTo((long)(count / period));
        }
    }

    @Test
    void shouldEqualTheQuotientForExactMultiplesAndHugeCounts()
    {
        for (final double period : PERIODS)
        {
            for (long k = 0; k < 10_000; k++)
            {
                final long count = (long)(k * period);
                assertThat(EmaStep.instant(count, period, 1.0 / period)).isEqualTo((long)(count / period));
            }
            assertThat(EmaStep.instant(Long.MAX_VALUE, period, 1.0 / period))
                .isEqualTo((long)(Long.MAX_VALUE / period));
            assertThat(EmaStep.instant((1L << 53) + 1, period, 1.0 / period))
                .isEqualTo((long)(((1L << 53) + 1) / period));
        }
    }
}
