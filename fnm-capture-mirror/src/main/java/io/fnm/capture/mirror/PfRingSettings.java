package io.fnm.capture.mirror;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the {@code mirror} (PF_RING) source: FastNetMon 1.2.0's keys.
 *
 * @param device        {@code interfaces}, verbatim (PF_RING's own syntax: {@code eth0,eth1}, {@code eth0@1},
 *                      {@code zc:eth0}).
 * @param samplingRatio {@code pfring_sampling_ratio} (1).
 * @param parserOptions the parser's encapsulation keys.
 */
public record PfRingSettings(String device, long samplingRatio, ParserOptions parserOptions)
{
    /** FastNetMon's interface list, passed verbatim. */
    public static final String INTERFACES_KEY = "interfaces";
    /** FastNetMon 1.2.0's multiplier. */
    public static final String SAMPLING_RATIO_KEY = "pfring_sampling_ratio";

    /** Every key read, the switch included. */
    public static final List<ConfigKey> KEYS;

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(PfRingCaptureSourceProvider.NAME, "PF_RING capture on interfaces (default off)"),
            ConfigKey.of(INTERFACES_KEY, "PF_RING device string, verbatim: eth0,eth1 / eth0@1 / zc:eth0 (required)"),
            ConfigKey.of(SAMPLING_RATIO_KEY, "multiplier applied to every packet (default 1)")));
        keys.addAll(ParserOptions.KEYS);
        KEYS = List.copyOf(keys);
    }

    /**
     * @param config the configuration.
     * @return the settings.
     * @throws io.fnm.config.ConfigException when a key has a bad value.
     */
    public static PfRingSettings from(final ConfigView config)
    {
        final String device = config.string(INTERFACES_KEY, "").trim();
        if (device.isEmpty())
        {
            throw config.error(INTERFACES_KEY, "mirror = on needs interfaces");
        }
        return new PfRingSettings(device, config.longValue(SAMPLING_RATIO_KEY, 1, 1, Integer.MAX_VALUE),
            ParserOptions.from(config));
    }
}
