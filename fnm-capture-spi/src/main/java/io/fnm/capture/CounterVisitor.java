package io.fnm.capture;

/**
 * Receives operational counters (datagrams, records, malformed, unknown template...) one by one, e.g. to print
 * them or export them on {@code /metrics}. Names are stable snake_case identifiers, Prometheus-ready.
 */
@FunctionalInterface
public interface CounterVisitor
{
    /**
     * @param name   stable counter name, e.g. {@code netflow_datagrams_total}.
     * @param labels Prometheus label set without braces, e.g. {@code exporter="192.0.2.1"}, or empty.
     * @param value  the current value.
     */
    void counter(String name, String labels, long value);
}
