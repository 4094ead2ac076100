package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * The {@code pcap_file} capture provider, switched on by {@code pcap_file = on}: a {@link PcapFileSource} replaying
 * {@code pcap_file_path} into a running engine. For a deterministic replay on the capture's own clock, use
 * {@link MirrorReplay} ({@code fnm.jar replay}).
 */
public final class PcapFileCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "pcap_file";

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
        return PcapFileSettings.KEYS;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public CaptureSource create(final ConfigView config)
    {
        return new PcapFileSource(PcapFileSettings.from(config));
    }
}
