package io.fnm.core.internal;

/**
 * FastNetMon's moving-average step on one value, as the averages tables apply it to every value of a host each tick
 * (see {@link RateAverages#nextAverage} for the formula in one line).
 */
final class EmaStep
{
    private EmaStep()
    {
    }

    /**
     * FastNetMon's instant rate, {@code uint64(count / period)}, without a division unless it matters: the product
     * {@code count * (1 / period)} is within 2^-51 (relative) of the correctly rounded quotient, so the two truncate
     * to the same integer unless the product lies within that distance of an integer; there (and for quotients of
     * 2^52 and more, which have no fraction) the quotient itself is computed. The result is always the quotient's.
     *
     * @param count  a count, not negative.
     * @param period the interval, seconds.
     * @param inv    {@code 1.0 / period}.
     * @return {@code (long)(count / period)}.
     */
    static long instant(final long count, final double period, final double inv)
    {
        final double q = count * inv;
        final double fraction = q - (long)q;
        final double tolerance = q * 0x1p-49;
        if (fraction > tolerance && fraction < 1.0 - tolerance)
        {
            return (long)q;
        }
        return (long)(count / period);
    }

    /** FastNetMon's step with a count: truncated, saturated to 32 bits. */
    static long next(final long prev, final long count, final double period, final double inv,
        final double e)
    {
        final long instant = instant(count, period, inv);
        final long value = (long)(instant + e * (prev - instant));
        return value < 0 ? 0 : Math.min(value, 0xFFFFFFFFL);
    }

    /**
     * @param layoutOrder where each {@link Layout} index is in a row of counts.
     * @return the order {@link HostTable#ema(int, long[], int, int[], double, double)} reads them in: the bytes
     *     counts of the {@value HostTable#BYTE_VALUES} byte averages, then the counts of the
     *     {@value HostTable#COUNT_VALUES} packet and flow averages.
     */
    static int[] order(final int[] layoutOrder)
    {
        final int[] order = new int[HostTable.BYTE_VALUES + HostTable.COUNT_VALUES];
        for (int i = 0; i < HostTable.BYTE_VALUES; i++)
        {
            order[i] = layoutOrder[2 * i + 1];
        }
        for (int j = 0; j < HostTable.COUNT_VALUES; j++)
        {
            order[HostTable.BYTE_VALUES + j] = layoutOrder[countIndex(j)];
        }
        return order;
    }

    /**
     * @param j a packet or flow average, 0 to 15.
     * @return its index in a {@link Layout} host row.
     */
    private static int countIndex(final int j)
    {
        return j < HostTable.BYTE_VALUES ? 2 * j : j - HostTable.BYTE_VALUES + Layout.FLOWS_IN;
    }

    /**
     * @return true when direction {@code direction} of a narrow host has no count and no average (its byte, packet
     *     and flow values), so its moving averages stay zero: stops at the first value that is not.
     */
    static boolean quiet(final long[] counts, final int cbase, final int[] order, final int[] row, final int at,
        final char[] pk, final int pat, final int direction)
    {
        final int from = direction * Layout.CLASSES;
        for (int i = from; i < from + Layout.CLASSES; i++)
        {
            if ((counts[cbase + order[i]] | row[at + i] | counts[cbase + order[HostTable.BYTE_VALUES + i]] |
                pk[pat + i]) != 0)
            {
                return false;
            }
        }
        final int flows = HostTable.BYTE_VALUES + direction;
        return (counts[cbase + order[HostTable.BYTE_VALUES + flows]] | pk[pat + flows]) == 0;
    }

    /**
     * The byte averages {@code from} to {@code to} of a host: each one's step, stored as unsigned 32 bits; with
     * {@code zero}, each count read that is not zero is zeroed.
     */
    static void bytes(final int[] row, final int at, final long[] counts, final int cbase, final int[] order,
        final int from, final int to, final double period, final double inv, final double e, final boolean zero)
    {
        for (int i = from; i < to; i++)
        {
            final int k = cbase + order[i];
            final long count = counts[k];
            final long prev = row[at + i] & 0xFFFFFFFFL;
            if ((count | prev) == 0)
            {
                continue;
            }
            if (count == 0)
            {
                row[at + i] = (int)(long)(e * prev);
                continue;
            }
            if (zero)
            {
                counts[k] = 0;
            }
            row[at + i] = (int)next(prev, count, period, inv, e);
        }
    }

    /**
     * The narrow packet and flow averages {@code from} to {@code to} of a host, as {@link #bytes}, up to the first
     * whose new value does not fit 16 bits: that one is left as it was (its count too) for the caller to turn the host
     * wide.
     *
     * @return the index of that value, or -1 when all fitted.
     */
    static int packets(final char[] pk, final int pat, final long[] counts, final int cbase, final int[] order,
        final int from, final int to, final double period, final double inv, final double e, final boolean zero)
    {
        for (int j = from; j < to; j++)
        {
            final int k = cbase + order[HostTable.BYTE_VALUES + j];
            final long count = counts[k];
            final int prev = pk[pat + j];
            if ((count | prev) == 0)
            {
                continue;
            }
            if (count == 0)
            {
                pk[pat + j] = (char)(e * prev);
                continue;
            }
            final long value = next(prev, count, period, inv, e);
            if (value > HostTable.NARROW_MAX)
            {
                return j;
            }
            if (zero)
            {
                counts[k] = 0;
            }
            pk[pat + j] = (char)value;
        }
        return -1;
    }
}
