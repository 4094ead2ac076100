package io.fnm.capture.sflow;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigView;

/**
 * The {@code sflow} capture provider, enabled by {@code sflow = on}; see {@link SflowConfig} for its keys.
 */
public final class SflowCaptureProvider implements CaptureSourceProvider
{
    /** The provider name and its config switch. */
    public static final String NAME = "sflow";

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
        return new SflowCaptureSource(SflowConfig.from(config));
    }
}
