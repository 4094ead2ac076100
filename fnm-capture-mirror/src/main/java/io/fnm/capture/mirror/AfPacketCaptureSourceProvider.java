package io.fnm.capture.mirror;

import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * The {@code mirror_afpacket} capture provider (FastNetMon's switch): an {@link AfPacketSource} on {@code interfaces}.
 * Available on Linux when libc binds through jnr-ffi, unless {@code -Dfnm.afpacket.disable=true}. Needs
 * {@code CAP_NET_RAW} (the socket) and, for promiscuous mode on the interfaces, nothing more (the membership is the
 * socket's); {@code mirror_af_packet_lock_ring = on} needs {@code CAP_IPC_LOCK} or a large enough
 * {@code RLIMIT_MEMLOCK}.
 */
public final class AfPacketCaptureSourceProvider implements CaptureSourceProvider
{
    /** The provider's name and config switch. */
    public static final String NAME = "mirror_afpacket";

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
        return PacketNative.unavailabilityCause();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public List<ConfigKey> configKeys()
    {
        return AfPacketSettings.KEYS;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public CaptureSource create(final ConfigView config)
    {
        return new AfPacketSource(AfPacketSettings.from(config));
    }
}
