package io.fnm.capture.packet;

/**
 * The outcome of {@link PacketHeaderParser#parse}: {@link #OK}, or why no IP packet could be counted. Also the reason
 * why unpacking a tunnel stopped early ({@link PacketHeaderParser#innerFailure()}).
 */
public enum ParseResult
{
    /** At least one IP header was parsed; the record describes the counted packet. */
    OK("ok"),
    /** A header is cut before its end (the range is shorter than the header needs). */
    TRUNCATED("truncated"),
    /** An EtherType (or GRE / GENEVE protocol type) the parser does not know. */
    UNKNOWN_ETHERTYPE("unknown_ethertype"),
    /** A well-formed frame that carries no IP packet (ARP, LLC, PPP control, MPLS-TP channel...). */
    NOT_IP("not_ip"),
    /** An IPv4 header length below 20 bytes or beyond the captured data. */
    BAD_IP_HEADER_LENGTH("bad_ip_header_length"),
    /** An IP header whose version nibble does not match what the enclosing layer announced. */
    BAD_IP_VERSION("bad_ip_version"),
    /** More VLAN tags than {@link PacketHeaderParser#MAX_VLAN_TAGS}. */
    TOO_MANY_TAGS("too_many_tags"),
    /** More MPLS labels than {@link PacketHeaderParser#MAX_MPLS_LABELS}. */
    TOO_MANY_LABELS("too_many_labels"),
    /** More nested tunnels than {@link PacketHeaderParser#MAX_TUNNELS}. */
    TOO_MANY_TUNNELS("too_many_tunnels"),
    /** More IPv6 extension headers than {@link PacketHeaderParser#MAX_IPV6_EXTENSION_HEADERS}. */
    TOO_MANY_EXTENSION_HEADERS("too_many_extension_headers"),
    /** A tunnel header variant the parser does not decode (GRE routing, unknown versions, GTP non G-PDU...). */
    UNSUPPORTED_TUNNEL("unsupported_tunnel"),
    /** An encapsulation the {@link ParserOptions} say not to look through (MPLS, PPPoE) with no IP before it. */
    ENCAPSULATION_DISABLED("encapsulation_disabled");

    private final String label;

    ParseResult(final String label)
    {
        this.label = label;
    }

    /**
     * @return the stable snake_case name used in counter labels.
     */
    public String label()
    {
        return label;
    }
}
