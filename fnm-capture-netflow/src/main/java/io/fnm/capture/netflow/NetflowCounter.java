package io.fnm.capture.netflow;

import io.fnm.capture.CounterDescriptor;

/**
 * Operational counters of a {@link NetflowDecoder} (and of the collector, summed over its threads), with stable
 * Prometheus-ready names.
 */
public enum NetflowCounter
{
    /** Datagrams handed to the decoder. */
    DATAGRAMS("netflow_datagrams_total", "datagrams",
        "Datagrams handed to the decoder"),
    /** Flow records delivered to the sink (an ASA bidirectional record counts twice). */
    RECORDS("netflow_records_total", "records",
        "Flow records delivered to the sink (an ASA bidirectional record counts twice)"),
    /** Datagrams with at least one malformation (bad header, length, count, set or record); counted once each. */
    MALFORMED("netflow_malformed_total", "datagrams",
        "Datagrams with at least one malformation (bad header, length, count, set or record); counted once each"),
    /** Data sets skipped because their template was not (yet) known. */
    UNKNOWN_TEMPLATE("netflow_unknown_template_total", "data_sets",
        "Data sets skipped because their template was not (yet) known"),
    /** Datagrams whose version is not 5, 9 or 10. */
    UNKNOWN_VERSION("netflow_unknown_version_total", "datagrams",
        "Datagrams whose version is not 5, 9 or 10"),
    /** Options data records read (sampling announcements and the like). */
    OPTIONS_RECORDS("netflow_options_records_total", "records",
        "Options data records read (sampling announcements and the like)"),
    /** NAT event records (IE 230) carrying no counters, skipped. */
    NAT_EVENTS_SKIPPED("netflow_nat_events_skipped_total", "records",
        "NAT event records (IE 230) carrying no counters, skipped"),
    /** Templates learned or replaced. */
    TEMPLATES_LEARNED("netflow_templates_learned_total", "templates",
        "Templates learned or replaced"),
    /** Templates evicted to respect the per-exporter or total bound (count or bytes). */
    TEMPLATES_EVICTED("netflow_templates_evicted_total", "templates",
        "Templates evicted to respect the per-exporter or total bound (count or bytes)"),
    /** Templates dropped: more fields than netflow_max_template_fields, or larger than an exporter may hold. */
    TEMPLATES_DROPPED("netflow_templates_dropped_total", "templates",
        "Templates dropped: more fields than netflow_max_template_fields or larger than " +
            "netflow_max_template_bytes_per_exporter"),
    /** Templates expired for want of a refresh. */
    TEMPLATES_EXPIRED("netflow_templates_expired_total", "templates",
        "Templates expired for want of a refresh"),
    /** Templates withdrawn by IPFIX withdrawal messages. */
    TEMPLATES_WITHDRAWN("netflow_templates_withdrawn_total", "templates",
        "Templates withdrawn by IPFIX withdrawal messages"),
    /** Templates replaced by a different definition under the same id. */
    TEMPLATE_UPDATES("netflow_template_updates_total", "templates",
        "Templates replaced by a different definition under the same id"),
    /** Exporters forgotten to respect the exporter bound. */
    EXPORTERS_EVICTED("netflow_exporters_evicted_total", "exporters",
        "Exporters forgotten to respect the exporter bound"),
    /** Packet sections (IE 104/315) decoded through the packet header parser. */
    PACKET_SECTIONS_DECODED("netflow_packet_sections_decoded_total", "records",
        "Packet sections (IE 104/315) decoded through the packet header parser"),
    /** Packet sections in which the packet header parser found no IP packet; the record's own fields are used. */
    PACKET_SECTIONS_UNPARSED("netflow_packet_sections_unparsed_total", "records",
        "Packet sections in which the packet header parser found no IP packet; the record's own fields are used"),
    /** Long flows whose spread parts did not fit the timing wheel and were counted at once. */
    SPREAD_OVERFLOWS("netflow_spread_overflows_total", "flows",
        "Long flows whose spread parts did not fit the timing wheel and were counted at once");

    /** Templates known now, over every exporter (per exporter: {@link ExporterStats#TEMPLATES_KNOWN}). */
    public static final CounterDescriptor TEMPLATES_KNOWN = CounterDescriptor.gauge("netflow_templates_known",
        "templates", "Templates known now, over every exporter");

    /** Bytes held by templates now (as {@code TemplateCache} counts them), over every exporter. */
    public static final CounterDescriptor TEMPLATE_BYTES = CounterDescriptor.gauge("netflow_template_bytes",
        "bytes", "Bytes held by templates now, over every exporter (bounded by netflow_max_template_bytes_total)");

    private final CounterDescriptor descriptor;

    NetflowCounter(final String metricName, final String unit, final String help)
    {
        this.descriptor = CounterDescriptor.counter(metricName, unit, help);
    }

    /**
     * @return the stable metric name.
     */
    public String metricName()
    {
        return descriptor.name();
    }

    /**
     * @return the descriptor this counter is reported under (unlabelled: the total over every exporter).
     */
    public CounterDescriptor descriptor()
    {
        return descriptor;
    }
}
