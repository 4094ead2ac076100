package io.fnm.core;

/**
 * The type of an attack.
 * <p>
 * At detection it is FastNetMon's type (the class holding more than 90% of the packets per second in the attack
 * direction, checked in this order: SYN, ICMP, fragments, UDP; else {@link #UNKNOWN}), except that a threshold
 * naming a class decides it: {@code tcp_syn_pps} gives {@link #SYN_FLOOD}, {@code ip_fragments_pps}
 * {@link #IP_FRAGMENTATION}, the UDP thresholds {@link #UDP_FLOOD} and the ICMP thresholds {@link #ICMP_FLOOD}.
 * <p>
 * When the attack's sampled records are delivered ({@link AttackAction#onAttackDetails}), an attack whose sample is
 * dominated by UDP from one well-known reflector source port is refined to that reflection/amplification type
 * ({@link #DNS_AMPLIFICATION} for source port 53, ...): more than half of the sampled packets in the attack
 * direction, weighted by sampling ratio. FastNetMon has none of these types (1.2.0-1.2.2 used nDPI on pcap dumps
 * for its FlowSpec rules only). The ban call, already made, keeps the type of detection; the details and unban
 * calls carry the refined one.
 */
public enum AttackType
{
    /** TCP SYN packets above 90%. */
    SYN_FLOOD("syn_flood", 0),
    /** ICMP packets above 90%. */
    ICMP_FLOOD("icmp_flood", 0),
    /** IP fragments above 90% (FastNetMon prints exactly {@code ip_fragmentation}). */
    IP_FRAGMENTATION("ip_fragmentation", 0),
    /** UDP packets above 90%. */
    UDP_FLOOD("udp_flood", 0),
    /** Reflected UDP from source port 17 (Quote of the Day). */
    QOTD_AMPLIFICATION("qotd_amplification", 17),
    /** Reflected UDP from source port 19 (CHARGEN). */
    CHARGEN_AMPLIFICATION("chargen_amplification", 19),
    /** Reflected UDP from source port 53 (DNS). */
    DNS_AMPLIFICATION("dns_amplification", 53),
    /** Reflected UDP from source port 69 (TFTP). */
    TFTP_AMPLIFICATION("tftp_amplification", 69),
    /** Reflected UDP from source port 111 (portmapper / rpcbind). */
    PORTMAP_AMPLIFICATION("portmap_amplification", 111),
    /** Reflected UDP from source port 123 (NTP, monlist). */
    NTP_AMPLIFICATION("ntp_amplification", 123),
    /** Reflected UDP from source port 137 (NetBIOS name service). */
    NETBIOS_AMPLIFICATION("netbios_amplification", 137),
    /** Reflected UDP from source port 161 (SNMP). */
    SNMP_AMPLIFICATION("snmp_amplification", 161),
    /** Reflected UDP from source port 389 (CLDAP). */
    CLDAP_AMPLIFICATION("cldap_amplification", 389),
    /** Reflected UDP from source port 520 (RIPv1). */
    RIP_AMPLIFICATION("rip_amplification", 520),
    /** Reflected UDP from source port 1434 (MS SQL Server resolution service). */
    MSSQL_AMPLIFICATION("mssql_amplification", 1434),
    /** Reflected UDP from source port 1900 (SSDP). */
    SSDP_AMPLIFICATION("ssdp_amplification", 1900),
    /** Reflected UDP from source port 3283 (Apple Remote Desktop). */
    ARD_AMPLIFICATION("ard_amplification", 3283),
    /** Reflected UDP from source port 3702 (WS-Discovery). */
    WS_DISCOVERY_AMPLIFICATION("ws_discovery_amplification", 3702),
    /** Reflected UDP from source port 5353 (mDNS). */
    MDNS_AMPLIFICATION("mdns_amplification", 5353),
    /** Reflected UDP from source port 5683 (CoAP). */
    COAP_AMPLIFICATION("coap_amplification", 5683),
    /** Reflected UDP from source port 10001 (Ubiquiti discovery). */
    UBIQUITI_AMPLIFICATION("ubiquiti_amplification", 10001),
    /** Reflected UDP from source port 11211 (memcached). */
    MEMCACHED_AMPLIFICATION("memcached_amplification", 11211),
    /** No class above 90%, or a manual ban. */
    UNKNOWN("unknown", 0);

    private static final AttackType[] BY_SOURCE_PORT = new AttackType[65536];

    static
    {
        for (final AttackType type : values())
        {
            if (type.sourcePort != 0)
            {
                BY_SOURCE_PORT[type.sourcePort] = type;
            }
        }
    }

    private final String text;
    private final int sourcePort;

    AttackType(final String text, final int sourcePort)
    {
        this.text = text;
        this.sourcePort = sourcePort;
    }

    /**
     * @return the name printed in the attack description ({@code syn_flood}, {@code dns_amplification}...).
     */
    public String text()
    {
        return text;
    }

    /**
     * @return true for a reflection/amplification type.
     */
    public boolean isAmplification()
    {
        return sourcePort != 0;
    }

    /**
     * @return the UDP source port the reflected traffic comes from (53 for DNS...), 0 when not an amplification.
     */
    public int amplificationSourcePort()
    {
        return sourcePort;
    }

    /**
     * @param udpSourcePort a UDP source port.
     * @return the amplification type of a well-known reflector port, or null when the port is not one.
     */
    public static AttackType amplificationOf(final int udpSourcePort)
    {
        return udpSourcePort > 0 && udpSourcePort < BY_SOURCE_PORT.length ? BY_SOURCE_PORT[udpSourcePort] : null;
    }
}
