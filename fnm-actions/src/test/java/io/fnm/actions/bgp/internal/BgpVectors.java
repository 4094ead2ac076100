package io.fnm.actions.bgp.internal;

import io.fnm.actions.bgp.BgpSpeakerSettings;
import io.fnm.actions.bgp.FlowSpecRule;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The messages the speaker sends, each with the bytes it must produce. The bytes were checked by decoding them with
 * {@code tshark -V} (Wireshark 4.0, Debian 12): {@link BgpTsharkTest} repeats that check on every build.
 */
final class BgpVectors
{
    /** 16 bytes of 0xFF. */
    static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private BgpVectors()
    {
    }

    /**
     * @return name to (encoder, expected hex), in sending order.
     */
    static Map<String, Vector> all()
    {
        final Map<String, Vector> vectors = new LinkedHashMap<>();
        final int allFamilies = BgpFamily.IPV4_UNICAST.bit() | BgpFamily.IPV6_UNICAST.bit() |
            BgpFamily.IPV4_FLOWSPEC.bit() | BgpFamily.IPV6_FLOWSPEC.bit();
        vectors.put("keepalive", new Vector(BgpKeepalive::encode, MARKER + "001304"));
        vectors.put("open AS65001 hold 90, four families, route refresh, 4-octet AS", new Vector(
            out -> BgpOpen.encode(out, 65001, 90, 0xC0000201, allFamilies),
            MARKER + "003f0104fde9005ac0000201220220010400010001010400020001010400010085010400020085020041040000fde9"));
        vectors.put("open AS4200000001 (AS_TRANS)", new Vector(
            out -> BgpOpen.encode(out, 4_200_000_001L, 180, 0xC0000201, BgpFamily.IPV4_UNICAST.bit()),
            MARKER + "002d01045ba000b4c000020110020e01040001000102004104fa56ea01"));
        vectors.put("notification cease administrative shutdown", new Vector(
            out -> BgpNotification.encode(out, 6, 2, new byte[0]), MARKER + "0015030602"));
        vectors.put("route refresh ipv4 unicast", new Vector(
            out -> BgpRouteRefresh.encode(out, 1, 1), MARKER + "00170500010001"));
        vectors.put("update ipv4 /32 eBGP, communities, blackhole, large community", new Vector(
            out -> BgpUpdate.encodeAnnounce(out, ipv4Host(), 65001, false, true, new byte[4]),
            MARKER + "004a020000002e4001010040020602010000fde9400304c00002fec00808fde9029affff029ac0200c0000fde9" +
                "0000029a0000000120c000020a"));
        vectors.put("withdraw ipv4 /32", new Vector(
            out -> BgpUpdate.encodeWithdraw(out, ipv4Host()), MARKER + "001c02000520c000020a0000"));
        vectors.put("update ipv6 /128 iBGP (MP_REACH_NLRI, LOCAL_PREF)", new Vector(
            out -> BgpUpdate.encodeAnnounce(out, ipv6Host(), 65001, true, true, new byte[4]),
            MARKER + "0055020000003e4001010040020040050400000064c00804fde9029c800e260002011020010db8ffff000000000000" +
                "00000001008020010db8000000000000000000000007"));
        vectors.put("withdraw ipv6 /128 (MP_UNREACH_NLRI)", new Vector(
            out -> BgpUpdate.encodeWithdraw(out, ipv6Host()),
            MARKER + "002e0200000017800f140002018020010db8000000000000000000000007"));
        vectors.put("flowspec ipv4 udp source-port 53 discard", new Vector(
            out -> BgpUpdate.encodeAnnounce(out, dnsRule(), 65001, false, true, new byte[4]),
            MARKER + "0044020000002d4001010040020602010000fde9800e1200018500000c0120c000020a038111068135c01008800600" +
                "0000000000"));
        vectors.put("withdraw flowspec ipv4", new Vector(
            out -> BgpUpdate.encodeWithdraw(out, dnsRule()),
            MARKER + "002a0200000013800f100001850c0120c000020a038111068135"));
        vectors.put("flowspec ipv6 tcp syn/!ack port 443, rate, redirect, mark (2-byte AS peer)", new Vector(
            out -> BgpUpdate.encodeAnnounce(out, synRule(), 65001, false, false, new byte[4]),
            MARKER + "0065020000004e400101004002040201fde9800e2500028500001f01800020010db800000000000000000000" +
                "0007038106059101bb090102c210c010188006000047f424008008fde900000064800900000000000a"));
        vectors.put("flowspec ipv4 fragment, AS4200000001 to a 2-byte AS peer (AS4_PATH)", new Vector(
            out -> BgpUpdate.encodeAnnounce(out, fragmentRule(), 4_200_000_001L, false, false, new byte[4]),
            MARKER + "004802000000314001010040020402015ba0800e0f0001850000090120c000020a0c8002c010088006000000000000" +
                "c011060201fa56ea01"));
        return vectors;
    }

    static BgpRoute ipv4Host()
    {
        return new BgpRoute(BgpFamily.IPV4_UNICAST, BgpRoute.prefixNlri(32, address("192.0.2.10")),
            address("192.0.2.254"), new int[] {65001 << 16 | 666, 0xFFFF029A}, new int[] {65001, 666, 1}, null,
            "192.0.2.10/32");
    }

    static BgpRoute ipv6Host()
    {
        return new BgpRoute(BgpFamily.IPV6_UNICAST, BgpRoute.prefixNlri(128, address("2001:db8::7")),
            address("2001:db8:ffff::1"), new int[] {65001 << 16 | 668}, null, null, "2001:db8::7/128");
    }

    static BgpRoute dnsRule()
    {
        final FlowSpecRule rule = FlowSpecRule.forHost(inet("192.0.2.10"), false).withProtocol(17).withSourcePort(53);
        return new BgpRoute(BgpFamily.IPV4_FLOWSPEC, rule.nlri(), null, null, null,
            BgpSpeakerSettings.FlowSpecAction.DISCARD.extendedCommunities(), rule.text());
    }

    static BgpRoute synRule()
    {
        final FlowSpecRule rule = FlowSpecRule.forHost(inet("2001:db8::7"), false).withProtocol(6)
            .withDestinationPort(443).withSynWithoutAck();
        return new BgpRoute(BgpFamily.IPV6_FLOWSPEC, rule.nlri(), null, null, null,
            new BgpSpeakerSettings.FlowSpecAction(125_000f, 65001, 100, 10).extendedCommunities(), rule.text());
    }

    static BgpRoute fragmentRule()
    {
        final FlowSpecRule rule = FlowSpecRule.forHost(inet("192.0.2.10"), false).withFragment();
        return new BgpRoute(BgpFamily.IPV4_FLOWSPEC, rule.nlri(), null, null, null,
            BgpSpeakerSettings.FlowSpecAction.DISCARD.extendedCommunities(), rule.text());
    }

    static byte[] address(final String text)
    {
        return inet(text).getAddress();
    }

    static InetAddress inet(final String text)
    {
        try
        {
            return InetAddress.getByName(text);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(text, ex);
        }
    }

    static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text);
    }

    /**
     * @param encoder writes the message.
     * @param hex     the bytes it must write.
     */
    record Vector(Consumer<ByteBuffer> encoder, String hex)
    {
        byte[] encode()
        {
            final ByteBuffer out = ByteBuffer.allocate(BgpHeader.MAX_MESSAGE_LENGTH);
            encoder.accept(out);
            final byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            return bytes;
        }
    }
}
