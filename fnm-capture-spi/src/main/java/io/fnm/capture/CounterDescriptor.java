package io.fnm.capture;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one operational metric is: its stable name, a one-line help text, whether it only grows
 * ({@link Type#COUNTER}) or goes up and down ({@link Type#GAUGE}), the unit of its value and the names of its labels.
 * Immutable; the class that emits a metric declares its descriptor once, as a constant, and hands it with the value
 * and the label values to a {@link CounterVisitor}:
 * <pre>{@code
 * static final CounterDescriptor DATAGRAMS = CounterDescriptor.counter(
 *     "netflow_exporter_datagrams_total", "datagrams", "Datagrams received from one exporter", "exporter", "version");
 * ...
 * visitor.counter(DATAGRAMS, exporterText, versionText, datagrams);
 * }</pre>
 * Names follow the Prometheus conventions, checked here so a mistake fails when the class loads rather than on a
 * dashboard: a counter's name ends with {@code _total}, a gauge's does not, and names and label names are
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}. A descriptor has at most {@value #MAX_LABELS} labels (the visitor has one fixed
 * arity per label count, so emitting allocates no array).
 */
public final class CounterDescriptor
{
    /** The largest number of labels a descriptor may declare. */
    public static final int MAX_LABELS = 2;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String TOTAL_SUFFIX = "_total";

    private final String name;
    private final String help;
    private final Type type;
    private final String unit;
    private final List<String> labelNames;

    private CounterDescriptor(
        final String name, final String help, final Type type, final String unit, final String... labelNames)
    {
        this.name = check(name, "name");
        this.help = Objects.requireNonNull(help, "help");
        this.type = Objects.requireNonNull(type, "type");
        this.unit = Objects.requireNonNull(unit, "unit");
        if (labelNames.length > MAX_LABELS)
        {
            throw new IllegalArgumentException(name + ": at most " + MAX_LABELS + " labels");
        }
        for (final String label : labelNames)
        {
            check(label, "label name");
        }
        this.labelNames = List.of(labelNames);
        if (type == Type.COUNTER != name.endsWith(TOTAL_SUFFIX))
        {
            throw new IllegalArgumentException(name + ": a counter's name ends with " + TOTAL_SUFFIX +
                " and a gauge's does not");
        }
    }

    /**
     * @param name       the metric name, ending with {@code _total}.
     * @param unit       what the value counts, e.g. {@code datagrams}, {@code bytes}.
     * @param help       one line saying what is counted.
     * @param labelNames the label names, at most {@value #MAX_LABELS}, in the order their values are visited.
     * @return a descriptor of a value that only grows (until the process restarts).
     * @throws IllegalArgumentException when a name breaks the conventions above.
     */
    public static CounterDescriptor counter(
        final String name, final String unit, final String help, final String... labelNames)
    {
        return new CounterDescriptor(name, help, Type.COUNTER, unit, labelNames);
    }

    /**
     * @param name       the metric name, not ending with {@code _total}.
     * @param unit       what the value measures, e.g. {@code hosts}, {@code bits_per_second}.
     * @param help       one line saying what is measured.
     * @param labelNames the label names, at most {@value #MAX_LABELS}, in the order their values are visited.
     * @return a descriptor of a value that goes up and down.
     * @throws IllegalArgumentException when a name breaks the conventions above.
     */
    public static CounterDescriptor gauge(
        final String name, final String unit, final String help, final String... labelNames)
    {
        return new CounterDescriptor(name, help, Type.GAUGE, unit, labelNames);
    }

    /**
     * @return the stable metric name, e.g. {@code netflow_datagrams_total}.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return one line saying what is counted.
     */
    public String help()
    {
        return help;
    }

    /**
     * @return counter or gauge.
     */
    public Type type()
    {
        return type;
    }

    /**
     * @return what the value counts or measures, e.g. {@code datagrams}.
     */
    public String unit()
    {
        return unit;
    }

    /**
     * @return the label names, in visiting order; empty for an unlabelled metric.
     */
    public List<String> labelNames()
    {
        return labelNames;
    }

    /**
     * Append the series name in Prometheus text syntax: the name alone, or {@code name{a="x",b="y"}} with the label
     * values escaped ({@code \\}, {@code \"}, new line). Values beyond {@link #labelNames()} are ignored; a missing
     * one is rendered empty.
     *
     * @param sb          where to append.
     * @param labelValue1 the value of the first label, or null.
     * @param labelValue2 the value of the second label, or null.
     * @return {@code sb}.
     */
    public StringBuilder appendSeries(final StringBuilder sb, final String labelValue1, final String labelValue2)
    {
        sb.append(name);
        if (!labelNames.isEmpty())
        {
            sb.append('{');
            appendLabel(sb, labelNames.get(0), labelValue1);
            if (labelNames.size() > 1)
            {
                appendLabel(sb.append(','), labelNames.get(1), labelValue2);
            }
            sb.append('}');
        }
        return sb;
    }

    /**
     * @param labelValue1 the value of the first label, or null.
     * @param labelValue2 the value of the second label, or null.
     * @return the series name as {@link #appendSeries(StringBuilder, String, String)} writes it.
     */
    public String series(final String labelValue1, final String labelValue2)
    {
        return appendSeries(new StringBuilder(64), labelValue1, labelValue2).toString();
    }

    private static void appendLabel(final StringBuilder sb, final String labelName, final String value)
    {
        sb.append(labelName).append("=\"");
        final String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\' || c == '"')
            {
                sb.append('\\').append(c);
            }
            else if (c == '\n')
            {
                sb.append("\\n");
            }
            else
            {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    private static String check(final String name, final String what)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("'" + name + "' is not a valid metric " + what);
        }
        return name;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " " + name + labelNames + " (" + unit + ")";
    }

    /**
     * How a metric's value behaves.
     */
    public enum Type
    {
        /** Only grows until the process restarts; rates are taken from it. */
        COUNTER,
        /** Goes up and down: a size, a rate already computed, a setting in use. */
        GAUGE
    }
}
