package io.fnm.capture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adds up series visited several times (once per receive thread, each thread with counters of its own) so that
 * {@link #replay(CounterVisitor)} reports each (descriptor, label values) series once, in first-seen order. Values are
 * summed, which suits counters and gauges that are sizes (templates known, hosts tracked); a gauge that is a setting
 * (a sampling rate) must be merged by its owner instead. Not thread-safe; meant for one visit (e.g. one scrape).
 */
public final class CounterTotals implements CounterVisitor
{
    private final Map<Series, long[]> totals = new LinkedHashMap<>();

    /**
     * {@inheritDoc}
     */
    @Override
    public void counter(
        final CounterDescriptor descriptor, final String labelValue1, final String labelValue2, final long value)
    {
        totals.computeIfAbsent(new Series(descriptor, labelValue1, labelValue2), series -> new long[1])[0] += value;
    }

    /**
     * @param visitor receives every series once, with the sum of its values.
     */
    public void replay(final CounterVisitor visitor)
    {
        for (final Map.Entry<Series, long[]> entry : totals.entrySet())
        {
            final Series series = entry.getKey();
            visitor.counter(series.descriptor, series.labelValue1, series.labelValue2, entry.getValue()[0]);
        }
    }

    private static final class Series
    {
        private final CounterDescriptor descriptor;
        private final String labelValue1;
        private final String labelValue2;

        Series(final CounterDescriptor descriptor, final String labelValue1, final String labelValue2)
        {
            this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
            this.labelValue1 = labelValue1;
            this.labelValue2 = labelValue2;
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Series && descriptor.name().equals(((Series)other).descriptor.name()) &&
                Objects.equals(labelValue1, ((Series)other).labelValue1) &&
                Objects.equals(labelValue2, ((Series)other).labelValue2);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(descriptor.name(), labelValue1, labelValue2);
        }
    }
}
