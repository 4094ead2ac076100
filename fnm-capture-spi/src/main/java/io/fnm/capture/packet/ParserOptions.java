package io.fnm.capture.packet;

import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * Which encapsulations {@link PacketHeaderParser} looks through. Immutable; build with {@link #builder()} or read
 * FastNetMon's keys with {@link #from(ConfigView)}.
 * <p>
 * Two kinds of layer are distinguished:
 * <ul>
 *     <li><b>Link-level encapsulations</b> that carry no outer IP packet (VLAN tags, MPLS label stacks, PPPoE
 *     sessions): there is nothing else to count, so they are looked through by default. VLAN tags always are;
 *     {@code parse_mpls = off} and {@code unpack_ppp = off} turn MPLS and PPP(oE) frames into unparsed packets,
 *     as FastNetMon counts them today.</li>
 *     <li><b>Tunnels</b> that carry an outer IP packet (GRE/ERSPAN/NVGRE, IP-in-IP, VXLAN, GENEVE, L2TPv2, GTP-U,
 *     MPLS-over-UDP): <b>off by default</b>, so the outer packet is what gets counted, as FastNetMon does; with the
 *     key on, the innermost IP packet is counted and the outer one only walked through.</li>
 * </ul>
 * The FastNetMon keys {@code unpack_gre}, {@code unpack_gtp_v1}, {@code parse_mpls} and {@code unpack_ppp} exist
 * in its configuration but have no effect in its current code; here they do. {@code unpack_ipip},
 * {@code unpack_vxlan}, {@code unpack_geneve}, {@code unpack_l2tp} and {@code unpack_mpls_over_udp} are fnm's own.
 */
public final class ParserOptions
{
    /** FastNetMon key: look through MPLS label stacks (default on). */
    public static final String PARSE_MPLS_KEY = "parse_mpls";
    /** FastNetMon key: look through PPPoE sessions and PPP inside GRE and L2TP (default on). */
    public static final String UNPACK_PPP_KEY = "unpack_ppp";
    /** FastNetMon key: count the packet inside GRE, ERSPAN, NVGRE and WCCP redirects (default off). */
    public static final String UNPACK_GRE_KEY = "unpack_gre";
    /** FastNetMon key: count the packet inside GTP-U (default off). */
    public static final String UNPACK_GTP_V1_KEY = "unpack_gtp_v1";
    /** fnm key: count the packet inside IP-in-IP (protocols 4 and 41; default off). */
    public static final String UNPACK_IPIP_KEY = "unpack_ipip";
    /** fnm key: count the packet inside VXLAN, UDP port 4789 (default off). */
    public static final String UNPACK_VXLAN_KEY = "unpack_vxlan";
    /** fnm key: count the packet inside GENEVE, UDP port 6081 (default off). */
    public static final String UNPACK_GENEVE_KEY = "unpack_geneve";
    /** fnm key: count the packet inside L2TPv2 data sessions, UDP port 1701 (default off). */
    public static final String UNPACK_L2TP_KEY = "unpack_l2tp";
    /** fnm key: count the packet inside MPLS over UDP, port 6635 (default off). */
    public static final String UNPACK_MPLS_OVER_UDP_KEY = "unpack_mpls_over_udp";

    /** The keys {@link #from(ConfigView)} reads, for the providers' {@code configKeys()}. */
    public static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(PARSE_MPLS_KEY, "look through MPLS label stacks (default on)"),
        ConfigKey.of(UNPACK_PPP_KEY, "look through PPPoE and PPP inside GRE and L2TP (default on)"),
        ConfigKey.of(UNPACK_GRE_KEY, "count the packet inside GRE, ERSPAN, NVGRE (default off)"),
        ConfigKey.of(UNPACK_GTP_V1_KEY, "count the packet inside GTP-U (default off)"),
        ConfigKey.of(UNPACK_IPIP_KEY, "count the packet inside IP-in-IP (default off)"),
        ConfigKey.of(UNPACK_VXLAN_KEY, "count the packet inside VXLAN (default off)"),
        ConfigKey.of(UNPACK_GENEVE_KEY, "count the packet inside GENEVE (default off)"),
        ConfigKey.of(UNPACK_L2TP_KEY, "count the packet inside L2TPv2 (default off)"),
        ConfigKey.of(UNPACK_MPLS_OVER_UDP_KEY, "count the packet inside MPLS over UDP (default off)"));

    /** The defaults: MPLS and PPP looked through, every tunnel off (the outer packet is counted). */
    public static final ParserOptions DEFAULTS = builder().build();

    /** Everything looked through, every tunnel unpacked: the innermost packet is counted. */
    public static final ParserOptions UNPACK_ALL = builder()
        .unpackGre(true).unpackGtpV1(true).unpackIpip(true).unpackVxlan(true).unpackGeneve(true).unpackL2tp(true)
        .unpackMplsOverUdp(true).build();

    private final boolean parseMpls;
    private final boolean unpackPpp;
    private final boolean unpackGre;
    private final boolean unpackGtpV1;
    private final boolean unpackIpip;
    private final boolean unpackVxlan;
    private final boolean unpackGeneve;
    private final boolean unpackL2tp;
    private final boolean unpackMplsOverUdp;

    private ParserOptions(final Builder builder)
    {
        parseMpls = builder.parseMpls;
        unpackPpp = builder.unpackPpp;
        unpackGre = builder.unpackGre;
        unpackGtpV1 = builder.unpackGtpV1;
        unpackIpip = builder.unpackIpip;
        unpackVxlan = builder.unpackVxlan;
        unpackGeneve = builder.unpackGeneve;
        unpackL2tp = builder.unpackL2tp;
        unpackMplsOverUdp = builder.unpackMplsOverUdp;
    }

    /**
     * @return a builder holding the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Read the keys listed on this class; unset keys keep their defaults.
     *
     * @param config the configuration.
     * @return the options.
     * @throws io.fnm.config.ConfigException when a key is set to something other than {@code on}/{@code off}.
     */
    public static ParserOptions from(final ConfigView config)
    {
        return builder()
            .parseMpls(config.bool(PARSE_MPLS_KEY, DEFAULTS.parseMpls))
            .unpackPpp(config.bool(UNPACK_PPP_KEY, DEFAULTS.unpackPpp))
            .unpackGre(config.bool(UNPACK_GRE_KEY, DEFAULTS.unpackGre))
            .unpackGtpV1(config.bool(UNPACK_GTP_V1_KEY, DEFAULTS.unpackGtpV1))
            .unpackIpip(config.bool(UNPACK_IPIP_KEY, DEFAULTS.unpackIpip))
            .unpackVxlan(config.bool(UNPACK_VXLAN_KEY, DEFAULTS.unpackVxlan))
            .unpackGeneve(config.bool(UNPACK_GENEVE_KEY, DEFAULTS.unpackGeneve))
            .unpackL2tp(config.bool(UNPACK_L2TP_KEY, DEFAULTS.unpackL2tp))
            .unpackMplsOverUdp(config.bool(UNPACK_MPLS_OVER_UDP_KEY, DEFAULTS.unpackMplsOverUdp))
            .build();
    }

    /**
     * @return true to look through MPLS label stacks.
     */
    public boolean parseMpls()
    {
        return parseMpls;
    }

    /**
     * @return true to look through PPPoE sessions and PPP headers.
     */
    public boolean unpackPpp()
    {
        return unpackPpp;
    }

    /**
     * @return true to count the packet inside GRE (including ERSPAN, NVGRE, WCCP).
     */
    public boolean unpackGre()
    {
        return unpackGre;
    }

    /**
     * @return true to count the packet inside GTP-U.
     */
    public boolean unpackGtpV1()
    {
        return unpackGtpV1;
    }

    /**
     * @return true to count the packet inside IP-in-IP.
     */
    public boolean unpackIpip()
    {
        return unpackIpip;
    }

    /**
     * @return true to count the packet inside VXLAN.
     */
    public boolean unpackVxlan()
    {
        return unpackVxlan;
    }

    /**
     * @return true to count the packet inside GENEVE.
     */
    public boolean unpackGeneve()
    {
        return unpackGeneve;
    }

    /**
     * @return true to count the packet inside L2TPv2 data messages.
     */
    public boolean unpackL2tp()
    {
        return unpackL2tp;
    }

    /**
     * @return true to count the packet inside MPLS over UDP.
     */
    public boolean unpackMplsOverUdp()
    {
        return unpackMplsOverUdp;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ParserOptions{" + PARSE_MPLS_KEY + "=" + parseMpls + ", " + UNPACK_PPP_KEY + "=" + unpackPpp +
            ", " + UNPACK_GRE_KEY + "=" + unpackGre + ", " + UNPACK_GTP_V1_KEY + "=" + unpackGtpV1 +
            ", " + UNPACK_IPIP_KEY + "=" + unpackIpip + ", " + UNPACK_VXLAN_KEY + "=" + unpackVxlan +
            ", " + UNPACK_GENEVE_KEY + "=" + unpackGeneve + ", " + UNPACK_L2TP_KEY + "=" + unpackL2tp +
            ", " + UNPACK_MPLS_OVER_UDP_KEY + "=" + unpackMplsOverUdp + "}";
    }

    /**
     * Builds {@link ParserOptions}; starts from the defaults.
     */
    public static final class Builder
    {
        private boolean parseMpls = true;
        private boolean unpackPpp = true;
        private boolean unpackGre;
        private boolean unpackGtpV1;
        private boolean unpackIpip;
        private boolean unpackVxlan;
        private boolean unpackGeneve;
        private boolean unpackL2tp;
        private boolean unpackMplsOverUdp;

        private Builder()
        {
        }

        /**
         * @param value look through MPLS.
         * @return this builder.
         */
        public Builder parseMpls(final boolean value)
        {
            parseMpls = value;
            return this;
        }

        /**
         * @param value look through PPPoE and PPP.
         * @return this builder.
         */
        public Builder unpackPpp(final boolean value)
        {
            unpackPpp = value;
            return this;
        }

        /**
         * @param value count the packet inside GRE.
         * @return this builder.
         */
        public Builder unpackGre(final boolean value)
        {
            unpackGre = value;
            return this;
        }

        /**
         * @param value count the packet inside GTP-U.
         * @return this builder.
         */
        public Builder unpackGtpV1(final boolean value)
        {
            unpackGtpV1 = value;
            return this;
        }

        /**
         * @param value count the packet inside IP-in-IP.
         * @return this builder.
         */
        public Builder unpackIpip(final boolean value)
        {
            unpackIpip = value;
            return this;
        }

        /**
         * @param value count the packet inside VXLAN.
         * @return this builder.
         */
        public Builder unpackVxlan(final boolean value)
        {
            unpackVxlan = value;
            return this;
        }

        /**
         * @param value count the packet inside GENEVE.
         * @return this builder.
         */
        public Builder unpackGeneve(final boolean value)
        {
            unpackGeneve = value;
            return this;
        }

        /**
         * @param value count the packet inside L2TPv2.
         * @return this builder.
         */
        public Builder unpackL2tp(final boolean value)
        {
            unpackL2tp = value;
            return this;
        }

        /**
         * @param value count the packet inside MPLS over UDP.
         * @return this builder.
         */
        public Builder unpackMplsOverUdp(final boolean value)
        {
            unpackMplsOverUdp = value;
            return this;
        }

        /**
         * @return the options.
         */
        public ParserOptions build()
        {
            return new ParserOptions(this);
        }
    }
}
