package io.fnm.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the pcap that {@code benchmarks/mirror-whole-process.sh} replays onto a veth with {@code tcpreplay}:
 * {@code java -cp benchmarks.jar io.fnm.benchmarks.MirrorLoadPcap FILE [FRAMES]}. 64-byte Ethernet frames (UDP,
 * TCP SYN and TCP ACK in equal parts) from random remote addresses to 4 096 hosts of 10.0.0.0/16, seed 7.
 */
public final class MirrorLoadPcap
{
    private MirrorLoadPcap()
    {
    }

    /**
     * @param args the file, then the frame count (100 000 by default).
     * @throws IOException when the file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path file = Path.of(args[0]);
        final int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        final SplittableRandom random = new SplittableRandom(7);
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer frame = ByteBuffer.allocate(64);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))
        {
            header.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535)
                .putInt(1);
            out.write(header.array(), 0, 24);
            for (int i = 0; i < count; i++)
            {
                final int kind = i % 3;
                frame.clear();
                frame.putInt(0x02000000).putShort((short)0x0002).putInt(0x02000000).putShort((short)0x0001)
                    .putShort((short)0x0800).put((byte)0x45).put((byte)0).putShort((short)(kind == 0 ? 28 : 40))
                    .putInt(0).put((byte)64).put((byte)(kind == 0 ? 17 : 6)).putShort((short)0)
                    .putInt(0xC0000000 | random.nextInt(1 << 24)).putInt(0x0A000000 | random.nextInt(4096))
                    .putShort((short)(1024 + random.nextInt(60000))).putShort((short)(kind == 0 ? 53 : 80));
                if (kind == 0)
                {
                    frame.putShort((short)8).putShort((short)0);
                }
                else
                {
                    frame.putInt(random.nextInt()).putInt(0).put((byte)0x50).put((byte)(kind == 1 ? 0x02 : 0x10))
                        .putShort((short)0xFFFF).putInt(0);
                }
                while (frame.position() < 60)
                {
                    frame.put((byte)0);
                }
                header.clear();
                header.putInt(1_700_000_000 + i / 1_000_000).putInt(i % 1_000_000).putInt(frame.position())
                    .putInt(frame.position());
                out.write(header.array(), 0, 16);
                out.write(frame.array(), 0, frame.position());
            }
        }
    }
}
