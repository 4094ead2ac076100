package io.fnm.capture.mirror;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of the {@code pcap_file} source (keys of fnm's own: FastNetMon has no file replay).
 *
 * @param files             {@code pcap_file_path}: the captures, replayed in order.
 * @param recordedSpeed     {@code pcap_file_speed}: {@code recorded} (default) paces frames at their capture
 *                          intervals, {@code max} replays as fast as the files can be read.
 * @param lengthFromIpHeader {@code pcap_file_read_packet_length_from_ip_header}: count the IP total length.
 * @param parserOptions     the parser's encapsulation keys ({@link ParserOptions#KEYS}).
 */
public record PcapFileSettings(List<Path> files, boolean recordedSpeed, boolean lengthFromIpHeader,
    ParserOptions parserOptions)
{
    /** The comma-separated capture files. */
    public static final String PATH_KEY = "pcap_file_path";
    /** {@code recorded} or {@code max}. */
    public static final String SPEED_KEY = "pcap_file_speed";
    /** Count the IP total length instead of the frame length. */
    public static final String LENGTH_FROM_IP_KEY = "pcap_file_read_packet_length_from_ip_header";

    /** Every key read, the switch included. */
    public static final List<ConfigKey> KEYS;

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(PcapFileCaptureSourceProvider.NAME,
                "replays pcap/pcapng files of mirrored traffic into the engine (default off)"),
            ConfigKey.of(PATH_KEY, "comma-separated pcap or pcapng files, replayed in order (required)"),
            ConfigKey.of(SPEED_KEY, "recorded (default): at the capture's pace; max: as fast as possible"),
            ConfigKey.of(LENGTH_FROM_IP_KEY, "count the IP total length instead of the frame length (default off)")));
        keys.addAll(ParserOptions.KEYS);
        KEYS = List.copyOf(keys);
    }

    /**
     * @param config the configuration.
     * @return the settings.
     * @throws io.fnm.config.ConfigException when a key has a bad value or no file is named.
     */
    public static PcapFileSettings from(final ConfigView config)
    {
        final List<Path> files = new ArrayList<>();
        for (final String file : config.list(PATH_KEY))
        {
            files.add(Path.of(file));
        }
        if (files.isEmpty())
        {
            throw config.error(PATH_KEY, "pcap_file = on needs at least one file");
        }
        final String speed = config.string(SPEED_KEY, "recorded").trim().toLowerCase(Locale.ROOT);
        if (!"recorded".equals(speed) && !"max".equals(speed))
        {
            throw config.error(SPEED_KEY, "must be recorded or max, not '" + speed + "'");
        }
        return new PcapFileSettings(List.copyOf(files), "recorded".equals(speed),
            config.bool(LENGTH_FROM_IP_KEY, false), ParserOptions.from(config));
    }
}
