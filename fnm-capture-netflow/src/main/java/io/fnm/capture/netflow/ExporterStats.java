package io.fnm.capture.netflow;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;

import java.net.InetAddress;

/**
 * An immutable snapshot of one exporter's counters, as seen by one receive thread's decoder (an exporter that sends to
 * two ports appears once per port).
 */
public final class ExporterStats
{
    /** Label of every per-exporter series: the exporter's address as text. */
    public static final String EXPORTER_LABEL = "exporter";
    /** Label of every per-exporter series: the NetFlow version of its last datagram (5, 9 or 10). */
    public static final String VERSION_LABEL = "version";
    /** Datagrams from one exporter (named apart from the unlabelled total so a sum counts each datagram once). */
    public static final CounterDescriptor DATAGRAMS = CounterDescriptor.counter("netflow_exporter_datagrams_total",
        "datagrams", "Datagrams received from one exporter", EXPORTER_LABEL, VERSION_LABEL);
    /** Flow records from one exporter delivered to the engine. */
    public static final CounterDescriptor RECORDS = CounterDescriptor.counter("netflow_exporter_records_total",
        "records", "Flow records from one exporter delivered to the engine", EXPORTER_LABEL, VERSION_LABEL);
    /** Malformed datagrams from one exporter. */
    public static final CounterDescriptor MALFORMED = CounterDescriptor.counter("netflow_exporter_malformed_total",
        "datagrams", "Malformed datagrams from one exporter", EXPORTER_LABEL, VERSION_LABEL);
    /** Data sets from one exporter skipped for want of a template. */
    public static final CounterDescriptor UNKNOWN_TEMPLATE = CounterDescriptor.counter(
        "netflow_exporter_unknown_template_total", "data_sets",
        "Data sets from one exporter skipped because their template was not known", EXPORTER_LABEL, VERSION_LABEL);
    /** Templates of one exporter known now. */
    public static final CounterDescriptor TEMPLATES_KNOWN = CounterDescriptor.gauge(
        "netflow_exporter_templates_known", "templates", "Templates of one exporter known now", EXPORTER_LABEL,
        VERSION_LABEL);
    /** Exporter-wide sampling rate in use, 0 when none was announced. */
    public static final CounterDescriptor SAMPLING_RATE = CounterDescriptor.gauge("netflow_sampling_rate",
        "packets_per_sample", "Exporter-wide sampling rate announced by one exporter, 0 when none (the fallback " +
        "netflow_sampling_ratio applies)", EXPORTER_LABEL, VERSION_LABEL);

    private final InetAddress exporter;
    private final int version;
    private final long datagrams;
    private final long records;
    private final long malformed;
    private final long unknownTemplate;
    private final long templatesKnown;
    private final long samplingRate;

    /**
     * @param exporter        the exporter's address.
     * @param version         NetFlow version of its last datagram (5, 9 or 10).
     * @param datagrams       datagrams received.
     * @param records         flow records delivered.
     * @param malformed       malformed datagrams.
     * @param unknownTemplate data sets skipped for want of a template.
     * @param templatesKnown  templates currently known.
     * @param samplingRate    exporter-wide sampling rate in use (0 when none announced: the fallback applies).
     */
    public ExporterStats(
        final InetAddress exporter,
        final int version,
        final long datagrams,
        final long records,
        final long malformed,
        final long unknownTemplate,
        final long templatesKnown,
        final long samplingRate)
    {
        this.exporter = exporter;
        this.version = version;
        this.datagrams = datagrams;
        this.records = records;
        this.malformed = malformed;
        this.unknownTemplate = unknownTemplate;
        this.templatesKnown = templatesKnown;
        this.samplingRate = samplingRate;
    }

    /**
     * @return the exporter's address.
     */
    public InetAddress exporter()
    {
        return exporter;
    }

    /**
     * @return NetFlow version of the last datagram.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return datagrams received.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return flow records delivered.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return malformed datagrams.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @return data sets skipped for want of a template.
     */
    public long unknownTemplate()
    {
        return unknownTemplate;
    }

    /**
     * @return templates currently known.
     */
    public long templatesKnown()
    {
        return templatesKnown;
    }

    /**
     * @return the exporter-wide sampling rate announced, 0 when none (the configured fallback then applies).
     */
    public long samplingRate()
    {
        return samplingRate;
    }

    /**
     * Report this exporter's series, labelled {@code exporter} and {@code version}.
     *
     * @param visitor receives each series.
     */
    public void counters(final CounterVisitor visitor)
    {
        final String address = exporter.getHostAddress();
        final String versionText = Integer.toString(version);
        visitor.counter(DATAGRAMS, address, versionText, datagrams);
        visitor.counter(RECORDS, address, versionText, records);
        visitor.counter(MALFORMED, address, versionText, malformed);
        visitor.counter(UNKNOWN_TEMPLATE, address, versionText, unknownTemplate);
        visitor.counter(TEMPLATES_KNOWN, address, versionText, templatesKnown);
        visitor.counter(SAMPLING_RATE, address, versionText, samplingRate);
    }

    /**
     * @param other a snapshot of the same exporter and version from another receive thread.
     * @return both added up; the sampling rate is this one's unless it is 0.
     */
    ExporterStats merge(final ExporterStats other)
    {
        return new ExporterStats(exporter, version, datagrams + other.datagrams, records + other.records,
            malformed + other.malformed, unknownTemplate + other.unknownTemplate,
            templatesKnown + other.templatesKnown, samplingRate != 0 ? samplingRate : other.samplingRate);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ExporterStats{exporter=" + exporter.getHostAddress() + ", version=" + version +
            ", datagrams=" + datagrams + ", records=" + records + ", malformed=" + malformed +
            ", unknownTemplate=" + unknownTemplate + ", templatesKnown=" + templatesKnown +
            ", samplingRate=" + samplingRate + '}';
    }
}
