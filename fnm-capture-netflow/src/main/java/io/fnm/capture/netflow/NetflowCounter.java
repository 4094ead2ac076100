package io.fnm.capture.netflow;

/**
 * Operational counters of a {@link NetflowDecoder} (and of the collector, summed over its threads), with stable
 * Prometheus-ready names.
 */
public enum NetflowCounter
{
    /** Datagrams handed to the decoder. */
    DATAGRAMS("netflow_datagrams_total"),
    /** Flow records delivered to the sink (an ASA bidirectional record counts twice). */
    RECORDS("netflow_records_total"),
    /** Datagrams with at least one malformation (bad header, length, count, set or record); counted once each. */
    MALFORMED("netflow_malformed_total"),
    /** Data sets skipped because their template was not (yet) known. */
    UNKNOWN_TEMPLATE("netflow_unknown_template_total"),
    /** Datagrams whose version is not 5, 9 or 10. */
    UNKNOWN_VERSION("netflow_unknown_version_total"),
    /** Options data records read (sampling announcements and the like). */
    OPTIONS_RECORDS("netflow_options_records_total"),
    /** NAT event records (IE 230) carrying no counters, skipped. */
    NAT_EVENTS_SKIPPED("netflow_nat_events_skipped_total"),
    /** Templates learned or replaced. */
    TEMPLATES_LEARNED("netflow_templates_learned_total"),
    /** Templates evicted to respect the per-exporter or total bound. */
    TEMPLATES_EVICTED("netflow_templates_evicted_total"),
    /** Templates expired for want of a refresh. */
    TEMPLATES_EXPIRED("netflow_templates_expired_total"),
    /** Templates withdrawn by IPFIX withdrawal messages. */
    TEMPLATES_WITHDRAWN("netflow_templates_withdrawn_total"),
    /** Templates replaced by a different definition under the same id. */
    TEMPLATE_UPDATES("netflow_template_updates_total"),
    /** Exporters forgotten to respect the exporter bound. */
    EXPORTERS_EVICTED("netflow_exporters_evicted_total"),
    /** Packet sections (IE 104/315) decoded through the packet header parser. */
    PACKET_SECTIONS_DECODED("netflow_packet_sections_decoded_total"),
    /** Packet sections in which the packet header parser found no IP packet; the record's own fields are used. */
    PACKET_SECTIONS_UNPARSED("netflow_packet_sections_unparsed_total"),
    /** Long flows whose spread parts did not fit the timing wheel and were counted at once. */
    SPREAD_OVERFLOWS("netflow_spread_overflows_total");

    private final String metricName;

    NetflowCounter(final String metricName)
    {
        this.metricName = metricName;
    }

    /**
     * @return the stable metric name.
     */
    public String metricName()
    {
        return metricName;
    }
}
