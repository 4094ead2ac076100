package io.fnm.actions.bgp.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class BgpMessageDecodingTest
{
    private final BgpError error = new BgpError();

    private static ByteBuffer message(final String name)
    {
        return ByteBuffer.wrap(BgpVectors.all().get(name).encode());
    }

    @Test
    void shouldReadCapabilitiesWhenDecodingOpen()
    {
        final BgpOpen open = new BgpOpen();

        final boolean valid = open.wrap(message("open AS65001 hold 90, four families, route refresh, 4-octet AS"), 0,
            65001, error);

        assertThat(valid).isTrue();
        assertThat(open.peerAs()).isEqualTo(65001);
        assertThat(open.holdTimeSeconds()).isEqualTo(90);
        assertThat(open.identifier()).isEqualTo(0xC0000201);
        assertThat(open.families()).isEqualTo(0b1111);
        assertThat(open.routeRefresh()).isTrue();
        assertThat(open.fourOctetAs()).isTrue();
    }

    @Test
    void shouldTakeAsFromCapabilityWhenOpenCarriesAsTrans()
    {
        final BgpOpen open = new BgpOpen();

        assertThat(open.wrap(message("open AS4200000001 (AS_TRANS)"), 0, 4_200_000_001L, error)).isTrue();
        assertThat(open.peerAs()).isEqualTo(4_200_000_001L);
        assertThat(open.families()).isEqualTo(BgpFamily.IPV4_UNICAST.bit());
    }

    @Test
    void shouldAnswerBadPeerAsWhenOpenComesFromAnotherAs()
    {
        final boolean valid = new BgpOpen().wrap(message("open AS4200000001 (AS_TRANS)"), 0, 65000, error);

        assertThat(valid).isFalse();
        assertThat(error.code()).isEqualTo(BgpError.OPEN_MESSAGE);
        assertThat(error.subcode()).isEqualTo(BgpError.OPEN_BAD_PEER_AS);
    }

    @Test
    void shouldAnswerUnsupportedVersionWhenOpenIsVersion3()
    {
        final ByteBuffer open = message("open AS65001 hold 90, four families, route refresh, 4-octet AS");
        open.put(BgpHeader.LENGTH, (byte)3);

        assertThat(new BgpOpen().wrap(open, 0, 65001, error)).isFalse();
        assertThat(error.code()).isEqualTo(BgpError.OPEN_MESSAGE);
        assertThat(error.subcode()).isEqualTo(BgpError.OPEN_UNSUPPORTED_VERSION);
        assertThat(error.data()).containsExactly(0, 4);
    }

    @Test
    void shouldAnswerUnacceptableHoldTimeWhenOpenOffersTwoSeconds()
    {
        final ByteBuffer open = message("open AS65001 hold 90, four families, route refresh, 4-octet AS");
        open.putShort(BgpHeader.LENGTH + 3, (short)2);

        assertThat(new BgpOpen().wrap(open, 0, 65001, error)).isFalse();
        assertThat(error.subcode()).isEqualTo(BgpError.OPEN_UNACCEPTABLE_HOLD_TIME);
    }

    @Test
    void shouldCountPrefixesWhenValidatingUpdate()
    {
        final BgpUpdate update = BgpUpdate.decoder();

        assertThat(update.validate(message("update ipv4 /32 eBGP, communities, blackhole, large community"), 0, error))
            .isTrue();
        assertThat(update.nlriCount()).isEqualTo(1);
        assertThat(update.attributeCount()).isEqualTo(5);
    }

    @Test
    void shouldAcceptEveryUpdateWeSendWhenValidating()
    {
        final BgpUpdate update = BgpUpdate.decoder();
        for (final var entry : BgpVectors.all().entrySet())
        {
            final ByteBuffer bytes = ByteBuffer.wrap(entry.getValue().encode());
            if (BgpHeader.type(bytes, 0) == BgpHeader.UPDATE)
            {
                assertThat(update.validate(bytes, 0, error)).as(entry.getKey()).isTrue();
            }
        }
    }

    @Test
    void shouldAnswerAttributeLengthErrorWhenAttributeOverrunsList()
    {
        final ByteBuffer update = message("update ipv4 /32 eBGP, communities, blackhole, large community");
        update.put(BgpHeader.LENGTH + 4 + 2, (byte)200);

        assertThat(BgpUpdate.decoder().validate(update, 0, error)).isFalse();
        assertThat(error.code()).isEqualTo(BgpError.UPDATE_MESSAGE);
        assertThat(error.subcode()).isEqualTo(BgpError.UPDATE_ATTRIBUTE_LENGTH);
    }

    @Test
    void shouldAnswerInvalidNetworkFieldWhenPrefixLongerThan32()
    {
        final ByteBuffer update = message("update ipv4 /32 eBGP, communities, blackhole, large community");
        update.put(update.limit() - 5, (byte)33);

        assertThat(BgpUpdate.decoder().validate(update, 0, error)).isFalse();
        assertThat(error.subcode()).isEqualTo(BgpError.UPDATE_INVALID_NETWORK_FIELD);
    }

    @Test
    void shouldReadCodesWhenDecodingNotification()
    {
        final BgpNotification notification = new BgpNotification();

        notification.wrap(message("notification cease administrative shutdown"), 0);

        assertThat(notification.code()).isEqualTo(BgpError.CEASE);
        assertThat(notification.subcode()).isEqualTo(BgpError.CEASE_ADMINISTRATIVE_SHUTDOWN);
        assertThat(notification.dataLength()).isZero();
    }

    @Test
    void shouldReadFamilyWhenDecodingRouteRefresh()
    {
        final BgpRouteRefresh refresh = new BgpRouteRefresh();

        assertThat(refresh.wrap(message("route refresh ipv4 unicast"), 0, error)).isTrue();
        assertThat(BgpFamily.of(refresh.afi(), refresh.safi())).isEqualTo(BgpFamily.IPV4_UNICAST);
        assertThat(refresh.subtype()).isZero();
    }

    @Test
    void shouldAnswerNotSynchronizedWhenMarkerIsBroken()
    {
        final ByteBuffer keepalive = message("keepalive");
        keepalive.put(3, (byte)0);

        assertThat(BgpHeader.validate(keepalive, 0, error)).isFalse();
        assertThat(error.code()).isEqualTo(BgpError.MESSAGE_HEADER);
        assertThat(error.subcode()).isEqualTo(BgpError.HEADER_NOT_SYNCHRONIZED);
    }

    @Test
    void shouldAnswerBadLengthWhenKeepaliveHasABody()
    {
        final ByteBuffer keepalive = ByteBuffer.allocate(20);
        keepalive.put(message("keepalive")).putShort(BgpHeader.LENGTH_OFFSET, (short)20);

        assertThat(BgpHeader.validate(keepalive, 0, error)).isFalse();
        assertThat(error.subcode()).isEqualTo(BgpError.HEADER_BAD_LENGTH);
        assertThat(error.data()).containsExactly(0, 20);
    }

    @Test
    void shouldAnswerBadTypeWhenTypeIsUnknown()
    {
        final ByteBuffer keepalive = message("keepalive");
        keepalive.put(BgpHeader.TYPE_OFFSET, (byte)9);

        assertThat(BgpHeader.validate(keepalive, 0, error)).isFalse();
        assertThat(error.subcode()).isEqualTo(BgpError.HEADER_BAD_TYPE);
        assertThat(error.data()).containsExactly(9);
    }
}
