package io.fnm.capture.pcap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapFileReaderTest
{
    private static byte[] udpFrame()
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + 4 + 20 + 8 + 3);
        b.put(new byte[12]).putShort((short)0x8100).putShort((short)7).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)31).putInt(0).put((byte)64).put((byte)17).putShort((short)0)
            .putInt(0xC0000201).putInt(0xC0000264);
        b.putShort((short)40000).putShort((short)2055).putShort((short)11).putShort((short)0);
        b.put(new byte[]{9, 8, 7});
        return b.array();
    }

    private static byte[] pcap(final boolean bigEndian, final byte[] frame)
    {
        final ByteBuffer b = ByteBuffer.allocate(24 + 16 + frame.length)
            .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1_700_000_000).putInt(5).putInt(frame.length).putInt(frame.length).put(frame);
        return b.array();
    }

    private static byte[] pcapng(final byte[] frame)
    {
        final int padded = (frame.length + 3) & ~3;
        final ByteBuffer b = ByteBuffer.allocate(28 + 20 + 32 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1)
            .putInt(28);
        b.putInt(1).putInt(20).putShort((short)1).putShort((short)0).putInt(0).putInt(20);
        b.putInt(6).putInt(32 + padded).putInt(0).putInt(0).putInt(1_000_000).putInt(frame.length)
            .putInt(frame.length).put(frame).put(new byte[padded - frame.length]).putInt(32 + padded);
        return b.array();
    }

    @Test
    void shouldReadPcapOfEitherByteOrderAndExtractTheUdpDatagramBehindAVlanTag() throws IOException
    {
        for (final boolean bigEndian : new boolean[]{true, false})
        {
            final PcapFrame frame = new PcapFrame();
            final UdpDatagram udp = new UdpDatagram();
            try (PcapFileReader reader = PcapFileReader.open(new ByteArrayInputStream(pcap(bigEndian, udpFrame()))))
            {
                assertThat(reader.next(frame)).isTrue();
                assertThat(frame.timestampNanos()).isEqualTo(1_700_000_000_000_005_000L);
                assertThat(UdpDatagramExtractor.extract(frame.linkType(), frame.data(), udp)).isTrue();
                assertThat(udp.srcIpv4()).isEqualTo(0xC0000201);
                assertThat(udp.dstPort()).isEqualTo(2055);
                assertThat(udp.payloadLength()).isEqualTo(3);
                assertThat(frame.data().get(udp.payloadOffset())).isEqualTo((byte)9);
                assertThat(reader.next(frame)).isFalse();
            }
        }
    }

    @Test
    void shouldReadPcapngEnhancedPacketBlocks() throws IOException
    {
        final PcapFrame frame = new PcapFrame();
        try (PcapFileReader reader = PcapFileReader.open(new ByteArrayInputStream(pcapng(udpFrame()))))
        {
            assertThat(reader.isPcapng()).isTrue();
            assertThat(reader.next(frame)).isTrue();
            assertThat(frame.linkType()).isEqualTo(PcapFrame.LINKTYPE_ETHERNET);
            assertThat(frame.capturedLength()).isEqualTo(udpFrame().length);
            assertThat(frame.timestampNanos()).isEqualTo(1_000_000_000L);
            assertThat(reader.next(frame)).isFalse();
        }
    }

    @Test
    void shouldThrowOnlyIoExceptionForCorruptFiles()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[][] seeds = {pcap(true, udpFrame()), pcap(false, udpFrame()), pcapng(udpFrame())};
        final PcapFrame frame = new PcapFrame();
        final UdpDatagram udp = new UdpDatagram();
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] seed = seeds[i % seeds.length];
            final byte[] bytes = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            for (int flips = 0; flips < 3 && bytes.length > 0; flips++)
            {
                bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
            }
            try (PcapFileReader reader = PcapFileReader.open(new ByteArrayInputStream(bytes)))
            {
                while (reader.next(frame))
                {
                    UdpDatagramExtractor.extract(frame.linkType(), frame.data(), udp);
                }
            }
            catch (final IOException expected)
            {
                // corrupt: the only failure allowed
            }
        }
    }

    @Test
    void shouldRejectAFileThatIsNotACapture()
    {
        assertThatThrownBy(() -> PcapFileReader.open(new ByteArrayInputStream(new byte[]{1, 2, 3, 4, 5, 6})))
            .isInstanceOf(IOException.class);
    }
}
