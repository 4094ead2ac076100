package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * The {@code mirror_netmap} capture provider (FastNetMon's switch): a {@link NetmapSource}. Available when
 * {@code /dev/netmap} exists (the netmap kernel module on Linux, {@code device netmap} on FreeBSD) and libc binds;
 * {@link #unavailabilityCause()} says why not. Needs read-write access to {@code /dev/netmap} (root by default).
 */
public final class NetmapCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "mirror_netmap";

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
        return NetmapSource.unavailabilityCause();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public List<ConfigKey> configKeys()
    {
        return NetmapSettings.KEYS;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public CaptureSource create(final ConfigView config)
    {
        return new NetmapSource(NetmapSettings.from(config));
    }
}
