package io.fnm.actions.bgp.internal;

import io.fnm.actions.bgp.BgpPeer;
import io.fnm.capture.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class BgpSessionTest
{
    private static final long PEER_AS = 65000;
    private static final long LOCAL_AS = 65001;

    private final ManualClock clock = new ManualClock(1_000_000);
    private final RouteTable table = new RouteTable();
    private FakeBgpPeer peer;
    private BgpSpeaker speaker;
    private BgpSession session;

    @AfterEach
    void tearDown() throws Exception
    {
        if (speaker != null)
        {
            speaker.close();
        }
        if (peer != null)
        {
            peer.close();
        }
    }

    private void start() throws Exception
    {
        peer = new FakeBgpPeer();
        final BgpPeer config = new BgpPeer(InetAddress.getLoopbackAddress(), peer.port(), PEER_AS, LOCAL_AS,
            (Inet4Address)InetAddress.getByName("127.0.0.2"), 90, null);
        speaker = new BgpSpeaker(List.of(config), 0b1111, table, clock, TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(8), "test-bgp-speaker");
    }

    private static int[] codes(final byte[] notification)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(notification);
        return new int[] {buffer.get(BgpHeader.LENGTH) & 0xFF, buffer.get(BgpHeader.LENGTH + 1) & 0xFF};
    }

    private static void await(final LongSupplier value, final long expected)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (value.getAsLong() != expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertThat(value.getAsLong()).isEqualTo(expected);
    }

    private long errors()
    {
        return counter(BgpSpeaker.ERRORS);
    }

    private long counter(final io.fnm.capture.CounterDescriptor wanted)
    {
        final long[] sum = new long[1];
        speaker.counters("test", (descriptor, a, p, value) ->
        {
            if (descriptor == wanted)
            {
                sum[0] += value;
            }
        });
        return sum[0];
    }

    @Test
    void shouldEstablishAndAnnounceTableWhenPeerAnswersOpen() throws Exception
    {
        table.replace("ban", List.of(BgpVectors.ipv4Host()));
        start();

        peer.establish(PEER_AS);

        final byte[] update = peer.read();
        assertThat(BgpHeader.type(ByteBuffer.wrap(update), 0)).isEqualTo(BgpHeader.UPDATE);
        await(speaker::sessionsUp, 1);
    }

    @Test
    void shouldSendNotSynchronizedAndCountErrorWhenMarkerIsBroken() throws Exception
    {
        start();
        peer.establish(PEER_AS);
        final byte[] garbage = FakeBgpPeer.keepalive();
        garbage[0] = 0;

        peer.send(garbage);

        assertThat(codes(peer.readNotification())).containsExactly(BgpError.MESSAGE_HEADER,
            BgpError.HEADER_NOT_SYNCHRONIZED);
        await(this::errors, 1);
        assertThat(speaker.thread().isAlive()).isTrue();
    }

    @Test
    void shouldSendBadPeerAsWhenOpenComesFromAnotherAs() throws Exception
    {
        start();
        peer.accept();
        peer.read();

        peer.send(FakeBgpPeer.open(64999));

        assertThat(codes(peer.readNotification())).containsExactly(BgpError.OPEN_MESSAGE, BgpError.OPEN_BAD_PEER_AS);
        await(this::errors, 1);
    }

    @Test
    void shouldSendAttributeLengthErrorWhenUpdateAttributeOverrunsList() throws Exception
    {
        start();
        peer.establish(PEER_AS);
        final byte[] update = BgpVectors.all().get("update ipv4 /32 eBGP, communities, blackhole, large community")
            .encode();
        update[BgpHeader.LENGTH + 4 + 2] = (byte)200;

        peer.send(update);

        assertThat(codes(peer.readNotification())).containsExactly(BgpError.UPDATE_MESSAGE,
            BgpError.UPDATE_ATTRIBUTE_LENGTH);
    }

    @Test
    void shouldSendFsmErrorWhenOpenArrivesInEstablished() throws Exception
    {
        start();
        peer.establish(PEER_AS);

        peer.send(FakeBgpPeer.open(PEER_AS));

        assertThat(codes(peer.readNotification())).containsExactly(BgpError.FSM, BgpError.FSM_IN_ESTABLISHED);
    }

    @Test
    void shouldSendTableAgainWhenPeerAsksForRouteRefresh() throws Exception
    {
        table.replace("ban", List.of(BgpVectors.ipv4Host(), BgpVectors.dnsRule()));
        start();
        peer.establish(PEER_AS);
        peer.read();
        peer.read();
        final ByteBuffer refresh = ByteBuffer.allocate(BgpRouteRefresh.LENGTH);
        BgpRouteRefresh.encode(refresh, 1, 133);

        peer.send(FakeBgpPeer.bytes(refresh));

        final byte[] again = peer.read();
        assertThat(BgpHeader.type(ByteBuffer.wrap(again), 0)).isEqualTo(BgpHeader.UPDATE);
        assertThat(again).containsSequence(BgpVectors.dnsRule().nlri());
    }

    @Test
    void shouldSendHoldTimerExpiredWhenPeerIsSilentForHoldTime() throws Exception
    {
        start();
        peer.establish(PEER_AS);

        clock.advanceSeconds(91);
        speaker.routesChanged();

        assertThat(codes(peer.readNotification())).containsExactly(BgpError.HOLD_TIMER_EXPIRED, 0);
    }

    @Test
    void shouldWithdrawRouteWhenTableDropsIt() throws Exception
    {
        table.replace("ban", List.of(BgpVectors.ipv4Host()));
        start();
        peer.establish(PEER_AS);
        peer.read();

        table.replace("ban", List.of());
        speaker.routesChanged();

        final byte[] withdraw = peer.read();
        assertThat(withdraw).isEqualTo(BgpVectors.all().get("withdraw ipv4 /32").encode());
    }

    @Test
    void shouldCountNotificationAndReconnectAfterBackoffWhenPeerSendsCease() throws Exception
    {
        start();
        peer.establish(PEER_AS);
        await(speaker::sessionsUp, 1);
        final ByteBuffer cease = ByteBuffer.allocate(64);
        BgpNotification.encode(cease, BgpError.CEASE, 4, new byte[0]);

        peer.send(FakeBgpPeer.bytes(cease));
        await(speaker::sessionsUp, 0);
        clock.advanceSeconds(1);
        speaker.routesChanged();

        peer.establish(PEER_AS);
        await(speaker::sessionsUp, 1);
        await(() -> counter(BgpSpeaker.NOTIFICATIONS_RECEIVED), 1);
        await(() -> counter(BgpSpeaker.SESSIONS_ESTABLISHED), 2);
    }
}
