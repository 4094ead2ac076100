package io.fnm.capture.mirror;

import io.fnm.capture.packet.ParserOptions;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of the {@code mirror_afpacket} source: FastNetMon's keys with its defaults, and a few of fnm's own for
 * what FastNetMon hard-codes (ring size, threads).
 *
 * @param interfaces         {@code interfaces}: capture interfaces, comma-separated.
 * @param samplingRatio      {@code mirror_af_packet_custom_sampling_rate} (1): the multiplier every packet carries.
 * @param lengthFromIpHeader {@code af_packet_read_packet_length_from_ip_header} (off): count the IP total length.
 * @param fanoutMode         {@code mirror_af_packet_fanout_mode} (cpu).
 * @param threads            {@code mirror_af_packet_threads} (fnm; the number of CPUs, as FastNetMon): sockets and
 *                           threads per interface; more than one joins them in a fanout group.
 * @param blockSizeBytes     {@code mirror_af_packet_block_size} (fnm; 1 MiB; FastNetMon 4 MiB): ring block size.
 * @param blockCount         {@code mirror_af_packet_block_count} (fnm; 16; FastNetMon 64): ring blocks per socket.
 * @param lockRing           {@code mirror_af_packet_lock_ring} (fnm; off; FastNetMon always): {@code MAP_LOCKED}.
 * @param parserOptions      the parser's encapsulation keys.
 */
public record AfPacketSettings(List<String> interfaces, long samplingRatio, boolean lengthFromIpHeader,
    FanoutMode fanoutMode, int threads, int blockSizeBytes, int blockCount, boolean lockRing,
    ParserOptions parserOptions)
{
    /** FastNetMon's interface list. */
    public static final String INTERFACES_KEY = "interfaces";
    /** FastNetMon's multiplier. */
    public static final String SAMPLING_RATE_KEY = "mirror_af_packet_custom_sampling_rate";
    /** FastNetMon's IP-length switch. */
    public static final String LENGTH_FROM_IP_KEY = "af_packet_read_packet_length_from_ip_header";
    /** FastNetMon's fanout mode (which FastNetMon itself misreads). */
    public static final String FANOUT_MODE_KEY = "mirror_af_packet_fanout_mode";
    /** Sockets per interface. */
    public static final String THREADS_KEY = "mirror_af_packet_threads";
    /** Ring block size, bytes. */
    public static final String BLOCK_SIZE_KEY = "mirror_af_packet_block_size";
    /** Ring blocks per socket. */
    public static final String BLOCK_COUNT_KEY = "mirror_af_packet_block_count";
    /** MAP_LOCKED for the ring. */
    public static final String LOCK_RING_KEY = "mirror_af_packet_lock_ring";

    /** Every key read, the switch included. */
    public static final List<ConfigKey> KEYS;

    private static final int PAGE = 4096;

    static
    {
        final List<ConfigKey> keys = new ArrayList<>(List.of(
            ConfigKey.of(AfPacketCaptureSourceProvider.NAME,
                "AF_PACKET TPACKET_V3 capture on interfaces (default off)"),
            ConfigKey.of(INTERFACES_KEY, "comma-separated capture interfaces (required)"),
            ConfigKey.of(SAMPLING_RATE_KEY, "multiplier applied to every mirrored packet (default 1)"),
            ConfigKey.of(LENGTH_FROM_IP_KEY, "count the IP total length instead of the frame length (default off)"),
            ConfigKey.of(FANOUT_MODE_KEY, "cpu (default), lb, hash, random, rollover or queue_mapping"),
            ConfigKey.of(THREADS_KEY, "sockets and threads per interface, in one fanout group (default: CPUs)"),
            ConfigKey.of(BLOCK_SIZE_KEY, "ring block size in bytes, a multiple of 4096 (default 1048576)"),
            ConfigKey.of(BLOCK_COUNT_KEY, "ring blocks per socket (default 16)"),
            ConfigKey.of(LOCK_RING_KEY, "map the ring with MAP_LOCKED, needs RLIMIT_MEMLOCK (default off)")));
        keys.addAll(ParserOptions.KEYS);
        KEYS = List.copyOf(keys);
    }

    /**
     * @param config the configuration.
     * @return the settings.
     * @throws io.fnm.config.ConfigException when a key has a bad value.
     */
    public static AfPacketSettings from(final ConfigView config)
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
            throw config.error(INTERFACES_KEY, "mirror_afpacket = on needs at least one interface");
        }
        final FanoutMode mode = FanoutMode.parse(config.string(FANOUT_MODE_KEY, "cpu"));
        if (mode == null)
        {
            throw config.error(FANOUT_MODE_KEY, "must be one of " + Arrays.stream(FanoutMode.values())
                .map(FanoutMode::text).toList());
        }
        final int blockSize = config.intValue(BLOCK_SIZE_KEY, 1 << 20, PAGE, 1 << 30);
        if (blockSize % PAGE != 0)
        {
            throw config.error(BLOCK_SIZE_KEY, "must be a multiple of " + PAGE + ": " + blockSize);
        }
        return new AfPacketSettings(List.copyOf(interfaces),
            config.longValue(SAMPLING_RATE_KEY, 1, 1, Integer.MAX_VALUE),
            config.bool(LENGTH_FROM_IP_KEY, false), mode,
            config.intValue(THREADS_KEY, Runtime.getRuntime().availableProcessors(), 1, 256),
            blockSize, config.intValue(BLOCK_COUNT_KEY, 16, 2, 65536), config.bool(LOCK_RING_KEY, false),
            ParserOptions.from(config));
    }
}
