package io.fnm.capture.sflow;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code sflow} capture provider, enabled by {@code sflow = on}; see {@link SflowSettings} for its keys.
 */
public final class SflowCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider name and its config switch. */
    public static final String NAME = "sflow";

    private static final List<ConfigKey> KEYS;

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(NAME, "switches the sFlow v4/v5 collector on (default off)"),
            ConfigKey.of(SflowSettings.PORT_KEY, "comma-separated UDP ports, one socket and thread each (default " +
                SflowSettings.DEFAULT_PORT + ")"),
            ConfigKey.of(SflowSettings.HOST_KEY, "bind address, IPv4, IPv6 or :: for dual stack (default " +
                SflowSettings.DEFAULT_HOST + ")"),
            ConfigKey.of(SflowSettings.READ_IP_LENGTH_KEY,
                "count the IP header's length instead of the frame length (default off)"),
            ConfigKey.of(SflowSettings.RECEIVE_BUFFER_KEY, "SO_RCVBUF requested, bytes (default " +
                SflowSettings.DEFAULT_RECEIVE_BUFFER_BYTES + ")"),
            ConfigKey.of(SflowSettings.THREADS_KEY,
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
        return new SflowCollector(SflowSettings.from(config));
    }
}
