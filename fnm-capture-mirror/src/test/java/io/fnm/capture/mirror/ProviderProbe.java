package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSourceProvider;

import java.util.ServiceLoader;

/**
 * Run in a child JVM by {@link ProviderAvailabilityTest}: prints one line per capture provider found,
 * {@code name|available|cause}, so that each native binding is probed fresh under the system properties given.
 */
final class ProviderProbe
{
    private ProviderProbe()
    {
    }

    public static void main(final String[] args)
    {
        for (final CaptureSourceProvider provider : ServiceLoader.load(CaptureSourceProvider.class))
        {
            System.out.println(provider.name() + "|" + provider.isAvailable() + "|" + provider.unavailabilityCause());
        }
    }
}
