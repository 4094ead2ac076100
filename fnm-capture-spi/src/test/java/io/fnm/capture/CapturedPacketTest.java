package io.fnm.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedPacketTest
{
    @Test
    void shouldKeepTheFrameBytesWhenTheRecordIsCopiedAndTheCaptureBufferIsReused()
    {
        final byte[] buffer = {9, 9, 1, 2, 3, 9};
        final TrafficRecord live = new TrafficRecord();
        live.packet().attach(buffer, 2, 3, 60, 1, 123_456_789L);
        final TrafficRecord kept = new TrafficRecord().copyFrom(live);
        buffer[2] = 7;
        live.reset();

        final byte[] out = new byte[3];
        assertThat(kept.packet().copyTo(out, 0)).isEqualTo(3);
        assertThat(out).containsExactly(1, 2, 3);
        assertThat(kept.packet().wireLength()).isEqualTo(60);
        assertThat(kept.packet().linkType()).isEqualTo(1);
        assertThat(kept.packet().timestampNanos()).isEqualTo(123_456_789L);
        assertThat(live.packet().isPresent()).isFalse();
    }

    @Test
    void shouldCopyNoFrameWhenTheSourceRecordHasNone()
    {
        final TrafficRecord kept = new TrafficRecord();
        kept.packet().attach(new byte[] {1}, 0, 1, 1, 1, 1);
        kept.copyFrom(new TrafficRecord());

        assertThat(kept.packet().isPresent()).isFalse();
        assertThat(kept.packet().capturedLength()).isZero();
    }
}
