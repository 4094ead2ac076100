package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * The {@code mirror} capture provider (PF_RING, FastNetMon 1.2.0's switch, removed from FastNetMon in 1.2.2): a
 * {@link PfRingSource}. Available when {@code libpfring} loads (not in Debian: ntop's packages or a build of
 * PF_RING); {@link #unavailabilityCause()} says why not. Needs the {@code pf_ring} kernel module and
 * {@code CAP_NET_ADMIN}.
 */
public final class PfRingCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "mirror";

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
    public Throwable unavailabilityCause()
    {
        return PfRingSource.unavailabilityCause();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public List<ConfigKey> configKeys()
    {
        return PfRingSettings.KEYS;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public CaptureSource create(final ConfigView config)
    {
        return new PfRingSource(PfRingSettings.from(config));
    }
}
