package io.fnm.capture.mirror;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the {@code pcap} source (libpcap live capture).
 *
 * @param interfaces      {@code interfaces}: devices, comma-separated ({@code any} allowed); FastNetMon takes the whole
 *                        value as one device, which is the case of a single name.
 * @param filter          {@code pcap_filter} (fnm): a BPF expression, empty for none.
 * @param snapLength      {@code pcap_snaplen} (fnm; 1600): bytes kept per packet.
 * @param bufferBytes     {@code pcap_buffer_size} (fnm; 32 MiB): the kernel buffer libpcap asks for.
 * @param parserOptions   the parser's encapsulation keys.
 */
public record PcapLiveSettings(List<String> interfaces, String filter, int snapLength, int bufferBytes,
    ParserOptions parserOptions)
{
    /** FastNetMon's interface list. */
    public static final String INTERFACES_KEY = "interfaces";
    /** BPF filter. */
    public static final String FILTER_KEY = "pcap_filter";
    /** Snap length. */
    public static final String SNAPLEN_KEY = "pcap_snaplen";
    /** Kernel buffer size. */
    public static final String BUFFER_KEY = "pcap_buffer_size";

    /** Every key read, the switch included. */
    public static final List<ConfigKey> KEYS;

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(PcapLiveCaptureSourceProvider.NAME, "libpcap live capture on interfaces (default off)"),
            ConfigKey.of(INTERFACES_KEY, "comma-separated capture interfaces, 'any' allowed (required)"),
            ConfigKey.of(FILTER_KEY, "BPF filter expression, tcpdump syntax (default none)"),
            ConfigKey.of(SNAPLEN_KEY, "bytes captured per packet (default 1600)"),
            ConfigKey.of(BUFFER_KEY, "libpcap kernel buffer in bytes (default 33554432)")));
        keys.addAll(ParserOptions.KEYS);
        KEYS = List.copyOf(keys);
    }

    /**
     * @param config the configuration.
     * @return the settings.
     * @throws io.fnm.config.ConfigException when a key has a bad value.
     */
    public static PcapLiveSettings from(final ConfigView config)
    {
        final List<String> interfaces = new ArrayList<>();
        for (final String name : config.list(INTERFACES_KEY))
        {
            final String trimmed = name.trim();
            if (!trimmed.isEmpty() && !interfaces.contains(trimmed))
            {
                interfaces.add(trimmed);
            }
        }
        if (interfaces.isEmpty())
        {
            throw config.error(INTERFACES_KEY, "pcap = on needs at least one interface");
        }
        return new PcapLiveSettings(List.copyOf(interfaces), config.string(FILTER_KEY, "").trim(),
            config.intValue(SNAPLEN_KEY, 1600, 64, 262144),
            config.intValue(BUFFER_KEY, 32 << 20, 1 << 16, 1 << 30), ParserOptions.from(config));
    }
}
