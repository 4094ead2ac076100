package io.fnm.capture.sflow;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.udp.UdpReceiver;
import io.fnm.config.ConfigView;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
}
