package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * The {@code pcap} capture provider (FastNetMon's switch): a {@link PcapLiveSource} on {@code interfaces}. Available
 * when pcap4j finds libpcap and jnr-ffi binds {@code pcap_next_ex}, unless {@code -Dfnm.pcap.disable=true}. Needs
 * {@code CAP_NET_RAW} (and {@code CAP_NET_ADMIN} for promiscuous mode on some systems).
 */
public final class PcapLiveCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "pcap";

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
        return PcapLiveSource.unavailabilityCause();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public List<ConfigKey> configKeys()
    {
        return PcapLiveSettings.KEYS;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public CaptureSource create(final ConfigView config)
    {
        return new PcapLiveSource(PcapLiveSettings.from(config));
    }
}
