package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.ParserOptions;
import io.fnm.capture.pcap.PcapFrame;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameHandlerTest
{
    private static final long NANOS = 1_700_000_000_123_456_789L;

    private final List<TrafficRecord> records = new ArrayList<>();
    private final TrafficSink sink = record -> records.add(new TrafficRecord().copyFrom(record));

    @Test
    void shouldDeliverTheParsedRecordWithItsFrameAttachedWhenGivenAnEthernetFrame()
    {
        final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").vlan(12).tcp(40000, 80, 0x02).build();

        final boolean delivered = handler.onFrame(NANOS, PcapFrame.LINKTYPE_ETHERNET, frame, 0, frame.length,
            frame.length + 100);

        assertThat(delivered).isTrue();
        final TrafficRecord record = records.get(0);
        assertThat(record.srcIpv4()).isEqualTo(IpAddresses.parseIpv4("198.51.100.7"));
        assertThat(record.dstIpv4()).isEqualTo(IpAddresses.parseIpv4("10.0.0.5"));
        assertThat(record.isTcpSyn()).isTrue();
        assertThat(record.vlan()).isEqualTo(12);
        assertThat(record.packets()).isEqualTo(1);
        assertThat(record.bytes()).isEqualTo(frame.length + 100);
        assertThat(record.timestampMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(record.packet().capturedLength()).isEqualTo(frame.length);
        assertThat(record.packet().wireLength()).isEqualTo(frame.length + 100);
        assertThat(record.packet().linkType()).isEqualTo(PcapFrame.LINKTYPE_ETHERNET);
        assertThat(record.packet().timestampNanos()).isEqualTo(NANOS);
        assertThat(record.packet().byteAt(12)).isEqualTo((byte)0x81);
    }

    @Test
    void shouldCarryTheSamplingRatioAndTheIpLengthWhenConfigured()
    {
        final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 16, true, 2048);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").udp(53, 4444).payload(100).build();

        handler.onFrame(NANOS, PcapFrame.LINKTYPE_ETHERNET, frame, 0, 60, 1500);

        assertThat(records.get(0).samplingRatio()).isEqualTo(16);
        assertThat(records.get(0).bytes()).isEqualTo(20 + 8 + 100);
    }

    @Test
    void shouldCountAnUnsupportedLinkTypeWithoutDeliveringAnything()
    {
        final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        final MirrorCounters counters = new MirrorCounters("test");
        counters.register(handler);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").build();

        handler.onFrame(NANOS, 147, frame, 0, frame.length, frame.length);

        assertThat(records).isEmpty();
        assertThat(counters.frames()).isEqualTo(1);
        assertThat(counters.unparsed(FrameHandler.UNSUPPORTED_LINK_TYPE)).isEqualTo(1);
    }

    @Test
    void shouldCountACapturedLengthPastTheArrayAsBadCapturedLength()
    {
        final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        final MirrorCounters counters = new MirrorCounters("test");
        counters.register(handler);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").build();

        handler.onFrame(NANOS, PcapFrame.LINKTYPE_ETHERNET, frame, 4, frame.length, frame.length);

        assertThat(records).isEmpty();
        assertThat(counters.unparsed(FrameHandler.BAD_CAPTURED_LENGTH)).isEqualTo(1);
        assertThat(counters.unparsed(FrameHandler.UNSUPPORTED_LINK_TYPE)).isZero();
    }

    @Test
    void shouldCountATruncatedFrameByReason()
    {
        final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        final MirrorCounters counters = new MirrorCounters("test");
        counters.register(handler);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").build();

        handler.onFrame(NANOS, PcapFrame.LINKTYPE_ETHERNET, frame, 0, 20, frame.length);

        assertThat(records).isEmpty();
        assertThat(counters.unparsed("truncated")).isEqualTo(1);
        assertThat(counters.records()).isZero();
    }

    @Test
    void shouldReadALinuxCookedCaptureWhenItCarriesIpv6()
    {
        final FrameHandler handler = new FrameHandler(sink, ParserOptions.DEFAULTS, 1, false, 2048);
        final byte[] ethernet = Frames.ipv6("2001:db8::1", "2001:db8::2").icmp(128).build();
        final byte[] cooked = new byte[16 + ethernet.length - 14];
        cooked[14] = (byte)0x86;
        cooked[15] = (byte)0xDD;
        System.arraycopy(ethernet, 14, cooked, 16, ethernet.length - 14);

        handler.onFrame(NANOS, PcapFrame.LINKTYPE_LINUX_SLL, cooked, 0, cooked.length, cooked.length);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).ipVersion()).isEqualTo(TrafficRecord.IPV6);
        assertThat(records.get(0).protocol()).isEqualTo(TrafficRecord.PROTOCOL_ICMPV6);
    }

    @Test
    void shouldAllocateNothingPerFrameWhenTheThreadBufferIsReused()
    {
        final long[] seen = new long[1];
        final FrameHandler handler = new FrameHandler(record -> seen[0] += record.bytes(), ParserOptions.DEFAULTS, 1,
            false, 2048);
        final byte[] frame = Frames.ipv4("198.51.100.7", "10.0.0.5").qinq(10, 20).udp(123, 9999).build();
        final byte[] buffer = handler.buffer(frame.length);
        System.arraycopy(frame, 0, buffer, 0, frame.length);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200_000; i++)
        {
            handler.onFrame(NANOS + i, PcapFrame.LINKTYPE_ETHERNET, buffer, 0, frame.length, frame.length);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();

        for (int i = 0; i < 100_000; i++)
        {
            handler.onFrame(NANOS + i, PcapFrame.LINKTYPE_ETHERNET, buffer, 0, frame.length, frame.length);
        }

        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(seen[0]).isEqualTo(300_000L * frame.length);
        assertThat(allocated).as("bytes allocated for 100 000 frames").isLessThan(1024);
    }
}
