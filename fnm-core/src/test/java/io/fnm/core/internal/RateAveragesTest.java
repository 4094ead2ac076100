package io.fnm.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateAveragesTest
{
    private static final long CONSTANT_PPS = 30_000;
    private static final long THRESHOLD_PPS = 20_000;

    private static int firstStepAbove(final double averageSeconds)
    {
        long average = 0;
        for (int step = 1; step < 1000; step++)
        {
            average = RateAverages.nextAverage(average, CONSTANT_PPS, 1.0, averageSeconds);
            if (average > THRESHOLD_PPS)
            {
                return step;
            }
        }
        return -1;
    }

    private static long averageAfter(final int steps, final double averageSeconds)
    {
        long average = 0;
        for (int step = 0; step < steps; step++)
        {
            average = RateAverages.nextAverage(average, CONSTANT_PPS, 1.0, averageSeconds);
        }
        return average;
    }

    @Test
    void shouldFirstExceedTwentyThousandAtStepSixWithAverageTimeFive()
    {
        assertThat(firstStepAbove(5)).isEqualTo(6);
    }

    @Test
    void shouldFirstExceedTwentyThousandAtStepSeventeenWithDefaultAverageTimeFifteen()
    {
        assertThat(firstStepAbove(15)).isEqualTo(17);
        assertThat(averageAfter(17, 15)).isEqualTo(20_338);
    }

    @Test
    void shouldFollowTheWorkedExampleAtStepsSevenAndTwelveWithAverageTimeFifteen()
    {
        assertThat(averageAfter(7, 15)).isEqualTo(11_185);
        assertThat(averageAfter(12, 15)).isEqualTo(16_517);
    }

    @Test
    void shouldFirstExceedTwentyThousandAtStepTwoWithAverageTimeOne()
    {
        assertThat(firstStepAbove(1)).isEqualTo(2);
        assertThat(averageAfter(2, 1)).isEqualTo(25_939);
    }

    @Test
    void shouldDecayLongAveragesLikeTheHostFormulaWhenAnIntervalHasNoCounts()
    {
        final double e = Math.exp(-1.0 / 5);
        final long[] averages = {20_962, 0};
        RateAverages.emaLong(averages, 0, null, 0, 2, 1.0, e);
        assertThat(averages).containsExactly(RateAverages.nextAverage(20_962, 0, 1.0, 5), 0);
    }

    @Test
    void shouldUseThePeriodForTheInstantRateOfLongCounts()
    {
        final long[] averages = {0};
        RateAverages.emaLong(averages, 0, new long[] {19_000}, 0, 1, 1.9, 0);
        assertThat(averages[0]).isEqualTo(10_000);
    }
}
