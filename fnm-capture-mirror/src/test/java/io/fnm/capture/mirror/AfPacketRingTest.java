package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.mirror.internal.PacketNative;
import io.fnm.capture.packet.ParserOptions;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TPACKET_V3 block walk over memory the test lays out as a ring of one block, since the kernel never writes a
 * packet whose {@code tp_snaplen} lies. The ring is never closed: its memory is the test's, not an mmap.
 */
class AfPacketRingTest
{
    private static final int BLOCK_BYTES = 4096;
    private static final int FIRST_PACKET = 48;
    private static final int PACKET_BYTES = 512;
    private static final int MAC_OFFSET = 64;
    private static final int PAST_THE_BLOCK = BLOCK_BYTES;
    private static final int PAST_THE_WIRE_LENGTH = -2;

    private final List<TrafficRecord> records = new ArrayList<>();
    private final TrafficSink sink = record -> records.add(new TrafficRecord().copyFrom(record));
    private final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
    private final MirrorCounters counters = new MirrorCounters("test");
    private final Pointer memory = Memory.allocateDirect(PacketNative.runtime(), BLOCK_BYTES, true);

    AfPacketRingTest()
    {
        counters.register(handler);
    }

    private void packet(final int index, final byte[] frame, final int snaplen, final int len, final boolean last)
    {
        final int packet = FIRST_PACKET + index * PACKET_BYTES;
        memory.putInt(packet, last ? 0 : PACKET_BYTES);
        memory.putInt(packet + 4, 1_700_000_000);
        memory.putInt(packet + 12, snaplen);
        memory.putInt(packet + 16, len);
        memory.putShort(packet + 24, (short)MAC_OFFSET);
        memory.put(packet + MAC_OFFSET, frame, 0, frame.length);
    }

    @ParameterizedTest(name = "tp_snaplen {0}")
    @ValueSource(ints = {-1, 0, PAST_THE_BLOCK, PAST_THE_WIRE_LENGTH})
    void shouldCountAPacketWhoseSnaplenIsOutOfRangeAndReadThePacketsAfterIt(final int snaplen)
    {
        final byte[] good = Frames.ipv4("198.51.100.7", "10.0.0.5").udp(123, 4444).payload(100).build();
        final byte[] lying = Frames.ipv4("198.51.100.7", "10.0.0.66").udp(123, 4444).payload(100).build();
        memory.putInt(8, AfPacketRing.TP_STATUS_USER);
        memory.putInt(12, 3);
        memory.putInt(16, FIRST_PACKET);
        packet(0, good, good.length, good.length, false);
        if (snaplen == PAST_THE_WIRE_LENGTH)
        {
            packet(1, lying, lying.length + 1, lying.length, false);
        }
        else
        {
            packet(1, lying, snaplen, Math.max(lying.length, snaplen), false);
        }
        packet(2, good, good.length, good.length, true);
        final AfPacketRing ring = new AfPacketRing(PacketNative.libc(), "test0", -1, memory, BLOCK_BYTES, 1);

        ring.readOrWait(handler, 0);

        assertThat(counters.unparsed(FrameHandler.BAD_CAPTURED_LENGTH)).isEqualTo(1);
        assertThat(records).hasSize(2).allMatch(record -> record.dstIpv4() == IpAddresses.parseIpv4("10.0.0.5"));
        assertThat(ring.corruptBlocks()).isZero();
        assertThat(memory.getInt(8)).as("block given back").isEqualTo(AfPacketRing.TP_STATUS_KERNEL);
    }
}
