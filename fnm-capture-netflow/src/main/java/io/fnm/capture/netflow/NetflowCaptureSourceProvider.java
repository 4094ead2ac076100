package io.fnm.capture.netflow;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigView;

/**
 * The {@code netflow} capture provider, switched on by {@code netflow = on}: a {@link NetflowCollector} configured
 * from {@link NetflowSettings#from(ConfigView)}.
 */
public final class NetflowCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "netflow";

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
    public CaptureSource create(final ConfigView config)
    {
        return new NetflowCollector(NetflowSettings.from(config));
    }
}
