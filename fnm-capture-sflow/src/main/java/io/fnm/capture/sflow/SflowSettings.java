package io.fnm.capture.sflow;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.udp.UdpReceiver;
import io.fnm.config.ConfigView;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The sFlow collector's settings, read from FastNetMon's keys and validated once.
 * <ul>
 *     <li>{@code sflow_port}: comma-separated UDP ports, one socket and thread each (default 6343);</li>
 *     <li>{@code sflow_host}: address to bind, IPv4, IPv6 or {@code ::} for dual stack (default 0.0.0.0);</li>
 *     <li>{@code sflow_read_packet_length_from_ip_header}: count IP lengths instead of frame lengths (off);</li>
 *     <li>{@code sflow_socket_receive_buffer_bytes} (fnm's): SO_RCVBUF requested (32 MiB);</li>
 *     <li>{@code sflow_threads} (fnm's): sockets and receive threads per port, bound with {@code SO_REUSEPORT} when
 *     more than one (1; at most {@link UdpReceiver#MAX_SOCKETS_PER_PORT});</li>
 *     <li>the header parser keys of {@link ParserOptions#from(ConfigView)}.</li>
 * </ul>
 */
public final class SflowSettings
{
    /** Key: ports. */
    public static final String PORT_KEY = "sflow_port";
    /** Key: bind address. */
    public static final String HOST_KEY = "sflow_host";
    /** Key: count IP lengths. */
    public static final String READ_IP_LENGTH_KEY = "sflow_read_packet_length_from_ip_header";
    /** Key: receive buffer. */
    public static final String RECEIVE_BUFFER_KEY = "sflow_socket_receive_buffer_bytes";
    /** Key: sockets and receive threads per port. */
    public static final String THREADS_KEY = "sflow_threads";
    /** Default port. */
    public static final int DEFAULT_PORT = 6343;
    /** Default bind address. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default receive buffer: 32 MiB. */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 32 * 1024 * 1024;

    private final List<Integer> ports;
    private final InetAddress host;
    private final boolean readPacketLengthFromIpHeader;
    private final int receiveBufferBytes;
    private final ParserOptions parserOptions;
    private final int threads;

    private SflowSettings(
        final List<Integer> ports,
        final InetAddress host,
        final boolean readPacketLengthFromIpHeader,
        final int receiveBufferBytes,
        final ParserOptions parserOptions,
        final int threads)
    {
        this.threads = threads;
        this.ports = ports;
        this.host = host;
        this.readPacketLengthFromIpHeader = readPacketLengthFromIpHeader;
        this.receiveBufferBytes = receiveBufferBytes;
        this.parserOptions = parserOptions;
    }

    /**
     * @return a builder with the defaults (port 6343 on 0.0.0.0), for an application that sets up the collector in
     * code: {@code new SflowCollector(SflowSettings.builder().ports(List.of(6343)).build())}.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param config the configuration.
     * @return the validated settings.
     * @throws io.fnm.config.ConfigException naming the key of the first bad value.
     */
    public static SflowSettings from(final ConfigView config)
    {
        final List<Integer> ports = new ArrayList<>();
        final List<String> items = config.list(PORT_KEY);
        if (items.isEmpty())
        {
            ports.add(DEFAULT_PORT);
        }
        for (final String item : items)
        {
            try
            {
                final int port = Integer.parseInt(item);
                if (port < 0 || port > 65535)
                {
                    throw config.error(PORT_KEY, "port " + item + " is out of range [0, 65535]");
                }
                if (ports.contains(port) && port != 0)
                {
                    throw config.error(PORT_KEY, "port " + item + " is listed twice");
                }
                ports.add(port);
            }
            catch (final NumberFormatException ex)
            {
                throw config.error(PORT_KEY, "'" + item + "' is not a port number");
            }
        }
        final String hostText = config.string(HOST_KEY, DEFAULT_HOST);
        final InetAddress host;
        try
        {
            if (!hostText.matches("[0-9a-fA-F:.]+"))
            {
                throw config.error(HOST_KEY, "'" + hostText + "' is not an IPv4 or IPv6 address");
            }
            host = InetAddress.getByName(hostText);
        }
        catch (final UnknownHostException ex)
        {
            throw config.error(HOST_KEY, "'" + hostText + "' is not an IPv4 or IPv6 address");
        }
        return new SflowSettings(
            Collections.unmodifiableList(ports),
            host,
            config.bool(READ_IP_LENGTH_KEY, false),
            config.intValue(RECEIVE_BUFFER_KEY, DEFAULT_RECEIVE_BUFFER_BYTES, 64 * 1024, Integer.MAX_VALUE),
            ParserOptions.from(config),
            config.intValue(THREADS_KEY, 1, 1, UdpReceiver.MAX_SOCKETS_PER_PORT));
    }

    /**
     * @return the ports to listen on (0 = any free port).
     */
    public List<Integer> ports()
    {
        return ports;
    }

    /**
     * @return the address to bind.
     */
    public InetAddress host()
    {
        return host;
    }

    /**
     * @return true to count IP lengths instead of frame lengths.
     */
    public boolean readPacketLengthFromIpHeader()
    {
        return readPacketLengthFromIpHeader;
    }

    /**
     * @return SO_RCVBUF to request.
     */
    public int receiveBufferBytes()
    {
        return receiveBufferBytes;
    }

    /**
     * @return sockets, each with its own receive thread, per port.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return how sampled headers are parsed.
     */
    public ParserOptions parserOptions()
    {
        return parserOptions;
    }
    /**
     * Builds {@link SflowSettings} in code, with the same bounds as the keys; not thread-safe.
     */
    public static final class Builder
    {
        private List<Integer> ports = List.of(DEFAULT_PORT);
        private InetAddress host;
        private boolean readPacketLengthFromIpHeader;
        private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
        private ParserOptions parserOptions = ParserOptions.DEFAULTS;
        private int threads = 1;

        private Builder()
        {
        }

        /**
         * @param value UDP ports, 0 to 65535 each (0: any free port), none twice ({@code sflow_port}).
         * @return this builder.
         * @throws IllegalArgumentException when empty, out of range or listed twice.
         */
        public Builder ports(final List<Integer> value)
        {
            final List<Integer> checked = new ArrayList<>();
            for (final Integer port : value)
            {
                if (port == null || port < 0 || port > 65535 || port != 0 && checked.contains(port))
                {
                    throw new IllegalArgumentException(PORT_KEY + ": port " + port +
                        " is out of range [0, 65535] or listed twice");
                }
                checked.add(port);
            }
            if (checked.isEmpty())
            {
                throw new IllegalArgumentException(PORT_KEY + ": no port");
            }
            ports = List.copyOf(checked);
            return this;
        }

        /**
         * @param value the address to bind ({@code sflow_host}; default 0.0.0.0).
         * @return this builder.
         */
        public Builder host(final InetAddress value)
        {
            host = value;
            return this;
        }

        /**
         * @param value count IP lengths instead of frame lengths ({@code sflow_read_packet_length_from_ip_header}).
         * @return this builder.
         */
        public Builder readPacketLengthFromIpHeader(final boolean value)
        {
            readPacketLengthFromIpHeader = value;
            return this;
        }

        /**
         * @param value SO_RCVBUF requested, at least 64 KiB ({@code sflow_socket_receive_buffer_bytes}).
         * @return this builder.
         * @throws IllegalArgumentException below 64 KiB.
         */
        public Builder receiveBufferBytes(final int value)
        {
            if (value < 64 * 1024)
            {
                throw new IllegalArgumentException(RECEIVE_BUFFER_KEY + ": " + value + " is below 65536");
            }
            receiveBufferBytes = value;
            return this;
        }

        /**
         * @param value the header parser's options.
         * @return this builder.
         */
        public Builder parserOptions(final ParserOptions value)
        {
            parserOptions = Objects.requireNonNull(value, "parserOptions");
            return this;
        }

        /**
         * @param value sockets and receive threads per port ({@code sflow_threads}), 1 to
         *              {@link UdpReceiver#MAX_SOCKETS_PER_PORT}.
         * @return this builder.
         * @throws IllegalArgumentException out of range.
         */
        public Builder threads(final int value)
        {
            if (value < 1 || value > UdpReceiver.MAX_SOCKETS_PER_PORT)
            {
                throw new IllegalArgumentException(THREADS_KEY + ": " + value + " is out of range [1, " +
                    UdpReceiver.MAX_SOCKETS_PER_PORT + "]");
            }
            threads = value;
            return this;
        }

        /**
         * @return the settings.
         */
        public SflowSettings build()
        {
            try
            {
                return new SflowSettings(ports, host != null ? host : InetAddress.getByName(DEFAULT_HOST),
                    readPacketLengthFromIpHeader, receiveBufferBytes, parserOptions, threads);
            }
            catch (final UnknownHostException ex)
            {
                throw new IllegalStateException("0.0.0.0 is an address literal", ex);
            }
        }
    }
}
