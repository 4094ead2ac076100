package io.fnm.actions.kafka;

import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The value of a record of the bans topic (key: the host's address, 4 or 16 bytes), big-endian.
 * <p>
 * Version 2 carries the whole ban, so that the engine that takes the host over restores the same attack:
 * <pre>
 * offset size field
 *  0      u8   version (2)
 *  1      u8   flags: bit 0 manual
 *  2      u8   direction ({@link Direction} ordinal: 0 incoming, 1 outgoing, 2 internal, 3 other)
 *  3      u8   fired directions, bit = ordinal
 *  4      i64  banned-at, epoch milliseconds
 * 12      i64  unban-at, epoch milliseconds ({@link Long#MAX_VALUE}: never)
 * 20      i64  detected-at, epoch milliseconds
 * 28      i64  ban time, seconds
 * 36      i64  initial power, packets per second
 * 44      i64  peak power, packets per second
 * 52      i64  UUID, most significant bits
 * 60      i64  UUID, least significant bits
 * 68      then six strings, each a u16 length and UTF-8: type, protocol, threshold ({@link AttackType},
 *         {@link AttackProtocol} and {@link ThresholdKind} constant names; threshold empty for none), hostgroup,
 *         customer network (a prefix, empty for none), reason (empty for none)
 * </pre>
 * Version 1 (fnm before the hand-over): version u8 (1), banned-at i64, unban-at i64, direction u8, then the type's text
 * ({@code udp_flood}...) in UTF-8 to the end; read as a detected attack with that direction and type, a new UUID and no
 * power. Not carried in either: the host's rates at detection (a restored attack has zero rates, as a restart gives).
 */
final class BanRecord
{
    /** The version written. */
    static final int VERSION = 2;
    /** The first version. */
    static final int VERSION_1 = 1;

    private static final int FIXED_V2 = 68;
    private static final int FIXED_V1 = 18;
    private static final int MAX_STRING = 0xFFFF;

    private BanRecord()
    {
    }

    /**
     * @param ban a ban.
     * @return its version 2 value.
     */
    static byte[] encode(final BanEntry ban)
    {
        final Attack a = ban.attack();
        final byte[][] strings = {
            utf8(a.type().name()), utf8(a.protocol().name()), utf8(a.threshold() == null ? "" : a.threshold().name()),
            utf8(a.hostgroup()), utf8(a.customerNetwork() == null ? "" : a.customerNetwork().toString()),
            utf8(a.reason().orElse(""))};
        int length = FIXED_V2;
        for (final byte[] s : strings)
        {
            length += 2 + s.length;
        }
        int fired = 0;
        for (final Direction d : a.firedDirections())
        {
            fired |= 1 << d.ordinal();
        }
        final ByteBuffer b = ByteBuffer.allocate(length).put((byte)VERSION).put((byte)(a.manual() ? 1 : 0))
            .put((byte)a.direction().ordinal()).put((byte)fired).putLong(ban.bannedAtMillis())
            .putLong(ban.unbanAtMillis()).putLong(a.detectedAtMillis()).putLong(a.banTimeSeconds())
            .putLong(a.initialPowerPps()).putLong(a.peakPowerPps()).putLong(a.uuid().getMostSignificantBits())
            .putLong(a.uuid().getLeastSignificantBits());
        for (final byte[] s : strings)
        {
            b.putShort((short)s.length).put(s);
        }
        return b.array();
    }

    /**
     * @param key   a record's key (untrusted).
     * @param value its value (untrusted, not null).
     * @return the ban, or null when the key is not an address or the value not a valid version 1 or 2 value.
     */
    static BanEntry decode(final byte[] key, final byte[] value)
    {
        final InetAddress address = address(key);
        if (address == null || value == null || value.length == 0)
        {
            return null;
        }
        try
        {
            final ByteBuffer b = ByteBuffer.wrap(value);
            return switch (value[0])
            {
                case VERSION -> decodeV2(address, b);
                case VERSION_1 -> decodeV1(address, b);
                default -> null;
            };
        }
        catch (final BufferUnderflowException | IllegalArgumentException | NullPointerException ex)
        {
            return null;
        }
    }

    /**
     * @param key a record's key (untrusted).
     * @return the address, or null when it is not 4 or 16 bytes.
     */
    static InetAddress address(final byte[] key)
    {
        if (key == null || (key.length != 4 && key.length != 16))
        {
            return null;
        }
        try
        {
            return InetAddress.getByAddress(key);
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }

    private static BanEntry decodeV2(final InetAddress address, final ByteBuffer b)
    {
        if (b.remaining() < FIXED_V2)
        {
            return null;
        }
        b.position(1);
        final boolean manual = (b.get() & 1) != 0;
        final Direction direction = direction(b.get());
        final int fired = b.get() & 0xFF;
        final long bannedAt = b.getLong();
        final long unbanAt = b.getLong();
        final Attack.Builder attack = Attack.builder().address(address).manual(manual).direction(direction)
            .firedDirections(fired(fired)).detectedAtMillis(b.getLong()).banTimeSeconds(b.getLong())
            .initialPowerPps(b.getLong()).peakPowerPps(b.getLong()).uuid(new UUID(b.getLong(), b.getLong()))
            .type(AttackType.valueOf(string(b))).protocol(AttackProtocol.valueOf(string(b)));
        final String threshold = string(b);
        attack.threshold(threshold.isEmpty() ? null : ThresholdKind.valueOf(threshold)).hostgroup(string(b));
        final String network = string(b);
        attack.customerNetwork(network.isEmpty() ? null : IpPrefix.parse(network));
        final String reason = string(b);
        attack.reason(reason.isEmpty() ? null : reason);
        if (b.hasRemaining())
        {
            return null;
        }
        return new BanEntry(attack.build(), bannedAt, unbanAt);
    }

    private static BanEntry decodeV1(final InetAddress address, final ByteBuffer b)
    {
        if (b.remaining() < FIXED_V1)
        {
            return null;
        }
        final long bannedAt = b.getLong(1);
        final long unbanAt = b.getLong(9);
        final Direction direction = direction(b.get(17));
        final String text = new String(b.array(), FIXED_V1, b.remaining() - FIXED_V1, StandardCharsets.UTF_8);
        AttackType type = AttackType.UNKNOWN;
        for (final AttackType t : AttackType.values())
        {
            if (t.text().equals(text))
            {
                type = t;
            }
        }
        final Attack attack = Attack.builder().address(address).direction(direction).type(type)
            .detectedAtMillis(bannedAt).build();
        return new BanEntry(attack, bannedAt, unbanAt);
    }

    private static Direction direction(final byte ordinal)
    {
        final int d = ordinal & 0xFF;
        if (d >= Direction.values().length)
        {
            throw new IllegalArgumentException("direction " + d);
        }
        return Direction.values()[d];
    }

    private static Set<Direction> fired(final int bits)
    {
        final Set<Direction> fired = EnumSet.noneOf(Direction.class);
        for (final Direction d : Direction.values())
        {
            if ((bits & 1 << d.ordinal()) != 0)
            {
                fired.add(d);
            }
        }
        return fired.isEmpty() ? null : fired;
    }

    private static String string(final ByteBuffer b)
    {
        final int length = b.getShort() & 0xFFFF;
        if (length > b.remaining())
        {
            throw new IllegalArgumentException("string of " + length + " bytes, " + b.remaining() + " left");
        }
        final String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }

    private static byte[] utf8(final String s)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_STRING)
        {
            return bytes;
        }
        // a reason longer than 64 KiB: cut (at a byte; the decoder replaces a split character)
        return java.util.Arrays.copyOf(bytes, MAX_STRING);
    }
}
