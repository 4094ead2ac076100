package io.fnm.actions;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.pcap.PcapFrame;
import io.fnm.core.AttackAction;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;

import java.nio.ByteBuffer;

/**
 * Drives a real {@link DetectionEngine} on a {@link ManualClock} through UDP floods, with records that carry the
 * Ethernet/IPv4/UDP or Ethernet/IPv6/UDP frame they describe (as a mirror source attaches them) or none (as a flow
 * source delivers them).
 */
public final class Floods
{
    /** The engine's start time. */
    public static final long START_MILLIS = 1_700_000_000_000L;
    /** Records sampled per attack. */
    public static final int DETAILS_RECORDS = 20;
    /** The pps threshold. */
    public static final long THRESHOLD_PPS = 1000;
    /** Frame length: Ethernet 14 + IPv4 20 + UDP 8 + 18 payload. */
    public static final int FRAME_LENGTH = 60;

    private Floods()
    {
    }

    /**
     * @return networks 10.0.0.0/8 and 2001:db8::/32, pps threshold {@value #THRESHOLD_PPS}, 1 s average,
     *         {@value #DETAILS_RECORDS} records per attack, ban 60 s.
     */
    public static EngineConfig config()
    {
        return EngineConfig.builder().network("10.0.0.0/8").network("2001:db8::/32")
            .averageCalculationTimeSeconds(1).banDetailsRecordsCount(DETAILS_RECORDS).banDetailsMaxWaitSeconds(5)
            .banTimeSeconds(60)
            .globalThresholds(Thresholds.builder().enableBan(true).enableBanIpv6(true)
                .threshold(ThresholdKind.PPS, THRESHOLD_PPS).build())
            .build();
    }

    /**
     * @param clock   the clock.
     * @param actions the actions.
     * @return a started engine without a tick thread or discovered providers.
     */
    public static DetectionEngine engine(final ManualClock clock, final AttackAction... actions)
    {
        final DetectionEngine.Builder b = DetectionEngine.builder(config()).clock(clock).tickThread(false)
            .discoverProviders(false);
        for (final AttackAction action : actions)
        {
            b.action(action);
        }
        final DetectionEngine engine = b.build();
        engine.start();
        return engine;
    }

    /**
     * Push {@code count} UDP records from 198.51.100.x (or 2001:db9::x) to {@code target} in the current second,
     * flush, advance the clock one second and tick.
     *
     * @param engine    the engine.
     * @param clock     its clock.
     * @param sink      the sink.
     * @param target    the attacked host (10.x or 2001:db8::x).
     * @param count     records.
     * @param withFrame whether each record carries its frame.
     */
    public static void second(final DetectionEngine engine, final ManualClock clock, final TrafficSink sink,
        final String target, final int count, final boolean withFrame)
    {
        final TrafficRecord record = new TrafficRecord();
        final byte[] frame = new byte[128];
        for (int i = 0; i < count; i++)
        {
            record.reset();
            fill(record, frame, target, i, clock.epochMillis() * 1_000_000L + i * 1000L, withFrame);
            sink.accept(record);
        }
        sink.flush();
        clock.advanceSeconds(1);
        engine.tick();
    }

    /**
     * @param record    the record to fill.
     * @param frame     a buffer of at least 128 bytes for the frame.
     * @param target    destination address.
     * @param i         sequence number (source address, port).
     * @param nanos     capture time.
     * @param withFrame whether to attach the frame.
     * @return the record.
     */
    public static TrafficRecord fill(final TrafficRecord record, final byte[] frame, final String target, final int i,
        final long nanos, final boolean withFrame)
    {
        final boolean v6 = target.indexOf(':') >= 0;
        final int srcPort = 1024 + i % 1000;
        final int dstPort = 53;
        if (v6)
        {
            final long[] dst = IpAddresses.parseIpv6(target);
            record.ipv6(0x20010db900000000L, 1 + i % 100, dst[0], dst[1]);
        }
        else
        {
            record.ipv4(IpAddresses.parseIpv4("198.51.100." + (1 + i % 100)), IpAddresses.parseIpv4(target));
        }
        record.protocol(TrafficRecord.PROTOCOL_UDP).ports(srcPort, dstPort).packets(1)
            .bytes(v6 ? FRAME_LENGTH + 6 : FRAME_LENGTH - 14).samplingRatio(1).ttl(64)
            .timestampMillis(nanos / 1_000_000L);
        if (withFrame)
        {
            final int length = v6 ? writeIpv6Frame(frame, record) : writeIpv4Frame(frame, record);
            record.packet().attach(frame, 0, length, length, PcapFrame.LINKTYPE_ETHERNET, nanos);
        }
        return record;
    }

    private static int writeIpv4Frame(final byte[] frame, final TrafficRecord record)
    {
        final ByteBuffer b = ByteBuffer.wrap(frame);
        b.put(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, (byte)0x88, (byte)0x99, 0x0a});
        b.putShort((short)0x0800);
        final int ip = b.position();
        b.put((byte)0x45).put((byte)0).putShort((short)(FRAME_LENGTH - 14)).putShort((short)1).putShort((short)0)
            .put((byte)64).put((byte)17).putShort((short)0).putInt(record.srcIpv4()).putInt(record.dstIpv4());
        int sum = 0;
        for (int i = ip; i < ip + 20; i += 2)
        {
            sum += ((frame[i] & 0xFF) << 8) | (frame[i + 1] & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        b.putShort(ip + 10, (short)~sum);
        b.putShort((short)record.srcPort()).putShort((short)record.dstPort()).putShort((short)(FRAME_LENGTH - 34))
            .putShort((short)0);
        while (b.position() < FRAME_LENGTH)
        {
            b.put((byte)'x');
        }
        return FRAME_LENGTH;
    }

    private static int writeIpv6Frame(final byte[] frame, final TrafficRecord record)
    {
        final ByteBuffer b = ByteBuffer.wrap(frame);
        b.put(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, (byte)0x88, (byte)0x99, 0x0a});
        b.putShort((short)0x86DD);
        final int payload = 8 + 18;
        b.putInt(0x60000000).putShort((short)payload).put((byte)17).put((byte)64)
            .putLong(record.srcIpv6High()).putLong(record.srcIpv6Low())
            .putLong(record.dstIpv6High()).putLong(record.dstIpv6Low());
        // UDP over IPv6 must carry a checksum; 0xffff stands for a computed zero, and tshark does not verify it
        b.putShort((short)record.srcPort()).putShort((short)record.dstPort()).putShort((short)payload)
            .putShort((short)0xFFFF);
        for (int i = 0; i < 18; i++)
        {
            b.put((byte)'y');
        }
        return b.position();
    }
}
