package io.fnm.capture.netflow;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.udp.UdpReceiver;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The collector's settings, immutable, read from FastNetMon's keys ({@code netflow_port}, {@code netflow_host},
 * {@code netflow_sampling_ratio}) and fnm's own ({@code netflow_socket_receive_buffer_bytes},
 * {@code netflow_template_timeout_seconds}, {@code netflow_max_templates_per_exporter},
 * {@code netflow_max_templates_total}, {@code netflow_max_template_fields},
 * {@code netflow_max_template_bytes_per_exporter}, {@code netflow_max_template_bytes_total},
 * {@code netflow_max_exporters}, {@code netflow_spread_long_flows},
 * {@code netflow_threads}), plus
 * the shared packet parser keys ({@code parse_mpls}, {@code unpack_*}, see {@link ParserOptions}) for packet
 * sections; or built in code with {@link #builder()}.
 */
public final class NetflowSettings
{
    /** Key: comma-separated UDP ports, one socket and thread each. */
    public static final String PORT_KEY = "netflow_port";
    /** Key: bind address (IPv4, IPv6, {@code ::} for dual stack). */
    public static final String HOST_KEY = "netflow_host";
    /** Key: sampling rate for v9/IPFIX exporters that announce none. */
    public static final String SAMPLING_RATIO_KEY = "netflow_sampling_ratio";
    /** Key: requested socket receive buffer. */
    public static final String RECEIVE_BUFFER_KEY = "netflow_socket_receive_buffer_bytes";
    /** Key: template expiry. */
    public static final String TEMPLATE_TIMEOUT_KEY = "netflow_template_timeout_seconds";
    /** Key: template bound per exporter. */
    public static final String MAX_TEMPLATES_PER_EXPORTER_KEY = "netflow_max_templates_per_exporter";
    /** Key: template bound per receive thread. */
    public static final String MAX_TEMPLATES_TOTAL_KEY = "netflow_max_templates_total";
    /** Key: most fields of one template; a template with more is dropped and counted. */
    public static final String MAX_TEMPLATE_FIELDS_KEY = "netflow_max_template_fields";
    /** Key: template memory bound per exporter, bytes. */
    public static final String MAX_TEMPLATE_BYTES_PER_EXPORTER_KEY = "netflow_max_template_bytes_per_exporter";
    /** Key: template memory bound per receive thread, bytes. */
    public static final String MAX_TEMPLATE_BYTES_TOTAL_KEY = "netflow_max_template_bytes_total";
    /** Key: exporter bound per receive thread. */
    public static final String MAX_EXPORTERS_KEY = "netflow_max_exporters";
    /** Key: spread long flows over their duration. */
    public static final String SPREAD_LONG_FLOWS_KEY = "netflow_spread_long_flows";

    /** Key: sockets and receive threads per port ({@code SO_REUSEPORT} when more than one). */
    public static final String THREADS_KEY = "netflow_threads";

    /** Default port when {@code netflow_port} is not set (FastNetMon's shipped value). */
    public static final int DEFAULT_PORT = 2055;
    /** Default requested receive buffer: 32 MiB (FastNetMon keeps the OS default and drops bursts). */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 32 * 1024 * 1024;
    /** Default template timeout. */
    public static final int DEFAULT_TEMPLATE_TIMEOUT_SECONDS = 1800;
    /** Default template bound per exporter. */
    public static final int DEFAULT_MAX_TEMPLATES_PER_EXPORTER = 4096;
    /** Default template bound in total. */
    public static final int DEFAULT_MAX_TEMPLATES_TOTAL = 65536;
    /** Default fields per template: real templates have tens (the wire allows 16 383). */
    public static final int DEFAULT_MAX_TEMPLATE_FIELDS = 512;
    /** Default template memory per exporter: 4 MiB. */
    public static final int DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER = 4 << 20;
    /** Default template memory per receive thread: 64 MiB. */
    public static final int DEFAULT_MAX_TEMPLATE_BYTES_TOTAL = 64 << 20;
    /** Default exporter bound. */
    public static final int DEFAULT_MAX_EXPORTERS = 4096;

    private final List<Integer> ports;
    private final String host;
    private final long fallbackSamplingRatio;
    private final int receiveBufferBytes;
    private final int templateTimeoutSeconds;
    private final int maxTemplatesPerExporter;
    private final int maxTemplatesTotal;
    private final int maxTemplateFields;
    private final int maxTemplateBytesPerExporter;
    private final int maxTemplateBytesTotal;
    private final int maxExporters;
    private final boolean spreadLongFlows;
    private final ParserOptions parserOptions;
    private final int threads;

    private NetflowSettings(final Builder builder)
    {
        this.ports = Collections.unmodifiableList(new ArrayList<>(builder.ports));
        this.host = builder.host;
        this.fallbackSamplingRatio = builder.fallbackSamplingRatio;
        this.receiveBufferBytes = builder.receiveBufferBytes;
        this.templateTimeoutSeconds = builder.templateTimeoutSeconds;
        this.maxTemplatesPerExporter = builder.maxTemplatesPerExporter;
        this.maxTemplatesTotal = builder.maxTemplatesTotal;
        this.maxTemplateFields = builder.maxTemplateFields;
        this.maxTemplateBytesPerExporter = builder.maxTemplateBytesPerExporter;
        this.maxTemplateBytesTotal = builder.maxTemplateBytesTotal;
        this.maxExporters = builder.maxExporters;
        this.spreadLongFlows = builder.spreadLongFlows;
        this.parserOptions = builder.parserOptions;
        this.threads = builder.threads;
    }

    /**
     * @return a builder with the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the defaults.
     */
    public static NetflowSettings defaults()
    {
        return builder().build();
    }

    /**
     * Read and validate the collector's keys.
     *
     * @param config the configuration.
     * @return the settings.
     * @throws io.fnm.config.ConfigException naming the key when a value is invalid.
     */
    public static NetflowSettings from(final ConfigView config)
    {
        final Builder builder = builder();
        final List<String> portItems = config.list(PORT_KEY);
        if (!portItems.isEmpty())
        {
            final List<Integer> ports = new ArrayList<>();
            for (final String item : portItems)
            {
                final int port;
                try
                {
                    port = Integer.parseInt(item);
                }
                catch (final NumberFormatException ex)
                {
                    throw config.error(PORT_KEY, "'" + item + "' is not a port number");
                }
                if (port < 0 || port > 65535)
                {
                    throw config.error(PORT_KEY, port + " is out of range [0, 65535]");
                }
                if (port != 0 && ports.contains(port))
                {
                    throw config.error(PORT_KEY, "port " + port + " is listed twice");
                }
                ports.add(port);
            }
            builder.ports(ports);
        }
        builder.host(config.string(HOST_KEY, "0.0.0.0"));
        builder.fallbackSamplingRatio(config.longValue(SAMPLING_RATIO_KEY, 1, 1, Integer.MAX_VALUE));
        builder.receiveBufferBytes(config.intValue(
            RECEIVE_BUFFER_KEY, DEFAULT_RECEIVE_BUFFER_BYTES, 0, Integer.MAX_VALUE));
        builder.templateTimeoutSeconds(config.intValue(
            TEMPLATE_TIMEOUT_KEY, DEFAULT_TEMPLATE_TIMEOUT_SECONDS, 1, Integer.MAX_VALUE / 1000));
        builder.maxTemplatesPerExporter(config.intValue(
            MAX_TEMPLATES_PER_EXPORTER_KEY, DEFAULT_MAX_TEMPLATES_PER_EXPORTER, 1, 1 << 24));
        builder.maxTemplatesTotal(config.intValue(
            MAX_TEMPLATES_TOTAL_KEY, DEFAULT_MAX_TEMPLATES_TOTAL, 1, 1 << 24));
        builder.maxTemplateFields(config.intValue(MAX_TEMPLATE_FIELDS_KEY, DEFAULT_MAX_TEMPLATE_FIELDS, 1, 16383));
        builder.maxTemplateBytesPerExporter(config.intValue(MAX_TEMPLATE_BYTES_PER_EXPORTER_KEY,
            DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER, 1024, Integer.MAX_VALUE));
        builder.maxTemplateBytesTotal(config.intValue(MAX_TEMPLATE_BYTES_TOTAL_KEY, DEFAULT_MAX_TEMPLATE_BYTES_TOTAL,
            1024, Integer.MAX_VALUE));
        builder.maxExporters(config.intValue(MAX_EXPORTERS_KEY, DEFAULT_MAX_EXPORTERS, 1, 1 << 20));
        builder.spreadLongFlows(config.bool(SPREAD_LONG_FLOWS_KEY, false));
        builder.parserOptions(ParserOptions.from(config));
        builder.threads(config.intValue(THREADS_KEY, 1, 1, UdpReceiver.MAX_SOCKETS_PER_PORT));
        return builder.build();
    }

    /**
     * @return UDP ports to listen on.
     */
    public List<Integer> ports()
    {
        return ports;
    }

    /**
     * @return bind address.
     */
    public String host()
    {
        return host;
    }

    /**
     * @return sampling rate used for v9/IPFIX exporters that announce none.
     */
    public long fallbackSamplingRatio()
    {
        return fallbackSamplingRatio;
    }

    /**
     * @return requested socket receive buffer in bytes (0 = leave the OS default).
     */
    public int receiveBufferBytes()
    {
        return receiveBufferBytes;
    }

    /**
     * @return seconds after which an unrefreshed template is forgotten.
     */
    public int templateTimeoutSeconds()
    {
        return templateTimeoutSeconds;
    }

    /**
     * @return most templates kept per exporter.
     */
    public int maxTemplatesPerExporter()
    {
        return maxTemplatesPerExporter;
    }

    /**
     * @return most templates kept per receive thread.
     */
    public int maxTemplatesTotal()
    {
        return maxTemplatesTotal;
    }

    /**
     * @return most fields of one template.
     */
    public int maxTemplateFields()
    {
        return maxTemplateFields;
    }

    /**
     * @return template memory bound per exporter, bytes (see {@code TemplateCache} for how a template is counted).
     */
    public int maxTemplateBytesPerExporter()
    {
        return maxTemplateBytesPerExporter;
    }

    /**
     * @return template memory bound per receive thread, bytes.
     */
    public int maxTemplateBytesTotal()
    {
        return maxTemplateBytesTotal;
    }

    /**
     * @return most exporters tracked per receive thread.
     */
    public int maxExporters()
    {
        return maxExporters;
    }

    /**
     * @return true to spread each record's counts over its flow duration (see {@link LongFlowSpreader}).
     */
    public boolean spreadLongFlows()
    {
        return spreadLongFlows;
    }

    /**
     * @return which encapsulations packet sections (IE 104/313/315) are looked through, from the shared
     * {@code parse_mpls}/{@code unpack_*} keys.
     */
    public ParserOptions parserOptions()
    {
        return parserOptions;
    }

    /**
     * @return sockets, each with its own receive thread, per port; more than one are bound with
     * {@code SO_REUSEPORT} (see {@link UdpReceiver} for how the kernel keeps an exporter on one of them).
     */
    public int threads()
    {
        return threads;
    }

    /**
     * Builds {@link NetflowSettings}.
     */
    public static final class Builder
    {
        private List<Integer> ports = List.of(DEFAULT_PORT);
        private String host = "0.0.0.0";
        private long fallbackSamplingRatio = 1;
        private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
        private int templateTimeoutSeconds = DEFAULT_TEMPLATE_TIMEOUT_SECONDS;
        private int maxTemplatesPerExporter = DEFAULT_MAX_TEMPLATES_PER_EXPORTER;
        private int maxTemplatesTotal = DEFAULT_MAX_TEMPLATES_TOTAL;
        private int maxTemplateFields = DEFAULT_MAX_TEMPLATE_FIELDS;
        private int maxTemplateBytesPerExporter = DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER;
        private int maxTemplateBytesTotal = DEFAULT_MAX_TEMPLATE_BYTES_TOTAL;
        private int maxExporters = DEFAULT_MAX_EXPORTERS;
        private boolean spreadLongFlows;
        private ParserOptions parserOptions = ParserOptions.DEFAULTS;
        private int threads = 1;

        private Builder()
        {
        }

        /**
         * @param value ports.
         * @return this builder.
         */
        public Builder ports(final List<Integer> value)
        {
            ports = List.copyOf(value);
            return this;
        }

        /**
         * @param value bind address.
         * @return this builder.
         */
        public Builder host(final String value)
        {
            host = value;
            return this;
        }

        /**
         * @param value fallback sampling rate, at least 1.
         * @return this builder.
         */
        public Builder fallbackSamplingRatio(final long value)
        {
            fallbackSamplingRatio = Math.max(1, value);
            return this;
        }

        /**
         * @param value requested receive buffer in bytes.
         * @return this builder.
         */
        public Builder receiveBufferBytes(final int value)
        {
            receiveBufferBytes = value;
            return this;
        }

        /**
         * @param value template timeout in seconds.
         * @return this builder.
         */
        public Builder templateTimeoutSeconds(final int value)
        {
            templateTimeoutSeconds = value;
            return this;
        }

        /**
         * @param value template bound per exporter.
         * @return this builder.
         */
        public Builder maxTemplatesPerExporter(final int value)
        {
            maxTemplatesPerExporter = Math.max(1, value);
            return this;
        }

        /**
         * @param value template bound in total.
         * @return this builder.
         */
        public Builder maxTemplatesTotal(final int value)
        {
            maxTemplatesTotal = Math.max(1, value);
            return this;
        }

        /**
         * @param value most fields of one template (at least 1).
         * @return this builder.
         */
        public Builder maxTemplateFields(final int value)
        {
            maxTemplateFields = Math.max(1, value);
            return this;
        }

        /**
         * @param value template memory bound per exporter, bytes.
         * @return this builder.
         */
        public Builder maxTemplateBytesPerExporter(final int value)
        {
            maxTemplateBytesPerExporter = Math.max(1, value);
            return this;
        }

        /**
         * @param value template memory bound per receive thread, bytes.
         * @return this builder.
         */
        public Builder maxTemplateBytesTotal(final int value)
        {
            maxTemplateBytesTotal = Math.max(1, value);
            return this;
        }

        /**
         * @param value exporter bound.
         * @return this builder.
         */
        public Builder maxExporters(final int value)
        {
            maxExporters = Math.max(1, value);
            return this;
        }

        /**
         * @param value spread long flows.
         * @return this builder.
         */
        public Builder spreadLongFlows(final boolean value)
        {
            spreadLongFlows = value;
            return this;
        }

        /**
         * @param value how packet sections are parsed.
         * @return this builder.
         */
        public Builder parserOptions(final ParserOptions value)
        {
            parserOptions = Objects.requireNonNull(value, "parserOptions");
            return this;
        }

        /**
         * @param value sockets and receive threads per port, in [1, {@link UdpReceiver#MAX_SOCKETS_PER_PORT}].
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder threads(final int value)
        {
            if (value < 1 || value > UdpReceiver.MAX_SOCKETS_PER_PORT)
            {
                throw new IllegalArgumentException(THREADS_KEY + " must be in [1, " +
                    UdpReceiver.MAX_SOCKETS_PER_PORT + "]: " + value);
            }
            threads = value;
            return this;
        }

        /**
         * @return the settings.
         */
        public NetflowSettings build()
        {
            return new NetflowSettings(this);
        }
    }
}
