package io.fnm.capture.netflow;

import java.nio.ByteBuffer;

/**
 * Reads NetFlow/IPFIX field values: unsigned integers of any encoded length and the three time encodings
 * (uptime-relative milliseconds, NTP timestamps).
 */
final class FieldValues
{
    private static final long NTP_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private FieldValues()
    {
    }

    /**
     * @param b      the datagram.
     * @param offset where the field starts.
     * @param length its encoded length; reduced-size encodings (3, 5, 6, 7 bytes) are widened, longer fields keep
     *               their low 8 bytes.
     * @return the unsigned value.
     */
    static long unsigned(final ByteBuffer b, final int offset, final int length)
    {
        switch (length)
        {
            case 1:
                return b.get(offset) & 0xFFL;
            case 2:
                return b.getShort(offset) & 0xFFFFL;
            case 4:
                return b.getInt(offset) & 0xFFFF_FFFFL;
            case 8:
                return b.getLong(offset);
            default:
                final int from = length > 8 ? offset + length - 8 : offset;
                long value = 0;
                for (int i = from; i < offset + length; i++)
                {
                    value = (value << 8) | (b.get(i) & 0xFF);
                }
                return value;
        }
    }

    /**
     * @param switched   a flow time in milliseconds of exporter uptime.
     * @param uptime     the exporter's uptime when it exported, in milliseconds.
     * @param exportTime the export time, epoch milliseconds.
     * @return the flow time in epoch milliseconds (uptime wrap-around taken into account).
     */
    static long uptimeToEpoch(final long switched, final long uptime, final long exportTime)
    {
        return exportTime - ((uptime - switched) & 0xFFFF_FFFFL);
    }

    /**
     * @param ntp a 64-bit NTP timestamp (seconds since 1900, 32-bit fraction).
     * @return epoch milliseconds.
     */
    static long ntpToEpochMillis(final long ntp)
    {
        final long seconds = (ntp >>> 32) - NTP_EPOCH_OFFSET_SECONDS;
        final long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1000L + ((fraction * 1000L) >>> 32);
    }
}
