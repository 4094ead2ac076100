package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFrame;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path the live pcap reader takes after {@code pcap_next_ex} (and PF_RING's after {@code pfring_recv}): a
 * {@code struct pcap_pkthdr} and the frame's bytes in native memory, here allocated by the test with jnr-ffi, since
 * libpcap itself never hands over a header whose {@code caplen} lies.
 */
class NativePacketHeaderTest
{
    private static final int SNAP_LENGTH = 256;
    private static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getSystemRuntime();

    private final List<TrafficRecord> records = new ArrayList<>();
    private final TrafficSink sink = record -> records.add(new TrafficRecord().copyFrom(record));
    private final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 64);
    private final MirrorCounters counters = new MirrorCounters("test");
    private final Pointer header = Memory.allocateDirect(RUNTIME, NativePacketHeader.BYTES, true);

    NativePacketHeaderTest()
    {
        counters.register(handler);
    }

    private static Pointer nativeCopy(final byte[] frame)
    {
        final Pointer data = Memory.allocateDirect(RUNTIME, frame.length, true);
        data.put(0, frame, 0, frame.length);
        return data;
    }

    private boolean deliver(final Pointer data, final long seconds, final long micros, final int caplen,
        final int len)
    {
        header.putLong(NativePacketHeader.SECONDS, seconds);
        header.putLong(NativePacketHeader.MICROS, micros);
        header.putInt(NativePacketHeader.CAPTURED_LENGTH, caplen);
        header.putInt(NativePacketHeader.WIRE_LENGTH, len);
        return NativePacketHeader.deliver(handler, header.address(), data.address(), PcapFrame.LINKTYPE_ETHERNET,
            SNAP_LENGTH);
    }

    static Stream<Arguments> lyingCaplens()
    {
        return LyingCaplens.upTo(SNAP_LENGTH);
    }

    @ParameterizedTest(name = "caplen {0}")
    @MethodSource("lyingCaplens")
    void shouldCountAHeaderWhoseCaplenIsOutOfRangeAndParseTheFrameAfterIt(final String what, final byte[] lying,
        final int caplen)
    {
        final byte[] good = LyingCaplens.udp("10.0.0.5", 100);

        final boolean lyingDelivered = deliver(nativeCopy(lying), 1, 0, caplen, lying.length);
        final boolean goodDelivered = deliver(nativeCopy(good), 1, 1, good.length, good.length);

        assertThat(lyingDelivered).isFalse();
        assertThat(goodDelivered).isTrue();
        assertThat(counters.unparsed(FrameHandler.BAD_CAPTURED_LENGTH)).isEqualTo(1);
        assertThat(counters.frames()).isEqualTo(2);
        assertThat(records).singleElement()
            .satisfies(record -> assertThat(record.dstIpv4()).isEqualTo(IpAddresses.parseIpv4("10.0.0.5")));
    }

    @Test
    void shouldDeliverAFrameCutAtTheSnapLengthWithItsTimeAndWireLength()
    {
        final byte[] frame = LyingCaplens.udp("10.0.0.5", 400);

        final boolean delivered = deliver(nativeCopy(frame), 1_700_000_000L, 250_000L, SNAP_LENGTH, frame.length);

        assertThat(delivered).isTrue();
        assertThat(records).singleElement().satisfies(record ->
        {
            assertThat(record.timestampMillis()).isEqualTo(1_700_000_000_250L);
            assertThat(record.packet().capturedLength()).isEqualTo(SNAP_LENGTH);
            assertThat(record.packet().wireLength()).isEqualTo(frame.length);
            assertThat(record.bytes()).isEqualTo(frame.length);
        });
        assertThat(counters.unparsed(FrameHandler.BAD_CAPTURED_LENGTH)).isZero();
    }
}
