package io.fnm.core.config;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.List;

/**
 * A third-party provider answering FastNetMon's {@code pcap} switch with a key of its own; registered only by
 * {@link FastNetMonConfigTest} through a class loader of its own, never on the test class path.
 */
public final class PcapTestProvider implements CaptureSourceProvider
{
    @Override
    public String name()
    {
        return "pcap";
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return List.of(ConfigKey.of("pcap", "switch"), ConfigKey.of("pcap_test_file", "the file to replay"));
    }

    @Override
    public CaptureSource create(final ConfigView config)
    {
        throw new UnsupportedOperationException("never created");
    }
}
