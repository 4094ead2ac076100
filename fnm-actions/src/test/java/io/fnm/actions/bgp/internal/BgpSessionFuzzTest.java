package io.fnm.actions.bgp.internal;

import io.fnm.actions.bgp.BgpPeer;
import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that sends one seeded hostile message in an Established session, then asks for a route refresh: the session
 * either answers the refresh (the message was acceptable) or sends a NOTIFICATION and counts one error (or, when the
 * message was itself a NOTIFICATION, counts it and closes). The speaker's thread always survives.
 */
class BgpSessionFuzzTest
{
    static LongStream seeds()
    {
        return LongStream.range(0, 24);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldAnswerNotificationAndCountErrorWhenPeerSendsHostileMessage(final long seed) throws Exception
    {
        final Random random = new Random(seed);
        final RouteTable table = new RouteTable();
        table.replace("ban", List.of(BgpVectors.ipv4Host()));
        try (FakeBgpPeer peer = new FakeBgpPeer())
        {
            final BgpPeer config = new BgpPeer(InetAddress.getLoopbackAddress(), peer.port(), 65000, 65001,
                (Inet4Address)InetAddress.getByName("127.0.0.2"), 90, null);
            try (BgpSpeaker speaker = new BgpSpeaker(List.of(config), 0b1111, table, new ManualClock(0),
                TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), "fuzz-bgp-speaker"))
            {
                peer.establish(65000);
                peer.read();
                final byte[] hostile = hostile(random);
                final ByteBuffer refresh = ByteBuffer.allocate(BgpRouteRefresh.LENGTH);
                BgpRouteRefresh.encode(refresh, 1, 1);

                peer.send(hostile);
                peer.send(FakeBgpPeer.bytes(refresh));

                final byte[] answer = readOrNull(peer);
                final int type = answer == null ? -1 : BgpHeader.type(ByteBuffer.wrap(answer), 0);
                final String what = java.util.HexFormat.of().formatHex(hostile);
                if (type == BgpHeader.NOTIFICATION)
                {
                    awaitCounter(speaker, BgpSpeaker.ERRORS, 1, what);
                }
                else if (type == -1)
                {
                    awaitCounter(speaker, BgpSpeaker.NOTIFICATIONS_RECEIVED, 1, what);
                }
                else
                {
                    assertThat(type).as(what).isEqualTo(BgpHeader.UPDATE);
                    assertThat(counter(speaker, BgpSpeaker.ERRORS)).as(what).isZero();
                }
                assertThat(speaker.thread().isAlive()).isTrue();
            }
        }
    }

    /**
     * One of our messages with body bytes, the type or the marker changed, or cut short with its length adjusted:
     * the framing always stays aligned so the refresh behind it is read as a message of its own.
     */
    private static byte[] hostile(final Random random)
    {
        final List<byte[]> bases = new ArrayList<>();
        for (final BgpVectors.Vector vector : BgpVectors.all().values())
        {
            bases.add(vector.encode());
        }
        byte[] bytes = bases.get(random.nextInt(bases.size())).clone();
        switch (random.nextInt(4))
        {
            case 0 ->
            {
                if (bytes.length > BgpHeader.LENGTH)
                {
                    for (int i = 0, n = 1 + random.nextInt(6); i < n; i++)
                    {
                        bytes[BgpHeader.LENGTH + random.nextInt(bytes.length - BgpHeader.LENGTH)] =
                            (byte)random.nextInt(256);
                    }
                }
            }
            case 1 -> bytes[BgpHeader.TYPE_OFFSET] = (byte)random.nextInt(256);
            case 2 -> bytes[random.nextInt(BgpHeader.MARKER_LENGTH)] = (byte)random.nextInt(255);
            default ->
            {
                bytes = java.util.Arrays.copyOf(bytes, BgpHeader.LENGTH + random.nextInt(bytes.length -
                    BgpHeader.LENGTH + 1));
                ByteBuffer.wrap(bytes).putShort(BgpHeader.LENGTH_OFFSET, (short)bytes.length);
            }
        }
        return bytes;
    }

    private static byte[] readOrNull(final FakeBgpPeer peer) throws Exception
    {
        try
        {
            byte[] message = peer.read();
            while (BgpHeader.type(ByteBuffer.wrap(message), 0) == BgpHeader.KEEPALIVE)
            {
                message = peer.read();
            }
            return message;
        }
        catch (final java.io.EOFException | java.net.SocketException ex)
        {
            return null;
        }
    }

    private static void awaitCounter(final BgpSpeaker speaker, final CounterDescriptor descriptor,
        final long expected, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter(speaker, descriptor) != expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertThat(counter(speaker, descriptor)).as(what).isEqualTo(expected);
    }

    private static long counter(final BgpSpeaker speaker, final CounterDescriptor wanted)
    {
        final long[] sum = new long[1];
        speaker.counters("fuzz", (descriptor, a, p, value) ->
        {
            if (descriptor == wanted)
            {
                sum[0] += value;
            }
        });
        return sum[0];
    }
}
