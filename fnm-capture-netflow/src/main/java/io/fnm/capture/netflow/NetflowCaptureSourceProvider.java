package io.fnm.capture.netflow;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code netflow} capture provider, switched on by {@code netflow = on}: a {@link NetflowCollector} configured
 * from {@link NetflowSettings#from(ConfigView)}.
 */
public final class NetflowCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "netflow";

    private static final List<ConfigKey> KEYS;

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(NAME, "switches the NetFlow v5/v9/IPFIX collector on (default off)"),
            ConfigKey.of(NetflowSettings.PORT_KEY, "comma-separated UDP ports, one socket and thread each (default " +
                NetflowSettings.DEFAULT_PORT + ")"),
            ConfigKey.of(NetflowSettings.HOST_KEY, "bind address, IPv4, IPv6 or :: for dual stack (default 0.0.0.0)"),
            ConfigKey.of(NetflowSettings.SAMPLING_RATIO_KEY,
                "sampling rate for v9/IPFIX exporters that announce none (default 1)"),
            ConfigKey.of(NetflowSettings.RECEIVE_BUFFER_KEY, "SO_RCVBUF requested, bytes (default " +
                NetflowSettings.DEFAULT_RECEIVE_BUFFER_BYTES + ")"),
            ConfigKey.of(NetflowSettings.TEMPLATE_TIMEOUT_KEY, "seconds a template lives without a refresh (default " +
                NetflowSettings.DEFAULT_TEMPLATE_TIMEOUT_SECONDS + ")"),
            ConfigKey.of(NetflowSettings.MAX_TEMPLATES_PER_EXPORTER_KEY, "template bound per exporter (default " +
                NetflowSettings.DEFAULT_MAX_TEMPLATES_PER_EXPORTER + ")"),
            ConfigKey.of(NetflowSettings.MAX_TEMPLATES_TOTAL_KEY, "template bound per receive thread (default " +
                NetflowSettings.DEFAULT_MAX_TEMPLATES_TOTAL + ")"),
            ConfigKey.of(NetflowSettings.MAX_TEMPLATE_FIELDS_KEY, "fields per template; a template with more is " +
                "dropped and counted (default " + NetflowSettings.DEFAULT_MAX_TEMPLATE_FIELDS + ")"),
            ConfigKey.of(NetflowSettings.MAX_TEMPLATE_BYTES_PER_EXPORTER_KEY, "template memory per exporter, bytes " +
                "(default " + NetflowSettings.DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER + ")"),
            ConfigKey.of(NetflowSettings.MAX_TEMPLATE_BYTES_TOTAL_KEY, "template memory per receive thread, bytes " +
                "(default " + NetflowSettings.DEFAULT_MAX_TEMPLATE_BYTES_TOTAL + ")"),
            ConfigKey.of(NetflowSettings.MAX_EXPORTERS_KEY, "exporter bound per receive thread (default " +
                NetflowSettings.DEFAULT_MAX_EXPORTERS + ")"),
            ConfigKey.of(NetflowSettings.SPREAD_LONG_FLOWS_KEY,
                "spread long flows over their duration (default off)"),
            ConfigKey.of(NetflowSettings.THREADS_KEY,
                "sockets and receive threads per port, sharing it with SO_REUSEPORT (default 1)")));
        keys.addAll(ParserOptions.KEYS);
        KEYS = Collections.unmodifiableList(keys);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return NAME;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public CaptureSource create(final ConfigView config)
    {
        return new NetflowCollector(NetflowSettings.from(config));
    }
}
