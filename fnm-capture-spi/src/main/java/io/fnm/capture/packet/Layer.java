package io.fnm.capture.packet;

/**
 * One header the parser walked through, in frame order ({@link ParsedHeaders#layer(int)}), for diagnostics and
 * decode tools.
 */
public enum Layer
{
    /** Ethernet II header. */
    ETHERNET("eth"),
    /** 802.1Q tag. */
    VLAN("vlan"),
    /** 802.1ad (or 0x9100) service tag. */
    QINQ("802.1ad"),
    /** Arista vendor timestamp header (EtherType 0xD28B). */
    ARISTA_TIMESTAMP("avsp"),
    /** Cisco TrustSec metadata header (EtherType 0x8909). */
    CISCO_METADATA("cmd"),
    /** One MPLS label stack entry. */
    MPLS("mpls"),
    /** Pseudowire control word before an Ethernet pseudowire. */
    PW_CONTROL_WORD("pwcw"),
    /** PPPoE session header. */
    PPPOE("pppoes"),
    /** PPP header. */
    PPP("ppp"),
    /** IPv4 header. */
    IPV4("ipv4"),
    /** IPv6 header. */
    IPV6("ipv6"),
    /** IPv6 extension header. */
    IPV6_EXTENSION("ipv6-ext"),
    /** GRE header. */
    GRE("gre"),
    /** ERSPAN header (type I has none but is recorded). */
    ERSPAN("erspan"),
    /** WCCP redirect header inside GRE. */
    WCCP("wccp"),
    /** VXLAN header. */
    VXLAN("vxlan"),
    /** GENEVE header. */
    GENEVE("geneve"),
    /** L2TPv2 header. */
    L2TP("l2tp"),
    /** GTP-U header. */
    GTP("gtp"),
    /** TCP header. */
    TCP("tcp"),
    /** UDP header. */
    UDP("udp"),
    /** ICMP or ICMPv6 header. */
    ICMP("icmp");

    private final String label;

    Layer(final String label)
    {
        this.label = label;
    }

    /**
     * @return a short lower-case name, as tshark's protocol names where one exists.
     */
    public String label()
    {
        return label;
    }
}
