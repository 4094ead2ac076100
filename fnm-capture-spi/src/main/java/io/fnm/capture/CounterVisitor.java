package io.fnm.capture;

/**
 * Receives operational counters (datagrams, records, malformed, unknown template...) one series at a time, e.g. to
 * print them or export them on {@code /metrics}.
 * <p>
 * A series is a {@link CounterDescriptor}, declared once as a constant by the class that emits it, plus the values of
 * the descriptor's labels in the order of {@link CounterDescriptor#labelNames()}. The values are plain text, never
 * escaped by the emitter: only the renderer knows its syntax ({@link CounterDescriptor#appendSeries} for Prometheus).
 * <p>
 * Labels are passed by fixed arity rather than as an array or a label-set object, so that emitting allocates
 * nothing: the one abstract method takes up to {@value CounterDescriptor#MAX_LABELS} label values (null for the ones
 * the descriptor does not declare), and the overloads for zero and one label fill in the nulls. A descriptor with
 * more labels would need a wider method here; none needs one today.
 * <pre>{@code
 * visitor.counter(RECORDS_FILTERED, filtered);                     // no label
 * visitor.counter(RECORDS_PROCESSED, sourceName, processed);        // source="..."
 * visitor.counter(TRAFFIC_PACKETS, "incoming", "4", packets);       // direction="incoming",ip_version="4"
 * }</pre>
 * A source emits each (name, label values) series once per visit, and never one name both with and without labels:
 * a Prometheus {@code sum()} over a name must not count anything twice.
 */
@FunctionalInterface
public interface CounterVisitor
{
    /**
     * One series with up to two labels.
     *
     * @param descriptor  what the value is.
     * @param labelValue1 the value of the descriptor's first label, or null when it has none.
     * @param labelValue2 the value of the descriptor's second label, or null when it has fewer than two.
     * @param value       the current value.
     */
    void counter(CounterDescriptor descriptor, String labelValue1, String labelValue2, long value);

    /**
     * One unlabelled series.
     *
     * @param descriptor what the value is.
     * @param value      the current value.
     */
    default void counter(final CounterDescriptor descriptor, final long value)
    {
        counter(descriptor, null, null, value);
    }

    /**
     * One series with one label.
     *
     * @param descriptor  what the value is.
     * @param labelValue1 the value of the descriptor's label.
     * @param value       the current value.
     */
    default void counter(final CounterDescriptor descriptor, final String labelValue1, final long value)
    {
        counter(descriptor, labelValue1, null, value);
    }
}
