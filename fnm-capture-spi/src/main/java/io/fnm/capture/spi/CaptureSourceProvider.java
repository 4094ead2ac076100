package io.fnm.capture.spi;

import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * Creates {@link CaptureSource}s of one kind; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.fnm.capture.spi.CaptureSourceProvider}).
 * <p>
 * The no-argument constructor must be cheap and must not load native code: availability is probed by
 * {@link #isAvailable()} and explained by {@link #unavailabilityCause()}, so that discovery lists every provider
 * even when one of them cannot run here.
 */
public interface CaptureSourceProvider
{
    /**
     * @return the name, equal to the FastNetMon config switch the provider answers: {@code netflow}, {@code sflow},
     * {@code pcap}, {@code mirror_afpacket}...
     */
    String name();

    /**
     * @param config the configuration.
     * @return true when the configuration switches this source on; by default the boolean key {@link #name()}.
     */
    default boolean isEnabled(final ConfigView config)
    {
        return config.bool(name(), false);
    }

    /**
     * @return true when this source can run on this machine (native library present, OS supported...).
     */
    default boolean isAvailable()
    {
        return unavailabilityCause() == null;
    }

    /**
     * @return why the source cannot run here, or null when it can.
     */
    default Throwable unavailabilityCause()
    {
        return null;
    }

    /**
     * Every key this provider, and the source it creates, reads: the switch of {@link #isEnabled(ConfigView)}
     * included. The configuration check asks every provider found by {@link java.util.ServiceLoader}, so a key listed
     * here is never reported as unknown; a key read but not listed is (the bundled providers' contract tests read
     * their keys through a recording view to keep the list complete).
     *
     * @return the keys, by default only the switch {@link #name()}.
     */
    default List<ConfigKey> configKeys()
    {
        return List.of(ConfigKey.of(name(), "switches the " + name() + " capture source on (default off)"));
    }

    /**
     * Validate the provider's keys and build a source; nothing starts until {@link CaptureSource#start}.
     *
     * @param config the configuration, read through typed accessors.
     * @return a new source.
     * @throws io.fnm.config.ConfigException when a key of this provider has a bad value.
     */
    CaptureSource create(ConfigView config);
}
