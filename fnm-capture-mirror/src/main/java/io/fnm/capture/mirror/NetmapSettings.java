package io.fnm.capture.mirror;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the {@code mirror_netmap} source: FastNetMon's keys.
 *
 * @param interfaces         {@code interfaces}: ports, comma-separated, with or without the {@code netmap:} prefix.
 * @param samplingRatio      {@code netmap_sampling_ratio} (1).
 * @param lengthFromIpHeader {@code netmap_read_packet_length_from_ip_header} (off).
 * @param parserOptions      the parser's encapsulation keys.
 */
public record NetmapSettings(List<String> interfaces, long samplingRatio, boolean lengthFromIpHeader,
    ParserOptions parserOptions)
{
    /** FastNetMon's interface list. */
    public static final String INTERFACES_KEY = "interfaces";
    /** FastNetMon's multiplier. */
    public static final String SAMPLING_RATIO_KEY = "netmap_sampling_ratio";
    /** FastNetMon's IP-length switch. */
    public static final String LENGTH_FROM_IP_KEY = "netmap_read_packet_length_from_ip_header";

    /** Every key read, the switch included. */
    public static final List<ConfigKey> KEYS;

    private static final String PREFIX = "netmap:";

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(NetmapCaptureSourceProvider.NAME, "netmap capture on interfaces (default off)"),
            ConfigKey.of(INTERFACES_KEY, "comma-separated netmap ports, netmap: prefix optional (required)"),
            ConfigKey.of(SAMPLING_RATIO_KEY, "multiplier applied to every packet (default 1)"),
            ConfigKey.of(LENGTH_FROM_IP_KEY, "count the IP total length instead of the frame length (default off)")));
        keys.addAll(ParserOptions.KEYS);
        KEYS = List.copyOf(keys);
    }

    /**
     * @param config the configuration.
     * @return the settings.
     * @throws io.fnm.config.ConfigException when a key has a bad value.
     */
    public static NetmapSettings from(final ConfigView config)
    {
        final List<String> interfaces = new ArrayList<>();
        for (final String name : config.list(INTERFACES_KEY))
        {
            String trimmed = name.trim();
            if (trimmed.startsWith(PREFIX))
            {
                trimmed = trimmed.substring(PREFIX.length());
            }
            if (trimmed.length() > 63)
            {
                throw config.error(INTERFACES_KEY, "netmap port name longer than 63 bytes: " + trimmed);
            }
            if (!trimmed.isEmpty() && !interfaces.contains(trimmed))
            {
                interfaces.add(trimmed);
            }
        }
        if (interfaces.isEmpty())
        {
            throw config.error(INTERFACES_KEY, "mirror_netmap = on needs at least one interface");
        }
        return new NetmapSettings(List.copyOf(interfaces), config.longValue(SAMPLING_RATIO_KEY, 1, 1,
            Integer.MAX_VALUE), config.bool(LENGTH_FROM_IP_KEY, false), ParserOptions.from(config));
    }
}
