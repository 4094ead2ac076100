package io.fnm.capture.netflow;

import java.net.InetAddress;

/**
 * An immutable snapshot of one exporter's counters, as seen by one receive thread's decoder (an exporter that sends to
 * two ports appears once per port).
 */
public final class ExporterStats
{
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
